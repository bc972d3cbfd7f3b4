import type { INodeProperties } from 'n8n-workflow';

import * as sendTemplate from './sendTemplate.operation';
import type { Operation } from '../types';

export const operations: Record<string, Operation> = { sendTemplate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send Template',
				value: 'sendTemplate',
				action: 'Send a template message',
				description: 'Send an approved WhatsApp template (HSM) to one or more phone numbers; works outside the 24-hour window',
			},
		],
		default: 'sendTemplate',
	},
	...sendTemplate.description,
];
