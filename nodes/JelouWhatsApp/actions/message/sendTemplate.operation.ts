import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { hsmSendOutputs, unconfirmedSend, unreadableReason } from '../../shared/send-answers';
import { UnreadableAnswerError } from '../../transport';
import {
	buildHsmBody,
	checkHsmAgainstTemplate,
	checkHsmMessage,
	HSM_TYPES,
} from './sendTemplate.body';
import type { HsmButtonParameter, HsmCard, HsmMessage } from './sendTemplate.body';
import { toUnixMilliseconds } from '../../shared/dates';
import { mergeAdditionalBodyFields } from '../../shared/payloads';
import { normalizeRecipients } from '../../shared/phone';
import { InvalidFieldError, numberOf, requireText, textOf } from '../../shared/validation';
import { describeRequest } from '../../execution/dry-run';
import { fillPlaceholders } from '../../templates/model';
import type { JelouTemplate } from '../../templates/model';
import { findApproved, isCompleteTemplateList } from '../../templates/approved-list';
import type { JelouClient, JelouRequest } from '../../transport';
import { orderedVariableValues } from '../../templates/variables';
import { readTemplateValues } from '../../templates/fields';
import {
	actionsField,
	additionalBodyFieldsOption,
	buttonPayloadsField,
	defaultCountryCodeOption,
	jelouBotOptions,
	manualField,
	templateLocator,
	templatePicker,
	templateVariablesField,
} from '../common.descriptions';
import type { ExecutionContext } from '../../execution/types';
import { readBotSettings, readMappedVariables, templateIsFixed } from '../template-parameters';

const version1 = { show: { '@version': [1] } };
const version2 = { show: { '@version': [2] } };
/** A field shown only for these Types: hidden for the others, so a Type from an expression shows it too. */
const onlyForTypes = (...types: string[]) => ({
	hide: { type: HSM_TYPES.filter((type) => !types.includes(type)) },
});
/** The values of one button, shown by button kind; used for the template's buttons and for each carousel card's. */
const buttonParameterValues: INodeProperties[] = [
	{
		displayName: 'Kind',
		name: 'type',
		type: 'options',
		default: 'URL',
		description: 'The kind of button in the approved template',
		options: [
			{
				name: 'Catalog',
				value: 'CATALOG',
				description: 'Opens the catalog; needs the product shown as thumbnail',
			},
			{ name: 'Copy Code', value: 'COPY_CODE', description: 'Copies a code, e.g. a discount code' },
			{
				name: 'Quick Reply',
				value: 'QUICK_REPLY',
				description: 'A reply button that starts a skill',
			},
			{ name: 'URL', value: 'URL', description: 'A link whose end the template leaves open' },
		],
	},
	{
		displayName: 'URL Suffix',
		name: 'param',
		type: 'string',
		default: '',
		placeholder: 'e.g. order/71936',
		description:
			'The part of the link the template leaves open ({{1}} at the end of the approved URL)',
		displayOptions: { show: { type: ['URL'] } },
	},
	{
		displayName: 'Action',
		name: 'action',
		type: 'string',
		default: '',
		placeholder: 'e.g. Yes',
		description: 'The button text, exactly as approved in the template',
		displayOptions: { show: { type: ['QUICK_REPLY'] } },
	},
	{
		displayName: 'Skill ID',
		name: 'skillId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1',
		description: 'ID of the Jelou skill the button starts',
		displayOptions: { show: { type: ['QUICK_REPLY'] } },
	},
	{
		displayName: 'Payload Type',
		name: 'payloadType',
		type: 'string',
		default: 'edge',
		description: 'Payload type Jelou expects; "edge" for skills',
		displayOptions: { show: { type: ['QUICK_REPLY'] } },
	},
	{
		displayName: 'Thumbnail Product',
		name: 'thumbnailProduct',
		type: 'string',
		default: '',
		placeholder: 'e.g. SKU-123',
		description: 'ID of the catalog product whose image is shown on the message',
		displayOptions: { show: { type: ['CATALOG'] } },
	},
	{
		displayName: 'Button Index',
		name: 'index',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 1,
		description:
			'Position of the copy-code button among the template buttons, as Jelou counts them (1 in Jelou’s example)',
		displayOptions: { show: { type: ['COPY_CODE'] } },
	},
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		placeholder: 'e.g. 20OFF',
		description: 'The code the customer copies, at most 15 characters',
		displayOptions: { show: { type: ['COPY_CODE'] } },
	},
];

