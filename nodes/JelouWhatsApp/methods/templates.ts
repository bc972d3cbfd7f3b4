import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { createJelouClient } from '../transport';
import type { JelouClient } from '../transport';
import { extractTemplates, parameterCount } from '../helpers/templates';
import type { JelouTemplate } from '../helpers/templates';

const MAX_TEMPLATE_PAGES = 50;
/** Lists known to hold every approved template, so a name missing from them surely is not approved. */
const completeLists = new WeakSet<JelouTemplate[]>();

interface Pagination {
	page?: number;
	limit?: number;
	total?: number;
	totalPages?: number;
}

/**
 * The bot's approved templates: the ones WhatsApp lets the bot send. When Jelou answers page by page,
 * the following pages are fetched too, so the list is whole.
 */
export async function fetchApprovedTemplates(client: JelouClient): Promise<JelouTemplate[]> {
	const path = `/v1/bots/${encodeURIComponent(client.botId)}/templates`;
	const first = await client.request({ method: 'GET', path, query: { status: 'APPROVED' } });
	const templates = extractTemplates(first);
	const pagination = (first as { pagination?: Pagination } | undefined)?.pagination;
	if (Array.isArray(first) || Array.isArray((first as { data?: unknown } | undefined)?.data)) {
		completeLists.add(templates);
		return templates;
	}
	if (!pagination || typeof pagination.totalPages !== 'number' || typeof pagination.limit !== 'number') return templates;
	const lastPage = Math.min(pagination.totalPages, MAX_TEMPLATE_PAGES);
	for (let page = (pagination.page ?? 1) + 1; page <= lastPage; page++) {
		const next = await client.request({ method: 'GET', path, query: { status: 'APPROVED', page, limit: pagination.limit } });
		templates.push(...extractTemplates(next));
	}
	if (pagination.totalPages <= MAX_TEMPLATE_PAGES && (pagination.total === undefined || templates.length >= pagination.total)) {
		completeLists.add(templates);
	}
	return templates;
}

/** True when `templates` came whole from Jelou, so a template missing from it is not approved. */
export function isCompleteTemplateList(templates: JelouTemplate[]): boolean {
	return completeLists.has(templates);
}

export function describeTemplate(template: JelouTemplate): string {
	const count = parameterCount(template);
	const details = [template.elementName, template.language, count === undefined ? undefined : `${count} parameter${count === 1 ? '' : 's'}`];
	return `${template.displayName || template.elementName} (${details.filter(Boolean).join(', ')})`;
}

/** "From List" of the Template picker: approved templates, searchable by name. */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await createJelouClient(this);
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = (await fetchApprovedTemplates(client))
		.filter((template) => !needle || `${template.elementName} ${template.displayName ?? ''}`.toLowerCase().includes(needle))
		.sort((a, b) => a.elementName.localeCompare(b.elementName))
		.map((template) => ({ name: describeTemplate(template), value: template.elementName, description: template.template }));
	return { results };
}
