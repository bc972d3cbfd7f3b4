import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';
import * as send from './send.operation';
import * as sendTemplate from './sendTemplate.operation';
import type { Operation } from '../../execution/types';
import { operationField } from '../common.descriptions';

export const operations: Record<string, Operation> = { getStatus, send, sendTemplate };

export const description: INodeProperties[] = [
	operationField('message', 'sendTemplate', [
		{
			name: 'Get Status',
			value: 'getStatus',
			action: 'Get the delivery status of messages',
			description:
				'Look up whether messages were delivered, read, replied to or failed: one message by its ID, or all messages of a campaign, template or time range',
		},
		{
			name: 'Send',
			value: 'send',
			action: 'Send a session message',
			description:
				'Reply to a customer who wrote to the bot in the last 24 hours: text, a list, reply buttons, media, a location, a contact card, a location request, a URL or call button, or a WhatsApp Flow',
		},
		{
			name: 'Send Template',
			value: 'sendTemplate',
			action: 'Send a template message',
			description:
				'Send an approved WhatsApp template (HSM) to one or more phone numbers; works outside the 24-hour window, e.g. for notifications',
		},
	]),
	...sendTemplate.description,
	...send.description,
	...getStatus.description,
];
