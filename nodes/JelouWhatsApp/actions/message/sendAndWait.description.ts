import type { INodeProperties } from 'n8n-workflow';

import { customerPhoneField, defaultCountryCodeOption, optionsField } from '../common.descriptions';
import {
	placeholderValuesField,
	templateLanguageOptions,
	templateLocator,
} from '../template-send.descriptions';

const sendAs = (...values: string[]) => ({ show: { sendAs: values } });
const notTemplate = { hide: { sendAs: ['template'] } };
const FIELD_TYPE_OPTIONS = [
	{ name: 'Checkboxes', value: 'checkbox' },
	{ name: 'Date', value: 'date' },
	{ name: 'Dropdown List', value: 'dropdown' },
	{ name: 'Email', value: 'email' },
	{ name: 'Number', value: 'number' },
	{ name: 'Password', value: 'password' },
	{ name: 'Radio Buttons', value: 'radio' },
	{ name: 'Text', value: 'text' },
	{ name: 'Textarea', value: 'textarea' },
];

/** n8n's Limit Wait Time, as its send-and-wait nodes have it. */
const limitWaitTimeOption: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	description:
		'Whether to stop waiting for the answer after a while; the workflow then goes on with the input item unchanged (no data field)',
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Limit Type',
					name: 'limitType',
					type: 'options',
					default: 'afterTimeInterval',
					description: 'Stop waiting after an interval, or at a date and time',
					options: [
						{ name: 'After Time Interval', value: 'afterTimeInterval' },
						{ name: 'At Specified Time', value: 'atSpecifiedTime' },
					],
				},
				{
					displayName: 'Amount',
					name: 'resumeAmount',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 2 },
					default: 1,
					description: 'How long to wait',
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Unit',
					name: 'resumeUnit',
					type: 'options',
					default: 'hours',
					options: [
						{ name: 'Minutes', value: 'minutes' },
						{ name: 'Hours', value: 'hours' },
						{ name: 'Days', value: 'days' },
					],
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Max Date and Time',
					name: 'maxDateAndTime',
					type: 'dateTime',
					default: '',
					description:
						'When to stop waiting. A time already past still sends the message; the workflow then goes on with the input item at n8n’s next check of due waits (within about a minute), as n8n’s own send-and-wait nodes do.',
					displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
				},
			],
		},
	],
};

