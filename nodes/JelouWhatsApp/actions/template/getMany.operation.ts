import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildTemplateListQuery, listTemplates } from '../../templates/approved-list';
import type { TemplateListFilters } from '../../templates/approved-list';
import { filtersField, optionsNamedAfter } from '../common.descriptions';
import { readLimit, returnAllAndLimit } from '../list-limit';
import type { ExecutePrepared } from '../../execution/types';
import { TEMPLATE_CATEGORIES, TEMPLATE_STATUSES } from '../../templates/model';

// A listing per input item, as n8n's own Get Many operations do: filters may be expressions that
// differ per item (e.g. one search per incoming row), and one input item gives one listing.
const properties: INodeProperties[] = [
	...returnAllAndLimit,
	filtersField([
		{
			displayName: 'Category',
			name: 'category',
			type: 'options',
			default: 'UTILITY',
			description: 'Only templates of this category',
			options: TEMPLATE_CATEGORIES.map(({ name, value }) => ({ name, value })),
		},
		{
			displayName: 'Search',
			name: 'query',
			type: 'string',
			default: '',
			placeholder: 'e.g. order',
			description: 'Only templates whose element name or display name contains this text',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'APPROVED',
			description: 'Only templates with this WhatsApp review status. Approved ones can be sent.',
			options: optionsNamedAfter(TEMPLATE_STATUSES),
		},
	]),
];

const displayOptions = { show: { resource: ['template'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface Prepared {
	query: Record<string, string>;
	/** Undefined for Return All. */
	limit?: number;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Prepared> {
	const query = buildTemplateListQuery(
		this.getNodeParameter('filters', itemIndex, {}) as TemplateListFilters,
	);
	return { query, limit: readLimit.call(this, itemIndex, 'templates') };
}

export const execute: ExecutePrepared<Prepared> = async (prepared, itemIndex, { client }) => {
	return await listTemplates(client, prepared.query, { limit: prepared.limit, itemIndex });
};
