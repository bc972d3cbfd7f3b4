import { Readable } from 'node:stream';
import { BINARY_ENCODING, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	buildCampaignBody,
	checkAgainstTemplate,
	mapParamsToColumns,
	toFormFields,
} from '../../helpers/campaign';
import { requireFuture, toUtcDateTime } from '../../helpers/dates';
import { itemFieldPath, readPath } from '../../helpers/item-paths';
import type { CampaignFields, CampaignType } from '../../helpers/campaign';
import { AdaptiveLimiter, breathe } from '../../helpers/concurrency';
import {
	badLinesError,
	checkCampaignCsv,
	cleanedCampaignCsv,
	csvFromRows,
	firstCsvRows,
	listBadLines,
} from '../../helpers/csv';
import { describeRequest } from '../../helpers/dry-run';
import { fillPlaceholders } from '../../helpers/template-create';
import type { JelouTemplate } from '../../transport/templates';
import type { BadLine, CsvRules, OpenCsv } from '../../helpers/csv';
import { mergeAdditionalBodyFields } from '../../helpers/payloads';
import { separatorName } from '../../helpers/csv-sniff';
import { normalizePhoneNumber } from '../../helpers/phone';
import { unreadableReason } from '../../helpers/send-answers';
import {
	InvalidFieldError,
	parseUrl,
	requireHttpsUrl,
	requireText,
} from '../../helpers/validation';
import { UnreadableAnswerError } from '../../transport';
import type { JelouRequest, MultipartBody } from '../../transport';
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
import { errorItem, itemNumber, toNodeError } from '../item-errors';
import { readBotSettings, readMappedVariables, templateIsFixed } from '../template-parameters';
import { campaignTypeOf, FIELD_IDS, templateSendType } from '../../helpers/template-fields';
import { runItemOperation } from '../run-items';
import type { ExecutionContext, ItemOperation } from '../types';

const version1 = { show: { '@version': [1] } };
const version2 = { show: { '@version': [2] } };
const showForSource = (...sources: string[]) => ({ show: { recipientsSource: sources } });
const SPREADSHEET_EXTENSIONS = ['numbers', 'ods', 'xls', 'xlsx'];
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

const campaignOptions: INodeProperties[] = [
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
		displayOptions: version1,
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
		displayOptions: version2,
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
	templateLocator(version1),
	templatePicker(version2),
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
	templateVariablesField(version2, ['recipientsSource']),
	...manualField({
		displayName: 'Parameter Values',
		name: 'parameterValues',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Parameter Value',
		description:
			'The value of each template placeholder {{1}}, {{2}}, … in this order, usually an expression that reads a field of the item',
		// In a hint, because the description lint rule would turn n8n's $json into $JSON.
		hint: 'Drag a field from the input, e.g. {{ $json.name }}',
		displayOptions: showForSource('items'),
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
						placeholder: 'e.g. {{ $json.name }}',
						description: 'Text that replaces the next placeholder, for each item',
					},
				],
			},
		],
	}),
	...manualField(
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			default: 'text',
			description: 'The kind of template: text, or with an image, document or video header',
			options: [
				{ name: 'Document', value: 'document' },
				{ name: 'Image', value: 'image' },
				{ name: 'Text', value: 'text' },
				{ name: 'Video', value: 'video' },
			],
		},
		{
			description:
				'The kind of template the expression gives: text, or with an image, document or video header. A template picked from the list brings its own.',
		},
	),
	...manualField({
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://cdn.example.com/image.png',
		description:
			'Public https link straight to the image, document or video shown in the template header',
		// Hidden for text, so a Type from an expression shows it too.
		displayOptions: { hide: { type: ['text'] } },
	}),
	buttonPayloadsField(version1),
	actionsField(version1),
	{
		displayName: 'Scheduled At',
		name: 'scheduledAt',
		type: 'dateTime',
		default: '',
		description:
			"When Jelou sends the campaign, in the workflow's time zone; empty sends it now. Must be in the future.",
	},
	{
		displayName: 'Options',
		name: 'campaignOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: version1,
		options: campaignOptions,
	},
	{
		displayName: 'Options',
		name: 'campaignOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: version2,
		options: [...campaignOptions, ...jelouBotOptions].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['send'] } },
	properties,
);

interface CampaignOptions {
	additionalBodyFields?: unknown;
	defaultCountryCode?: string;
	skipInvalidRows?: boolean;
}

