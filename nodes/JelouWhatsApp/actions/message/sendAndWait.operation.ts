import { SEND_AND_WAIT_OPERATION, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { botMessageOutput } from './send.bot-body';
import { describeRequest } from '../../execution/dry-run';
import { normalizePhoneNumber } from '../../shared/phone';
import { SENDS_MESSAGE } from '../../shared/request-effects';
import {
	hsmSendOutputs,
	sessionSendOutput,
	unconfirmedSend,
	unreadableReason,
} from '../../shared/send-answers';
import { requireText, textOf } from '../../shared/validation';
import { UnreadableAnswerError } from '../../transport';
import type { JelouRequest } from '../../transport';
import { errorItem, namingItem, toNodeError } from '../../execution/item-errors';
import type { BotContexts, ExecutionContext } from '../../execution/types';
import { knownTemplate } from './sendTemplate.operation';
import { buildWaitingRequest } from './sendAndWait.body';
import type { LinkedChoice, SendAs, WaitingMessage } from './sendAndWait.body';
import { sendAndWaitProperties } from './sendAndWait.description';
import { choicesFor, resumeLinks, waitingWebhookBase, waitTillDate } from './sendAndWait.links';
import type { ResponseType, WaitLimit } from './sendAndWait.links';
import { readFormFields } from './sendAndWait.webhook';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['message'], operation: [SEND_AND_WAIT_OPERATION] } },
	sendAndWaitProperties,
);

interface SendAndWaitOptions {
	defaultCountryCode?: string;
	footer?: string;
	header?: string;
	headerParameter?: unknown;
	language?: string;
	limitWaitTime?: { values?: WaitLimit };
	messageButtonLabel?: string;
}

const optional = (field: string, value: unknown) => textOf(field, value).trim() || undefined;

/** What a dry run shows where the link goes: the link itself exists only once the execution waits. */
const placeholderLink = (choice: LinkedChoice | { label: string }) =>
	`[link to ${choice.label}, made when the message is sent]`;

/** Everything the question needs, read and checked from the first item; links are made only for a real send. */
async function readWaitingMessage(
	this: IExecuteFunctions,
	context: ExecutionContext,
): Promise<WaitingMessage> {
	const options = this.getNodeParameter('options', 0, {}) as SendAndWaitOptions;
	const responseType = this.getNodeParameter('responseType', 0, 'approval') as ResponseType;
	const approval = this.getNodeParameter('approvalOptions.values', 0, {}) as IDataObject;
	// The form is built again when the page opens: a form that cannot be built must fail now, before sending.
	if (responseType !== 'approval')
		readFormFields((name, fallback) => this.getNodeParameter(name, 0, fallback), responseType);
	const sendAs = this.getNodeParameter('sendAs', 0, 'textWithLinks') as SendAs;
	const choices = choicesFor({
		responseType,
		approvalType: approval.approvalType as string | undefined,
		approveLabel: optional('Approval Options: Approve Button Label', approval.approveLabel),
		disapproveLabel: optional('Approval Options: Decline Button Label', approval.disapproveLabel),
		respondLabel: optional('Options: Message Button Label', options.messageButtonLabel),
	});
	// The address comes from the same n8n call that signs the links, so the two always agree.
	const links = resumeLinks(this, choices);
	const waitingBase = waitingWebhookBase(links[0], this.getExecutionId());
	const message: WaitingMessage = {
		botId: context.client.botId,
		userId: askedPhone.call(this),
		sendAs,
		message: textOf('Message', this.getNodeParameter('message', 0, '')).trim(),
		choices: choices.map((choice, index) => ({
			...choice,
			link: context.dryRun ? placeholderLink(choice) : links[index],
		})),
		waitingBase,
		header: optional('Options: Header', options.header),
		footer: optional('Options: Footer', options.footer),
	};
	if (sendAs === 'template') {
		const elementName = requireText(
			'Template',
			this.getNodeParameter('template', 0, '', { extractValue: true }),
			'Pick an approved template from the list or enter its name.',
		);
		const language = String(options.language ?? '');
		message.template = await knownTemplate.call(this, elementName, language, context);
		message.language = language || undefined;
		message.parameters = (
			this.getNodeParameter('templateParameters.values', 0, []) as Array<{ value?: unknown }>
		).map((entry, position) =>
			textOf('Template Parameters', entry.value, undefined, `parameter ${position + 1}`),
		);
		message.headerParameter = optional('Options: Header Parameter', options.headerParameter);
	}
	return message;
}

