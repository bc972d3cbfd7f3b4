import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ExecutePrepared } from '../../execution/types';
import { toUnixMilliseconds } from '../../shared/dates';
import { numberOf, textOf } from '../../shared/validation';
import { requestPagedResults } from '../../transport/pages';
import { defaultCountryCodeOption, optionsField } from '../common.descriptions';
import { readLimit, returnAllAndLimit } from '../list-limit';
import { normalizePhoneNumber } from '../../shared/phone';
import { phoneNumberField, readPhoneNumber, UNKNOWN_CUSTOMER_FIX } from './fields';
import {
	botHistoryQuery,
	customerHistoryQuery,
	HISTORY_PAGE_MAX,
	inTimeOrder,
	messagesOf,
	simplifyMessage,
} from './getHistory.body';

const forCustomer = { show: { historyOf: ['customer'] } };
const forBot = { show: { historyOf: ['bot'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'History Of',
		name: 'historyOf',
		type: 'options',
		default: 'customer',
		options: [
			{
				name: 'One Customer',
				value: 'customer',
				description:
					'The latest messages of one conversation, e.g. for an AI agent to read before it answers',
			},
			{
				name: 'Whole Bot',
				value: 'bot',
				description:
					'Messages of every customer of the bot, page after page, filtered by time or message',
			},
		],
	},
	{ ...phoneNumberField, displayOptions: forCustomer },
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: HISTORY_PAGE_MAX },
		default: 50,
		description: 'Max number of results to return',
		hint: 'The latest messages, at most 50 (Jelou’s largest page); output oldest first',
		displayOptions: forCustomer,
	},
	...updateDisplayOptions(forBot, returnAllAndLimit),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return each message as {userId, from, type, text, mediaUrl, messageId, at} (userId: the customer’s number; from: customer, bot or operator) instead of Jelou’s full message',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'eachMessage',
		description: 'One item per message, or one item that holds them all as a list',
		hint: 'One Item With All Messages also outputs an item for a customer without messages (an empty list), so the workflow goes on',
		options: [
			{
				name: 'One Item per Message',
				value: 'eachMessage',
				description: 'Nothing is output when there are no messages, and the workflow stops there',
			},
			{
				name: 'One Item With All Messages',
				value: 'oneItem',
				description:
					'{userId, messages: […]} for one customer, {messages: […]} for the whole bot; the list is empty when there are none',
			},
		],
	},
	optionsField(
		'options',
		[
			defaultCountryCodeOption,
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				default: 'older',
				description:
					'Which messages to read, as seen from the Reference Message ID. Used only with a Reference Message ID: without one, the latest messages are read.',
				hint: 'Only with a Reference Message ID; without one, the latest messages are read',
				options: [
					{ name: 'Newer', value: 'newer', description: 'The messages after it' },
					{ name: 'Older', value: 'older', description: 'The messages before it' },
				],
			},
			{
				displayName: 'Reference Message ID',
				name: 'messageId',
				type: 'string',
				default: '',
				description:
					'Read from this message on (in the Direction above) instead of the latest, e.g. to page back through a long conversation',
			},
		],
		forCustomer,
	),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: forBot,
		options: [
			{
				displayName: 'Customer Phone Number',
				name: 'clientId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 593991234567',
				description:
					'Only this customer’s messages: the phone number with country code (Jelou’s clientId). +, spaces, dashes and parentheses are removed.',
			},
			{
				displayName: 'From',
				name: 'startAt',
				type: 'dateTime',
				default: '',
				description: 'Messages sent or received at or after this time',
			},
			{
				displayName: 'Message ID',
				name: 'messageId',
				type: 'string',
				default: '',
				description: 'Only the conversation that holds this message',
			},
			{
				displayName: 'To',
				name: 'endAt',
				type: 'dateTime',
				default: '',
				description: 'Messages sent or received at or before this time',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getHistory'] } },
	properties,
);

type Prepared = { simplify: boolean; oneItem: boolean } & (
	| { historyOf: 'customer'; userId: string; query: Record<string, string | number> }
	| { historyOf: 'bot'; query: Record<string, string>; limit?: number }
);

const optionalText = (field: string, value: unknown) => textOf(field, value).trim() || undefined;

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Prepared> {
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const oneItem = this.getNodeParameter('output', itemIndex, 'eachMessage') === 'oneItem';
	if (this.getNodeParameter('historyOf', itemIndex, 'customer') === 'customer') {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const limit = numberOf(
			'Limit',
			this.getNodeParameter('limit', itemIndex, 50),
			`Enter how many messages to read, at most ${HISTORY_PAGE_MAX}.`,
		);
		return {
			simplify,
			oneItem,
			historyOf: 'customer',
			userId: readPhoneNumber.call(this, itemIndex),
			query: customerHistoryQuery({
				limit,
				direction: options.direction as string | undefined,
				messageId: optionalText('Reference Message ID', options.messageId),
			}),
		};
	}
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const timeZone = this.getTimezone();
	const clientId = optionalText('Filters: Customer Phone Number', filters.clientId);
	return {
		simplify,
		oneItem,
		historyOf: 'bot',
		query: botHistoryQuery({
			startAt: toUnixMilliseconds(filters.startAt, 'Filters: From', timeZone),
			endAt: toUnixMilliseconds(filters.endAt, 'Filters: To', timeZone),
			messageId: optionalText('Filters: Message ID', filters.messageId),
			clientId: clientId && normalizePhoneNumber(clientId, 'Filters: Customer Phone Number'),
		}),
		limit: readLimit.call(this, itemIndex, 'messages'),
	};
}

/** The customer of a One Customer history, for the item's errors. */
export function customerOf(this: IExecuteFunctions, itemIndex: number): string | undefined {
	const oneCustomer = this.getNodeParameter('historyOf', itemIndex, 'customer') === 'customer';
	return oneCustomer ? readPhoneNumber.call(this, itemIndex) : undefined;
}

/** Jelou's 404 for one customer's history: an unknown customer or, when one is given, an unknown reference message. */
const historyNotFoundFix = (query: Record<string, string | number>) =>
	query.messageId === undefined
		? UNKNOWN_CUSTOMER_FIX
		: `Either the Reference Message ID is not a message of this customer (check it, or leave it empty for the latest messages), or ${UNKNOWN_CUSTOMER_FIX.charAt(0).toLowerCase()}${UNKNOWN_CUSTOMER_FIX.slice(1)}`;

/** One item per message, oldest first; or one item with them all. */
export const execute: ExecutePrepared<Prepared> = async (prepared, itemIndex, { client }) => {
	const botPath = encodeURIComponent(client.botId);
	let messages: IDataObject[];
	if (prepared.historyOf === 'customer') {
		const answer = await client.request({
			method: 'GET',
			path: `/v1/bots/${botPath}/users/${encodeURIComponent(prepared.userId)}/history`,
			query: prepared.query,
			itemIndex,
			fixes: { 404: historyNotFoundFix(prepared.query) },
		});
		messages = messagesOf(answer);
	} else {
		const { query } = prepared;
		messages = await requestPagedResults(
			client,
			{
				path: `/v1/external/messages/history/${botPath}`,
				query: (page, pageSize) => ({ ...query, page, limit: pageSize }),
				itemIndex,
			},
			prepared.limit,
		);
	}
	const ordered = inTimeOrder(messages);
	const output = prepared.simplify ? ordered.map(simplifyMessage) : ordered;
	if (!prepared.oneItem) return output;
	return [
		prepared.historyOf === 'customer'
			? { userId: prepared.userId, messages: output }
			: { messages: output },
	];
};