interface Prepared {
	body: IDataObject;
	multipart?: MultipartBody;
	/** What the output adds to Jelou's answer. */
	summary: IDataObject;
	/** A dry run's view of the file: its first rows, as Jelou would get them. */
	firstRows?: Array<Record<string, string>>;
}

/** Rows a dry run shows of the campaign's file. */
const DRY_RUN_ROWS = 20;

/** The template's text with the first recipient's values, when the template's text is known. */
function firstRowPreview(
	template: JelouTemplate | undefined,
	values: string[] | undefined,
): IDataObject {
	return template?.template && values
		? { preview: fillPlaceholders(template.template, values) }
		: {};
}

/** Reads and checks the fields every source shares; `parameterTotal` is how many parameters are mapped. */
async function readCampaign(
	this: IExecuteFunctions,
	itemIndex: number,
	context: ExecutionContext,
	params: CampaignFields['params'],
	parametersField: string,
): Promise<{ fields: CampaignFields; template?: JelouTemplate }> {
	const campaignName = requireText(
		'Campaign Name',
		this.getNodeParameter('campaignName', itemIndex, ''),
		'Give the campaign a name, e.g. December orders.',
	);
	const elementName = requireText(
		'Template',
		this.getNodeParameter('template', itemIndex, '', { extractValue: true }),
		'Pick an approved template from the list or enter its element name.',
	);
	const approved = await context.approvedTemplates();
	const template = approved.find((candidate) => candidate.elementName === elementName);
	if (approved.length > 0 && !template) {
		throw new InvalidFieldError(
			'Template',
			`"${elementName}" is not an approved template of this bot`,
			'Pick the template from the list, or check its element name.',
		);
	}
	// Version 2 with a picked or named template: its type and header media come from the template's fields.
	const known =
		this.getNode().typeVersion >= 2 && templateIsFixed.call(this) ? template : undefined;
	if (known && ['carousel', 'catalog'].includes(templateSendType(known)))
		throw new InvalidFieldError(
			'Template',
			`"${elementName}" is a ${templateSendType(known)} template, which Jelou's campaigns do not send`,
			'Send it with Message → Send Template, one item per recipient.',
		);
	const type = known
		? campaignTypeOf(known)
		: (this.getNodeParameter('type', itemIndex, 'text') as CampaignType);
	checkAgainstTemplate(template, params.length, type, parametersField);

	const fields: CampaignFields = {
		campaignName,
		botId: context.client.botId,
		elementName,
		params,
		type,
	};
	if (type !== 'text')
		fields.mediaUrl = known
			? requireHttpsUrl(
					`Template Variables: Header ${type[0].toUpperCase()}${type.slice(1)} URL`,
					readMappedVariables.call(this, itemIndex)[FIELD_IDS.mediaUrl],
				)
			: requireHttpsUrl('Media URL', this.getNodeParameter('mediaUrl', itemIndex, ''));
	const bot = readBotSettings.call(this, itemIndex, 'campaignOptions');
	if (bot.buttonPayloads.length > 0) fields.buttonPayloads = bot.buttonPayloads;
	fields.actions = bot.actions;
	const scheduledAt = this.getNodeParameter('scheduledAt', itemIndex, '') as unknown;
	if (scheduledAt !== '' && scheduledAt !== null && scheduledAt !== undefined) {
		fields.scheduledAt = requireFuture(toUtcDateTime(scheduledAt, this.getTimezone()), Date.now());
	}
	return { fields, template };
}

function readOptions(this: IExecuteFunctions, itemIndex: number): CampaignOptions {
	return this.getNodeParameter('campaignOptions', itemIndex, {}) as CampaignOptions;
}

/** Opens the item's binary file from n8n's binary data: a stream from disk in filesystem mode, the buffer otherwise. */
function binaryOpener(
	this: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): { open: OpenCsv; fileName: string } {
	const binary = this.helpers.assertBinaryData(itemIndex, propertyName);
	const extension = (binary.fileExtension ?? binary.fileName?.split('.').pop() ?? '').toLowerCase();
	if (SPREADSHEET_EXTENSIONS.includes(extension)) {
		throw new InvalidFieldError(
			'Input Binary Field',
			`"${binary.fileName ?? propertyName}" is a spreadsheet, not a CSV file`,
			'Turn it into CSV first, e.g. with the Convert to File node (Convert to CSV).',
		);
	}
	const rawName = binary.fileName?.trim() || 'recipients.csv';
	// Jelou accepts only names ending in .csv; the content was checked to be CSV whatever the name said.
	const fileName = rawName.toLowerCase().endsWith('.csv') ? rawName : `${rawName}.csv`;
	const { helpers } = this;
	if (binary.id) {
		const id = binary.id;
		return {
			fileName,
			open: () =>
				(async function* () {
					yield* await helpers.getBinaryStream(id);
				})(),
		};
	}
	const buffer = Buffer.from(binary.data, BINARY_ENCODING);
	return { fileName, open: () => Readable.from([buffer]) };
}

