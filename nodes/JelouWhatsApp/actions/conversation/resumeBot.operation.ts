import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ExecutionContext } from '../../execution/types';
import { countryCodeOptions, phoneNumberField } from './fields';
import { changeState, describeStateChange, readStateChange } from './state.request';
import type { StateChange } from './state.request';

const properties: INodeProperties[] = [
	{
		...phoneNumberField,
		hint: 'Jelou’s bot answers this customer again, from where the conversation is',
	},
	countryCodeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['resumeBot'] } },
	properties,
);

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	context: ExecutionContext,
): Promise<StateChange> {
	return readStateChange.call(this, itemIndex, context.client.botId, 'auto');
}

export const execute = changeState;

export const dryRun = describeStateChange;
