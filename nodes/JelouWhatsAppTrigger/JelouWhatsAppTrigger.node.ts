import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { itemOfDelivery, splitPayload } from './delivery';
import { triggerProperties } from './description';
import { EVENT_QUERY, isJelouEvent, SECRET_QUERY, secretMatches } from './event-urls';
import { mediaOptions, withMediaDownloaded } from './media';
import { deliveryMemoryOf } from './recent-deliveries';
import * as hooks from './webhook-methods';
import { isAutomatic, readEvents, triggerBotId, type RegistrationData } from './webhook-methods';

/**
 * Automatic: the URL must carry the secret this registration made. Manual: the request must carry the header
 * set in Header Authentication, when one is set.
 */
function isAuthorized(context: IWebhookFunctions, query: Record<string, unknown>): boolean {
	if (isAutomatic(context)) {
		const { secret } = context.getWorkflowStaticData('node') as RegistrationData;
		return secretMatches(query[SECRET_QUERY], secret);
	}
	const header = context.getNodeParameter('headerAuth', {}) as { name?: string; value?: string };
	const name = (header.name ?? '').trim().toLowerCase();
	if (!name) return true;
	return secretMatches(context.getHeaderData()[name], header.value ?? '');
}

/**
 * The bot this trigger receives events of: the one its registration was made for (Automatic), else the one the node
 * names, else the credential's.
 */
async function deliveredFor(context: IWebhookFunctions): Promise<string> {
	const registered = (context.getWorkflowStaticData('node') as RegistrationData).botId;
	if (registered) return registered;
	const named = triggerBotId(context);
	if (named) return named;
	const credentials = await context.getCredentials('jelouApi');
	return String(credentials.botId ?? '').trim();
}

/** Jelou gets its answer at once, before the workflow runs: a delivery is never held up by n8n's work. */
function answer(context: IWebhookFunctions, status: number, body: object): void {
	const response = context.getResponseObject();
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify(body));
}

export class JelouWhatsAppTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jelou WhatsApp Trigger',
		name: 'jelouWhatsAppTrigger',
		icon: { light: 'file:jelou.svg', dark: 'file:jelou.dark.svg' },
		group: ['trigger'],
		// 1.1 has the fields of 1. n8n evaluates an expression (its Webhook node's binaryData option) for every
		// delivery to a start node of version 1: on n8n 2.x that costs each delivery an expression isolate.
		version: [1, 1.1],
		defaultVersion: 1.1,
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
			},
		],
		properties: [...triggerProperties, mediaOptions],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await hooks.checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await hooks.create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await hooks.remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const query = this.getQueryData() as Record<string, unknown>;
		if (!isAuthorized(this, query)) {
			answer(this, 401, { message: 'Unauthorized' });
			return { noWebhookResponse: true };
		}
		const chosen = readEvents(this);
		const urlEvent = isJelouEvent(query[EVENT_QUERY]) ? query[EVENT_QUERY] : 'unknown';
		const receivedAt = new Date();
		// A test listening ends after one delivery: only production deliveries are remembered.
		const botId = await deliveredFor(this);
		const memory =
			this.getMode() === 'manual'
				? undefined
				: deliveryMemoryOf(this.getWorkflow().id, this.getNode().id, receivedAt.getTime(), botId);
		const items: INodeExecutionData[] = [];
		for (const record of splitPayload(this.getBodyData())) {
			const { item, event, key } = itemOfDelivery(record, urlEvent, receivedAt);
			// Several bots' events may meet in one workflow: each item says its bot.
			item.json.botId = botId;
			// An event nobody can name is passed on rather than lost.
			if (event !== 'unknown' && !chosen.includes(event)) continue;
			if (key !== undefined && memory?.seenBefore(key, receivedAt.getTime())) continue;
			items.push(item);
		}
		answer(this, 200, { received: true, started: items.length > 0 });
		if (items.length === 0) return { noWebhookResponse: true };
		// Files are fetched after Jelou has its answer: a slow download never makes Jelou deliver again.
		const withMedia = await withMediaDownloaded(
			this,
			items.map((item) => item.json),
		);
		return { noWebhookResponse: true, workflowData: [withMedia] };
	}
}
