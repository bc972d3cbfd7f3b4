import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	ResourceMapperFields,
} from 'n8n-workflow';

import { createJelouClient } from '../transport';
import type { JelouClient } from '../transport';
import { nextTemplatePage } from '../helpers/template-list';
import { extractTemplates, parameterCount } from '../helpers/templates';
import type { JelouTemplate } from '../helpers/templates';
import { templateFields } from '../helpers/template-fields';
import type { TemplateFieldsFor } from '../helpers/template-fields';

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

export function describeTemplate(template: JelouTemplate): string {
	const count = parameterCount(template);
	const details = [
		template.elementName,
		template.language,
		count === undefined ? undefined : `${count} parameter${count === 1 ? '' : 's'}`,
	];
	return `${template.displayName || template.elementName} (${details.filter(Boolean).join(', ')})`;
}

/** "From List" of the Template picker: approved templates, searchable by name. */
export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await createJelouClient(this);
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = (await fetchApprovedTemplates(client))
		.filter(
			(template) =>
				!needle ||
				`${template.elementName} ${template.displayName ?? ''}`.toLowerCase().includes(needle),
		)
		.sort((a, b) => a.elementName.localeCompare(b.elementName))
		.map((template) => ({
			name: describeTemplate(template),
			value: template.elementName,
			description: template.template,
		}));
	return { results };
}

/**
 * Template Variables (version 2): the picked template's text, then one field per value it leaves open,
 * from one list request per load. Campaign → Send asks for the variables only with Incoming Items (a CSV
 * maps them to columns) and never for buttons or cards, which Jelou's bulk send does not take.
 */
export async function getTemplateVariables(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	// Read raw: an expression cannot be resolved here, and means a different template per item.
	const locator = this.getNodeParameter('template', {}, { rawExpressions: true }) as
		{ value?: unknown } | string;
	const elementName = String((typeof locator === 'object' ? locator.value : locator) ?? '').trim();
	if (elementName === '' || elementName.startsWith('=')) {
		return {
			fields: [],
			emptyFieldsNotice:
				'Pick a template to see its text and the values it needs. For a template given by an expression, fill the fields below.',
		};
	}
	const language = String(this.getNodeParameter('language', '') ?? '');
	const named = (await fetchApprovedTemplates(await createJelouClient(this))).filter(
		(candidate) => candidate.elementName === elementName,
	);
	const template =
		named.find((candidate) => language !== '' && candidate.language === language) ?? named[0];
	if (!template)
		return {
			fields: [],
			emptyFieldsNotice: `"${elementName}" is not an approved template of this bot: pick one from the list.`,
		};
	const fieldsFor: TemplateFieldsFor =
		this.getNodeParameter('operation', '') !== 'send'
			? 'sendTemplate'
			: this.getNodeParameter('recipientsSource', 'items') === 'items'
				? 'campaignItems'
				: 'campaignFile';
	return {
		fields: templateFields(template, fieldsFor),
		emptyFieldsNotice: 'This template leaves nothing open: it is sent as approved.',
	};
}
