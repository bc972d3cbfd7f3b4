import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toUnixMilliseconds } from '../../shared/dates';
import { InvalidFieldError, requireText } from '../../shared/validation';
import { requestPagedResults } from '../../transport/pages';
import { filtersField } from '../common.descriptions';
import { readLimit, returnAllAndLimit } from '../list-limit';
import type { ExecutePrepared } from '../../execution/types';

const properties: INodeProperties[] = [
	{
		displayName: 'Look Up',
		name: 'lookup',
		type: 'options',
		default: 'messageId',
		description: 'Find one message by its ID, or every message that matches filters',
		options: [
			{
				name: 'By Filters',
				value: 'filters',
				description: 'Messages of a campaign, a template or a date range',
			},
			{
				name: 'By Message ID',
				value: 'messageId',
				description: 'The ID Send Template or Send returned',
			},
		],
	},
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. msg-12345-67890-abcde',
		description: 'The ID of the message: the "ID" output of Send Template, or "messageId" of Send',
		displayOptions: { show: { lookup: ['messageId'] } },
	},
	filtersField(
		[
			{
				displayName: 'Campaign ID',
				name: 'campaignId',
				type: 'string',
				default: '',
				description: 'Messages sent with this Campaign ID',
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description: 'Messages sent at or after this time',
			},
			{
				displayName: 'Template Name',
				name: 'elementName',
				type: 'string',
				default: '',
				placeholder: 'e.g. order_confirmation',
				description: 'Messages of this template (its element name)',
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'dateTime',
				default: '',
				description: 'Messages sent at or before this time',
			},
		],
		{
			description: 'Only messages that match every filter given',
			displayOptions: { show: { lookup: ['filters'] } },
		},
	),
	...updateDisplayOptions({ show: { lookup: ['filters'] } }, returnAllAndLimit),
];

const displayOptions = { show: { resource: ['message'], operation: ['getStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export type Prepared =
	| { lookup: 'messageId'; messageId: string }
	| { lookup: 'filters'; query: Record<string, string>; limit: number | undefined };

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Prepared> {
	const lookup = this.getNodeParameter('lookup', itemIndex, 'messageId') as string;
	if (lookup === 'messageId') {
		const messageId = requireText(
			'Message ID',
			this.getNodeParameter('messageId', itemIndex, ''),
			'Enter the ID a send returned, or look up By Filters.',
		);
		return { lookup: 'messageId', messageId };
	}
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const timeZone = this.getTimezone();
	const from = toUnixMilliseconds(filters.from, 'Filters: From', timeZone);
	const to = toUnixMilliseconds(filters.to, 'Filters: To', timeZone);
	if (from !== undefined && to !== undefined && from > to) {
		throw new InvalidFieldError(
			'Filters: From',
			'is after To',
			'Pick a From time before the To time.',
		);
	}
	const query: Record<string, string> = {};
	for (const name of ['campaignId', 'elementName'] as const) {
		const value = String(filters[name] ?? '').trim();
		if (value !== '') query[name] = value;
	}
	if (from !== undefined) query.from = new Date(from).toISOString();
	if (to !== undefined) query.to = new Date(to).toISOString();
	return { lookup: 'filters', query, limit: readLimit.call(this, itemIndex, 'notifications') };
}

export const execute: ExecutePrepared<Prepared> = async (prepared, itemIndex, { client }) => {
	const path = `/v1/external/bots/${encodeURIComponent(client.botId)}/notifications`;
	if (prepared.lookup === 'messageId') {
		const notification = await client.request<IDataObject>({
			method: 'GET',
			path: `${path}/${encodeURIComponent(prepared.messageId)}`,
			itemIndex,
		});
		return [notification ?? {}];
	}
	const { query, limit } = prepared;
	return await requestPagedResults(
		client,
		{ path, query: (page, pageSize) => ({ ...query, page, limit: pageSize }), itemIndex },
		limit,
	);
};
