import { randomUUID } from 'node:crypto';

import { asObject, isHttpsUrl, isNonEmptyString, isStringArray, PHONE_NUMBER } from '../checks';
import { failedBody, Problems, type Reply } from '../envelopes';
import type { FakeState, HandlerInput } from '../types';

export const HSM_TYPES = [
	'text',
	'hsm',
	'image',
	'document',
	'video',
	'catalog',
	'carousel',
] as const;
const LANGUAGES = ['en', 'es', 'pt'] as const;
const MEDIA_TYPES = ['image', 'video', 'document'];
// Meta limits authentication template parameters (the code) to 15 characters.
const AUTHENTICATION_PARAMETER_MAX = 15;

const BUTTON_TYPES = ['URL', 'QUICK_REPLY', 'CATALOG', 'COPY_CODE'];
const COPY_CODE_MAX = 15;

/** The shapes of send-individual-hsm.txt's button examples: each kind with its own payload. */
function checkButtonParameters(buttons: unknown[], field: string, problems: Problems): void {
	buttons.map(asObject).forEach((button, index) => {
		const at = `${field}[${index}]`;
		const payload = asObject(button.payload);
		if (!BUTTON_TYPES.includes(button.type as string)) {
			problems.add(
				`${at}.type`,
				`type must be one of ${BUTTON_TYPES.join(', ')}.`,
				`type debe ser uno de ${BUTTON_TYPES.join(', ')}.`,
			);
		} else if (button.type === 'URL' && !isNonEmptyString(payload.param)) {
			problems.add(
				`${at}.payload.param`,
				'A URL button needs payload.param.',
				'Un botón URL necesita payload.param.',
			);
		} else if (
			button.type === 'QUICK_REPLY' &&
			!(isNonEmptyString(payload.action) && payload.skillId !== undefined)
		) {
			problems.add(
				`${at}.payload`,
				'A QUICK_REPLY button needs payload {type, action, skillId}.',
				'Un botón QUICK_REPLY necesita payload {type, action, skillId}.',
			);
		} else if (button.type === 'CATALOG' && !isNonEmptyString(payload.thumbnailProduct)) {
			problems.add(
				`${at}.payload.thumbnailProduct`,
				'A CATALOG button needs payload.thumbnailProduct.',
				'Un botón CATALOG necesita payload.thumbnailProduct.',
			);
		} else if (button.type === 'COPY_CODE') {
			if (!Number.isInteger(button.param))
				problems.add(
					`${at}.param`,
					'A COPY_CODE button needs its index as param.',
					'Un botón COPY_CODE necesita su índice en param.',
				);
			if (!isNonEmptyString(payload.param) || payload.param.length > COPY_CODE_MAX) {
				problems.add(
					`${at}.payload.param`,
					'The code to copy has 1 to 15 characters.',
					'El código a copiar tiene de 1 a 15 caracteres.',
				);
			}
		}
	});
}

