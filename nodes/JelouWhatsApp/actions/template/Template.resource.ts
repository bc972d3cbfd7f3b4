import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getMany from './getMany.operation';
import type { Operation } from '../../execution/types';

export const operations: Record<string, Operation> = { create, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a template',
				description:
					'Create a WhatsApp template (HSM) in Jelou and optionally submit it to WhatsApp for approval',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many templates',
				description: 'List the bot’s templates, filtered by status, category or name',
			},
		],
		default: 'create',
	},
	...create.description,
	...getMany.description,
];
