import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Orders options by name, as the editor lists them. */
export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** One option per value, named after it (IN_PROGRESS → In Progress) and sorted by name. */
export function optionsNamedAfter(values: readonly string[]): INodePropertyOptions[] {
	const nameOf = (value: string) =>
		value
			.toLowerCase()
			.split('_')
			.map((word) => word[0].toUpperCase() + word.slice(1))
			.join(' ');
	return values.map((value) => ({ name: nameOf(value), value })).sort(byName);
}

/** The languages Jelou speaks: the language of its answers, and of the templates it sends. */
export const jelouLanguageOptions: INodePropertyOptions[] = [
	{ name: 'English', value: 'en' },
	{ name: 'Portuguese', value: 'pt' },
	{ name: 'Spanish', value: 'es' },
];

/** A resource's Operation picker: its operations, and the one a new node starts with. */
export function operationField(
	resource: string,
	defaultOperation: string,
	options: INodePropertyOptions[],
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}

/** An operation's Options: a collection of the settings most sends leave alone. */
export function optionsField(
	name: string,
	options: INodeProperties[],
	displayOptions?: IDisplayOptions,
): INodeProperties {
	return {
		displayName: 'Options',
		name,
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		...(displayOptions ? { displayOptions } : {}),
		options,
	};
}

/** A listing's Filters: a collection of conditions, each added when needed. */
export function filtersField(
	options: INodeProperties[],
	more: Pick<INodeProperties, 'description' | 'displayOptions'> = {},
): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		...more,
		options,
	};
}

/**
 * The customer's Phone Number. Stored as `userId`, Jelou's name for the recipient, as Message → Send has stored
 * it from the start; `description` says what the operation needs of the number.
 */
export function customerPhoneField(description: string): INodeProperties {
	return {
		displayName: 'Phone Number',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 593991234567',
		description,
	};
}

/** Media URL: a public https link straight to the file, which Jelou downloads itself. */
export function mediaUrlField(
	hints: Pick<INodeProperties, 'placeholder' | 'description' | 'displayOptions'>,
): INodeProperties {
	return {
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		default: '',
		required: true,
		...hints,
	};
}

/** Turns national phone numbers into international ones, for every operation that takes phone numbers. */
export const defaultCountryCodeOption: INodeProperties = {
	displayName: 'Default Country Code',
	name: 'defaultCountryCode',
	type: 'string',
	default: '',
	placeholder: 'e.g. 593',
	description:
		'Country code put in place of the leading 0 of national numbers (Ecuador: 0991234567 → 593991234567)',
};

/** An option for fields Jelou adds later; merged into the body without replacing the node's own fields. */
export const additionalBodyFieldsOption: INodeProperties = {
	displayName: 'Additional Body Fields (JSON)',
	name: 'additionalBodyFields',
	type: 'json',
	default: '{}',
	description:
		'Extra fields for the request body, as a JSON object. They cannot replace a field the node already sets.',
};

/** Settings that shape how the node talks to Jelou, shown for every operation. */
export const requestOptionsDescription: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 10,
			description:
				'How many requests to Jelou run at the same time. Without this option the node uses Auto: it starts with 4, adds more while Jelou answers as fast as before, backs off when answers slow down, and never runs more than 64.',
			hint: 'Leave this option out for Auto. Whatever the setting, when Jelou answers 429 the node waits as asked and then paces its requests.',
		},
		{
			displayName: 'Language of Jelou Messages',
			name: 'acceptLanguage',
			type: 'options',
			default: 'en',
			description:
				'The language Jelou writes its answers and error messages in (sent as the Accept-Language header)',
			options: jelouLanguageOptions,
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 30,
			description:
				'How long a request to Jelou may take, from sending it to the last byte of the answer. A request that times out is not repeated, because it may already have sent the message.',
		},
	],
};

/** Dry Run (Send Nothing), for every operation that sends or creates. */
export const dryRunField: INodeProperties = {
	displayName: 'Dry Run (Send Nothing)',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to check everything as for a real send and output, per item, the request Jelou would get (and the message text with its values filled in), without sending or creating anything',
	displayOptions: {
		show: {
			resource: ['campaign', 'conversation', 'message', 'template'],
			operation: [
				'create',
				'pauseBot',
				'resumeBot',
				'send',
				'sendAndWait',
				'sendTemplate',
				'setMemory',
				'startBotFlow',
			],
		},
	},
};
