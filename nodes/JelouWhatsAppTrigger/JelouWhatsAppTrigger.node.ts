import { randomBytes } from 'node:crypto';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { createJelouClient } from '../JelouWhatsApp/transport';
import {
	deliveryKey,
	EVENT_QUERY,
	hostOf,
	isJelouEvent,
	isSameEndpoint,
	normalizeEvent,
	planSubscriptions,
	RecentKeys,
	restoreBody,
	SECRET_QUERY,
	secretMatches,
	splitPayload,
	subscriptionsMatch,
	type JelouEvent,
} from './helpers/events';
import { mediaOptions, withMediaDownloaded } from './media';
import { readSubscriptions, subscribe } from './subscriptions';

/** What the trigger keeps in the workflow's static data between activation and deactivation. */
interface RegistrationData extends IDataObject {
	secret?: string;
	/** Per event: the URL Jelou sent it to before activation (null: none), put back on deactivation. */
	previous?: Partial<Record<JelouEvent, string | null>>;
}

/**
 * Recent deliveries per workflow and trigger node, kept in this n8n process: n8n does not reliably keep static
 * data written while a webhook call is handled, so a redelivery could slip through if they were kept there.
 */
const recentDeliveries = new Map<string, RecentKeys>();

function recentDeliveriesOf(workflowId: string | undefined, nodeId: string): RecentKeys {
	const key = `${workflowId ?? ''}:${nodeId}`;
	let memory = recentDeliveries.get(key);
	if (!memory) {
		memory = new RecentKeys();
		recentDeliveries.set(key, memory);
	}
	return memory;
}

function readEvents(context: IHookFunctions | IWebhookFunctions): JelouEvent[] {
	const events = (context.getNodeParameter('events', []) as unknown[]).filter(isJelouEvent);
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No event chosen', {
			description: 'Choose at least one event in Events (for example Delivered to Customer).',
		});
	}
	return events;
}

function webhookUrlOf(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n gave this trigger no webhook URL');
	return url;
}

function isAutomatic(context: IHookFunctions | IWebhookFunctions): boolean {
	return context.getNodeParameter('registration', 'automatic') === 'automatic';
}

/**
 * Automatic: the URL must carry the secret this trigger registered. Manual: the request must carry the
 * header set in Header Authentication, when one is set.
 */
function isAuthorized(context: IWebhookFunctions, query: Record<string, unknown>): boolean {
	if (isAutomatic(context)) {
		return secretMatches(
			query[SECRET_QUERY],
			(context.getWorkflowStaticData('node') as RegistrationData).secret,
		);
	}
	const header = context.getNodeParameter('headerAuth', {}) as { name?: string; value?: string };
	const name = (header.name ?? '').trim().toLowerCase();
	if (!name) return true;
	return secretMatches(context.getHeaderData()[name], header.value ?? '');
}

export class JelouWhatsAppTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jelou WhatsApp Trigger',
		name: 'jelouWhatsAppTrigger',
		icon: { light: 'file:jelou.svg', dark: 'file:jelou.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description:
			'Starts the workflow when a WhatsApp template sent through Jelou is delivered, read, fails or is answered',
		defaults: { name: 'Jelou WhatsApp Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'jelouApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: '={{ $parameter["registration"] !== "manual" }}',
			},
		],
		properties: [
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
					"One active trigger per bot and event: Jelou keeps one URL per event. Listening with the Test URL takes the bot's subscription from the production URL until the test stops, then gives it back.",
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
					'Whether to take over events that Jelou already sends to another URL. Off: activation fails and names them. The previous URLs are put back on deactivation.',
			},
			{
				displayName: `In Jelou Connect → Settings → Notification URLs, add one entry per event with the Production URL above followed by ?${EVENT_QUERY}= and the event (delivered_user, read, failed or reply). An entry for "All" events may use the URL as it is: the event is then read from what Jelou sends.`,
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
			mediaOptions,
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (!isAutomatic(this)) return true;
				const { secret } = this.getWorkflowStaticData('node') as RegistrationData;
				if (!secret) return false;
				const client = await createJelouClient(this);
				return subscriptionsMatch(
					await readSubscriptions(client),
					readEvents(this),
					webhookUrlOf(this),
					secret,
				);
			},

			async create(this: IHookFunctions): Promise<boolean> {
				if (!isAutomatic(this)) return true;
				const events = readEvents(this);
				const webhookUrl = webhookUrlOf(this);
				const staticData = this.getWorkflowStaticData('node') as RegistrationData;
				const client = await createJelouClient(this);
				const secret = randomBytes(24).toString('base64url');
				const plan = planSubscriptions({
					current: await readSubscriptions(client),
					events,
					webhookUrl,
					secret,
					earlierPrevious: staticData.previous,
				});
				if (plan.conflicts.length > 0 && !this.getNodeParameter('replaceExisting', false)) {
					const taken = plan.conflicts
						.map(({ event, url }) => `"${event}" goes to ${hostOf(url)}`)
						.join(', ');
					throw new NodeOperationError(
						this.getNode(),
						`Bot ${client.botId} already sends events to another URL: ${taken}`,
						{
							description:
								'Jelou keeps one URL per event and bot. Turn on Replace Existing Subscriptions to take these events over (the URLs are put back when this workflow is deactivated), or remove them in Jelou Connect → Settings → Notification URLs.',
						},
					);
				}
				await subscribe(client, plan.webhooks);
				staticData.secret = secret;
				staticData.previous = plan.previous;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				if (!isAutomatic(this)) return true;
				const staticData = this.getWorkflowStaticData('node') as RegistrationData;
				const previous = staticData.previous ?? {};
				const webhookUrl = webhookUrlOf(this);
				const client = await createJelouClient(this);
				const current = await readSubscriptions(client);
				// Only events still sent to this URL: another trigger may have taken one over since.
				const stillOurs = Object.fromEntries(
					Object.entries(previous).filter(
						([event]) =>
							typeof current[event] === 'string' && isSameEndpoint(current[event], webhookUrl),
					),
				);
				const webhooks = restoreBody(stillOurs);
				if (webhooks.length > 0) await subscribe(client, webhooks);
				delete staticData.secret;
				delete staticData.previous;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const query = this.getQueryData() as Record<string, unknown>;
		if (!isAuthorized(this, query)) {
			const response = this.getResponseObject();
			response.writeHead(401, { 'content-type': 'application/json; charset=utf-8' });
			response.end(JSON.stringify({ message: 'Unauthorized' }));
			return { noWebhookResponse: true };
		}

		const chosen = readEvents(this);
		const urlEvent = isJelouEvent(query[EVENT_QUERY])
			? (query[EVENT_QUERY] as JelouEvent)
			: 'unknown';
		const receivedAt = new Date();
		const memory = recentDeliveriesOf(this.getWorkflow().id, this.getNode().id);
		const items = splitPayload(this.getBodyData())
			.map((body) => normalizeEvent(body, urlEvent, receivedAt))
			// An event nobody can name is passed on rather than lost.
			.filter((item) => item.event === 'unknown' || chosen.includes(item.event))
			.filter((item) => {
				const key = deliveryKey(item);
				return key === undefined || !memory.checkAndRemember(key, receivedAt.getTime());
			});
		if (items.length === 0) return { webhookResponse: { received: true, started: false } };
		return { workflowData: [await withMediaDownloaded(this, items as unknown as IDataObject[])] };
	}
}
