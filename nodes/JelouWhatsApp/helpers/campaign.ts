import type { IDataObject } from 'n8n-workflow';

import { CSV_HEADER_NAME } from './csv';
import { formatUtc, requireFutureInstant, toUnixMilliseconds } from './message-dates';
import { parameterCount } from '../transport/templates';
import type { JelouTemplate } from '../transport/templates';
import { InvalidFieldError } from './validation';

export const CAMPAIGN_TYPES = ['text', 'image', 'document', 'video'] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];
export const CAMPAIGN_STATUSES = ['COMPLETED', 'IN_PROGRESS', 'PENDING', 'SCHEDULED'] as const;

export interface ParamMapping {
	param: number;
	column: string;
}

export interface CampaignFields {
	campaignName: string;
	botId: string;
	elementName: string;
	params: ParamMapping[];
	type?: CampaignType;
	mediaUrl?: string;
	fileUrl?: string;
	buttonPayloads?: IDataObject[];
	actions?: IDataObject;
	scheduledAt?: string;
}

/**
 * The body of POST /v1/hsm/file (bulk-send-hsm-file.txt), in the doc's field order. `type` stays out
 * when it is text, Jelou's default, as in the doc's multipart example.
 */
export function buildCampaignBody(fields: CampaignFields): IDataObject {
	const body: IDataObject = {
		campaignName: fields.campaignName,
		botId: fields.botId,
		elementName: fields.elementName,
		params: fields.params.map(({ param, column }) => ({ param, column })),
	};
	if (fields.mediaUrl !== undefined) body.mediaUrl = fields.mediaUrl;
	if (fields.type !== undefined && fields.type !== 'text') body.type = fields.type;
	if (fields.fileUrl !== undefined) body.fileUrl = fields.fileUrl;
	if (fields.buttonPayloads?.length) body.buttonPayloads = fields.buttonPayloads;
	if (fields.actions !== undefined) body.actions = fields.actions;
	if (fields.scheduledAt !== undefined) body.scheduledAt = fields.scheduledAt;
	return body;
}

/** The body as multipart form fields, as the doc's curl sends them: text as is, arrays and objects as JSON. */
export function toFormFields(body: IDataObject): Array<[string, string]> {
	return Object.entries(body)
		.filter(([, value]) => value !== undefined && value !== null)
		.map(([name, value]) => [
			name,
			typeof value === 'object' ? JSON.stringify(value) : String(value),
		]);
}

/** `params` from the CSV columns of {{1}}, {{2}}, … in order; `[]` for a template without parameters. */
export function mapParamsToColumns(
	columns: unknown[],
	field = 'Parameter Columns',
): ParamMapping[] {
	return columns.map((raw, position) => {
		const column = String(raw ?? '').trim();
		if (column === '') {
			throw new InvalidFieldError(
				field,
				`parameter ${position + 1} has no column`,
				'Enter the header name of the CSV column that holds this parameter, e.g. customer_name.',
			);
		}
		if (!CSV_HEADER_NAME.test(column)) {
			throw new InvalidFieldError(
				field,
				`"${column}" (parameter ${position + 1}) is not a valid column name`,
				'CSV column names have letters, digits and _ only; enter it exactly as in the header.',
			);
		}
		return { param: position + 1, column };
	});
}

/** Checks what can be checked against the approved template: how many parameters, and its media type. */
export function checkAgainstTemplate(
	template: JelouTemplate | undefined,
	parameterTotal: number,
	type: CampaignType,
	field: string,
): void {
	if (!template) return;
	const expected = parameterCount(template);
	if (expected !== undefined && expected !== parameterTotal) {
		throw new InvalidFieldError(
			field,
			`the template ${template.elementName} has ${expected} parameter${expected === 1 ? '' : 's'}, ${parameterTotal} ${parameterTotal === 1 ? 'is' : 'are'} mapped`,
			expected === 0
				? 'Remove every parameter: this template has none.'
				: `Map exactly ${expected}, one for each of {{1}} to {{${expected}}}, in order.`,
		);
	}
	const templateType = String(template.type ?? '').toLowerCase();
	const mediaType = ['image', 'video', 'document'].includes(templateType) ? templateType : 'text';
	if (template.type !== undefined && mediaType !== type) {
		throw new InvalidFieldError(
			'Type',
			`the template ${template.elementName} is ${mediaType === 'image' ? 'an' : 'a'} ${mediaType} template, not ${type}`,
			`Set Type to ${mediaType[0].toUpperCase()}${mediaType.slice(1)}.`,
		);
	}
}

/**
 * A date from the n8n editor or an expression as the UTC date-time Jelou wants ("2023-11-07T05:31:56Z").
 * The date picker gives a wall time without offset, meant in the workflow's time zone.
 */
export function toUtcDateTime(value: unknown, timeZone: string, field = 'Scheduled At'): string {
	const instant = toUnixMilliseconds(value, field, timeZone);
	if (instant === undefined)
		throw new InvalidFieldError(field, 'is empty', 'Pick a date and time.');
	return formatUtc(Math.floor(instant / 1000) * 1000);
}

/** A campaign scheduled in the past would go out at once or be refused; either way not what the user meant. */
export function requireFuture(utcDateTime: string, now: number, field = 'Scheduled At'): string {
	requireFutureInstant(
		Date.parse(utcDateTime),
		field,
		now,
		'Pick a later date and time, or leave Scheduled At empty to send now.',
	);
	return utcDateTime;
}

export interface CampaignListFilters {
	botId: string;
	startAt: string;
	endAt: string;
	status?: string;
	elementName?: string;
}

/** The query of GET /v1/campaigns for one page. */
export function campaignListQuery(
	filters: CampaignListFilters,
	page: number,
	limit: number,
): Record<string, string | number> {
	const query: Record<string, string | number> = {
		botId: filters.botId,
		startAt: filters.startAt,
		endAt: filters.endAt,
		page,
		limit,
	};
	if (filters.elementName) query.elementName = filters.elementName;
	if (filters.status) query.status = filters.status;
	return query;
}

const JSON_PATH_EXPRESSION =
	/^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*'|\d+)\s*\])+)\s*\}\}$/;
const JSON_PATH_SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)'|(\d+))\s*\]/g;

/**
 * The field path of an expression that only reads the item, such as `={{ $json.phone }}` or
 * `={{ $json["first name"] }}`; undefined for any other expression. Reading such a field straight
 * from the item gives what n8n's evaluation gives, thousands of times faster on large campaigns.
 */
export function itemFieldPath(expression: unknown): string[] | undefined {
	if (typeof expression !== 'string') return undefined;
	const match = JSON_PATH_EXPRESSION.exec(expression.trim());
	if (!match) return undefined;
	return [...match[1].matchAll(JSON_PATH_SEGMENT)].map(
		(segment) => segment[1] ?? segment[2] ?? segment[3] ?? segment[4],
	);
}

/** The value at `path` in `data`, undefined when any step is missing. */
export function readPath(data: unknown, path: string[]): unknown {
	let value = data;
	for (const key of path) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}
