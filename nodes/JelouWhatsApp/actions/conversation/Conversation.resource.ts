import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../execution/types';
import * as getHistory from './getHistory.operation';
import * as getMemory from './getMemory.operation';
import * as getState from './getState.operation';
import * as pauseBot from './pauseBot.operation';
import * as resumeBot from './resumeBot.operation';
import * as setMemory from './setMemory.operation';
import * as startBotFlow from './startBotFlow.operation';
import { operationField } from '../common.descriptions';

export const operations: Record<string, Operation> = {
	getHistory,
	getMemory,
	getState,
	pauseBot,
	resumeBot,
	setMemory,
	startBotFlow,
};

export const description: INodeProperties[] = [
	operationField('conversation', 'getState', [
		{
			name: 'Get History',
			value: 'getHistory',
			action: 'Get the messages of a conversation',
			description:
				'Read what a customer and the bot said, one item per message in time order: one customer’s latest messages or the whole bot’s',
		},
		{
			name: 'Get Memory',
			value: 'getMemory',
			action: 'Get the memory of a customer',
			description:
				'Read the values Jelou keeps for a customer, such as an order number a flow stored',
		},
		{
			name: 'Get State',
			value: 'getState',
			action: 'Get who answers a customer',
			description:
				'Whether Jelou’s bot answers the customer (auto) or a person or your workflow does (manual)',
		},
		{
			name: 'Pause Bot',
			value: 'pauseBot',
			action: 'Pause the bot for a customer',
			description:
				'Stop Jelou’s bot answering a customer so a person or an AI agent takes over (state manual), until Resume Bot or for a set time',
		},
		{
			name: 'Resume Bot',
			value: 'resumeBot',
			action: 'Resume the bot for a customer',
			description: 'Give the customer back to Jelou’s bot (state auto)',
		},
		{
			name: 'Set Memory',
			value: 'setMemory',
			action: 'Set values in the memory of a customer',
			description:
				'Store values for a customer that the bot’s flows read, such as an order number; added to what is there',
		},
		{
			name: 'Start Bot Flow',
			value: 'startBotFlow',
			action: 'Move a customer to a bot flow',
			description:
				'Hand the customer to one flow of the Jelou bot (a skill), with values for it; needs an active session (the customer wrote in the last 24 hours)',
		},
	]),
	...pauseBot.description,
	...resumeBot.description,
	...getState.description,
	...startBotFlow.description,
	...getMemory.description,
	...setMemory.description,
	...getHistory.description,
];
