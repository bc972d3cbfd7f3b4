import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	ResourceMapperFields,
} from 'n8n-workflow';

import { createJelouClient } from '../transport';
import { describeTemplate, fetchApprovedTemplates } from '../transport/templates';
import { templateVariableFields } from '../helpers/template-variables';

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

/** Template Variables of Send Template (version 2): one field per variable of the picked template, one list request per load. */
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
				'Pick a template to see its variables. For a template given by an expression, use Parameters below.',
		};
	}
	const template = (await fetchApprovedTemplates(await createJelouClient(this))).find(
		(candidate) => candidate.elementName === elementName,
	);
	if (!template)
		return {
			fields: [],
			emptyFieldsNotice: `"${elementName}" is not an approved template of this bot; use Parameters below if it is.`,
		};
	return {
		fields: templateVariableFields(template),
		emptyFieldsNotice: 'This template has no variables.',
	};
}
