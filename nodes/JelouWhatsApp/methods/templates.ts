import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { createJelouClient } from '../transport';
import type { JelouClient } from '../transport';
import { extractTemplates, parameterCount } from '../helpers/templates';
import type { JelouTemplate } from '../helpers/templates';

/** The bot's approved templates: the ones WhatsApp lets the bot send. */
export async function fetchApprovedTemplates(client: JelouClient): Promise<JelouTemplate[]> {
	const body = await client.request({
		method: 'GET',
		path: `/v1/bots/${encodeURIComponent(client.botId)}/templates`,
		query: { status: 'APPROVED' },
	});
	return extractTemplates(body);
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