/** POST /v2/whatsapp/:botId/hsm — send one approved template to each destination. */
export function sendHsm(input: HandlerInput, state: FakeState): Reply {
	const body = asObject(input.body);
	const problems = new Problems();

	if (!isNonEmptyString(body.elementName)) problems.required('elementName');
	const destinations = body.destinations;
	if (!Array.isArray(destinations) || destinations.length === 0) {
		problems.add(
			'destinations',
			'destinations must be a non-empty array of phone numbers.',
			'destinations debe ser un arreglo no vacío de números de teléfono.',
		);
	} else {
		for (const destination of destinations) {
			if (typeof destination !== 'string' || !PHONE_NUMBER.test(destination)) {
				problems.add(
					'destinations',
					`${JSON.stringify(destination)} is not a phone number: use 8 to 15 digits with the country code, no + or spaces.`,
					`${JSON.stringify(destination)} no es un número de teléfono: use de 8 a 15 dígitos con el código de país, sin + ni espacios.`,
				);
			}
		}
	}
	if (!isStringArray(body.parameters)) {
		problems.add(
			'parameters',
			'parameters is required and must be an array of strings.',
			'parameters es obligatorio y debe ser un arreglo de textos.',
		);
	}
	if (body.headerParameters !== undefined) {
		if (!isStringArray(body.headerParameters)) {
			problems.add(
				'headerParameters',
				'headerParameters must be an array of strings.',
				'headerParameters debe ser un arreglo de textos.',
			);
		} else if (body.headerParameters.length > 1) {
			problems.add(
				'headerParameters',
				'headerParameters allows at most 1 parameter.',
				'headerParameters admite como máximo 1 parámetro.',
			);
		}
	}
	const type = body.type ?? 'text';
	if (typeof type !== 'string' || !(HSM_TYPES as readonly string[]).includes(type)) {
		problems.oneOf('type', HSM_TYPES);
	}
	if (body.language !== undefined && !(LANGUAGES as readonly unknown[]).includes(body.language)) {
		problems.oneOf('language', LANGUAGES);
	}
	if (body.mediaUrl !== undefined && !isHttpsUrl(body.mediaUrl)) {
		problems.add(
			'mediaUrl',
			'mediaUrl must be a public https URL of the file.',
			'mediaUrl debe ser una URL https pública del archivo.',
		);
	}
	if (body.filename !== undefined && !isNonEmptyString(body.filename)) {
		problems.add(
			'filename',
			'filename must be a non-empty string.',
			'filename debe ser un texto no vacío.',
		);
	}
	for (const field of ['buttonPayloads', 'buttonParameters', 'cards'] as const) {
		if (body[field] !== undefined && !Array.isArray(body[field])) {
			problems.add(field, `${field} must be an array.`, `${field} debe ser un arreglo.`);
		}
	}
	if (Array.isArray(body.buttonParameters))
		checkButtonParameters(body.buttonParameters, 'buttonParameters', problems);
	if (Array.isArray(body.cards)) {
		body.cards.map(asObject).forEach((card, index) => {
			if (!isHttpsUrl(card.mediaUrl)) {
				problems.add(
					`cards[${index}].mediaUrl`,
					'Every card needs a public https mediaUrl.',
					'Cada tarjeta necesita un mediaUrl https público.',
				);
			}
			if (card.params !== undefined && !isStringArray(card.params)) {
				problems.add(
					`cards[${index}].params`,
					'params must be an array of strings.',
					'params debe ser un arreglo de textos.',
				);
			}
			if (Array.isArray(card.buttonParameters))
				checkButtonParameters(card.buttonParameters, `cards[${index}].buttonParameters`, problems);
		});
	}
	if (body.ltoParams !== undefined && !Number.isInteger(asObject(body.ltoParams).expirationTime)) {
		problems.add(
			'ltoParams.expirationTime',
			'ltoParams.expirationTime must be Unix milliseconds.',
			'ltoParams.expirationTime debe ser milisegundos Unix.',
		);
	}
	if (problems.any) return problems.reply();

	const elementName = body.elementName as string;
	const template = state.templates.find(
		(candidate) => candidate.elementName === elementName && candidate.status === 'APPROVED',
	);
	if (!template) {
		return {
			status: 400,
			body: failedBody('Template does not exist', {
				_metadata: {
					error: {},
					body: {
						destinations: (destinations as string[]).map((destination) => ({ destination })),
						parameters: body.parameters,
						elementName,
						code: body.language ?? 'en',
						type,
						botId: state.botId,
						botName: 'Fake Jelou Bot',
					},
				},
				error: {},
			}),
		};
	}

	const parameters = body.parameters as string[];
	if (parameters.length !== template.paramsNumber) {
		problems.add(
			'parameters',
			'The number of parameters is incorrect.',
			'El número de parámetros es incorrecto.',
		);
	}
	const templateMediaType = ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(template.type ?? '')
		? (template.type as string).toLowerCase()
		: undefined;
	if (templateMediaType !== undefined && type !== templateMediaType) {
		problems.add(
			'type',
			`The template ${elementName} is of type ${templateMediaType}; send type "${templateMediaType}".`,
			`La plantilla ${elementName} es de tipo ${templateMediaType}; envíe type "${templateMediaType}".`,
		);
	}
	if (templateMediaType === undefined && MEDIA_TYPES.includes(type as string)) {
		problems.add(
			'type',
			`The template ${elementName} has no ${type as string} header.`,
			`La plantilla ${elementName} no tiene encabezado de tipo ${type as string}.`,
		);
	}
	if ((MEDIA_TYPES.includes(type as string) || templateMediaType) && body.mediaUrl === undefined) {
		problems.add(
			'mediaUrl',
			'mediaUrl is required for image, video and document templates.',
			'mediaUrl es obligatorio para plantillas de imagen, video y documento.',
		);
	}
	// No filename check: Jelou's own document example sends none, so a document goes without one.
	if (template.category === 'AUTHENTICATION') {
		if (parameters.some((parameter) => parameter.length > AUTHENTICATION_PARAMETER_MAX)) {
			problems.add(
				'parameters',
				'Authentication template parameters must have at most 15 characters.',
				'Los parámetros de plantillas de autenticación deben tener como máximo 15 caracteres.',
			);
		}
		if (body.mediaUrl !== undefined) {
			problems.add(
				'mediaUrl',
				'Authentication templates do not allow media.',
				'Las plantillas de autenticación no permiten multimedia.',
			);
		}
	}
	if (type === 'carousel') {
		const cards = body.cards;
		if (!Array.isArray(cards) || cards.length < 2 || cards.length > 10) {
			problems.add(
				'cards',
				'A carousel needs between 2 and 10 cards.',
				'Un carrusel necesita entre 2 y 10 tarjetas.',
			);
		}
	}
	if (problems.any) return problems.reply();

	const createdAt = new Date().toISOString();
	const campaignId = typeof body.campaignId === 'string' ? body.campaignId : undefined;
	const sent = (destinations as string[]).map((destination) => {
		const id = `msg-${randomUUID()}`;
		state.sentMessages.push({
			id,
			destination,
			elementName,
			body,
			status: 'DELIVERED_USER',
			campaignId,
			createdAt,
		});
		return { id, destination };
	});
	return { status: 200, body: sent };
}
