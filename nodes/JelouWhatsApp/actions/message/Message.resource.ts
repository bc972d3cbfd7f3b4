import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import * as downloadMedia from './downloadMedia.operation';
import * as getStatus from './getStatus.operation';
import * as send from './send.operation';
import * as sendAndWait from './sendAndWait.operation';
import * as sendTemplate from './sendTemplate.operation';
import type { Operation } from '../../execution/types';
import { operationField } from '../common.descriptions';

export const operations: Record<string, Operation> = {
	downloadMedia,
	getStatus,
	send,
	[SEND_AND_WAIT_OPERATION]: sendAndWait,
	sendTemplate,
};

export const description: INodeProperties[] = [
	operationField('message', 'sendTemplate', [
		{
			name: 'Download Media',
			value: 'downloadMedia',
			action: 'Download a media file a customer sent',
			description:
				'Bring a photo, voice note, video or document a customer sent into the workflow as binary data, e.g. for transcription',
		},
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
			name: 'Send and Wait for Response',
			value: SEND_AND_WAIT_OPERATION,
			action: 'Send a message and wait for the answer',
			description:
				'Ask a person over WhatsApp (approve or decline, a written answer, or a form) and go on with their answer',
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
	...sendAndWait.description,
	...getStatus.description,
	...downloadMedia.description,
];
