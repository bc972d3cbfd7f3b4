import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemFieldPath, readPath } from '../../shared/item-paths';
import { breathe } from '../../execution/concurrency';
import { csvFromRows } from './send.csv';
import { normalizePhoneNumber } from '../../shared/phone';
import { InvalidFieldError } from '../../shared/validation';
import { itemNumber } from '../../execution/item-errors';
import type { ExecutionContext } from '../../execution/types';
import {
	campaignBody,
	csvCampaign,
	firstRowsWanted,
	readCampaign,
	readOptions,
} from './send.common';
import type { Prepared } from './send.common';

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

/**
 * Incoming Items: one recipient per item, all in one CSV and one request, however many items; `indices` are the
 * items of this campaign (one bot's), read with the first one's settings. Reads and checks them; sends nothing.
 */
export async function prepareFromItems(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	context: ExecutionContext,
	indices: number[],
): Promise<Prepared> {
	const first = indices[0];
	const options = readOptions.call(this, first);
	const variables = Object.keys(
		(this.getNodeParameter('templateVariables.value', first, null) as Record<
			string,
			unknown
		> | null) ?? {},
	)
		.filter((id) => /^\d+$/.test(id))
		.sort((a, b) => Number(a) - Number(b));
	// Template Variables (version 2) when they are filled in, else the ordered Parameter Values.
	const valueFields =
		variables.length > 0
			? variables.map((id) => `templateVariables.value["${id}"]`)
			: (this.getNodeParameter('parameterValues.values', first, []) as unknown[]).map(
					(_, position) => `parameterValues.values[${position}].value`,
				);
	const parameterTotal = valueFields.length;
	const params = Array.from({ length: parameterTotal }, (_, position) => ({
		param: position + 1,
		column: `param_${position + 1}`,
	}));
	const campaign = await readCampaign.call(this, first, context, params, 'Parameter Values');
	const { fields } = campaign;
	const body = campaignBody(fields, options);

	const readPhone = itemReader.call(this, items, 'phoneNumber');
	const readValues = valueFields.map((name) => itemReader.call(this, items, name));
	const rows: string[][] = [];
	const skipped: SkippedItem[] = [];
	let phoneNumbersRewritten = 0;
	for (const itemIndex of indices) {
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
	const firstRows = rows
		.slice(0, firstRowsWanted(context))
		.map((row) => Object.fromEntries(header.map((name, position) => [name, row[position]])));
	return csvCampaign(
		context,
		campaign,
		body,
		{ name: fileName, open: csvFromRows(header, rows), firstRows },
		{
			rowsSent: rows.length,
			rowsSkipped: skipped as unknown as IDataObject[],
			phoneNumbersRewritten,
		},
	);
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
export class InvalidItemsError extends InvalidFieldError {
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