const TYPE_OPTIONS = [
	{
		name: 'Carousel',
		value: 'carousel',
		description: 'Two to ten cards, each with media and buttons',
	},
	{ name: 'Catalog', value: 'catalog', description: 'Shows a product of the catalog' },
	{ name: 'Document', value: 'document', description: 'A PDF header' },
	{ name: 'HSM', value: 'hsm', description: 'Interactive template sent as Jelou’s HSM type' },
	{ name: 'Image', value: 'image', description: 'A JPG or PNG header' },
	{ name: 'Text', value: 'text', description: 'Text only (Jelou’s default)' },
	{ name: 'Video', value: 'video', description: 'An MP4 header' },
];

const sendTemplateOptions: INodeProperties[] = [
	additionalBodyFieldsOption,
	{
		displayName: 'Campaign ID',
		name: 'campaignId',
		type: 'string',
		default: '',
		description: 'Jelou campaign this send belongs to, so its status can be looked up by campaign',
	},
	defaultCountryCodeOption,
	{
		displayName: 'Expiration Time',
		name: 'expirationTime',
		type: 'dateTime',
		default: '',
		description:
			'When the message stops being worth delivering; sent to Jelou as Unix milliseconds',
	},
	{
		displayName: 'Header Parameter',
		name: 'headerParameter',
		type: 'string',
		default: '',
		description: 'The value of the {{1}} in the template header; a header takes at most one',
	},
	{
		displayName: 'Limited-Time Offer Expiration',
		name: 'ltoExpirationTime',
		type: 'dateTime',
		default: '',
		description: 'For limited-time offer templates: when the offer ends; sent as Unix milliseconds',
	},
];

const properties: INodeProperties[] = [
	templateLocator(version1),
	templatePicker(version2),
	{
		displayName: 'Recipients',
		name: 'recipients',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 593991234567, 593987654321',
		description:
			'Phone numbers with country code, separated by commas or new lines, or an array from an expression. +, spaces, dashes, dots and parentheses are removed.',
	},
	...manualField(
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			default: 'text',
			description:
				'The kind of template, as approved: text, a media header (image, video, document), catalog, carousel or interactive (HSM)',
			options: TYPE_OPTIONS,
		},
		{
			description:
				'The kind of template, as approved. A template picked from the list brings its own; for a template from an expression, pick it here.',
			options: TYPE_OPTIONS.map((option) =>
				option.value === 'hsm'
					? {
							name: 'Interactive',
							value: 'hsm',
							description: 'A template with buttons that Jelou sends as its "hsm" type',
						}
					: option,
			),
		},
	),
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		default: '',
		description: 'Language of the template to send, when the template exists in several languages',
		options: [
			{ name: 'English', value: 'en' },
			{ name: 'Portuguese', value: 'pt' },
			{ name: 'Spanish', value: 'es' },
			{ name: "Template's Own Language", value: '' },
		],
	},
	templateVariablesField(version2, ['language']),
	...manualField(
		{
			displayName: 'Parameters',
			name: 'parameters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			placeholder: 'Add Parameter',
			description:
				'Values for the template placeholders {{1}}, {{2}}, … in this order, one per placeholder. When Template Variables are shown, fill those instead; this list is for a template given by an expression.',
			options: [
				{
					displayName: 'Parameter',
					name: 'values',
					values: [
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description: 'Text that replaces the next placeholder of the template',
						},
					],
				},
			],
		},
		{
			description:
				'Values for the placeholders {{1}}, {{2}}, … of the template the expression gives, in this order, one per placeholder',
		},
	),
	...manualField({
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://cdn.example.com/image.jpeg',
		description:
			'Public https link straight to the header file: JPG/PNG up to 5 MB, MP4 up to 15 MB, PDF up to 15 MB',
		displayOptions: onlyForTypes('document', 'image', 'video'),
	}),
	...manualField({
		displayName: 'Filename',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'e.g. invoice.pdf',
		description: 'Optional: the file name the customer sees on the document. Sent only when given.',
		displayOptions: onlyForTypes('document'),
	}),
	...manualField({
		displayName: 'Carousel Cards',
		name: 'cards',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Card',
		description: 'The cards of the carousel, 2 to 10, in the order the template shows them',
		displayOptions: onlyForTypes('carousel'),
		options: [
			{
				displayName: 'Card',
				name: 'card',
				values: [
					{
						displayName: 'Media URL',
						name: 'mediaUrl',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://cdn.example.com/card1.jpeg',
						description: 'Public https link straight to the card’s image or video',
					},
					{
						displayName: 'Parameters',
						name: 'params',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true, sortable: true },
						default: {},
						placeholder: 'Add Parameter',
						description: 'Values for the card’s placeholders, in order',
						options: [
							{
								displayName: 'Parameter',
								name: 'values',
								values: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
							},
						],
					},
					{
						displayName: 'Button Parameters',
						name: 'buttonParameters',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true, sortable: true },
						default: {},
						placeholder: 'Add Button Parameter',
						description: 'Values for the card’s buttons',
						options: [{ displayName: 'Button', name: 'buttons', values: buttonParameterValues }],
					},
				],
			},
		],
	}),
	...manualField({
		displayName: 'Button Parameters',
		name: 'buttonParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Button Parameter',
		description:
			'Values for the template’s buttons: the end of a URL, a quick reply’s skill, a catalog thumbnail or a code to copy',
		options: [{ displayName: 'Button', name: 'buttons', values: buttonParameterValues }],
	}),
	buttonPayloadsField(version1),
	actionsField(version1),
	{
		displayName: 'Options',
		name: 'sendTemplateOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: version1,
		options: sendTemplateOptions,
	},
	{
		displayName: 'Options',
		name: 'sendTemplateOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: version2,
		options: [...sendTemplateOptions, ...jelouBotOptions].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendTemplate'] } },
	properties,
);

