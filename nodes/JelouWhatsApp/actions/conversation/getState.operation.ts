import { updateDisplayOptions } from 'n8n-workflow';

import type { ExecutePrepared } from '../../execution/types';
import { customerFields, prepareCustomer, readPhoneNumber, UNKNOWN_CUSTOMER_FIX } from './fields';
import { stateOutput } from './state.body';

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getState'] } },
	customerFields(
		'Outputs Jelou’s state (auto: the bot answers; manual: a person or your workflow does) and botAnswers',
	),
);

export const prepare = prepareCustomer;
export const customerOf = readPhoneNumber;

export const execute: ExecutePrepared<string> = async (userId, itemIndex, { client }) => {
	const answer = await client.request({
		method: 'GET',
		path: `/v1/users/${encodeURIComponent(userId)}/state`,
		itemIndex,
		fixes: { 404: UNKNOWN_CUSTOMER_FIX },
	});
	return [stateOutput(answer)];
};
