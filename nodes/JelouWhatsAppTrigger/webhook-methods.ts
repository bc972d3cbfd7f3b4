/**
 * The trigger's webhookMethods: what n8n runs when a workflow is activated or deactivated (production URL) and
 * when the editor starts or stops listening for a test event (test URL; n8n gives that listening static data of
 * its own, which starts empty). Each decision is made by registration.ts from Jelou's current map.
 */
import { randomBytes } from 'node:crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { checkNodeBotId } from '../JelouWhatsApp/shared/bot';
import { createJelouClient } from '../JelouWhatsApp/transport';
import type { JelouClient } from '../JelouWhatsApp/transport';
import { isJelouEvent, subscriptionsMatch, type JelouEvent, type OwnUrl } from './event-urls';
import {
	planRegistration,
	planRelease,
	refusalMessage,
	unreachableReason,
	type PreviousUrls,
} from './registration';
import { readSubscriptions, subscribe } from './subscriptions';

/** What a registration keeps in its static data from create() to delete(). */
export interface RegistrationData extends IDataObject {
	secret?: string;
	/** Per event taken: the URL to put back when the registration ends (null: none). */
	previous?: PreviousUrls;
	/** The URL registered and its mode, so delete() releases exactly what create() took. */
	url?: string;
	mode?: OwnUrl['mode'];
	/** The bot whose subscriptions create() changed: delete() puts back that bot's, whatever the node says now. */
	botId?: string;
}

export function readEvents(context: IHookFunctions | IWebhookFunctions): JelouEvent[] {
	const events = (context.getNodeParameter('events', []) as unknown[]).filter(isJelouEvent);
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No event chosen', {
			description: 'Choose at least one event in Events (for example Delivered to Customer).',
		});
	}
	return events;
}

/**
 * The bot the node names (Bot: By ID), checked; undefined for the credential's own. Each bot has its own
 * subscriptions at Jelou, so triggers of two bots on one credential never touch each other's.
 */
export function triggerBotId(context: IHookFunctions | IWebhookFunctions): string | undefined {
	if (context.getNodeParameter('bot', 'credential') !== 'id') return undefined;
	return checkNodeBotId(context.getNode(), context.getNodeParameter('botId', ''));
}

/** A client for the node's bot, or for `botId` (the bot a registration was made for). */
async function clientFor(
	context: IHookFunctions,
	botId = triggerBotId(context),
): Promise<JelouClient> {
	return await createJelouClient(context, { botId });
}

export function isAutomatic(context: IHookFunctions | IWebhookFunctions): boolean {
	return context.getNodeParameter('registration', 'automatic') === 'automatic';
}

/** n8n calls create() of a test listening in activation mode "manual"; every production activation otherwise. */
function ownUrlOf(context: IHookFunctions): OwnUrl {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n gave this trigger no webhook URL');
	const mode = context.getActivationMode() === 'manual' ? 'test' : 'production';
	const workflow = context.getWorkflow();
	return { url, mode, workflowId: workflow.id ?? '', workflowName: workflow.name };
}

function registrationData(context: IHookFunctions): RegistrationData {
	return context.getWorkflowStaticData('node') as RegistrationData;
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) {
		// Nothing to register, but every delivery reads the Bot ID: a malformed one fails activation, not them.
		triggerBotId(this);
		return true;
	}
	const { secret } = registrationData(this);
	if (!secret) return false;
	const client = await clientFor(this);
	return subscriptionsMatch(
		await readSubscriptions(client),
		readEvents(this),
		ownUrlOf(this),
		secret,
	);
}

export async function create(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic(this)) return true;
	const events = readEvents(this);
	const own = ownUrlOf(this);
	const client = await clientFor(this);
	const unreachable = unreachableReason(own.url, client.connection.baseUrl);
	if (unreachable) {
		// n8n shows only the message where activation fails (publication status, activation answer): the fix is in it.
		throw new NodeOperationError(
			this.getNode(),
			`Jelou cannot reach this trigger: ${unreachable}. Set n8n's WEBHOOK_URL to its public https address (for example https://n8n.example.com/) and restart n8n, or set Registration to Manual`,
			{
				description:
					'Jelou calls the trigger from the internet, at the Production URL n8n shows under Webhook URLs. On n8n 2.x the variable may also be named N8N_WEBHOOK_URL. With Registration: Manual, paste a URL Jelou can reach in Jelou Connect yourself.',
			},
		);
	}
	const staticData = registrationData(this);
	const secret = randomBytes(24).toString('base64url');
	const plan = planRegistration({
		current: await readSubscriptions(client),
		events,
		own,
		secret,
		replaceExisting: this.getNodeParameter('replaceExisting', false) as boolean,
		// What an earlier registration of another bot recorded is that bot's to give back, not this one's.
		earlierPrevious:
			staticData.botId === undefined || staticData.botId === client.botId
				? staticData.previous
				: undefined,
	});
	if (plan.refusals.length > 0) {
		const { message, description } = refusalMessage(client.botId, plan.refusals, own.mode);
		throw new NodeOperationError(this.getNode(), message, { description });
	}
	await subscribe(client, plan.webhooks);
	Object.assign(staticData, {
		secret,
		previous: plan.previous,
		url: own.url,
		mode: own.mode,
		botId: client.botId,
	});
	return true;
}

/** Puts back what create() recorded, whatever Registration says now (it may have changed since). */
export async function remove(this: IHookFunctions): Promise<boolean> {
	const staticData = registrationData(this);
	const taken = staticData.previous ?? {};
	if (Object.keys(taken).length > 0) {
		const fallback = ownUrlOf(this);
		const own: OwnUrl = {
			url: staticData.url ?? fallback.url,
			mode: staticData.mode ?? 'production',
			workflowId: fallback.workflowId,
		};
		const client = await clientFor(this, staticData.botId);
		const webhooks = planRelease({ current: await readSubscriptions(client), taken, own });
		if (webhooks.length > 0) await subscribe(client, webhooks);
	}
	for (const key of ['secret', 'previous', 'url', 'mode', 'botId']) delete staticData[key];
	return true;
}
