import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	botMessageOutput,
	buildBotMessageRequest,
	checkBotMessage,
	contactCardsFromFields,
	isBotMessageType,
	parseFlowActionPayload,
} from './send.bot-body';
import type { BotMessage, BotMessageType } from './send.bot-body';
import { dryRunOf } from '../../execution/dry-run';
import { mergeAdditionalBodyFields } from '../../shared/payloads';
import { normalizePhoneNumber } from '../../shared/phone';
import { SENDS_MESSAGE } from '../../shared/request-effects';
import { sessionSendOutput, unconfirmedSend, unreadableReason } from '../../shared/send-answers';
import { buildSessionMessageBody, checkSessionMessage } from './send.session-body';
import type { SessionMessage, SessionMessageType } from './send.session-body';
import { UnreadableAnswerError } from '../../transport';
import { numberOf, textOf } from '../../shared/validation';
import type { JelouRequest } from '../../transport';
import type { ExecutePrepared, ExecutionContext } from '../../execution/types';

export { description } from './send.description';

function optionalText(value: unknown): string | undefined {
	const text = String(value ?? '').trim();
	return text === '' ? undefined : text;
}

function readCoordinate(field: string, value: unknown, limit: number): number {
	return numberOf(
		field,
		value,
		`Enter a number from -${limit} to ${limit}, e.g. -0.1807 for Quito.`,
	);
}

/** The Phone Number field (stored as `userId`, Jelou's name for the recipient), with its country code. */
function readPhoneNumber(this: IExecuteFunctions, itemIndex: number): string {
	const options = this.getNodeParameter('sendOptions', itemIndex, {}) as {
		defaultCountryCode?: string;
	};
	return normalizePhoneNumber(
		this.getNodeParameter('userId', itemIndex, ''),
		'Phone Number',
		options.defaultCountryCode,
	);
}

function readSessionMessage(
	this: IExecuteFunctions,
	itemIndex: number,
	botId: string,
): SessionMessage {
	const type = this.getNodeParameter('messageType', itemIndex, 'text') as SessionMessageType;
	const message: SessionMessage = {
		botId,
		userId: readPhoneNumber.call(this, itemIndex),
		type,
	};
	const has = (...types: SessionMessageType[]) => types.includes(type);
	if (has('list', 'quick_reply', 'text'))
		message.text = String(this.getNodeParameter('text', itemIndex, '') ?? '');
	if (has('file', 'image', 'video'))
		message.text = optionalText(this.getNodeParameter('caption', itemIndex, ''));
	if (has('audio', 'file', 'image', 'sticker', 'video'))
		message.mediaUrl = String(this.getNodeParameter('mediaUrl', itemIndex, '') ?? '').trim();
	if (has('file'))
		message.filename = optionalText(this.getNodeParameter('filename', itemIndex, ''));
	if (has('list')) {
		message.listTitle = optionalText(this.getNodeParameter('listTitle', itemIndex, ''));
		message.listButtonText = optionalText(this.getNodeParameter('listButtonText', itemIndex, ''));
		message.listOptions = (
			this.getNodeParameter('listOptions.option', itemIndex, []) as IDataObject[]
		).map((option) => ({
			title: String(option.title ?? '').trim(),
			description: optionalText(option.description),
			payload: optionalText(option.payload),
		}));
	}
	if (has('quick_reply')) {
		message.title = optionalText(this.getNodeParameter('title', itemIndex, ''));
		message.quickReplies = (
			this.getNodeParameter('quickReplies.reply', itemIndex, []) as IDataObject[]
		).map((reply) => String(reply.title ?? '').trim());
	}
	if (has('location')) {
		message.latitude = readCoordinate(
			'Latitude',
			this.getNodeParameter('latitude', itemIndex, 0),
			90,
		);
		message.longitude = readCoordinate(
			'Longitude',
			this.getNodeParameter('longitude', itemIndex, 0),
			180,
		);
	}
	return message;
}

/** A message of Jelou's current message API (contact card, location request, buttons, WhatsApp Flow). */
function readBotMessage(
	this: IExecuteFunctions,
	itemIndex: number,
	botId: string,
	type: BotMessageType,
): BotMessage {
	const options = this.getNodeParameter('sendOptions', itemIndex, {}) as {
		defaultCountryCode?: string;
	};
	const message: BotMessage = {
		botId,
		userId: readPhoneNumber.call(this, itemIndex),
		type,
	};
	const read = (name: string, field: string) =>
		optionalText(textOf(field, this.getNodeParameter(name, itemIndex, '')));
	if (type === 'contacts') {
		const contacts = this.getNodeParameter('contacts.contact', itemIndex, []) as IDataObject[];
		message.contacts = contactCardsFromFields(contacts, options.defaultCountryCode);
		return message;
	}
	message.text = read('text', 'Text');
	if (type === 'location_request') return message;
	message.header = read('header', 'Header');
	message.buttonText = read('buttonText', 'Button Text');
	if (type !== 'voice_call') message.footer = read('footer', 'Footer');
	if (type === 'cta_url') message.url = read('url', 'URL');
	if (type === 'flow') {
		message.flowName = read('flowName', 'Flow Name');
		message.flowActionPayload = parseFlowActionPayload(
			this.getNodeParameter('flowActionPayload', itemIndex, ''),
		);
	}
	return message;
}

export interface Prepared {
	body: IDataObject;
	/** Set for the types of Jelou's current message API, which have their own endpoint and answer. */
	botMessage?: { path: string; type: BotMessageType; phoneNumber: string };
}

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: ExecutionContext,
): Promise<Prepared> {
	const type = this.getNodeParameter('messageType', itemIndex, 'text') as string;
	const options = this.getNodeParameter('sendOptions', itemIndex, {}) as {
		additionalBodyFields?: unknown;
	};
	if (isBotMessageType(type)) {
		const message = readBotMessage.call(this, itemIndex, client.botId, type);
		checkBotMessage(message);
		const { path, body } = buildBotMessageRequest(message);
		return {
			body: mergeAdditionalBodyFields(body, options.additionalBodyFields),
			botMessage: { path, type, phoneNumber: message.userId },
		};
	}
	const message = readSessionMessage.call(this, itemIndex, client.botId);
	checkSessionMessage(message);
	if (message.mediaUrl) await client.checkLink('Media URL', message.mediaUrl);
	return {
		body: mergeAdditionalBodyFields(buildSessionMessageBody(message), options.additionalBodyFields),
	};
}

function sessionRequest(prepared: Prepared, itemIndex: number): JelouRequest {
	return {
		method: 'POST',
		path: prepared.botMessage?.path ?? '/v1/whatsapp/messages',
		json: prepared.body,
		itemIndex,
		effect: SENDS_MESSAGE,
	};
}

/** The customer the item's message is for, for its errors. */
export const customerOf = readPhoneNumber;

export const execute: ExecutePrepared<Prepared> = async (prepared, itemIndex, { client }) => {
	const { botMessage } = prepared;
	const answer = await client.requestSend(sessionRequest(prepared, itemIndex));
	const fields: IDataObject = botMessage
		? { type: botMessage.type, userId: botMessage.phoneNumber }
		: {};
	if (answer instanceof UnreadableAnswerError)
		return [unconfirmedSend(unreadableReason(answer.status), answer.excerpt, fields, 'messageId')];
	return [
		botMessage
			? botMessageOutput(botMessage.type, botMessage.phoneNumber, answer)
			: sessionSendOutput(answer),
	];
};

export const dryRun = dryRunOf(sessionRequest);
