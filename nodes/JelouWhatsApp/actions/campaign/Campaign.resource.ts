import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as send from './send.operation';
import type { Operation } from '../../execution/types';
import { operationField } from '../common.descriptions';

export const operations: Record<string, Operation> = { getMany, send };

export const description: INodeProperties[] = [
	operationField('campaign', 'send', [
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many campaigns',
			description:
				'List the campaigns of the bot in a date range, with their status and number of rows',
		},
		{
			name: 'Send',
			value: 'send',
			action: 'Send a campaign',
			description:
				'Send an approved template to many recipients from a CSV file, a CSV link or the incoming items',
		},
	]),
	...send.description,
	...getMany.description,
];
