import type { IDataObject } from 'n8n-workflow';

import { CSV_HEADER_NAME } from './send.csv';
import { parameterCount } from '../../templates/model';
import type { JelouTemplate } from '../../templates/model';
import { InvalidFieldError } from '../../shared/validation';

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
 * The body of POST /v1/hsm/file (https://docs.jelou.ai/en/api/campanas/envio-masivo), in the doc's field
 * order. `type` stays out when it is text, Jelou's default, as in the doc's multipart example.
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
