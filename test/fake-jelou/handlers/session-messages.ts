import { randomUUID } from 'node:crypto';

import { asObject, isHttpsUrl, isNonEmptyString, type JsonObject } from '../checks';
import { botNotFound, Problems, type Reply } from '../envelopes';
import type { FakeState, HandlerInput } from '../types';

export const SESSION_TYPES = [
	'text',
	'quick_reply',
	'image',
	'video',
	'audio',
	'file',
	'sticker',
	'location',
] as const;
const MEDIA_TYPES = ['image', 'video', 'audio', 'file', 'sticker'];
// Limits of WhatsApp list and reply buttons, as jelou-api.md lists them.
const OPTIONS_MAX = 10;
const OPTION_TITLE_MAX = 24;
const OPTION_DESCRIPTION_MAX = 72;
const QUICK_REPLIES_MAX = 3;
const QUICK_REPLY_TITLE_MAX = 20;
const DEFAULT_LIST_BUTTON_TEXT = 'Opciones';

/** POST /v1/whatsapp/messages — a free-form message inside the 24-hour window. */
export function sendSessionMessage(input: HandlerInput, state: FakeState): Reply {
	const body = asObject(input.body);
	if (isNonEmptyString(body.botId) && body.botId !== state.botId) return botNotFound();
	const problems = new Problems();
	if (!isNonEmptyString(body.botId)) problems.required('botId');
	if (typeof body.userId !== 'string' || !/^\d{8,15}$/.test(body.userId)) {
		problems.add(
			'userId',
			'userId must be the phone number: 8 to 15 digits with the country code, no + or spaces.',
			'userId debe ser el número de teléfono: 8 a 15 dígitos con el código de país, sin + ni espacios.',
		);
	}
	const type = body.type;
	if (!(SESSION_TYPES as readonly unknown[]).includes(type)) problems.oneOf('type', SESSION_TYPES);
	else checkTypeFields(type as string, body, problems);
	if (problems.any) return problems.reply();

	const { botId, userId, ...bubble } = body;
	const buttons = asObject(body.buttons);
	if (body.buttons !== undefined && buttons.buttonText === undefined) {
		bubble.buttons = { ...buttons, buttonText: { type: 'text', text: DEFAULT_LIST_BUTTON_TEXT } };
	}
	const messageId = randomUUID();
	state.sentMessages.push({
		id: messageId,
		destination: userId as string,
		elementName: '',
		body,
		status: 'DELIVERED_CHANNEL',
		createdAt: new Date().toISOString(),
	});
	return {
		status: 200,
		body: { messageId, bubble, botId, userId, received: Date.now(), status: 'DELIVERED_CHANNEL' },
	};
}

export function checkTypeFields(type: string, body: JsonObject, problems: Problems): void {
	if (type === 'text' || type === 'quick_reply') {
		if (!isNonEmptyString(body.text)) problems.required('text');
	} else if (body.text !== undefined && typeof body.text !== 'string') {
		problems.add('text', 'text must be a string.', 'text debe ser un texto.');
	}
	if (MEDIA_TYPES.includes(type) && !isHttpsUrl(body.mediaUrl)) {
		problems.add(
			'mediaUrl',
			'mediaUrl is required: a public https link straight to the file.',
			'mediaUrl es obligatorio: un enlace https público directo al archivo.',
		);
	}
	if (type === 'text' && body.buttons !== undefined) checkListOptions(body.buttons, problems);
	if (type === 'quick_reply') checkQuickReplies(body, problems);
	if (type === 'location') checkCoordinates(body.coordinates, problems);
	if (type === 'file' && body.filename !== undefined && !isNonEmptyString(body.filename)) {
		problems.add(
			'filename',
			'filename must be a non-empty string.',
			'filename debe ser un texto no vacío.',
		);
	}
}

function checkListOptions(value: unknown, problems: Problems): void {
	const buttons = asObject(value);
	const options = buttons.options;
	if (!Array.isArray(options) || options.length < 1 || options.length > OPTIONS_MAX) {
		problems.add(
			'buttons.options',
			`A list needs 1 to ${OPTIONS_MAX} options.`,
			`Una lista necesita de 1 a ${OPTIONS_MAX} opciones.`,
		);
		return;
	}
	options.map(asObject).forEach((option, index) => {
		if (!isNonEmptyString(option.title) || option.title.length > OPTION_TITLE_MAX) {
			problems.add(
				`buttons.options[${index}].title`,
				`Option title is required and has at most ${OPTION_TITLE_MAX} characters.`,
				`El título de la opción es obligatorio y tiene como máximo ${OPTION_TITLE_MAX} caracteres.`,
			);
		}
		if (
			option.description !== undefined &&
			(typeof option.description !== 'string' || option.description.length > OPTION_DESCRIPTION_MAX)
		) {
			problems.add(
				`buttons.options[${index}].description`,
				`Option description has at most ${OPTION_DESCRIPTION_MAX} characters.`,
				`La descripción de la opción tiene como máximo ${OPTION_DESCRIPTION_MAX} caracteres.`,
			);
		}
	});
	if (buttons.buttonText !== undefined) {
		const buttonText = asObject(buttons.buttonText);
		if (buttonText.type !== 'text' || !isNonEmptyString(buttonText.text)) {
			problems.add(
				'buttons.buttonText',
				'buttonText must be {type: "text", text}.',
				'buttonText debe ser {type: "text", text}.',
			);
		}
	}
}

function checkQuickReplies(body: JsonObject, problems: Problems): void {
	if (
		body.title !== undefined &&
		(typeof body.title !== 'string' || body.title.length > QUICK_REPLY_TITLE_MAX)
	) {
		problems.add(
			'title',
			`title has at most ${QUICK_REPLY_TITLE_MAX} characters.`,
			`title tiene como máximo ${QUICK_REPLY_TITLE_MAX} caracteres.`,
		);
	}
	const replies = body.quick_replies;
	if (!Array.isArray(replies) || replies.length < 1 || replies.length > QUICK_REPLIES_MAX) {
		problems.add(
			'quick_replies',
			`quick_replies needs 1 to ${QUICK_REPLIES_MAX} replies.`,
			`quick_replies necesita de 1 a ${QUICK_REPLIES_MAX} respuestas.`,
		);
		return;
	}
	const titles = replies.map((reply) => asObject(reply).title);
	if (titles.some((title) => !isNonEmptyString(title) || title.length > QUICK_REPLY_TITLE_MAX)) {
		problems.add(
			'quick_replies',
			`Every reply needs a title of at most ${QUICK_REPLY_TITLE_MAX} characters.`,
			`Cada respuesta necesita un título de como máximo ${QUICK_REPLY_TITLE_MAX} caracteres.`,
		);
	}
	if (new Set(titles).size !== titles.length) {
		problems.add(
			'quick_replies',
			'Reply titles must be unique.',
			'Los títulos de las respuestas deben ser únicos.',
		);
	}
}

function checkCoordinates(value: unknown, problems: Problems): void {
	const { lat, long } = asObject(value);
	const inRange = (number: unknown, limit: number) =>
		typeof number === 'number' && Number.isFinite(number) && Math.abs(number) <= limit;
	if (!inRange(lat, 90) || !inRange(long, 180)) {
		problems.add(
			'coordinates',
			'coordinates must be {lat: -90..90, long: -180..180}.',
			'coordinates debe ser {lat: -90..90, long: -180..180}.',
		);
	}
}