const formFieldValues: INodeProperties[] = [
	{
		displayName: 'Field Label',
		name: 'fieldLabel',
		type: 'string',
		default: '',
		placeholder: 'e.g. Reason',
		description: 'Shown above the field, and the name of its value in the output',
		required: true,
	},
	{
		displayName: 'Field Type',
		name: 'fieldType',
		type: 'options',
		default: 'text',
		options: FIELD_TYPE_OPTIONS,
	},
	{
		displayName: 'Placeholder',
		name: 'placeholder',
		type: 'string',
		default: '',
		displayOptions: { show: { fieldType: ['email', 'number', 'password', 'text', 'textarea'] } },
	},
	{
		displayName: 'Field Options',
		name: 'fieldOptions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: { values: [{ option: '' }] },
		placeholder: 'Add Field Option',
		displayOptions: { show: { fieldType: ['checkbox', 'dropdown', 'radio'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [{ displayName: 'Option', name: 'option', type: 'string', default: '' }],
			},
		],
	},
	{
		displayName: 'Multiple Choice',
		name: 'multiselect',
		type: 'boolean',
		default: false,
		description: 'Whether the person may pick several options',
		displayOptions: { show: { fieldType: ['dropdown'] } },
	},
	{
		displayName: 'Required Field',
		name: 'requiredField',
		type: 'boolean',
		default: false,
		description: 'Whether the page can be sent only with this field filled in',
	},
];

export const sendAndWaitProperties: INodeProperties[] = [
	customerPhoneField(
		'The phone number of the person asked, with country code. +, spaces, dashes and parentheses are removed.',
	),
	{
		displayName:
			'WhatsApp’s 24-hour rule: a text, links or a button reach the person only within 24 hours of their last message to this bot. To anyone else, only an approved template (Send As: Template) is delivered.',
		name: 'sessionWindowNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Send As',
		name: 'sendAs',
		type: 'options',
		default: 'textWithLinks',
		description:
			'How the question and its links reach the person. Template works at any time; the others only if the person wrote to the bot in the last 24 hours.',
		hint: 'Template if the person may not have written in the last 24 hours; otherwise Text with Links',
		options: [
			{
				name: 'Template',
				value: 'template',
				description:
					'An approved template whose URL buttons open the links; works outside the 24-hour window',
			},
			{
				name: 'Text with Links',
				value: 'textWithLinks',
				description:
					'A text message with one link per choice; the person must have written in the last 24 hours',
			},
			{
				name: 'URL Button',
				value: 'urlButton',
				description:
					'A message with one button (Approve Only, Free Text or Custom Form); the person must have written in the last 24 hours; needs n8n on https',
			},
		],
	},
	{
		displayName:
			'The template needs one URL button per choice (the first opens Approve or the response page, the second Decline) whose link is your n8n’s address followed by /webhook-waiting/{{1}}, e.g. https://n8n.example.com/webhook-waiting/{{1}}. See the README for the Template → Create settings.',
		name: 'templateNotice',
		type: 'notice',
		default: '',
		displayOptions: sendAs('template'),
	},
	{ ...templateLocator(sendAs('template')), description: 'The approved template to send' },
	placeholderValuesField({
		displayName: 'Template Parameters',
		name: 'templateParameters',
		placeholder: 'Add Parameter',
		description: 'Values for the placeholders {{1}}, {{2}}, … of the template text, in this order',
		displayOptions: sendAs('template'),
	}),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Approve the refund of $120 for order A-1001?',
		description: 'The question the person answers',
		displayOptions: notTemplate,
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description:
			'Shown on the Free Text or Custom Form page above the fields; the WhatsApp message itself is the template’s text',
		displayOptions: sendAs('template'),
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		description: 'What the person does to answer, and so what the next node gets',
		hint: 'Approval: a tap on Approve or Decline. Free Text: a written answer. Custom Form: the fields you define.',
		options: [
			{
				name: 'Approval',
				value: 'approval',
				description: 'The person taps Approve (or Decline)',
			},
			{
				name: 'Custom Form',
				value: 'customForm',
				description: 'The person fills in a form of your fields',
			},
			{
				name: 'Free Text',
				value: 'freeText',
				description: 'The person writes an answer on a page',
			},
		],
	},
	{
		displayName: 'Define Form',
		name: 'defineForm',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		displayOptions: { show: { responseType: ['customForm'] } },
	},
	{
		displayName: 'Form Fields',
		name: 'jsonOutput',
		type: 'json',
		typeOptions: { rows: 5 },
		default:
			'[\n  {\n    "fieldLabel": "Reason",\n    "fieldType": "textarea",\n    "requiredField": true\n  },\n  {\n    "fieldLabel": "Amount",\n    "fieldType": "number"\n  }\n]',
		description:
			'The fields as in n8n’s Form node: fieldLabel, fieldType (text, textarea, number, email, password, date, dropdown, checkbox, radio), requiredField, placeholder, fieldOptions {values: [{option}]}, multiselect',
		displayOptions: { show: { responseType: ['customForm'], defineForm: ['json'] } },
	},
	{
		displayName: 'Form Fields',
		name: 'formFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Form Field',
		displayOptions: { show: { responseType: ['customForm'], defineForm: ['fields'] } },
		options: [{ displayName: 'Values', name: 'values', values: formFieldValues }],
	},
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { responseType: ['approval'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'single',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Decline', value: 'double' },
						],
					},
					{
						displayName: 'Approve Button Label',
						name: 'approveLabel',
						type: 'string',
						default: '✓ Approve',
						description: 'At most 20 characters on a URL button; a template shows its own',
					},
					{
						displayName: 'Decline Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: '✗ Decline',
						displayOptions: { show: { approvalType: ['double'] } },
					},
				],
			},
		],
	},
	optionsField('options', [
		defaultCountryCodeOption,
		{
			displayName: 'Footer',
			name: 'footer',
			type: 'string',
			default: '',
			description: 'Optional small grey line under the text, at most 60 characters',
			displayOptions: { show: { '/sendAs': ['urlButton'] } },
		},
		{
			displayName: 'Header',
			name: 'header',
			type: 'string',
			default: '',
			description: 'Optional bold line above the text, at most 60 characters',
			displayOptions: { show: { '/sendAs': ['urlButton'] } },
		},
		{
			displayName: 'Header Parameter',
			name: 'headerParameter',
			type: 'string',
			default: '',
			description: 'The value of the {{1}} in the template header',
			displayOptions: { show: { '/sendAs': ['template'] } },
		},
		{
			displayName: 'Language',
			name: 'language',
			type: 'options',
			default: '',
			description: 'Language of the template, when it exists in several',
			options: templateLanguageOptions,
			displayOptions: { show: { '/sendAs': ['template'] } },
		},
		limitWaitTimeOption,
		{
			displayName: 'Message Button Label',
			name: 'messageButtonLabel',
			type: 'string',
			default: 'Respond',
			description: 'The label of the link that opens the response page',
			displayOptions: { show: { '/responseType': ['customForm', 'freeText'] } },
		},
		{
			displayName: 'Response Form Button Label',
			name: 'responseFormButtonLabel',
			type: 'string',
			default: 'Submit',
			displayOptions: { show: { '/responseType': ['customForm', 'freeText'] } },
		},
		{
			displayName: 'Response Form Description',
			name: 'responseFormDescription',
			type: 'string',
			default: '',
			description: 'Text above the fields; the Message when empty',
			displayOptions: { show: { '/responseType': ['customForm', 'freeText'] } },
		},
		{
			displayName: 'Response Form Title',
			name: 'responseFormTitle',
			type: 'string',
			default: '',
			displayOptions: { show: { '/responseType': ['customForm', 'freeText'] } },
		},
	]),
];
