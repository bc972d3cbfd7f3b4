import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { beforeTemplateDrivenFields, withTemplateDrivenFields } from './versions';
import { jelouLanguageOptions, optionsField } from './common.descriptions';

/**
 * The fields of the operations that send a template (Message → Send Template, Campaign → Send, Send and Wait):
 * the template picker and its language, the Template Variables, the fields filled by hand for a template from an
 * expression, and what Jelou's bot does with the replies.
 */

/** The Template picker: approved templates from Jelou ("From List") or an element name ("By Name"). */
export function templateLocator(displayOptions: IDisplayOptions = {}): INodeProperties {
	return {
		displayName: 'Template',
		name: 'template',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The approved WhatsApp template (HSM) to send',
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. order_confirmation',
				hint: 'The element name of the template, exactly as approved (lowercase letters, digits and _)',
			},
		],
	};
}

/** The Template picker of node version 2, in plain words. */
export function templatePicker(displayOptions: IDisplayOptions = {}): INodeProperties {
	const picker = templateLocator(displayOptions);
	return {
		...picker,
		description:
			'The approved WhatsApp template to send. Picked from the list or typed by name, the fields below follow it; from an expression (a different template per item), fill Type and Parameters yourself.',
		modes: [
			picker.modes![0],
			{
				...picker.modes![1],
				hint: 'The template’s name exactly as approved: lowercase letters, digits and _ (Jelou calls it Element Name)',
			},
		],
	};
}

/** The language of the template to send: one of Jelou's, or the template's own. */
export const templateLanguageOptions: INodePropertyOptions[] = [
	...jelouLanguageOptions,
	{ name: "Template's Own Language", value: '' },
];

/**
 * Version 2 shows a field this way only when the template comes from an expression (a different template
 * per item): a template picked from the list or typed by name fills these values itself. `hide`, not `show`:
 * n8n shows a field whenever a `show` value is an expression, before looking at the other conditions.
 */
export const whenTemplateIsExpression: IDisplayOptions = {
	hide: { template: ['', { _cnd: { regex: '^[^=]' } }] },
};

function mergeDisplayOptions(first: IDisplayOptions, second: IDisplayOptions): IDisplayOptions {
	const merged: IDisplayOptions = {};
	if (first.show || second.show) merged.show = { ...first.show, ...second.show };
	if (first.hide || second.hide) merged.hide = { ...first.hide, ...second.hide };
	return merged;
}

/**
 * A field a user fills by hand: always in version 1; in version 2 only for a template from an expression,
 * with `inVersion2` changing what version 2 shows (plain names, other hints).
 */
export function manualField(
	property: INodeProperties,
	inVersion2: Partial<INodeProperties> = {},
): INodeProperties[] {
	const own = property.displayOptions ?? {};
	return [
		{ ...property, displayOptions: mergeDisplayOptions(beforeTemplateDrivenFields, own) },
		{
			...property,
			...inVersion2,
			displayOptions: mergeDisplayOptions(
				mergeDisplayOptions(withTemplateDrivenFields, own),
				whenTemplateIsExpression,
			),
		},
	];
}

/** A list of one Value per template placeholder {{1}}, {{2}}, … in order, read as `<name>.values[n].value`. */
export function placeholderValuesField(
	field: Omit<INodeProperties, 'type' | 'default'>,
	value: Pick<INodeProperties, 'placeholder' | 'description'> = {},
): INodeProperties {
	return {
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		...field,
		options: [
			{
				displayName: 'Parameter',
				name: 'values',
				values: [{ displayName: 'Value', name: 'value', type: 'string', default: '', ...value }],
			},
		],
	};
}

/**
 * Template Variables (node version 2): what the picked template needs, one field each, named after it
 * (`{{1}} customer`, its header media, its open buttons), filled by the `getTemplateVariables` resource mapping.
 */
export function templateVariablesField(
	displayOptions: IDisplayOptions = {},
	dependsOn: string[] = [],
): INodeProperties {
	return {
		displayName: 'Template Variables',
		name: 'templateVariables',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		description:
			'The values the template leaves open, one field each, named as in Jelou; its text is shown first',
		displayOptions: {
			...displayOptions,
			// A template from an expression can differ per item: its values are given in the fields below instead.
			hide: { template: [{ _cnd: { startsWith: '=' } }] },
		},
		typeOptions: {
			loadOptionsDependsOn: ['template.value', ...dependsOn],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateVariables',
				mode: 'add',
				valuesLabel: 'Template Variables',
				fieldWords: { singular: 'variable', plural: 'variables' },
				addAllFields: true,
				supportAutoMap: false,
				noFieldsError: 'This template leaves nothing open: it is sent as approved.',
			},
		},
	};
}

