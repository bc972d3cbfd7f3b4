import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { ExecutePrepared } from '../../execution/types';
import { customerFields, prepareCustomer, readPhoneNumber, UNKNOWN_CUSTOMER_FIX } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getMemory'] } },
	customerFields(
		'Outputs the values Jelou keeps for this customer (what bot flows and Set Memory stored), e.g. {{ $json.orderNumber }}, and userId, the customer’s number',
	),
);

export const prepare = prepareCustomer;
export const customerOf = readPhoneNumber;

export const execute: ExecutePrepared<string> = async (userId, itemIndex, { client }) => {
	const answer = await client.request({
		method: 'GET',
		path: `/v1/users/${encodeURIComponent(userId)}/cache`,
		query: { botId: client.botId },
		itemIndex,
		fixes: { 404: UNKNOWN_CUSTOMER_FIX },
	});
	// Nothing stored yet: an empty memory, not an error. userId names the customer, as in Set Memory's output.
	const memory =
		typeof answer === 'object' && answer !== null && !Array.isArray(answer)
			? (answer as IDataObject)
			: {};
	return [{ ...memory, userId }];
};
