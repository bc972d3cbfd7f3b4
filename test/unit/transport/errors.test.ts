import {
	CHANGES_WHO_ANSWERS,
	ONLY_READS,
	SENDS_MESSAGE,
	SIGNS_MEDIA_LINK,
	WRITES_MEMORY,
} from '../../../nodes/JelouWhatsApp/shared/request-effects';
import type { RequestEffect } from '../../../nodes/JelouWhatsApp/shared/request-effects';
import { summarizeJelouError } from '../../../nodes/JelouWhatsApp/transport/errors';

// Bodies copied from ../shared/jelou-docs/send-individual-hsm.txt and create-template.txt.
const VALIDATION_ERROR = {
	message: ['The values entered are not correct.'],
	statusMessage: 'failed',
	status: 0,
	error: {
		code: 'E0422',
		key: 'VALIDATOR_ERROR',
		description: 'Error to be thrown when cannot process request because of incoming values',
		developerMessages: {
			es: 'Los valores del request no son correctos para ser procesados.',
			en: 'The request values are not correct for processing.',
		},
		clientMessages: {
			es: 'Los valores ingresados no son correctos.',
			en: 'The values entered are not correct.',
		},
	},
	validationError: {
		parameters: [
			{
				en: 'The number of parameters is incorrect.',
				es: 'El número de parámetros es incorrecto.',
			},
		],
	},
};

const BOT_NOT_FOUND = {
	message: ['The Bot could not be found at the moment.'],
	statusMessage: 'failed',
	status: 0,
	error: {
		code: 'E1019',
		key: 'BOT_NOT_FOUND',
		description: 'Error to be thrown when trying to get a Bot.',
		developerMessages: {
			es: 'El botId no se encuentra en la base de datos o ha sido eliminado.',
			en: 'The botId is not found in the database or has been deleted.',
		},
		clientMessages: {
			es: 'El Bot no se pudo encontrar por el momento.',
			en: 'The Bot could not be found at the moment.',
		},
	},
};

const UNKNOWN_ERROR = {
	message: ['We are having trouble processing your request. Please try again later.'],
	statusMessage: 'failed',
	status: 0,
	error: {
		code: 'E0000',
		key: 'UNKNOWN_ERROR',
		description: "Error to be thrown when it couldn't be determined the reason of failure",
		developerMessages: {
			es: 'Error inesperado occurido, revisar logs.',
			en: 'Unexpected error occurred, check logs.',
		},
		clientMessages: {
			es: 'Estamos teniendo problemas procesando la solicitud. Por favor intenta mas tarde.',
			en: 'We are having trouble processing your request. Please try again later.',
		},
	},
};

