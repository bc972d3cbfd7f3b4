import type { IDataObject } from 'n8n-workflow';

import { effectOf } from '../shared/request-effects';
import type { RequestEffect } from '../shared/request-effects';

/** The reason phrases of the answers a gateway or proxy sends in Jelou's place. */
const GATEWAY_REASONS: Record<number, string> = {
	400: 'Bad Request',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	407: 'Proxy Authentication Required',
	408: 'Request Timeout',
	413: 'Payload Too Large',
	414: 'URI Too Long',
	429: 'Too Many Requests',
	431: 'Request Header Fields Too Large',
	500: 'Internal Server Error',
	501: 'Not Implemented',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
	520: 'Unknown Error',
	521: 'Web Server Is Down',
	522: 'Connection Timed Out',
	523: 'Origin Is Unreachable',
	524: 'A Timeout Occurred',
};

const AUTHENTICATION_FAILED_MESSAGE = 'Authentication failed: check Client ID and Client Secret';
const BOT_NOT_FOUND_MESSAGE = 'Bot not found: check Bot ID';

/** What a user sees for one failed Jelou answer: a headline and the details behind it. */
interface JelouErrorSummary {
	message: string;
	description: string;
	httpCode: string;
	/** Set when Jelou refused the bot, not the credential: the bot's ID ('' when unknown). */
	refusedBot?: string;
}

/** The languages Jelou writes its messages in; sent as Accept-Language. */
export type JelouLanguage = 'en' | 'es' | 'pt';

interface LocalizedText {
	en?: string;
	es?: string;
	pt?: string;
}

