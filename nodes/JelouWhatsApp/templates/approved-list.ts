import { InvalidFieldError } from '../shared/validation';
import type { JelouClient } from '../transport';
import { collectPages } from '../transport/pages';
import { TEMPLATE_CATEGORY_VALUES, TEMPLATE_STATUSES } from './model';
import type { JelouTemplate } from './model';

export interface TemplateListFilters {
	status?: string;
	category?: string;
	query?: string;
}

function choice(
	field: string,
	value: string | undefined,
	allowed: readonly string[],
): string | undefined {
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
	const status = choice('Status', filters.status, TEMPLATE_STATUSES);
	const category = choice('Category', filters.category, TEMPLATE_CATEGORY_VALUES);
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
	const { entries, complete } = await collectPages(
		client,
		{
			path: `/v1/bots/${encodeURIComponent(client.botId)}/templates`,
			itemIndex,
			query: (page) => (page === undefined ? query : { ...query, page }),
			read: (answer) => ({ entries: extractTemplates(answer), next: nextTemplatePage(answer) }),
		},
		limit,
	);
	if (complete) completeLists.add(entries);
	return entries;
}

/** The bot's approved templates: the ones WhatsApp lets the bot send. */
export async function fetchApprovedTemplates(client: JelouClient): Promise<JelouTemplate[]> {
	return await listTemplates(client, { status: 'APPROVED' });
}

/** True when `templates` came whole from Jelou, so a template missing from it is not approved. */
export function isCompleteTemplateList(templates: JelouTemplate[]): boolean {
	return completeLists.has(templates);
}

/**
 * The approved template of that name; when it exists in several languages, the one in `language` if set,
 * else the first listed.
 */
export function findApproved(
	templates: JelouTemplate[],
	elementName: string,
	language = '',
): JelouTemplate | undefined {
	const named = templates.filter((candidate) => candidate.elementName === elementName);
	return named.find((candidate) => language !== '' && candidate.language === language) ?? named[0];
}
