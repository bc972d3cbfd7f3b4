import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CAMPAIGN_STATUSES, campaignListQuery } from './send.body';
import { toUtcDateTime } from '../../shared/dates';
import { requestPagedResults } from '../../transport/pages';
import type { CampaignListFilters } from './send.body';
import { InvalidFieldError } from '../../shared/validation';
import { filtersField, optionsNamedAfter } from '../common.descriptions';
import { readLimit, returnAllAndLimit } from '../list-limit';
import type { ExecutePrepared, ExecutionContext } from '../../execution/types';

const DEFAULT_RANGE_DAYS = 30;

const properties: INodeProperties[] = [
	{
		displayName: 'Created After',
		name: 'startAt',
		type: 'dateTime',
		default: '',
		description: 'Campaigns created from this moment on. Empty: 30 days before Created Before.',
	},
	{
		displayName: 'Created Before',
		name: 'endAt',
		type: 'dateTime',
		default: '',
		description: 'Campaigns created up to this moment. Empty: now.',
	},
	...returnAllAndLimit,
	filtersField([
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'COMPLETED',
			description: 'Only campaigns in this state',
			options: optionsNamedAfter(CAMPAIGN_STATUSES),
		},
		{
			displayName: 'Template Name',
			name: 'elementName',
			type: 'string',
			default: '',
			placeholder: 'e.g. order_confirmation',
			description: 'Only campaigns that sent this template (its element name)',
		},
	]),
];

const displayOptions = { show: { resource: ['campaign'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readFilters(
	this: IExecuteFunctions,
	itemIndex: number,
	botId: string,
): CampaignListFilters {
	const timeZone = this.getTimezone();
	const rawEnd = this.getNodeParameter('endAt', itemIndex, '') as unknown;
	// "Now" rounded up to the next second, so a campaign created a moment ago is inside the range.
	const endAt = rawEnd
		? toUtcDateTime(rawEnd, timeZone, 'Created Before')
		: toUtcDateTime(new Date(Math.ceil(Date.now() / 1000) * 1000), timeZone);
	const rawStart = this.getNodeParameter('startAt', itemIndex, '') as unknown;
	const startAt = rawStart
		? toUtcDateTime(rawStart, timeZone, 'Created After')
		: toUtcDateTime(new Date(Date.parse(endAt) - DEFAULT_RANGE_DAYS * 86_400_000), timeZone);
	if (Date.parse(startAt) > Date.parse(endAt)) {
		throw new InvalidFieldError(
			'Created After',
			`${startAt} is later than Created Before (${endAt})`,
			'Pick a Created After date before the Created Before date.',
		);
	}
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		status?: string;
		elementName?: string;
	};
	return {
		botId,
		startAt,
		endAt,
		status: filters.status,
		elementName: filters.elementName?.trim(),
	};
}

interface Prepared {
	filters: CampaignListFilters;
	/** Undefined for Return All. */
	limit?: number;
}

/** One listing per input item (each may filter differently), one output item per campaign. */
export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	context: ExecutionContext,
): Promise<Prepared> {
	return {
		filters: readFilters.call(this, itemIndex, context.client.botId),
		limit: readLimit.call(this, itemIndex, 'campaigns'),
	};
}

export const execute: ExecutePrepared<Prepared> = async (
	{ filters, limit },
	itemIndex,
	{ client },
) => {
	return await requestPagedResults(
		client,
		{
			path: '/v1/campaigns',
			query: (page, pageSize) => campaignListQuery(filters, page, pageSize),
			itemIndex,
		},
		limit,
	);
};
