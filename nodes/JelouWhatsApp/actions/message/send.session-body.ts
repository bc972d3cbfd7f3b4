import type { IDataObject } from 'n8n-workflow';

import {
	InvalidFieldError,
	maxLength,
	requireHttpsUrl,
	requireText,
} from '../../shared/validation';

/** The kinds of session message the node offers; `list` is Jelou's `text` type with `buttons`. */
const SESSION_MESSAGE_TYPES = [
	'audio',
	'file',
	'image',
	'list',
	'location',
	'quick_reply',
	'sticker',
	'text',
	'video',
] as const;
export type SessionMessageType = (typeof SESSION_MESSAGE_TYPES)[number];

const MEDIA_TYPES: readonly string[] = ['audio', 'file', 'image', 'sticker', 'video'];
const CAPTION_TYPES: readonly string[] = ['file', 'image', 'video'];
// WhatsApp's limits for list messages and reply buttons:
// https://docs.jelou.ai/whatsapp/sending_messages/message-types
const LIST_OPTIONS_MAX = 10;
const LIST_OPTION_TITLE_MAX = 24;
const LIST_OPTION_DESCRIPTION_MAX = 72;
const QUICK_REPLIES_MAX = 3;
const QUICK_REPLY_TITLE_MAX = 20;

interface ListOption {
	title: string;
	description?: string;
	payload?: string;
}

/** Plain values of one session message, as the node's fields hold them after reading. */
export interface SessionMessage {
	botId: string;
	/** The Phone Number: digits with country code, no `+`. */
	userId: string;
	type: SessionMessageType;
	text?: string;
	mediaUrl?: string;
	filename?: string;
	/** List: the title above the options and the text of the button that opens them. */
	listTitle?: string;
	listButtonText?: string;
	listOptions?: ListOption[];
	/** Quick replies: the title above the buttons and the buttons' titles. */
	title?: string;
	quickReplies?: string[];
	latitude?: number;
	longitude?: number;
}

function checkCoordinate(field: string, value: number | undefined, limit: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
		throw new InvalidFieldError(
			field,
			`${String(value)} is not between -${limit} and ${limit}`,
			`Enter a number from -${limit} to ${limit}, e.g. -0.1807 for Quito.`,
		);
	}
	return value;
}

/** What WhatsApp refuses, found before sending; each type's own limits. */
export function checkSessionMessage(message: SessionMessage): void {
	if (!(SESSION_MESSAGE_TYPES as readonly string[]).includes(message.type)) {
		throw new InvalidFieldError(
			'Message Type',
			`"${String(message.type)}" is not a message type`,
			`Use one of: ${SESSION_MESSAGE_TYPES.join(', ')}.`,
		);
	}
	const { type } = message;
	if (type === 'text' || type === 'list' || type === 'quick_reply') {
		requireText('Text', message.text, 'Enter the message text.');
	}
	if (MEDIA_TYPES.includes(type)) requireHttpsUrl('Media URL', message.mediaUrl);
	if (type === 'list') {
		const options = message.listOptions ?? [];
		if (options.length < 1 || options.length > LIST_OPTIONS_MAX) {
			throw new InvalidFieldError(
				'List Options',
				`${options.length} options given`,
				`A list has 1 to ${LIST_OPTIONS_MAX} options; add or remove options.`,
			);
		}
		options.forEach((option, position) => {
			const title = requireText(
				`List Options: option ${position + 1} Title`,
				option.title,
				'Give every option a title.',
			);
			maxLength(`List Options: option ${position + 1} Title`, title, LIST_OPTION_TITLE_MAX);
			if (option.description)
				maxLength(
					`List Options: option ${position + 1} Description`,
					option.description,
					LIST_OPTION_DESCRIPTION_MAX,
				);
		});
	}
	if (type === 'quick_reply') {
		if (message.title) maxLength('Title', message.title, QUICK_REPLY_TITLE_MAX);
		const replies = message.quickReplies ?? [];
		if (replies.length < 1 || replies.length > QUICK_REPLIES_MAX) {
			throw new InvalidFieldError(
				'Quick Replies',
				`${replies.length} replies given`,
				`Give 1 to ${QUICK_REPLIES_MAX} reply buttons.`,
			);
		}
		replies.forEach((reply, position) => {
			const title = requireText(
				`Quick Replies: reply ${position + 1}`,
				reply,
				'Give every reply button a title.',
			);
			maxLength(`Quick Replies: reply ${position + 1}`, title, QUICK_REPLY_TITLE_MAX);
		});
		const duplicate = replies.find((reply, position) => replies.indexOf(reply) !== position);
		if (duplicate !== undefined) {
			throw new InvalidFieldError(
				'Quick Replies',
				`"${duplicate}" appears twice`,
				'Give every reply button a different title.',
			);
		}
	}
	if (type === 'location') {
		checkCoordinate('Latitude', message.latitude, 90);
		checkCoordinate('Longitude', message.longitude, 180);
	}
}

/**
 * The body of `POST /v1/whatsapp/messages` for one message type
 * (https://docs.jelou.ai/whatsapp/sending_messages/message-types).
 */
export function buildSessionMessageBody(message: SessionMessage): IDataObject {
	const body: IDataObject = {
		botId: message.botId,
		userId: message.userId,
		type: message.type === 'list' ? 'text' : message.type,
	};
	switch (message.type) {
		case 'text':
			body.text = message.text;
			break;
		case 'list': {
			body.text = message.text;
			const buttons: IDataObject = {};
			if (message.listTitle) buttons.title = message.listTitle;
			if (message.listButtonText)
				buttons.buttonText = { type: 'text', text: message.listButtonText };
			buttons.options = (message.listOptions ?? []).map((option) => {
				const entry: IDataObject = { title: option.title };
				if (option.description) entry.description = option.description;
				if (option.payload) entry.payload = option.payload;
				return entry;
			});
			body.buttons = buttons;
			break;
		}
		case 'quick_reply':
			body.text = message.text;
			if (message.title) body.title = message.title;
			body.quick_replies = (message.quickReplies ?? []).map((title) => ({ title }));
			break;
		case 'location':
			body.coordinates = { lat: message.latitude, long: message.longitude };
			break;
		default:
			body.mediaUrl = message.mediaUrl;
			if (CAPTION_TYPES.includes(message.type) && message.text) body.text = message.text;
			if (message.type === 'file' && message.filename) body.filename = message.filename;
	}
	return body;
}