/** A quick-reply button's text and the skill it starts, as Jelou's button payloads and parameters name them. */
export const quickReplyButtonFields: INodeProperties[] = [
	{
		displayName: 'Action',
		name: 'action',
		type: 'string',
		default: '',
		placeholder: 'e.g. Yes',
		description: 'The button text, exactly as approved in the template',
	},
	{
		displayName: 'Skill ID',
		name: 'skillId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1',
		description: 'ID of the Jelou skill the button starts',
	},
];

/** Button Payloads: which skill each quick-reply button starts. */
export function buttonPayloadsField(displayOptions: IDisplayOptions = {}): INodeProperties {
	return {
		displayName: 'Button Payloads',
		name: 'buttonPayloads',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Button Payload',
		description:
			'For templates with quick-reply buttons: the skill each button starts when the customer taps it',
		displayOptions,
		options: [
			{
				displayName: 'Button',
				name: 'payloads',
				values: [
					...quickReplyButtonFields,
					{
						displayName: 'Type',
						name: 'type',
						type: 'string',
						default: 'edge',
						description: 'Payload type Jelou expects; "edge" for skills',
					},
				],
			},
		],
	};
}

/** One value Jelou remembers for the conversation: a key and its value. */
const memoryParamValues: INodeProperties[] = [
	{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. url' },
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://apps.jelou.ai',
	},
];

/** Actions: what Jelou does when the template is sent (set a skill, remember values). */
export function actionsField(displayOptions: IDisplayOptions = {}): INodeProperties {
	return {
		displayName: 'Actions',
		name: 'actions',
		type: 'collection',
		placeholder: 'Add Action',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Set Memory Params',
				name: 'setMemoryParams',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Memory Parameter',
				description:
					'Values Jelou keeps for the conversation (3 months), for a skill to use later, such as a link',
				options: [
					{
						displayName: 'Parameter',
						name: 'params',
						values: memoryParamValues,
					},
				],
			},
			{
				displayName: 'Set Skill ID',
				name: 'setSkillId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2222',
				description: 'The skill that handles the customer’s reply',
			},
		],
	};
}

/**
 * Node version 2: Button Payloads and Actions as options, in plain words; Jelou's terms stay in the hints.
 * The stored names are Jelou's, as in version 1.
 */
export const jelouBotOptions: INodeProperties[] = [
	{
		displayName: 'Bot Flow for Each Reply Button',
		name: 'buttonPayloads',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Reply Button',
		description:
			'For templates with reply buttons: which bot flow starts when the customer taps each button',
		hint: 'Jelou calls these Button Payloads',
		options: [
			{
				displayName: 'Button',
				name: 'payloads',
				values: [
					{
						displayName: 'Button Text',
						name: 'action',
						type: 'string',
						default: '',
						placeholder: 'e.g. Yes',
						description: 'The button’s text, exactly as approved in the template',
					},
					{
						displayName: 'Bot Flow to Start',
						name: 'skillId',
						type: 'string',
						default: '',
						placeholder: 'e.g. 1',
						description: 'ID of the bot flow the button starts',
						hint: 'Jelou calls it Skill ID',
					},
					{
						displayName: 'Payload Type',
						name: 'type',
						type: 'string',
						default: 'edge',
						description:
							'Leave "edge": it tells Jelou to start the bot flow above. Change it only if Jelou asks you to.',
					},
				],
			},
		],
	},
	{
		displayName: 'Bot Flow for the Reply',
		name: 'setSkillId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2222',
		description: 'ID of the bot flow that handles whatever the customer answers to this template',
		hint: 'Jelou calls it Skill ID (actions.setSkill)',
	},
	{
		displayName: 'Values to Remember',
		name: 'setMemoryParams',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Value',
		description:
			'Values Jelou keeps with the conversation for 3 months, for a bot flow to use later, such as a link',
		hint: 'Jelou calls them Memory Params',
		options: [
			{
				displayName: 'Value',
				name: 'params',
				values: memoryParamValues,
			},
		],
	},
];

/**
 * The Options of a template send: `options` in version 1; in version 2 also what Jelou's bot does with the
 * replies (`jelouBotOptions`), which version 1 shows as fields of their own, and `inVersion2`.
 */
export function templateSendOptionsFields(
	name: string,
	options: INodeProperties[],
	inVersion2: INodeProperties[] = [],
): INodeProperties[] {
	return [
		optionsField(name, options, beforeTemplateDrivenFields),
		optionsField(
			name,
			[...options, ...jelouBotOptions, ...inVersion2].sort((a, b) =>
				a.displayName.localeCompare(b.displayName),
			),
			withTemplateDrivenFields,
		),
	];
}
