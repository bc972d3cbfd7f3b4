import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';
import {
	additionalBodyFieldsOption,
	defaultCountryCodeOption,
	mediaUrlField,
	optionsNamedAfter,
} from '../common.descriptions';
import {
	actionsField,
	buttonPayloadsField,
	manualField,
	placeholderValuesField,
	templateLocator,
	templatePicker,
	templateSendOptionsFields,
	templateVariablesField,
} from '../template-send.descriptions';
import { beforeTemplateDrivenFields, withTemplateDrivenFields } from '../versions';
import { CAMPAIGN_TYPES } from './send.body';

const showForSource = (...sources: string[]) => ({ show: { recipientsSource: sources } });
export const SPREADSHEET_EXTENSIONS = ['numbers', 'ods', 'xls', 'xlsx'];
const recipientsSources = [
	{
		name: 'CSV File',
		value: 'binary',
		description:
			'A CSV file in the input item (from Google Drive, e-mail, Read/Write Files, Convert to File…); one campaign per item',
	},
	{
		name: 'CSV URL',
		value: 'url',
		description: 'A public link to a CSV file that Jelou downloads itself; one campaign per item',
	},
	{
		name: 'Incoming Items',
		value: 'items',
		description:
			'One campaign for all input items, one recipient per item (e.g. the rows of a Google Sheet)',
	},
];

export const campaignOptions: INodeProperties[] = [
	additionalBodyFieldsOption,
	defaultCountryCodeOption,
	{
		displayName: 'Skip Invalid Rows',
		name: 'skipInvalidRows',
		type: 'boolean',
		default: false,
		description:
			'Whether to send the campaign without the rows (or items) that break the rules, listing them in the output. Off: any bad row stops the campaign and nothing is sent.',
	},
];

const properties: INodeProperties[] = [
	{
		displayName: 'Recipients Source',
		name: 'recipientsSource',
		type: 'options',
		noDataExpression: true,
		default: 'binary',
		description: 'Where the recipients and their values come from',
		displayOptions: beforeTemplateDrivenFields,
		options: recipientsSources,
	},
	{
		displayName: 'Recipients Source',
		name: 'recipientsSource',
		type: 'options',
		noDataExpression: true,
		default: 'items',
		description: 'Where the recipients and their values come from',
		// Version 2 starts from a sheet's rows, the common case; version 1 keeps CSV File so saved workflows do not change.
		displayOptions: withTemplateDrivenFields,
		options: recipientsSources,
	},
	{
		displayName: 'Campaign Name',
		name: 'campaignName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. December orders',
		description: 'The name the campaign gets in Jelou, to find it again in the campaign list',
	},
	templateLocator(beforeTemplateDrivenFields),
	templatePicker(withTemplateDrivenFields),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the CSV file',
		description:
			'The CSV: first line the header (letters, digits and _), first column the phone numbers with country code',
		displayOptions: showForSource('binary'),
	},
	{
		displayName: 'CSV URL',
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://cdn.example.com/campaign.csv',
		description:
			'Public link straight to the CSV file. Jelou downloads it, so the node cannot check the file first.',
		displayOptions: showForSource('url'),
	},
	{
		displayName: 'Parameter Columns',
		name: 'params',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Parameter Column',
		description:
			'The CSV column of each template placeholder {{1}}, {{2}}, … in this order. Leave empty for a template without parameters.',
		displayOptions: showForSource('binary', 'url'),
		options: [
			{
				displayName: 'Parameter',
				name: 'columns',
				values: [
					{
						displayName: 'Column',
						name: 'column',
						type: 'string',
						default: '',
						placeholder: 'e.g. customer_name',
						description: 'Header name of the CSV column that fills the next placeholder',
					},
				],
			},
		],
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.phone }}',
		description:
			"The recipient's phone number with country code, usually an expression that reads it from each item. +, spaces and dashes are removed.",
		displayOptions: showForSource('items'),
	},
	templateVariablesField(withTemplateDrivenFields, ['recipientsSource']),
	...manualField(
		placeholderValuesField(
			{
				displayName: 'Parameter Values',
				name: 'parameterValues',
				placeholder: 'Add Parameter Value',
				description:
					'The value of each template placeholder {{1}}, {{2}}, … in this order, usually an expression that reads a field of the item',
				// In a hint, because the description lint rule would turn n8n's $json into $JSON.
				hint: 'Drag a field from the input, e.g. {{ $json.name }}',
				displayOptions: showForSource('items'),
			},
			{
				placeholder: 'e.g. {{ $json.name }}',
				description: 'Text that replaces the next placeholder, for each item',
			},
		),
	),
	...manualField(
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			default: 'text',
			description: 'The kind of template: text, or with an image, document or video header',
			options: optionsNamedAfter(CAMPAIGN_TYPES),
		},
		{
			description:
				'The kind of template the expression gives: text, or with an image, document or video header. A template picked from the list brings its own.',
		},
	),
	...manualField(
		mediaUrlField({
			placeholder: 'e.g. https://cdn.example.com/image.png',
			description:
				'Public https link straight to the image, document or video shown in the template header',
			// Hidden for text, so a Type from an expression shows it too.
			displayOptions: { hide: { type: ['text'] } },
		}),
	),
	buttonPayloadsField(beforeTemplateDrivenFields),
	actionsField(beforeTemplateDrivenFields),
	{
		displayName: 'Scheduled At',
		name: 'scheduledAt',
		type: 'dateTime',
		default: '',
		description:
			"When Jelou sends the campaign, in the workflow's time zone; empty sends it now. Must be in the future.",
		hint: "Empty: Jelou sends the campaign now. A date: Jelou sends it then (the workflow's time zone).",
	},
	...templateSendOptionsFields('campaignOptions', campaignOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['send'] } },
	properties,
);
