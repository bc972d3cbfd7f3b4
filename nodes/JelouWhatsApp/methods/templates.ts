import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	ResourceMapperFields,
} from 'n8n-workflow';

import { pickerClient } from './bot';
import { fetchApprovedTemplates, findApproved } from '../templates/approved-list';
import { describeTemplate } from '../templates/model';
import { templateFields } from '../templates/fields';
import type { TemplateFieldsFor } from '../templates/fields';

/** "From List" of the Template picker: approved templates, searchable by name. */
export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await pickerClient(this);
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
				'Pick a template to see its text and the values it needs. A template given by an expression brings the fields to fill by hand instead.',
		};
	}
	const language = String(this.getNodeParameter('language', '') ?? '');
	const approved = await fetchApprovedTemplates(await pickerClient(this));
	const template = findApproved(approved, elementName, language);
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
