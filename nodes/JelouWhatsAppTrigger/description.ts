import type { INodeProperties } from 'n8n-workflow';

import { EVENT_QUERY } from './event-urls';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		description:
			'The events that start the workflow. Jelou sends each event of a bot to one URL only.',
		options: [
			{
				name: 'Delivered to Customer',
				value: 'delivered_user',
				description: "The template reached the customer's phone (delivered_user)",
			},
			{
				name: 'Delivered to WhatsApp',
				value: 'delivered_channel',
				description: 'WhatsApp accepted the template for delivery (delivered_channel)',
			},
			{
				name: 'Failed',
				value: 'failed',
				description:
					'The template could not be delivered, for example to a number without WhatsApp (failed)',
			},
			{
				name: 'Read',
				value: 'read',
				description:
					'The customer opened the template. Only when the customer has read receipts on (read).',
			},
			{
				name: 'Reply',
				value: 'reply',
				description: 'The customer answered the template (reply)',
			},
		],
	},
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		default: 'automatic',
		options: [
			{
				name: 'Automatic',
				value: 'automatic',
				description:
					"Subscribes this trigger's URLs at Jelou on activation and puts back the previous ones on deactivation",
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'Registers nothing: you paste the URL in Jelou Connect yourself',
			},
		],
	},
	{
		displayName:
			"One workflow per bot and event: Jelou keeps one URL per event. Jelou must reach n8n at its public https address (n8n's WEBHOOK_URL). While the workflow is active, listening with the Test URL is refused for the events production receives: see them in the executions.",
		name: 'automaticNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['automatic'] } },
	},
	{
		displayName: 'Replace Existing Subscriptions',
		name: 'replaceExisting',
		type: 'boolean',
		default: false,
		displayOptions: { show: { registration: ['automatic'] } },
		description:
			'Whether activation may take over events that Jelou sends to another URL (not to another Jelou trigger of this n8n). Off: activation fails and names them. The previous URLs are put back on deactivation.',
	},
	{
		displayName: `In Jelou Connect → Settings → Notification URLs, add an entry per event (Read, Failed, Reply) with the Production URL above followed by ?${EVENT_QUERY}= and the event (read, failed, reply), or one "All" entry with the URL as it is (the only way to get the delivered events): the event is then read from what Jelou sends.`,
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
	{
		displayName: 'Header Authentication',
		name: 'headerAuth',
		type: 'collection',
		placeholder: 'Add Header',
		default: {},
		displayOptions: { show: { registration: ['manual'] } },
		description:
			'A header every request must carry, as configured in Jelou Connect. Requests without it get 401 and start nothing.',
		options: [
			{
				displayName: 'Header Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. X-Jelou-Token',
			},
			{
				displayName: 'Header Value',
				name: 'value',
				type: 'string',
				typeOptions: { password: true },
				default: '',
			},
		],
	},
];
