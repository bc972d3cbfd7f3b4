import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { botFields } from '../JelouWhatsApp/shared/bot';
import { EVENT_QUERY } from './event-urls';

/** Where n8n's editor shows the address Jelou calls: its Webhook URLs panel, above the fields. */
const WHERE_THE_URL_IS =
	'the Production URL under Webhook URLs at the top of this panel (click Webhook URLs, then Production URL)';

/**
 * The events, as the Events field lists them. `action` is what n8n's nodes panel lists for the trigger; without it
 * n8n makes "On delivered to whats app" of the name.
 */
const EVENT_OPTIONS: INodePropertyOptions[] = [
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
].map((option) => ({ ...option, action: `On ${option.name}` }));

export const triggerProperties: INodeProperties[] = [
	...botFields(false),
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		description:
			'The WhatsApp events that start this workflow. Each event of a bot can start one workflow only.',
		options: EVENT_OPTIONS,
	},
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		default: 'automatic',
		description:
			'Automatic: activating the workflow tells Jelou where to send the events. Manual: you enter the address in Jelou Connect.',
		options: [
			{
				name: 'Automatic',
				value: 'automatic',
				description:
					'Activating the workflow tells Jelou to send the events here; deactivating it puts back what was there before',
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'Tells Jelou nothing: you paste the address in Jelou Connect yourself',
			},
		],
	},
	{
		displayName: `When you activate this workflow, Jelou is told to send the chosen events to ${WHERE_THE_URL_IS}, with a secret added. Jelou calls it from the internet: it must start with https:// and must not be localhost. If it does not, whoever runs n8n sets n8n's WEBHOOK_URL to n8n's public address. While the workflow is active, its events are in Executions and Listen for Test Event is refused for them.`,
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
			'Whether to take over events Jelou already sends elsewhere (such as your CRM); they go back there when you deactivate this workflow. Off: activation stops and names them.',
		hint: 'On: events another address receives come here while this workflow is active, then go back',
	},
	{
		displayName: `Copy ${WHERE_THE_URL_IS}. In Jelou Connect → Settings → Notification URLs, add one "All" entry with that URL as it is (the only way to get the two Delivered events), or one entry per event: Read, Failed or Reply, with the URL followed by ?${EVENT_QUERY}=read, ?${EVENT_QUERY}=failed or ?${EVENT_QUERY}=reply.`,
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
				description: 'The header name you chose in Jelou Connect for this URL',
			},
			{
				displayName: 'Header Value',
				name: 'value',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'The header value you chose in Jelou Connect for this URL',
			},
		],
	},
	{
		displayName:
			'Jelou may send an event twice. A repeat (same event and message) within 24 hours starts nothing until n8n restarts. To skip repeats after a restart too, add a Remove Duplicates node after this one: Remove Items Processed in Previous Executions, Value to Dedupe On {{ $json.event }}-{{ $json.messageId }}.',
		name: 'repeatsNotice',
		type: 'notice',
		default: '',
	},
];
