import type { IDataObject } from 'n8n-workflow';

import { InvalidFieldError } from '../shared/validation';
import type { JelouClient } from '../transport';

/** A template as Jelou lists it (`GET /v1/bots/{botId}/templates`). */
export interface JelouTemplate extends IDataObject {
	elementName: string;
	displayName?: string;
	template?: string;
	language?: string;
	status?: string;
	category?: string;
	type?: string;
	paramsNumber?: number;
	params?: Array<{ param: string; label?: string }>;
}

/** How many values a template needs: `paramsNumber`, or the length of `params` when that is missing. */
export function parameterCount(template: JelouTemplate): number | undefined {
	if (typeof template.paramsNumber === 'number') return template.paramsNumber;
	if (Array.isArray(template.params)) return template.params.length;
	return undefined;
}

export function describeTemplate(template: JelouTemplate): string {
	const count = parameterCount(template);
	const details = [
		template.elementName,
		template.language,
		count === undefined ? undefined : `${count} parameter${count === 1 ? '' : 's'}`,
	];
	return `${template.displayName || template.elementName} (${details.filter(Boolean).join(', ')})`;
}

const STATUSES = ['APPROVED', 'PENDING', 'REJECTED'];
const CATEGORIES = ['AUTHENTICATION', 'MARKETING', 'UTILITY'];

export interface TemplateListFilters {
	status?: string;
	category?: string;
	query?: string;
}

function choice(field: string, value: string | undefined, allowed: string[]): string | undefined {
	const text = String(value ?? '')
		.trim()
		.toUpperCase();
	if (text === '') return undefined;
	if (!allowed.includes(text)) {
		throw new InvalidFieldError(
			field,
			`"${String(value)}" is not one of ${allowed.join(', ')}`,
			`Use one of: ${allowed.join(', ')}.`,
		);
	}
	return text;
}

/** The query of `GET /v1/bots/{botId}/templates` with only the filters that are set. */
export function buildTemplateListQuery(filters: TemplateListFilters): Record<string, string> {
	const query: Record<string, string> = {};
	const status = choice('Status', filters.status, STATUSES);
	const category = choice('Category', filters.category, CATEGORIES);
	const search = String(filters.query ?? '').trim();
	if (search !== '') query.query = search;
	if (status) query.status = status;
	if (category) query.category = category;
	return query;
}

/** Jelou answers the template list as `{data: [...]}` or as `{results: [...], pagination}`; both mean the same. */
function extractTemplates(body: unknown): JelouTemplate[] {
	if (Array.isArray(body)) return body as JelouTemplate[];
	if (typeof body !== 'object' || body === null) return [];
	const { data, results } = body as { data?: unknown; results?: unknown };
	if (Array.isArray(data)) return data as JelouTemplate[];
	if (Array.isArray(results)) return results as JelouTemplate[];
	return [];
}

/** The next page to ask for when Jelou answered `{results, pagination}` and there is more; else undefined. */
export function nextTemplatePage(answer: unknown): number | undefined {
	if (typeof answer !== 'object' || answer === null) return undefined;
	const { pagination, results } = answer as {
		pagination?: { page?: unknown; totalPages?: unknown };
		results?: unknown;
	};
	if (!pagination || !Array.isArray(results) || results.length === 0) return undefined;
	const page = Number(pagination.page);
	const totalPages = Number(pagination.totalPages);
	if (!Number.isInteger(page) || !Number.isInteger(totalPages) || page >= totalPages)
		return undefined;
	return page + 1;
}

// Bounds a server that never names its last page.
const MAX_TEMPLATE_PAGES = 1000;
/** Lists known to hold every approved template, so a name missing from them surely is not approved. */
const completeLists = new WeakSet<JelouTemplate[]>();

/**
 * Templates of the bot matching `query`, up to `limit`. Jelou answers the list whole (`{data}`) or page by
 * page (`{results, pagination}`); the following pages are fetched too.
 */
export async function listTemplates(
	client: JelouClient,
	query: Record<string, string>,
	{ limit, itemIndex }: { limit?: number; itemIndex?: number } = {},
): Promise<JelouTemplate[]> {
	const path = `/v1/bots/${encodeURIComponent(client.botId)}/templates`;
	const templates: JelouTemplate[] = [];
	let page: number | undefined;
	for (let requests = 0; requests < MAX_TEMPLATE_PAGES; requests++) {
		const answer = await client.request<unknown>({
			method: 'GET',
			path,
			query: page === undefined ? query : { ...query, page },
			itemIndex,
		});
		templates.push(...extractTemplates(answer));
		if (limit !== undefined && templates.length >= limit) return templates.slice(0, limit);
		page = nextTemplatePage(answer);
		if (page === undefined) {
			completeLists.add(templates);
			break;
		}
	}
	return templates;
}

/** The bot's approved templates: the ones WhatsApp lets the bot send. */
export async function fetchApprovedTemplates(client: JelouClient): Promise<JelouTemplate[]> {
	return await listTemplates(client, { status: 'APPROVED' });
}

/** True when `templates` came whole from Jelou, so a template missing from it is not approved. */
export function isCompleteTemplateList(templates: JelouTemplate[]): boolean {
	return completeLists.has(templates);
}
