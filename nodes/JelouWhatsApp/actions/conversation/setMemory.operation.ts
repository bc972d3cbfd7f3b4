import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';

import { dryRunOf } from '../../execution/dry-run';
import type { ExecutePrepared, ExecutionContext } from '../../execution/types';
import { InvalidFieldError } from '../../shared/validation';
import { WRITES_MEMORY } from '../../shared/request-effects';
import type { JelouRequest } from '../../transport';
import {
	countryCodeOptions,
	phoneNumberField,
	readPhoneNumber,
	readValues,
	valuesFields,
} from './fields';
import { failedAnswerMessage, setMemoryBody } from './memory.body';

const LABEL = 'Values to Remember';

const properties: INodeProperties[] = [
	phoneNumberField,
	...valuesFields(
		LABEL,
		'Values Jelou keeps for this customer, for the bot’s flows to use (e.g. an order number to greet them by). They are added to what is stored; a key already there gets the new value.',
	),
	countryCodeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['setMemory'] } },
	properties,
);

interface Prepared {
	userId: string;
	params: IDataObject;
	request: JelouRequest;
}

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: ExecutionContext,
): Promise<Prepared> {
	const userId = readPhoneNumber.call(this, itemIndex);
	const params = readValues.call(this, itemIndex, LABEL);
	if (Object.keys(params).length === 0)
		throw new InvalidFieldError(LABEL, 'no value given', 'Add at least one key and its value.');
	return {
		userId,
		params,
		request: {
			method: 'POST',
			path: `/v1/users/${encodeURIComponent(userId)}/cache`,
			json: setMemoryBody(client.botId, params),
			itemIndex,
			effect: WRITES_MEMORY,
		},
	};
}

export const customerOf = readPhoneNumber;

export const execute: ExecutePrepared<Prepared> = async function (
	{ userId, params, request },
	itemIndex,
	{ client },
) {
	const answer = await client.request<IDataObject | undefined>(request);
	const failure = failedAnswerMessage(answer);
	if (failure)
		throw new NodeApiError(this.getNode(), (answer ?? {}) as JsonObject, {
			message: `Jelou did not store the values: ${failure}`,
			description:
				'Jelou answered HTTP 200 with "status": "failed", so nothing was stored. Check the Phone Number: Jelou keeps memory only for customers who wrote to this bot.',
			httpCode: '200',
			itemIndex,
		});
	return [{ ...(answer ?? {}), userId, values: params }];
};

export const dryRun = dryRunOf(({ request }: Prepared) => request);
