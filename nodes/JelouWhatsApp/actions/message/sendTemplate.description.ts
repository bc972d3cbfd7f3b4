import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';
import { HSM_TYPES } from './sendTemplate.body';
import {
	additionalBodyFieldsOption,
	defaultCountryCodeOption,
	mediaUrlField,
} from '../common.descriptions';
import {
	actionsField,
	buttonPayloadsField,
	manualField,
	placeholderValuesField,
	quickReplyButtonFields,
	templateLanguageOptions,
	templateLocator,
	templatePicker,
	templateSendOptionsFields,
	templateVariablesField,
} from '../template-send.descriptions';
import { beforeTemplateDrivenFields, withTemplateDrivenFields } from '../versions';

/** A field shown only for these Types: hidden for the others, so a Type from an expression shows it too. */
const onlyForTypes = (...types: string[]) => ({
	hide: { type: HSM_TYPES.filter((type) => !types.includes(type)) },
});
/** The values of one button, shown by button kind. */
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
	...updateDisplayOptions({ show: { type: ['QUICK_REPLY'] } }, quickReplyButtonFields),
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

/** Button Parameters: the values of the template's buttons, and of each carousel card's. */
function buttonParametersField(description: string): INodeProperties {
	return {
		displayName: 'Button Parameters',
		name: 'buttonParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Button Parameter',
		description,
		options: [{ displayName: 'Button', name: 'buttons', values: buttonParameterValues }],
	};
}

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

/**
 * Version 2: the bodies of Jelou's examples that the picked template does not decide, chosen plainly (version 1
 * reaches them with Type → HSM and Button Parameters → Quick Reply).
 */
const sendFormatOptions: INodeProperties[] = [
	{
		displayName: 'Reply Buttons Sent As',
		name: 'replyButtonsAs',
		type: 'options',
		default: 'buttonParameters',
		description:
			'How the buttons of Bot Flow for Each Reply Button reach Jelou. Without this option: as Jelou’s quick-reply example. Change it only if your Jelou setup expects Button Payloads.',
		options: [
			{
				name: 'Button Payloads',
				value: 'buttonPayloads',
				description: 'One buttonPayloads entry per button (Jelou’s "Button configuration")',
			},
			{
				name: 'Quick-Reply Button Parameters',
				value: 'buttonParameters',
				description:
					'One buttonParameters entry of type QUICK_REPLY per button, as Jelou’s quick-reply example (the default)',
			},
		],
	},
	{
		displayName: 'Send as Interactive (HSM Type)',
		name: 'sendAsHsm',
		type: 'boolean',
		default: false,
		description:
			'Whether to send Jelou’s "hsm" type (on) or the type that follows from the template (off). Without this option: as Jelou’s examples, "hsm" for a text template with buttons that this send gives no values to.',
	},
];

export const sendTemplateOptions: INodeProperties[] = [
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
	templateLocator(beforeTemplateDrivenFields),
	templatePicker(withTemplateDrivenFields),
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
		options: templateLanguageOptions,
	},
	templateVariablesField(withTemplateDrivenFields, ['language']),
	...manualField(
		placeholderValuesField(
			{
				displayName: 'Parameters',
				name: 'parameters',
				placeholder: 'Add Parameter',
				description:
					'Values for the template placeholders {{1}}, {{2}}, … in this order, one per placeholder. When Template Variables are shown, fill those instead; this list is for a template given by an expression.',
			},
			{ description: 'Text that replaces the next placeholder of the template' },
		),
		{
			description:
				'Values for the placeholders {{1}}, {{2}}, … of the template the expression gives, in this order, one per placeholder',
		},
	),
	...manualField(
		mediaUrlField({
			placeholder: 'e.g. https://cdn.example.com/image.jpeg',
			description:
				'Public https link straight to the header file: JPG/PNG up to 5 MB, MP4 up to 15 MB, PDF up to 15 MB',
			displayOptions: onlyForTypes('document', 'image', 'video'),
		}),
	),
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
					placeholderValuesField({
						displayName: 'Parameters',
						name: 'params',
						placeholder: 'Add Parameter',
						description: 'Values for the card’s placeholders, in order',
					}),
					buttonParametersField('Values for the card’s buttons'),
				],
			},
		],
	}),
	...manualField(
		buttonParametersField(
			'Values for the template’s buttons: the end of a URL, a quick reply’s skill, a catalog thumbnail or a code to copy',
		),
	),
	buttonPayloadsField(beforeTemplateDrivenFields),
	actionsField(beforeTemplateDrivenFields),
	...templateSendOptionsFields('sendTemplateOptions', sendTemplateOptions, sendFormatOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendTemplate'] } },
	properties,
);
