import type { IDataObject } from 'n8n-workflow';

export const AUTHENTICATION_FAILED_MESSAGE = 'Authentication failed: check Client ID and Client Secret';
export const BOT_NOT_FOUND_MESSAGE = 'Bot not found: check Bot ID';

/** What a user sees for one failed Jelou answer: a headline and the details behind it. */
export interface JelouErrorSummary {
	message: string;
	description: string;
	httpCode: string;
}

interface LocalizedText {
	en?: string;
	es?: string;
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

const englishText = (text: LocalizedText | string): string =>
	typeof text === 'string' ? text : (text.en ?? text.es ?? JSON.stringify(text));

/** "parameters: The number of parameters is incorrect." for every field Jelou rejected. */
export function describeValidationErrors(validationError: JelouErrorEnvelope['validationError']): string[] {
	if (!isObject(validationError)) return [];
	return Object.entries(validationError).map(([field, problems]) => {
		const texts = (Array.isArray(problems) ? problems : [problems]).map(englishText);
		return `${field}: ${texts.join(' ')}`;
	});
}

/**
 * Turns any answer Jelou gives for a failed request into plain words: the English developer message of
 * the error envelope, every rejected field, Jelou's code and key, and the HTTP status.
 */
export function summarizeJelouError(statusCode: number, body: unknown): JelouErrorSummary {
	const httpCode = String(statusCode);
	const envelope: JelouErrorEnvelope = isObject(body) ? (body as JelouErrorEnvelope) : {};
	const details: string[] = [];

	if (statusCode === 401) {
		return { message: AUTHENTICATION_FAILED_MESSAGE, description: `Jelou answered HTTP 401 (${joinMessage(envelope.message) ?? 'Authentication failed'}).`, httpCode };
	}
	if (envelope.error?.code === 'E1019') {
		return {
			message: BOT_NOT_FOUND_MESSAGE,
			description: `${envelope.error.developerMessages?.en ?? 'The botId is not found.'} Jelou code E1019 (BOT_NOT_FOUND), HTTP ${httpCode}.`,
			httpCode,
		};
	}

	const message =
		envelope.error?.developerMessages?.en ??
		joinMessage(envelope.message) ??
		(typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 300) : undefined) ??
		`Jelou answered HTTP ${httpCode} with no explanation`;

	const clientMessage = envelope.error?.clientMessages?.en;
	if (clientMessage && clientMessage !== message) details.push(clientMessage);
	details.push(...describeValidationErrors(envelope.validationError));
	if (envelope.error?.code) {
		details.push(`Jelou code ${envelope.error.code}${envelope.error.key ? ` (${envelope.error.key})` : ''}, HTTP ${httpCode}.`);
	} else {
		details.push(`HTTP ${httpCode}.`);
	}
	if (statusCode === 429) details.unshift('Jelou is limiting the request rate; lower the Concurrency option or try again later.');
	return { message, description: details.join('\n'), httpCode };
}