interface JelouErrorEnvelope {
	message?: string | string[];
	status?: string | number;
	statusMessage?: string;
	error?: {
		code?: string;
		key?: string;
		description?: string;
		developerMessages?: LocalizedText;
		clientMessages?: LocalizedText;
	};
	validationError?: Record<string, LocalizedText[] | LocalizedText | string>;
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const joinMessage = (message: unknown): string | undefined => {
	if (typeof message === 'string' && message.trim() !== '') return message;
	if (Array.isArray(message)) {
		const parts = message.filter((part): part is string => typeof part === 'string' && part !== '');
		if (parts.length > 0) return parts.join('; ');
	}
	return undefined;
};

/** The text in the user's language, else English, else Spanish. */
const localized = (
	text: LocalizedText | string | undefined,
	language: JelouLanguage,
): string | undefined =>
	text === undefined || typeof text === 'string'
		? text
		: (text[language] ?? text.en ?? text.es ?? JSON.stringify(text));

const HTML_PAGE = /<\s*(!doctype|html|head|body|title|h1|center)\b/i;
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/** Text without markup or runs of white space, cut to `limit` characters: what a user can read of a page or a raw answer. */
export function readableExcerpt(text: string, limit = 300): string {
	const plain = text
		.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/&nbsp;/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return plain.length > limit ? `${plain.slice(0, limit)}…` : plain;
}

/** "parameters: The number of parameters is incorrect." for every field Jelou rejected. */
function describeValidationErrors(
	validationError: JelouErrorEnvelope['validationError'],
	language: JelouLanguage = 'en',
): string[] {
	if (!isObject(validationError)) return [];
	return Object.entries(validationError).map(([field, problems]) => {
		const texts = (Array.isArray(problems) ? problems : [problems]).map((text) =>
			localized(text, language),
		);
		return `${field}: ${texts.join(' ')}`;
	});
}

/**
 * Jelou refused the bot itself: unknown (E1019 BOT_NOT_FOUND, or `bot_not_found`, a bot not assigned to the company)
 * or another company's (`forbidden_bot`). Not the credential: the company's other bots still answer.
 */
function botRefusalOf(body: unknown): 'not-found' | 'forbidden' | undefined {
	const code = isObject(body) ? (body as JelouErrorEnvelope).error?.code : undefined;
	if (code === 'E1019' || code === 'bot_not_found') return 'not-found';
	if (code === 'forbidden_bot') return 'forbidden';
	return undefined;
}

/** What the request was, for the words of its error. */
export interface ErrorContext {
	language?: JelouLanguage;
	/** What the request does (sends, changes, only reads): what a failure may have done. */
	effect?: RequestEffect;
	/** The operation's fix for this status, said before Jelou's details. */
	fix?: string;
	/** The bot the request was for, named when Jelou refuses it. */
	botId?: string;
}

/**
 * Turns any answer Jelou gives for a failed request into plain words: the developer message of the error
 * envelope in the user's language, every rejected field, Jelou's code and key, and the HTTP status. A page
 * from a gateway in front of Jelou gets a one-line headline and its text, without markup, as the details. A failure
 * that leaves the outcome unknown (a 5xx) says it in the words of what the request does (`effect`), and `fix`, what
 * the operation knows of this refusal, comes right after Jelou's words.
 */
export function summarizeJelouError(
	statusCode: number,
	body: unknown,
	{ language = 'en', effect = effectOf('POST'), fix, botId }: ErrorContext = {},
): JelouErrorSummary {
	const httpCode = String(statusCode);
	const envelope: JelouErrorEnvelope = isObject(body) ? (body as JelouErrorEnvelope) : {};
	const details: string[] = [];

	if (statusCode === 401) {
		return {
			message: AUTHENTICATION_FAILED_MESSAGE,
			description: `Jelou answered HTTP 401 (${joinMessage(envelope.message) ?? 'Authentication failed'}).`,
			httpCode,
		};
	}
	const refusal = botRefusalOf(body);
	if (refusal) {
		const code = envelope.error?.code ?? '';
		const key = envelope.error?.key ? ` (${envelope.error.key})` : '';
		const said =
			localized(envelope.error?.developerMessages, language) ??
			joinMessage(envelope.message) ??
			(refusal === 'forbidden'
				? 'Bot is not allowed to be used by your company'
				: 'The botId is not found.');
		const sentence = /[.!?]$/.test(said.trim()) ? said.trim() : `${said.trim()}.`;
		const which = botId ? ` (${botId})` : '';
		return {
			message:
				refusal === 'forbidden'
					? `Bot not allowed for this company: check Bot ID${which}`
					: `${BOT_NOT_FOUND_MESSAGE}${which}`,
			description: `${sentence} Jelou code ${code}${key}, HTTP ${httpCode}. One Jelou API credential can use every bot of its company: check the Bot ID in the node's Bot field (By ID) or in the credential (Jelou Apps → Settings → Bots lists the company's bots). A bot of another company needs that company's credential.`,
			httpCode,
			refusedBot: botId ?? '',
		};
	}

	if (
		typeof body === 'string' &&
		(HTML_PAGE.test(body) || (GATEWAY_STATUSES.has(statusCode) && body.trim() !== ''))
	) {
		const excerpt = readableExcerpt(body);
		return {
			message: `Jelou's gateway answered ${statusCode}${GATEWAY_REASONS[statusCode] ? ` ${GATEWAY_REASONS[statusCode]}` : ''}`,
			description: [
				excerpt && `The gateway's page says: "${excerpt}"`,
				fix,
				statusCode >= 500
					? 'changesNothing' in effect
						? `${effect.changesNothing} later.`
						: `The request may have reached Jelou, so ${effect.mayHave}; it was not repeated (a repeat could ${effect.twice}). ${effect.check}`
					: undefined,
				`HTTP ${httpCode}.`,
			]
				.filter(Boolean)
				.join('\n'),
			httpCode,
		};
	}

	const message =
		localized(envelope.error?.developerMessages, language) ??
		joinMessage(envelope.message) ??
		(typeof body === 'string' && body.trim() !== '' ? readableExcerpt(body) : undefined) ??
		`Jelou answered HTTP ${httpCode} with no explanation`;

	const clientMessage = localized(envelope.error?.clientMessages, language);
	if (clientMessage && clientMessage !== message) details.push(clientMessage);
	details.push(...describeValidationErrors(envelope.validationError, language));
	if (fix) details.push(fix);
	if (envelope.error?.code) {
		details.push(
			`Jelou code ${envelope.error.code}${envelope.error.key ? ` (${envelope.error.key})` : ''}, HTTP ${httpCode}.`,
		);
	} else {
		details.push(`HTTP ${httpCode}.`);
	}
	// Jelou's own 5xx answers ("Unexpected error occurred, check logs") say nothing of what became of the request.
	if (statusCode >= 500)
		details.unshift(
			'changesNothing' in effect
				? `Jelou failed while handling the request. ${effect.changesNothing} later.`
				: `Jelou failed while handling the request, after it had arrived, so ${effect.mayHave}; it was not repeated (a repeat could ${effect.twice}). ${effect.check}`,
		);
	if (statusCode === 429)
		details.unshift(
			'Jelou is limiting the request rate; lower the Concurrency option or try again later.',
		);
	return { message, description: details.join('\n'), httpCode };
}