async function prepareFromFile(
	this: IExecuteFunctions,
	itemIndex: number,
	context: ExecutionContext,
): Promise<Prepared> {
	const columns = (
		this.getNodeParameter('params.columns', itemIndex, []) as Array<{ column?: string }>
	).map((entry) => entry.column);
	const params = mapParamsToColumns(columns);
	const { fields, template } = await readCampaign.call(
		this,
		itemIndex,
		context,
		params,
		'Parameter Columns',
	);
	const options = readOptions.call(this, itemIndex);
	const summary: IDataObject = {
		campaignName: fields.campaignName,
		elementName: fields.elementName,
		scheduledAt: fields.scheduledAt ?? null,
	};

	if (this.getNodeParameter('recipientsSource', 0) === 'url') {
		const fileUrl = requireText(
			'CSV URL',
			this.getNodeParameter('fileUrl', itemIndex, ''),
			'Enter the public link to the CSV file.',
		);
		const url = parseUrl(fileUrl);
		if (!url || !['http:', 'https:'].includes(url.protocol)) {
			throw new InvalidFieldError(
				'CSV URL',
				`"${fileUrl}" is not a web link`,
				'Enter a public link starting with https://, straight to the .csv file.',
			);
		}
		if (url.protocol !== 'https:') {
			throw new InvalidFieldError(
				'CSV URL',
				`"${fileUrl}" does not start with https://`,
				'Jelou fetches the file over https only, like media: use the https:// link of the file.',
			);
		}
		const body = mergeAdditionalBodyFields(
			buildCampaignBody({ ...fields, fileUrl }),
			options.additionalBodyFields,
		);
		return { body, summary: { ...summary, fileUrl } };
	}

	const body = mergeAdditionalBodyFields(buildCampaignBody(fields), options.additionalBodyFields);

	const propertyName = requireText(
		'Input Binary Field',
		this.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
		'Enter the name of the binary field holding the CSV, usually data.',
	);
	const { open, fileName } = binaryOpener.call(this, itemIndex, propertyName);
	const rules: CsvRules = {
		field: 'CSV File',
		mappedColumns: params.map(({ column }) => column),
		defaultCountryCode: options.defaultCountryCode,
	};
	const check = await checkCampaignCsv(open, rules);
	if (check.badLines.length > 0 && !options.skipInvalidRows)
		throw badLinesError('CSV File', check.badLines);
	if (check.validRows === 0) throw noValidRows('CSV File', check.badLines);
	// The file goes as it is unless rows are dropped, phone numbers need Jelou's form or the separator is not a comma;
	// then a cleaned, comma-separated copy is streamed.
	const asIs =
		check.badLines.length === 0 && check.phonesToRewrite === 0 && check.separator === ',';
	const upload: OpenCsv = asIs ? open : () => cleanedCampaignCsv(open, rules, check.separator);
	const firstRows = await firstCsvRows(upload, context.dryRun ? DRY_RUN_ROWS : 1);
	return {
		body,
		multipart: {
			fields: toFormFields(body),
			file: { fieldName: 'file', filename: fileName, contentType: 'text/csv', open: upload },
		},
		...(context.dryRun ? { firstRows } : {}),
		summary: {
			...summary,
			...firstRowPreview(
				template,
				firstRows[0] && params.map(({ column }) => firstRows[0][column] ?? ''),
			),
			fileName,
			rowsSent: check.validRows,
			rowsSkipped: check.badLines as unknown as IDataObject[],
			phoneNumbersRewritten: check.phonesToRewrite,
			csvSeparator: separatorName(check.separator),
		},
	};
}

function noValidRows(field: string, badLines: BadLine[]): InvalidFieldError {
	return new InvalidFieldError(
		field,
		'no row is valid, so there is nothing to send',
		listBadLines(badLines),
	);
}

function campaignRequest(prepared: Prepared, itemIndex: number): JelouRequest {
	return {
		method: 'POST',
		path: '/v1/hsm/file',
		...(prepared.multipart ? { multipart: prepared.multipart } : { json: prepared.body }),
		itemIndex,
	};
}