interface RawButton {
	type?: string;
	param?: unknown;
	action?: unknown;
	skillId?: unknown;
	payloadType?: string;
	thumbnailProduct?: unknown;
	index?: unknown;
	code?: unknown;
}

function readButtons(
	raw: RawButton[] | undefined,
	field = 'Button Parameters',
): HsmButtonParameter[] {
	return (raw ?? []).map((button, position) => {
		const which = `${field}: button ${position + 1} (${button.type ?? 'URL'})`;
		const text = (value: unknown, name: string) => textOf(`${which} ${name}`, value).trim();
		switch (button.type) {
			case 'QUICK_REPLY':
				return {
					type: 'QUICK_REPLY',
					action: text(button.action, 'Action'),
					skillId: text(button.skillId, 'Skill ID'),
					payloadType: button.payloadType,
				};
			case 'CATALOG':
				return {
					type: 'CATALOG',
					thumbnailProduct: text(button.thumbnailProduct, 'Thumbnail Product'),
				};
			case 'COPY_CODE':
				return {
					type: 'COPY_CODE',
					index: numberOf(
						`${which} Button Index`,
						button.index ?? 1,
						'Enter the position of the copy-code button in the template, a whole number such as 1.',
					),
					code: text(button.code, 'Code'),
				};
			case 'URL':
			case undefined:
				return { type: 'URL', param: text(button.param, 'URL Suffix') };
			default:
				return { type: button.type } as unknown as HsmButtonParameter;
		}
	});
}

/** The header parameter is one value; an expression may hand over an array, which must then hold one. */
function readHeaderParameters(value: unknown): string[] | undefined {
	const values = (Array.isArray(value) ? value : [value])
		.map((entry) => textOf('Header Parameter', entry))
		.filter((entry) => entry.trim() !== '');
	return values.length > 0 ? values : undefined;
}

/** Template Variables (node version 2) when they hold values, else the ordered Parameters list. */
function readTemplateParameters(this: IExecuteFunctions, itemIndex: number): string[] {
	const mapped = orderedVariableValues(readMappedVariables.call(this, itemIndex));
	return mapped.length > 0
		? mapped
		: readParameterValues(this.getNodeParameter('parameters.values', itemIndex, []));
}

/**
 * The values of the placeholders. One entry whose expression gives a list supplies all of them (`{{ $json.values }}`);
 * otherwise each entry is one value, and a list or object in an entry is refused, naming the entry.
 */
function readParameterValues(raw: unknown, field = 'Parameters'): string[] {
	const entries = (raw as Array<{ value?: unknown }> | undefined) ?? [];
	if (entries.length === 1 && Array.isArray(entries[0].value)) {
		return entries[0].value.map((value, position) =>
			textOf(field, value, undefined, `element ${position + 1} of the list`),
		);
	}
	return entries.map((entry, position) =>
		textOf(
			field,
			entry.value,
			'Give one text value per parameter; to give them all from a list, use a single Parameter whose expression returns the list.',
			`parameter ${position + 1}`,
		),
	);
}