describe('summarizeJelouError', () => {
	it('turns E0422 into the English developer message with every rejected field, code, key and status', () => {
		const summary = summarizeJelouError(422, VALIDATION_ERROR);
		expect(summary.message).toBe('The request values are not correct for processing.');
		expect(summary.description.split('\n')).toEqual([
			'The values entered are not correct.',
			'parameters: The number of parameters is incorrect.',
			'Jelou code E0422 (VALIDATOR_ERROR), HTTP 422.',
		]);
		expect(summary.httpCode).toBe('422');
	});

	it('lists every field when several are rejected, one line each', () => {
		const body = {
			...VALIDATION_ERROR,
			validationError: {
				destinations: [{ en: 'Destinations must be digits only.', es: '…' }],
				mediaUrl: [
					{ en: 'mediaUrl is required.', es: '…' },
					{ en: 'mediaUrl must be https.', es: '…' },
				],
			},
		};
		const lines = summarizeJelouError(422, body).description.split('\n');
		expect(lines).toContain('destinations: Destinations must be digits only.');
		expect(lines).toContain('mediaUrl: mediaUrl is required. mediaUrl must be https.');
	});

	it('gives the plain bot message for E1019, naming the bot, and says the bot was refused, not the credential', () => {
		const summary = summarizeJelouError(404, BOT_NOT_FOUND, { botId: 'bot-co' });
		expect(summary.message).toBe('Bot not found: check Bot ID (bot-co)');
		expect(summary.description).toBe(
			"The botId is not found in the database or has been deleted. Jelou code E1019 (BOT_NOT_FOUND), HTTP 404. One Jelou API credential can use every bot of its company: check the Bot ID in the node's Bot field (By ID) or in the credential (Jelou Apps → Settings → Bots lists the company's bots). A bot of another company needs that company's credential.",
		);
		expect(summary.refusedBot).toBe('bot-co');
	});

	it('reads Jelou’s documented bot codes: bot_not_found (404) and forbidden_bot (403)', () => {
		const envelope = (code: string, text: string) => ({
			message: [text],
			error: { code, description: text, developerMessages: { en: text } },
		});
		const notAssigned = summarizeJelouError(
			404,
			envelope('bot_not_found', 'Bot is not assigned to your company'),
			{ botId: 'bot-co' },
		);
		expect(notAssigned.message).toBe('Bot not found: check Bot ID (bot-co)');
		expect(notAssigned.description).toMatch(
			/^Bot is not assigned to your company\. Jelou code bot_not_found, HTTP 404\./,
		);
		const forbidden = summarizeJelouError(
			403,
			envelope('forbidden_bot', 'Bot is not allowed to be used by your company'),
			{ botId: 'bot-x' },
		);
		expect(forbidden.message).toBe('Bot not allowed for this company: check Bot ID (bot-x)');
		expect(forbidden.description).toContain(
			"A bot of another company needs that company's credential",
		);
		expect(forbidden.refusedBot).toBe('bot-x');
	});

	it('gives the plain credentials message for 401', () => {
		const summary = summarizeJelouError(401, { message: 'Authentication failed' });
		expect(summary.message).toBe('Authentication failed: check Client ID and Client Secret');
		expect(summary.httpCode).toBe('401');
	});

	it('shows the short shapes verbatim', () => {
		expect(
			summarizeJelouError(400, {
				message: ['Template does not exist'],
				status: 'failed',
				_metadata: { error: {} },
				error: {},
			}).message,
		).toBe('Template does not exist');
		expect(
			summarizeJelouError(400, { message: ['Template name already exists'], status: 'failed' })
				.message,
		).toBe('Template name already exists');
		expect(
			summarizeJelouError(400, { message: ['Invalid CSV format'], status: 'failed' }).message,
		).toBe('Invalid CSV format');
		expect(
			summarizeJelouError(400, { message: ['Invalid CSV format'], status: 'failed' }).description,
		).toBe('HTTP 400.');
	});

	it('uses the developer message of E0000 and keeps the client message as a detail', () => {
		const summary = summarizeJelouError(500, UNKNOWN_ERROR);
		expect(summary.message).toBe('Unexpected error occurred, check logs.');
		expect(summary.description).toContain(
			'We are having trouble processing your request. Please try again later.',
		);
		expect(summary.description).toContain('Jelou code E0000 (UNKNOWN_ERROR), HTTP 500.');
	});

	it('says of a 500 what the request may have done and where to check, in the words of its effect', () => {
		const firstLine = (effect?: RequestEffect) =>
			summarizeJelouError(500, UNKNOWN_ERROR, { effect }).description.split('\n')[0];
		expect(firstLine(SENDS_MESSAGE)).toBe(
			'Jelou failed while handling the request, after it had arrived, so the message may have gone out; it was not repeated (a repeat could send the message twice). Check the message status with Message → Get Status (By Filters: template and time) before resending.',
		);
		expect(firstLine(ONLY_READS)).toBe(
			'Jelou failed while handling the request. It only reads, so nothing was sent or changed: run it again later.',
		);
		expect(firstLine(WRITES_MEMORY)).toBe(
			'Jelou failed while handling the request, after it had arrived, so the values may have been stored; it was not repeated (a repeat could store them a second time). Check the customer’s memory with Conversation → Get Memory before running it again.',
		);
		expect(firstLine(CHANGES_WHO_ANSWERS)).toBe(
			'Jelou failed while handling the request, after it had arrived, so who answers the customer may have changed; it was not repeated (a repeat could make the change a second time). Check who answers the customer with Conversation → Get State before running it again.',
		);
		expect(firstLine(SIGNS_MEDIA_LINK)).toBe(
			'Jelou failed while handling the request. It only asks Jelou for a download link, so nothing was sent or changed: run the item again later.',
		);
		// No effect given: a request that acts, in general words, never a message
		expect(firstLine()).toBe(
			'Jelou failed while handling the request, after it had arrived, so the request may have been carried out; it was not repeated (a repeat could carry it out twice). Check in Jelou before running it again.',
		);
		expect(summarizeJelouError(400, { message: ['Invalid CSV format'] }).description).toBe(
			'HTTP 400.',
		);
	});

	it('puts the operation’s fix for a refusal right after Jelou’s words', () => {
		const notFound = {
			message: ['The user could not be found.'],
			statusMessage: 'failed',
			status: 0,
		};
		expect(
			summarizeJelouError(404, notFound, {
				effect: ONLY_READS,
				fix: 'This number has never written to the bot.',
			}),
		).toEqual({
			message: 'The user could not be found.',
			description: 'This number has never written to the bot.\nHTTP 404.',
			httpCode: '404',
		});
	});

	it('tells the user what to do about a 429', () => {
		expect(summarizeJelouError(429, { message: ['Too many requests'] }).description).toMatch(
			/lower the Concurrency option/,
		);
	});
});
