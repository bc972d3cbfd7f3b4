import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';
import { contactsField } from './send.contact-fields';
import {
	additionalBodyFieldsOption,
	customerPhoneField,
	defaultCountryCodeOption,
	mediaUrlField,
	optionsField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName:
			'WhatsApp’s 24-hour rule: this message reaches the customer only within 24 hours of their last message to this bot. Outside that window, send an approved template (Message → Send Template).',
		name: 'sessionWindowNotice',
		type: 'notice',
		default: '',
	},
	customerPhoneField(
		'The customer’s phone number with country code. The customer must have written to the bot in the last 24 hours. +, spaces, dashes and parentheses are removed.',
	),
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'text',
		description:
			'What to send: text, a list, reply buttons, media, a location, a contact card, a button or a WhatsApp Flow',
		options: [
			{
				name: 'Audio',
				value: 'audio',
				description: 'An AAC, MP4, MPEG, AMR or OGG file up to 16 MB',
			},
			{
				name: 'Call Button',
				value: 'voice_call',
				description: 'Text with a button that calls the business on WhatsApp',
			},
			{
				name: 'Contact Card',
				value: 'contacts',
				description: 'One or more contacts the customer can save or write to',
			},
			{
				name: 'File',
				value: 'file',
				description: 'A document, with an optional caption and file name',
			},
			{
				name: 'Image',
				value: 'image',
				description: 'A JPEG or PNG up to 5 MB, with an optional caption',
			},
			{
				name: 'List',
				value: 'list',
				description: 'Text with a button that opens a list of 1 to 10 options',
			},
			{ name: 'Location', value: 'location', description: 'A pin on the map' },
			{
				name: 'Location Request',
				value: 'location_request',
				description: 'Text with a button that asks the customer to share their location',
			},
			{
				name: 'Quick Replies',
				value: 'quick_reply',
				description: 'Text with 1 to 3 reply buttons',
			},
			{ name: 'Sticker', value: 'sticker', description: 'A WEBP up to 100 KB' },
			{ name: 'Text', value: 'text', description: 'Plain text' },
			{
				name: 'URL Button',
				value: 'cta_url',
				description: 'Text with a button that opens an https link',
			},
			{
				name: 'Video',
				value: 'video',
				description: 'An MP4 or 3GP up to 16 MB, with an optional caption',
			},
			{
				name: 'WhatsApp Flow',
				value: 'flow',
				description: 'Text with a button that opens a WhatsApp Flow (a form) made in Jelou',
			},
		],
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The message text',
		displayOptions: { show: { messageType: ['list', 'quick_reply', 'text'] } },
	},
	mediaUrlField({
		placeholder: 'e.g. https://cdn.example.com/photo.jpeg',
		description: 'Public https link straight to the file (not a web page that shows it)',
		displayOptions: { show: { messageType: ['audio', 'file', 'image', 'sticker', 'video'] } },
	}),
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		description: 'Text shown under the media',
		displayOptions: { show: { messageType: ['file', 'image', 'video'] } },
	},
	{
		displayName: 'Filename',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'e.g. invoice.pdf',
		description: 'The file name the customer sees; WhatsApp shows up to 47 characters',
		displayOptions: { show: { messageType: ['file'] } },
	},
	{
		displayName: 'List Title',
		name: 'listTitle',
		type: 'string',
		default: '',
		description: 'Title shown above the options when the list opens',
		displayOptions: { show: { messageType: ['list'] } },
	},
	{
		displayName: 'List Button Text',
		name: 'listButtonText',
		type: 'string',
		default: '',
		placeholder: 'e.g. See options',
		description: 'Text of the button that opens the list; Jelou uses "Opciones" when empty',
		displayOptions: { show: { messageType: ['list'] } },
	},
	{
		displayName: 'List Options',
		name: 'listOptions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Option',
		description: 'The options of the list, 1 to 10',
		displayOptions: { show: { messageType: ['list'] } },
		options: [
			{
				displayName: 'Option',
				name: 'option',
				values: [
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'Smaller text under the title, at most 72 characters',
					},
					{
						displayName: 'Payload',
						name: 'payload',
						type: 'string',
						default: '',
						description: 'Value the bot receives when the customer picks this option',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'The option as the customer sees it, at most 24 characters',
					},
				],
			},
		],
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'Title above the reply buttons, at most 20 characters',
		displayOptions: { show: { messageType: ['quick_reply'] } },
	},
	{
		displayName: 'Quick Replies',
		name: 'quickReplies',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Reply Button',
		description: 'The reply buttons, 1 to 3, each a different title of at most 20 characters',
		displayOptions: { show: { messageType: ['quick_reply'] } },
		options: [
			{
				displayName: 'Reply Button',
				name: 'reply',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'The button text',
					},
				],
			},
		],
	},
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { numberPrecision: 6 },
		default: 0,
		description: 'From -90 (south) to 90 (north), e.g. -0.180653 for Quito',
		displayOptions: { show: { messageType: ['location'] } },
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { numberPrecision: 6 },
		default: 0,
		description: 'From -180 (west) to 180 (east), e.g. -78.467834 for Quito',
		displayOptions: { show: { messageType: ['location'] } },
	},
	{
		displayName:
			'Calling must be enabled by Jelou on the bot’s WhatsApp account, or WhatsApp does not deliver the call button',
		name: 'voiceCallNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { messageType: ['voice_call'] } },
	},
	{
		displayName:
			'WhatsApp Flows work only for bots on WhatsApp Cloud API, Gupshup CAPI or Aldeamo, and the Flow must exist in Jelou for this bot',
		name: 'flowNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { messageType: ['flow'] } },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description:
			'The message body, at most 1024 characters. For Location Request it is the text above WhatsApp’s Send Location button.',
		displayOptions: {
			show: { messageType: ['cta_url', 'flow', 'location_request', 'voice_call'] },
		},
	},
	{
		displayName: 'Header',
		name: 'header',
		type: 'string',
		default: '',
		description: 'Optional bold line above the text, at most 60 characters',
		displayOptions: { show: { messageType: ['cta_url', 'flow', 'voice_call'] } },
	},
	{
		displayName: 'Footer',
		name: 'footer',
		type: 'string',
		default: '',
		description: 'Optional small grey line under the text, at most 60 characters',
		displayOptions: { show: { messageType: ['cta_url', 'flow'] } },
	},
	{
		displayName: 'Button Text',
		name: 'buttonText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Track your order',
		description: 'The label of the button, at most 20 characters (30 for a WhatsApp Flow)',
		displayOptions: { show: { messageType: ['cta_url', 'flow', 'voice_call'] } },
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://shop.example.com/track/A-1001',
		description: 'The https link the button opens',
		displayOptions: { show: { messageType: ['cta_url'] } },
	},
	{
		displayName: 'Flow Name',
		name: 'flowName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. store_survey',
		description: 'The Flow’s name (slug) as it appears in Jelou for this bot',
		displayOptions: { show: { messageType: ['flow'] } },
	},
	{
		displayName: 'Flow Action Payload (JSON)',
		name: 'flowActionPayload',
		type: 'json',
		default: '{}',
		placeholder: '{"screen": "RECOMMEND"}',
		description:
			'Optional JSON object the Flow opens with, e.g. {"screen": "RECOMMEND"} for the first screen and "data" for its initial values; leave {} for none',
		displayOptions: { show: { messageType: ['flow'] } },
	},
	contactsField,
	optionsField('sendOptions', [additionalBodyFieldsOption, defaultCountryCodeOption]),
];

const displayOptions = { show: { resource: ['message'], operation: ['send'] } };

export const description = updateDisplayOptions(displayOptions, properties);