/** A dry run's item: the request, the file's name, row count, first rows and skipped rows, and the preview. */
function describeCampaign(prepared: Prepared, itemIndex: number): IDataObject {
	const { rowsSent, ...summary } = prepared.summary;
	const rows =
		rowsSent === undefined
			? {}
			: { rowCount: rowsSent, firstRows: (prepared.firstRows ?? []) as IDataObject[] };
	return { ...describeRequest(campaignRequest(prepared, itemIndex)), ...summary, ...rows };
}

async function sendCampaign(
	context: ExecutionContext,
	prepared: Prepared,
	itemIndex: number,
): Promise<IDataObject> {
	if (context.dryRun) return describeCampaign(prepared, itemIndex);
	const answer = await context.client.requestSend(campaignRequest(prepared, itemIndex));
	if (answer instanceof UnreadableAnswerError) {
		return {
			...prepared.summary,
			sent: 'probably',
			warning: `${unreadableReason(answer.status)}, so the campaign was probably created. Check Campaign → Get Many before sending it again.`,
			jelouAnswer: answer.excerpt,
		};
	}
	const jelou =
		typeof answer === 'object' && answer !== null && !Array.isArray(answer)
			? (answer as IDataObject)
			: { message: answer ?? null };
	return { ...jelou, ...prepared.summary };
}

/** CSV File and CSV URL: one campaign per input item, every item checked before any campaign is sent. */
async function sendPerItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	context: ExecutionContext,
): Promise<INodeExecutionData[]> {
	const campaignPerItem: ItemOperation<Prepared> = {
		prepare: prepareFromFile,
		execute: async (prepared, itemIndex) => [await sendCampaign(context, prepared, itemIndex)],
		dryRun: async (prepared, itemIndex) => [describeCampaign(prepared, itemIndex)],
	};
	// One campaign at a time: each is a large upload, and Jelou queues the sending itself.
	return await runItemOperation.call(this, campaignPerItem, items, context, new AdaptiveLimiter(1));
}

interface SkippedItem {
	/** The item as a person counts it (1 = first). */
	item: number;
	/** The sheet row the item came from, when it says so (Google Sheets' `row_number`). */
	row?: number;
	reason: string;
}

function skippedItem(item: INodeExecutionData, itemIndex: number, reason: string): SkippedItem {
	const row = Number(item.json.row_number);
	return Number.isInteger(row) && row > 0
		? { item: itemNumber(itemIndex), row, reason }
		: { item: itemNumber(itemIndex), reason };
}

/** Incoming Items: one recipient per item, all in one CSV and one request, however many items. */
async function sendFromItems(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	context: ExecutionContext,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, 0);
	const variables = Object.keys(
		(this.getNodeParameter('templateVariables.value', 0, null) as Record<string, unknown> | null) ??
			{},
	)
		.filter((id) => /^\d+$/.test(id))
		.sort((a, b) => Number(a) - Number(b));
	// Template Variables (version 2) when they are filled in, else the ordered Parameter Values.
	const valueFields =
		variables.length > 0
			? variables.map((id) => `templateVariables.value["${id}"]`)
			: (this.getNodeParameter('parameterValues.values', 0, []) as unknown[]).map(
					(_, position) => `parameterValues.values[${position}].value`,
				);
	const parameterTotal = valueFields.length;
	const params = Array.from({ length: parameterTotal }, (_, position) => ({
		param: position + 1,
		column: `param_${position + 1}`,
	}));
	const { fields, template } = await readCampaign.call(
		this,
		0,
		context,
		params,
		'Parameter Values',
	);
	const body = mergeAdditionalBodyFields(buildCampaignBody(fields), options.additionalBodyFields);

	const readPhone = itemReader.call(this, items, 'phoneNumber');
	const readValues = valueFields.map((name) => itemReader.call(this, items, name));
	const rows: string[][] = [];
	const skipped: SkippedItem[] = [];
	let phoneNumbersRewritten = 0;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		await breathe(itemIndex);
		const phone = readPhone(itemIndex);
		const row = recipientRow(
			phone,
			readValues.map((read) => read(itemIndex)),
			options.defaultCountryCode,
		);
		if (typeof row === 'string') skipped.push(skippedItem(items[itemIndex], itemIndex, row));
		else {
			rows.push(row);
			if (row[0] !== String(phone)) phoneNumbersRewritten++;
		}
	}
	if (skipped.length > 0 && !options.skipInvalidRows) throw badItemsError(skipped);
	if (rows.length === 0)
		throw new InvalidFieldError(
			'Phone Number',
			'no item has a valid recipient, so there is nothing to send',
			listBadItems(skipped),
		);

	const fileName = `${fields.campaignName.replace(/[^A-Za-z0-9_-]+/g, '_')}.csv`;
	const header = ['phone_number', ...params.map(({ column }) => column)];
	const answer = await sendCampaign(
		context,
		{
			body,
			multipart: {
				fields: toFormFields(body),
				file: {
					fieldName: 'file',
					filename: fileName,
					contentType: 'text/csv',
					open: csvFromRows(header, rows),
				},
			},
			...(context.dryRun
				? {
						firstRows: rows
							.slice(0, DRY_RUN_ROWS)
							.map((row) =>
								Object.fromEntries(header.map((name, position) => [name, row[position]])),
							),
					}
				: {}),
			summary: {
				campaignName: fields.campaignName,
				elementName: fields.elementName,
				scheduledAt: fields.scheduledAt ?? null,
				...firstRowPreview(template, rows[0]?.slice(1)),
				fileName,
				rowsSent: rows.length,
				rowsSkipped: skipped as unknown as IDataObject[],
				phoneNumbersRewritten,
			},
		},
		0,
	);
	return [{ json: answer, pairedItem: items.map((_, item) => ({ item })) }];
}

