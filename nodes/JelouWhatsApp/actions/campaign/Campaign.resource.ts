import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getResults from './getResults.operation';
import * as send from './send.operation';
import type { Operation } from '../../execution/types';
import { operationField } from '../common.descriptions';

export const operations: Record<string, Operation> = { get, getMany, getResults, send };

export const description: INodeProperties[] = [
	operationField('campaign', 'send', [
		{
			name: 'Get',
			value: 'get',
			action: 'Get a campaign',
			description:
				'Get one campaign by ID or name: its status, whether it is completed, when it starts or completed, and how many messages were delivered or failed',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many campaigns',
			description:
				'List the campaigns of the bot in a date range, with their status and number of rows',
		},
		{
			name: 'Get Results',
			value: 'getResults',
			action: 'Get the results of a campaign',
			description:
				'How the campaign went for each recipient (delivered, read, failed, replied), one item per recipient or back on the rows that made it',
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
	...get.description,
	...getMany.description,
	...getResults.description,
];