/** The number of the person asked, cleaned; throws, naming the field, when it is no phone number. */
function askedPhone(this: IExecuteFunctions): string {
	const options = this.getNodeParameter('options', 0, {}) as SendAndWaitOptions;
	return normalizePhoneNumber(
		this.getNodeParameter('userId', 0, ''),
		'Phone Number',
		options.defaultCountryCode,
	);
}

/** The customer asked, for the errors of the run; undefined when the Phone Number cannot be read. */
function customerOf(this: IExecuteFunctions): string | undefined {
	try {
		return askedPhone.call(this);
	} catch {
		return undefined;
	}
}

/** What Jelou answered to the send, read as every send reads it (a `success: false` fails the item). */
function sendOutput(message: WaitingMessage, answer: unknown): IDataObject {
	if (answer instanceof UnreadableAnswerError)
		return unconfirmedSend(unreadableReason(answer.status), answer.excerpt, {}, 'messageId');
	if (message.sendAs === 'template')
		return hsmSendOutputs(answer, [message.userId], message.template!.elementName)[0];
	if (message.sendAs === 'urlButton') return botMessageOutput('cta_url', message.userId, answer);
	return sessionSendOutput(answer);
}

/**
 * Sends the question for the first item and puts the execution to wait for the answer, as n8n's own send-and-wait
 * nodes do: one question per execution. The answer, given on the waiting side, becomes the node's output.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	bots: BotContexts,
): Promise<INodeExecutionData[]> {
	const timeZone = this.getTimezone();
	try {
		// One question per execution: the first item's, from the first item's bot.
		const context = bots.forItem(0);
		const { client } = context;
		const message = await readWaitingMessage.call(this, context);
		const options = this.getNodeParameter('options', 0, {}) as SendAndWaitOptions;
		const waitTill = waitTillDate(options.limitWaitTime?.values, timeZone, Date.now());
		const { path, body } = buildWaitingRequest(message);
		const request: JelouRequest = {
			method: 'POST',
			path,
			json: body,
			itemIndex: 0,
			effect: SENDS_MESSAGE,
		};
		if (context.dryRun) {
			const choices = message.choices.map(({ label, approved }) => ({ label, approved }));
			const json = {
				...describeRequest(request),
				botId: client.botId,
				choices,
				note: 'Dry Run: nothing was sent and the execution did not wait. The links are made when the message is sent.',
			};
			return [{ json, pairedItem: { item: 0 } }];
		}
		const sent = sendOutput(message, await client.requestSend(request));
		if (items.length > 1)
			this.addExecutionHints?.({
				message: `Send and Wait for Response asks once per execution: it used the first of ${items.length} items. To ask for each item, put it in a Loop Over Items.`,
				location: 'outputPane',
			});
		this.logger?.info(
			`Jelou WhatsApp: asked ${message.userId} (${String(sent.messageId ?? sent.id ?? 'no message id')}), waiting for the answer`,
		);
		await this.putExecutionToWait(waitTill);
		return items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
	} catch (error) {
		const phone = customerOf.call(this);
		const nodeError = toNodeError(this, error, 0, phone);
		if (this.continueOnFail()) return [errorItem(nodeError, 0, phone)];
		throw namingItem(nodeError, 0, phone);
	}
}