interface SendTemplateOptions {
	additionalBodyFields?: unknown;
	campaignId?: string;
	defaultCountryCode?: string;
	expirationTime?: unknown;
	headerParameter?: unknown;
	ltoExpirationTime?: unknown;
}

/** What the template decides: taken from Template Variables (version 2, template known) or from the fields filled by hand. */
type TemplateDependentValues = Pick<
	HsmMessage,
	| 'type'
	| 'parameters'
	| 'mediaUrl'
	| 'filename'
	| 'headerParameters'
	| 'buttonParameters'
	| 'cards'
>;

/** Version 2 with a template picked from the list or typed by name: the values come from Template Variables. */
function readFromTemplateVariables(
	this: IExecuteFunctions,
	itemIndex: number,
	template: JelouTemplate,
): TemplateDependentValues {
	const mapped = readMappedVariables.call(this, itemIndex);
	const values = readTemplateValues(template, mapped, orderedVariableValues(mapped));
	return {
		// Jelou sends text when no type is given, so the default stays out of the body.
		type: values.type === 'text' ? undefined : values.type,
		parameters: values.parameters,
		mediaUrl: values.mediaUrl,
		filename: values.filename,
		headerParameters: values.headerParameters,
		buttonParameters: values.buttonParameters,
		cards: values.cards,
	};
}

/** Version 1, or a template from an expression: the values come from the fields filled by hand. */
function readFromManualFields(
	this: IExecuteFunctions,
	itemIndex: number,
	options: SendTemplateOptions,
): TemplateDependentValues {
	const type = String(this.getNodeParameter('type', itemIndex, 'text') ?? 'text');
	const needsMedia = ['document', 'image', 'video'].includes(type);
	const cards =
		type === 'carousel'
			? (this.getNodeParameter('cards.card', itemIndex, []) as Array<Record<string, unknown>>)
			: [];
	return {
		parameters: readTemplateParameters.call(this, itemIndex),
		// Jelou sends text when no type is given, so the default stays out of the body.
		type: type === 'text' ? undefined : type,
		mediaUrl: needsMedia
			? textOf('Media URL', this.getNodeParameter('mediaUrl', itemIndex, '')).trim()
			: undefined,
		filename:
			type === 'document'
				? textOf('Filename', this.getNodeParameter('filename', itemIndex, '')).trim() || undefined
				: undefined,
		headerParameters: readHeaderParameters(options.headerParameter),
		buttonParameters: readButtons(
			this.getNodeParameter('buttonParameters.buttons', itemIndex, []) as RawButton[],
		),
		cards: cards.map((card, position): HsmCard => ({
			mediaUrl: textOf(`Carousel Cards: card ${position + 1} Media URL`, card.mediaUrl).trim(),
			params: readParameterValues(
				(card.params as { values?: unknown } | undefined)?.values,
				`Carousel Cards: card ${position + 1} Parameters`,
			),
			buttonParameters: readButtons(
				(card.buttonParameters as { buttons?: RawButton[] } | undefined)?.buttons,
				`Carousel Cards: card ${position + 1} Button Parameters`,
			),
		})),
	};
}

/**
 * The item's send. `template` is the approved template when version 2 knows it (picked or named), and then
 * the type, media, header, buttons and cards follow it; otherwise they come from the fields filled by hand.
 */
export function readHsmMessage(
	this: IExecuteFunctions,
	itemIndex: number,
	template?: JelouTemplate,
): HsmMessage {
	const options = this.getNodeParameter(
		'sendTemplateOptions',
		itemIndex,
		{},
	) as SendTemplateOptions;
	const elementName = readElementName.call(this, itemIndex);
	const timeZone = this.getTimezone();
	const content = template
		? readFromTemplateVariables.call(this, itemIndex, template)
		: readFromManualFields.call(this, itemIndex, options);
	if (template && !content.headerParameters)
		content.headerParameters = readHeaderParameters(options.headerParameter);
	return {
		elementName,
		destinations: normalizeRecipients(
			this.getNodeParameter('recipients', itemIndex),
			'Recipients',
			options.defaultCountryCode,
		),
		...content,
		language: (this.getNodeParameter('language', itemIndex, '') as string) || undefined,
		...readBotSettings.call(this, itemIndex, 'sendTemplateOptions'),
		ltoExpirationTime: toUnixMilliseconds(
			options.ltoExpirationTime,
			'Limited-Time Offer Expiration',
			timeZone,
		),
		expirationTime: toUnixMilliseconds(options.expirationTime, 'Expiration Time', timeZone),
		campaignId: textOf('Campaign ID', options.campaignId).trim() || undefined,
	};
}