/**
 * Reads one field for any item: a fixed value once, a `{{ $json.field }}` expression straight from the
 * item, any other expression through n8n's evaluation for that item.
 */
function itemReader(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	name: string,
): (itemIndex: number) => unknown {
	const raw = this.getNodeParameter(name, 0, '', { rawExpressions: true });
	if (typeof raw !== 'string' || !raw.startsWith('=')) return () => raw;
	const path = itemFieldPath(raw);
	if (path) return (itemIndex) => readPath(items[itemIndex].json, path);
	return (itemIndex) => this.getNodeParameter(name, itemIndex, '');
}

/** The item's CSV row (phone number, then the parameter values), or why the item cannot be a recipient. */
function recipientRow(
	phone: unknown,
	parameters: unknown[],
	defaultCountryCode?: string,
): string[] | string {
	const values = parameters.map((value) =>
		value === undefined || value === null
			? ''
			: typeof value === 'object'
				? JSON.stringify(value)
				: String(value),
	);
	const empty = values.findIndex((value) => value.trim() === '');
	if (empty !== -1)
		return `Parameter Values: parameter ${empty + 1} is empty; WhatsApp refuses empty parameters`;
	try {
		return [normalizePhoneNumber(phone, 'Phone Number', defaultCountryCode), ...values];
	} catch (error) {
		return (error as Error).message;
	}
}

function listBadItems(skipped: SkippedItem[]): string {
	const listed = skipped
		.slice(0, 20)
		.map(
			({ item, row, reason }) =>
				`Item ${item}${row === undefined ? '' : ` (sheet row ${row})`}: ${reason}`,
		);
	if (skipped.length > 20) listed.push(`… and ${skipped.length - 20} more`);
	return listed.join('\n');
}

/** Bad incoming items: the error belongs to the first of them. */
class InvalidItemsError extends InvalidFieldError {
	constructor(
		readonly firstItem: number,
		problem: string,
		fix: string,
	) {
		super('Incoming Items', problem, fix);
	}
}

function badItemsError(skipped: SkippedItem[]): InvalidItemsError {
	const count = skipped.length === 1 ? '1 item has' : `${skipped.length} items have`;
	return new InvalidItemsError(
		skipped[0].item - 1,
		`${count} no valid recipient or value; nothing was sent`,
		`${listBadItems(skipped)}\n\nCorrect these items, or turn on Options → Skip Invalid Rows to send the other items only.`,
	);
}

export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	context: ExecutionContext,
): Promise<INodeExecutionData[]> {
	if (this.getNodeParameter('recipientsSource', 0) !== 'items')
		return await sendPerItem.call(this, items, context);
	try {
		return await sendFromItems.call(this, items, context);
	} catch (error) {
		// One campaign for all items: its error belongs to the first bad item, or to the batch as a whole.
		const nodeError = toNodeError(
			this,
			error,
			error instanceof InvalidItemsError ? error.firstItem : 0,
		);
		if (!this.continueOnFail()) throw nodeError;
		return [{ ...errorItem(nodeError, 0), pairedItem: items.map((_, item) => ({ item })) }];
	}
}
