import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';
import { WHATSAPP_LANGUAGES } from './create.languages';
import { TEMPLATE_TYPES, TYPE_NAMES } from './create.rules';
import { byName, mediaUrlField } from '../common.descriptions';
import { TEMPLATE_CATEGORIES } from '../../templates/model';

/** A placeholder's Label and Example, the pair Jelou takes for each body and header parameter. */
function labelAndExample(
	label: Pick<INodeProperties, 'placeholder' | 'description'>,
	example: Pick<INodeProperties, 'placeholder' | 'description'>,
): INodeProperties[] {
	return [
		{ displayName: 'Label', name: 'label', type: 'string', default: '', ...label },
		{ displayName: 'Example', name: 'example', type: 'string', default: '', ...example },
	];
}

// `templateBody`, `templateType` and `templateLanguage` stand for Jelou's `template`, `type` and `language`:
// Message → Send Template already uses those names for other kinds of values.
const properties: INodeProperties[] = [
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		default: 'UTILITY',
		required: true,
		description: 'What the template is for. Meta checks that the content fits the category.',
		options: TEMPLATE_CATEGORIES.map((category) => ({ ...category })),
	},
	{
		displayName: 'Language',
		name: 'templateLanguage',
		type: 'options',
		default: 'en',
		required: true,
		description:
			'Language of the template text. Choose Other to type a WhatsApp language code that is not listed.',
		options: [
			...WHATSAPP_LANGUAGES.map(({ name, code }) => ({ name: `${name} (${code})`, value: code })),
			{ name: 'Other (Enter Code)', value: 'custom' },
		].sort(byName),
	},
	{
		displayName: 'Language Code',
		name: 'customLanguage',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. es_EC',
		description:
			'The WhatsApp language code: two letters, and for a regional variant _ and the region in capitals',
		displayOptions: { show: { templateLanguage: ['custom'] } },
	},
	{
		displayName: 'Element Name',
		name: 'elementName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. order_confirmation',
		description:
			'Unique name of the template in the bot: lowercase letters, digits and _ only. Used later to send it.',
	},
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Order confirmation',
		description: 'Name operators see in Jelou. Left empty, Jelou uses the element name.',
	},
	{
		displayName: 'Template Body',
		name: 'templateBody',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. Thank you for your order, {{1}}! Your confirmation number is {{2}}.',
		description:
			'The message text, up to 1024 characters, with {{1}}, {{2}}, … where values go. For Authentication leave it empty: the node fills in the text Meta fixes for English, Spanish and Portuguese (BR).',
	},
	{
		displayName: 'Parameters',
		name: 'params',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Parameter',
		description:
			'One entry per placeholder of the body: the first for {{1}}, the second for {{2}}, and so on',
		options: [
			{
				displayName: 'Parameter',
				name: 'values',
				values: labelAndExample(
					{
						placeholder: 'e.g. customer',
						description: 'What the placeholder stands for, shown to people who send the template',
					},
					{
						placeholder: 'e.g. Maria',
						description: 'A sample value; Meta reviews the template with the examples filled in',
					},
				),
			},
		],
	},
	{
		displayName: 'Type',
		name: 'templateType',
		type: 'options',
		default: 'HSM',
		description: 'Text only, or text with an image, video or document on top',
		options: TEMPLATE_TYPES.map((value) => ({ name: TYPE_NAMES[value], value })).sort(byName),
	},
	mediaUrlField({
		placeholder: 'e.g. https://cdn.example.com/image.jpeg',
		description:
			'Public https:// link straight to a sample file (image jpg/png, video mp4, document pdf) for Meta’s review',
		displayOptions: { show: { templateType: ['IMAGE', 'VIDEO', 'DOCUMENT'] } },
	}),
	{
		displayName: 'Interactive Action',
		name: 'interactiveAction',
		type: 'options',
		default: 'NONE',
		description: 'Buttons under the message',
		options: [
			{
				name: 'Call To Action',
				value: 'CALL_TO_ACTION',
				description: 'Up to 2 buttons: one that opens a link, one that calls a number',
			},
			{ name: 'None', value: 'NONE', description: 'No buttons' },
			{
				name: 'One-Time Password (OTP)',
				value: 'OTP',
				description: 'One button that copies the code (authentication templates)',
			},
			{
				name: 'Quick Reply',
				value: 'QUICK_REPLY',
				description: 'Up to 3 buttons the customer taps to answer',
			},
		],
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Button',
		description:
			'Quick Reply: 1 to 3 buttons. Call To Action: at most one URL and one Phone Number button. OTP: exactly one button.',
		displayOptions: {
			show: {
				interactiveAction: ['CALL_TO_ACTION', 'OTP', 'QUICK_REPLY'],
			},
		},
		options: [
			{
				displayName: 'Button',
				name: 'values',
				values: [
					{
						displayName: 'Phone Number',
						name: 'phoneNumber',
						type: 'string',
						default: '',
						placeholder: 'e.g. +593991234567',
						description: 'The number the button calls, with country code',
						displayOptions: {
							show: { '/interactiveAction': ['CALL_TO_ACTION'], type: ['PHONE_NUMBER'] },
						},
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
						placeholder: 'e.g. Contact Support',
						description: 'Text on the button. It cannot be changed after the template is created.',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'URL',
						description: 'What the button does',
						displayOptions: { show: { '/interactiveAction': ['CALL_TO_ACTION'] } },
						options: [
							{ name: 'Phone Number', value: 'PHONE_NUMBER', description: 'Calls a phone number' },
							{ name: 'URL', value: 'URL', description: 'Opens a web page' },
						],
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://apps.jelou.ai/{{1}}',
						description:
							'The page the button opens; may end with {{1}} for a value given when sending',
						displayOptions: { show: { '/interactiveAction': ['CALL_TO_ACTION'], type: ['URL'] } },
					},
					{
						displayName: 'URL Example',
						name: 'example',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://apps.jelou.ai/offers',
						description:
							'The URL with {{1}} replaced by a sample value. Left empty, a URL without {{1}} is its own example.',
						displayOptions: { show: { '/interactiveAction': ['CALL_TO_ACTION'], type: ['URL'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Submit to WhatsApp for Approval',
		name: 'sendToAprove',
		type: 'boolean',
		default: true,
		description:
			'Whether to send the template to WhatsApp for review right away. Off, it stays a draft in Jelou.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Example',
				name: 'example',
				type: 'string',
				default: '',
				placeholder: 'e.g. Thank you for your order, Maria! Your confirmation number is 71936.',
				description:
					'The body as a customer would see it. Left empty, the node builds it from the parameter examples.',
			},
			{
				displayName: 'Example Header',
				name: 'exampleHeader',
				type: 'string',
				default: '',
				placeholder: 'e.g. Order 71936',
				description:
					'The header with {{1}} replaced. Left empty, the node builds it from the header parameter example.',
			},
			{
				displayName: 'Header',
				name: 'header',
				type: 'string',
				default: '',
				placeholder: 'e.g. Order {{1}}',
				description:
					'Bold title above the body, up to 60 characters, with at most one placeholder {{1}}. Text templates only, not Authentication.',
			},
			{
				displayName: 'Header Parameter',
				name: 'headerParams',
				type: 'fixedCollection',
				default: {},
				placeholder: 'Add Header Parameter',
				description: 'Label and example of the {{1}} in the header',
				options: [
					{
						displayName: 'Header Parameter',
						name: 'values',
						values: labelAndExample(
							{ placeholder: 'e.g. order', description: 'What the header placeholder stands for' },
							{ placeholder: 'e.g. 71936', description: 'A sample value for Meta’s review' },
						),
					},
				],
			},
			{
				displayName: 'Is Visible to Operators',
				name: 'isVisible',
				type: 'boolean',
				default: true,
				description: 'Whether operators can pick this template in Jelou’s inbox',
			},
		],
	},
	{
		displayName: 'Extra Settings',
		name: 'extraSettings',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		options: [
			{
				displayName: 'Add Security Recommendation',
				name: 'addSecurityRecommendation',
				type: 'boolean',
				default: true,
				description:
					'Whether authentication templates add Meta’s line asking not to share the code',
			},
			{
				displayName: 'Allow Category Change',
				name: 'allowChangeCategory',
				type: 'boolean',
				default: true,
				description:
					'Whether Meta may move the template to another category instead of rejecting it',
			},
			{
				displayName: 'Code Expiration Minutes',
				name: 'codeExpirationMinutes',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 90 },
				default: 10,
				description:
					'Authentication templates: adds a footer saying the code expires after this many minutes (1 to 90)',
			},
		],
	},
];

const displayOptions = { show: { resource: ['template'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);
