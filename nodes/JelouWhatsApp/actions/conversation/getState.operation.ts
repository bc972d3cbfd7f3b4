import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ExecutePrepared } from '../../execution/types';
import { countryCodeOptions, phoneNumberField, readPhoneNumber } from './fields';
import { stateOutput } from './state.body';

const properties: INodeProperties[] = [
	{
		...phoneNumberField,
		hint: 'Outputs Jelou’s state (auto: the bot answers; manual: a person or your workflow does) and botAnswers',
	},
	countryCodeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getState'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	return readPhoneNumber.call(this, itemIndex);
}

export const execute: ExecutePrepared<string> = async (userId, itemIndex, { client }) => {
	const answer = await client.request({
		method: 'GET',
		path: `/v1/users/${encodeURIComponent(userId)}/state`,
		itemIndex,
	});
	return [stateOutput(answer)];
};
