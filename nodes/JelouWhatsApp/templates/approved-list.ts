import { InvalidFieldError } from '../shared/validation';
import { botKey } from '../transport';
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

/** How long the n8n process reuses a bot's approved list before reading it again. */
export const APPROVED_LIST_TTL_MS = 60_000;
const MAX_CACHED_BOTS = 500;
/** Per base URL, client and bot (hashed, so no credential value is kept): the list and when it was asked for. */
const approvedLists = new Map<string, { askedAt: number; templates: Promise<JelouTemplate[]> }>();

/**
 * The bot's approved templates as one execution sees them: read from Jelou at most once a minute per n8n
 * process (a single send then costs one request, not two), read again at once when a template is missing from
 * the list or Jelou refused a send for its template, and at most once per execution.
 */
export class ApprovedTemplates {
	private refreshed: Promise<JelouTemplate[]> | undefined;
	private readonly key: string;

	constructor(private readonly client: JelouClient) {
		this.key = botKey(client.connection);
	}

	async list(): Promise<JelouTemplate[]> {
		const cached = approvedLists.get(this.key);
		if (cached && performance.now() - cached.askedAt < APPROVED_LIST_TTL_MS)
			return await cached.templates;
		return await this.fetchInto(this.key);
	}

	/** The approved template of that name (see findApproved), looked for again in a fresh list when missing. */
	async find(
		elementName: string,
		language = '',
	): Promise<{ template: JelouTemplate | undefined; templates: JelouTemplate[] }> {
		let templates = await this.list();
		let template = findApproved(templates, elementName, language);
		if (!template) {
			templates = await this.refresh();
			template = findApproved(templates, elementName, language);
		}
		return { template, templates };
	}

	/** Reads the list again now (once per execution: later calls share that read). */
	async refresh(): Promise<JelouTemplate[]> {
		return await (this.refreshed ??= this.fetchInto(this.key));
	}

	private async fetchInto(key: string): Promise<JelouTemplate[]> {
		const templates = fetchApprovedTemplates(this.client);
		approvedLists.delete(key);
		approvedLists.set(key, { askedAt: performance.now(), templates });
		if (approvedLists.size > MAX_CACHED_BOTS)
			approvedLists.delete(approvedLists.keys().next().value as string);
		// A failed read is not kept: the next item or execution asks again.
		templates.catch(() => {
			if (approvedLists.get(key)?.templates === templates) approvedLists.delete(key);
		});
		return await templates;
	}
}

/** Forgets every bot's list: the next send of each reads it again (a test's fresh start). */
export function forgetAllApprovedTemplates(): void {
	approvedLists.clear();
}

/** Template → Create knows the list changed: the next send reads it again. */
export function forgetApprovedTemplates(client: JelouClient): void {
	approvedLists.delete(botKey(client.connection));
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