function readElementName(this: IExecuteFunctions, itemIndex: number): string {
	return requireText(
		'Template',
		this.getNodeParameter('template', itemIndex, '', { extractValue: true }),
		'Pick an approved template from the list or enter its name.',
	);
}

/**
 * Version 2 with a fixed template: the template from the approved list (fetched once per execution), which
 * the send's fields follow. A template in several languages is matched on Language when it is set.
 */
export async function knownTemplate(
	this: IExecuteFunctions,
	elementName: string,
	language: string,
	context: ExecutionContext,
): Promise<JelouTemplate> {
	const template = findApproved(await context.approvedTemplates(), elementName, language);
	if (!template)
		throw new InvalidFieldError(
			'Template',
			`"${elementName}" is not approved or does not exist`,
			'Pick an approved template from the list; a template can be sent only once WhatsApp has approved it.',
		);
	return template;
}

export interface Prepared {
	body: IDataObject;
	elementName: string;
	/** The template text with this item's values filled in, when the template's text is known. */
	preview?: string;
}

/**
 * The template, however it was given (From List, By Name, an expression), is checked against the approved
 * list, fetched once per execution: its parameter count, media and authentication rules. Returns the template when found.
 */
async function checkAgainstApprovedList(
	message: HsmMessage,
	context: ExecutionContext,
): Promise<JelouTemplate | undefined> {
	let templates;
	try {
		templates = await context.approvedTemplates();
	} catch {
		// Without the list nothing can be checked here; Jelou still checks the send itself.
		return undefined;
	}
	const template = findApproved(templates, message.elementName);
	if (template) {
		checkHsmAgainstTemplate(message, template);
	} else if (templates.length > 0 && isCompleteTemplateList(templates)) {
		throw new InvalidFieldError(
			'Template',
			`"${message.elementName}" is not approved or does not exist`,
			'Pick an approved template from the list; a template can be sent only once WhatsApp has approved it.',
		);
	}
	return template;
}

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	context: ExecutionContext,
): Promise<Prepared> {
	const known =
		this.getNode().typeVersion >= 2 && templateIsFixed.call(this)
			? await knownTemplate.call(
					this,
					readElementName.call(this, itemIndex),
					String(this.getNodeParameter('language', itemIndex, '') ?? ''),
					context,
				)
			: undefined;
	const message = readHsmMessage.call(this, itemIndex, known);
	checkHsmMessage(message);
	const options = this.getNodeParameter(
		'sendTemplateOptions',
		itemIndex,
		{},
	) as SendTemplateOptions;
	const body = mergeAdditionalBodyFields(buildHsmBody(message), options.additionalBodyFields);
	let template = known;
	if (known) checkHsmAgainstTemplate(message, known);
	else template = await checkAgainstApprovedList(message, context);
	const preview = template?.template
		? fillPlaceholders(template.template, message.parameters)
		: undefined;
	return { body, elementName: message.elementName, ...(preview === undefined ? {} : { preview }) };
}

function hsmRequest(prepared: Prepared, itemIndex: number, client: JelouClient): JelouRequest {
	return {
		method: 'POST',
		path: `/v2/whatsapp/${encodeURIComponent(client.botId)}/hsm`,
		json: prepared.body,
		itemIndex,
	};
}

export async function execute(
	this: IExecuteFunctions,
	prepared: Prepared,
	itemIndex: number,
	{ client }: ExecutionContext,
): Promise<IDataObject[]> {
	const destinations = prepared.body.destinations as string[];
	const answer = await client.requestSend(hsmRequest(prepared, itemIndex, client));
	const outputs =
		answer instanceof UnreadableAnswerError
			? destinations.map((destination) =>
					unconfirmedSend(unreadableReason(answer.status), answer.excerpt, {
						destination,
						elementName: prepared.elementName,
					}),
				)
			: hsmSendOutputs(answer, destinations, prepared.elementName);
	return prepared.preview === undefined
		? outputs
		: outputs.map((output) => ({ ...output, preview: prepared.preview }));
}

export async function dryRun(
	this: IExecuteFunctions,
	prepared: Prepared,
	itemIndex: number,
	{ client }: ExecutionContext,
): Promise<IDataObject[]> {
	return [
		{
			...describeRequest(hsmRequest(prepared, itemIndex, client)),
			...(prepared.preview === undefined ? {} : { preview: prepared.preview }),
		},
	];
}
