import type { IDataObject } from 'n8n-workflow';

import { parameterCount } from '../../templates/model';
import type { HsmButtonParameter, HsmCard, JelouTemplate } from '../../templates/model';
import { requireFutureInstant } from '../../shared/dates';
import {
	InvalidFieldError,
	maxLength,
	requireHttpsUrl,
	requireText,
} from '../../shared/validation';

export const HSM_TYPES = [
	'text',
	'hsm',
	'image',
	'document',
	'video',
	'catalog',
	'carousel',
] as const;
const HSM_LANGUAGES = ['en', 'es', 'pt'] as const;
const MEDIA_TYPES = ['image', 'video', 'document'];
const CAROUSEL_MIN_CARDS = 2;
const CAROUSEL_MAX_CARDS = 10;
// Meta's limits: a copy-code value and an authentication template's parameters (the code) have at most 15 characters.
const COPY_CODE_MAX = 15;
const AUTHENTICATION_PARAMETER_MAX = 15;
const LOOKS_LIKE_URL = /https?:\/\/|www\./i;

/** Plain values of one template send, as the node's fields hold them after reading. */
export interface HsmMessage {
	elementName: string;
	destinations: string[];
	parameters: string[];
	type?: string;
	language?: string;
	mediaUrl?: string;
	filename?: string;
	headerParameters?: string[];
	buttonParameters?: HsmButtonParameter[];
	/** Already built by `buildButtonPayloads`. */
	buttonPayloads?: IDataObject[];
	/** Already built by `buildActions`. */
	actions?: IDataObject;
	/** Unix milliseconds. */
	ltoExpirationTime?: number;
	cards?: HsmCard[];
	/** Unix milliseconds. */
	expirationTime?: number;
	campaignId?: string;
	/** Send Jelou's empty `buttonOptions` (added by `withButtonOptions`, after Additional Body Fields). */
	buttonOptions?: boolean;
}

function checkButtonParameters(buttons: HsmButtonParameter[], field: string): void {
	buttons.forEach((button, position) => {
		const which = `button ${position + 1} (${button.type})`;
		switch (button.type) {
			case 'URL':
				requireText(
					`${field}: ${which} URL Suffix`,
					button.param,
					'Enter the part of the link the template leaves open, e.g. an order number.',
				);
				break;
			case 'QUICK_REPLY':
				requireText(
					`${field}: ${which} Action`,
					button.action,
					'Enter the button text exactly as approved in the template.',
				);
				requireText(
					`${field}: ${which} Skill ID`,
					button.skillId,
					'Enter the ID of the skill the button starts.',
				);
				break;
			case 'CATALOG':
				requireText(
					`${field}: ${which} Thumbnail Product`,
					button.thumbnailProduct,
					'Enter the ID of the catalog product shown as the thumbnail.',
				);
				break;
			case 'COPY_CODE': {
				if (!Number.isInteger(button.index) || button.index < 0) {
					throw new InvalidFieldError(
						field,
						`${which} has Button Index ${String(button.index)}`,
						'Enter the position of the copy-code button in the template, a whole number such as 1.',
					);
				}
				const code = requireText(
					`${field}: ${which} Code`,
					button.code,
					'Enter the code the customer copies, e.g. 20OFF.',
				);
				maxLength(`${field}: ${which} Code`, code, COPY_CODE_MAX);
				break;
			}
			default:
				throw new InvalidFieldError(
					field,
					`${which} is not a button kind Jelou knows`,
					'Use one of Catalog, Copy Code, Quick Reply or URL.',
				);
		}
	});
}

/**
 * What Jelou and Meta refuse, found before sending
 * (https://docs.jelou.ai/en/api/campanas/envio-individual, "Content restrictions").
 */
export function checkHsmMessage(message: HsmMessage, now = Date.now()): void {
	const type = message.type ?? 'text';
	if (!(HSM_TYPES as readonly string[]).includes(type)) {
		throw new InvalidFieldError(
			'Type',
			`"${type}" is not a template type`,
			`Use one of: ${HSM_TYPES.join(', ')}.`,
		);
	}
	if (
		message.language !== undefined &&
		!(HSM_LANGUAGES as readonly string[]).includes(message.language)
	) {
		throw new InvalidFieldError(
			'Language',
			`"${message.language}" is not a language Jelou accepts`,
			'Use en, es or pt, or leave it to the template.',
		);
	}
	message.parameters.forEach((parameter, position) => {
		if (parameter.trim() === '') {
			throw new InvalidFieldError(
				'Parameters',
				`parameter ${position + 1} is empty`,
				'WhatsApp refuses empty parameters: fill it in, or check the expression that should fill it.',
			);
		}
	});
	if ((message.headerParameters ?? []).length > 1) {
		throw new InvalidFieldError(
			'Header Parameter',
			`${message.headerParameters!.length} values given`,
			'A template header takes at most one parameter; give a single value.',
		);
	}
	if (MEDIA_TYPES.includes(type)) {
		requireHttpsUrl('Media URL', message.mediaUrl);
	} else if (message.mediaUrl !== undefined) {
		requireHttpsUrl('Media URL', message.mediaUrl);
	}
	checkButtonParameters(message.buttonParameters ?? [], 'Button Parameters');
	if (
		type === 'catalog' &&
		!(message.buttonParameters ?? []).some((button) => button.type === 'CATALOG')
	) {
		throw new InvalidFieldError(
			'Button Parameters',
			'a catalog template needs a Catalog button',
			'Add a Button Parameter of kind Catalog with the Thumbnail Product.',
		);
	}
	if (type === 'carousel') {
		const count = (message.cards ?? []).length;
		if (count < CAROUSEL_MIN_CARDS || count > CAROUSEL_MAX_CARDS) {
			throw new InvalidFieldError(
				'Carousel Cards',
				`${count} card${count === 1 ? '' : 's'} given`,
				`A carousel has ${CAROUSEL_MIN_CARDS} to ${CAROUSEL_MAX_CARDS} cards; add or remove cards.`,
			);
		}
	}
	(message.cards ?? []).forEach((card, position) => {
		requireHttpsUrl(`Carousel Cards: card ${position + 1} Media URL`, card.mediaUrl);
		checkButtonParameters(
			card.buttonParameters,
			`Carousel Cards: card ${position + 1} Button Parameters`,
		);
	});
	for (const [field, value] of [
		['Limited-Time Offer Expiration', message.ltoExpirationTime],
		['Expiration Time', message.expirationTime],
	] as const) {
		if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
			throw new InvalidFieldError(
				field,
				`${String(value)} is not a date`,
				'Pick a date and time, or give Unix milliseconds.',
			);
		}
		// A message that has already expired would never be delivered.
		if (value !== undefined)
			requireFutureInstant(value, field, now, 'Pick a later date and time, or leave it empty.');
	}
}

/** Checks that need the approved template: its parameter count, its media header and Meta's authentication rules. */
export function checkHsmAgainstTemplate(message: HsmMessage, template: JelouTemplate): void {
	const expected = parameterCount(template);
	if (expected !== undefined && message.parameters.length !== expected) {
		throw new InvalidFieldError(
			'Parameters',
			`the template "${template.elementName}" has ${expected} parameter${expected === 1 ? '' : 's'}, ${message.parameters.length} given`,
			expected === 0
				? 'This template has no placeholders: remove every parameter.'
				: expected === 1
					? 'Give exactly 1 value, for the placeholder {{1}}.'
					: `Give exactly ${expected} values, one per placeholder {{1}}…{{${expected}}}, in order.`,
		);
	}
	const type = message.type ?? 'text';
	const templateMedia = String(template.type ?? '').toLowerCase();
	if (MEDIA_TYPES.includes(templateMedia) && type !== templateMedia) {
		throw new InvalidFieldError(
			'Type',
			`the template "${template.elementName}" has a ${templateMedia} header but Type is ${type}`,
			`Set Type to ${templateMedia} and give its Media URL.`,
		);
	}
	if (template.category === 'AUTHENTICATION') {
		message.parameters.forEach((parameter) => {
			maxLength('Parameters', parameter, AUTHENTICATION_PARAMETER_MAX);
			if (LOOKS_LIKE_URL.test(parameter)) {
				throw new InvalidFieldError(
					'Parameters',
					`"${parameter}" contains a link, which authentication templates do not allow`,
					'Send only the code, without links.',
				);
			}
		});
		if (message.mediaUrl !== undefined) {
			throw new InvalidFieldError(
				'Media URL',
				'authentication templates do not allow media',
				'Remove the Media URL.',
			);
		}
	}
}

function buttonParameterBody(button: HsmButtonParameter): IDataObject {
	switch (button.type) {
		case 'URL':
			return { type: 'URL', payload: { param: button.param } };
		case 'QUICK_REPLY':
			return {
				type: 'QUICK_REPLY',
				payload: {
					type: button.payloadType || 'edge',
					action: button.action,
					skillId: button.skillId,
				},
			};
		case 'CATALOG':
			return { type: 'CATALOG', payload: { thumbnailProduct: button.thumbnailProduct } };
		case 'COPY_CODE':
			return { type: 'COPY_CODE', param: button.index, payload: { param: button.code } };
	}
}

/**
 * Version 2's two options over the body a picked template gets. Left unset, the body is the one Jelou's example
 * shows for that kind of template; set, the option decides, as it did before it had an unset default.
 */
export interface SendFormat {
	/** true: Jelou's "hsm" type; false: the type that follows from the template; unset: as Jelou's examples. */
	sendAsHsm?: boolean;
	/** How reply buttons with a bot flow go; unset: `buttonParameters`, as Jelou's quick-reply example. */
	replyButtonsAs?: 'buttonPayloads' | 'buttonParameters';
}

export const SEND_AS_HSM_FIELD = 'Options: Send as Interactive (HSM Type)';

/** Buttons a customer taps on a text template; Jelou's list says so in `interactiveAction`. */
const INTERACTIVE_ACTIONS = ['QUICK_REPLY', 'CALL_TO_ACTION'];
const TAPPED_BUTTONS = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER'];

/**
 * An interactive template, as Jelou's "hsm" example sends it: a text template with buttons the customer taps
 * (reply, link or call), none of which needs a value from this send.
 */
function isInteractiveAsApproved(message: HsmMessage, template: JelouTemplate): boolean {
	if ((message.type ?? 'text') !== 'text') return false;
	if ((message.buttonParameters ?? []).length > 0 || (message.buttonPayloads ?? []).length > 0)
		return false;
	const action = String(template.interactiveAction ?? '').toUpperCase();
	if (INTERACTIVE_ACTIONS.includes(action)) return true;
	const buttons = Array.isArray(template.buttons) ? (template.buttons as IDataObject[]) : [];
	return buttons.some((button) => TAPPED_BUTTONS.includes(String(button.type)));
}

/**
 * The message as version 2 sends it. Unset options give Jelou's examples: reply buttons with their bot flows as
 * QUICK_REPLY entries of buttonParameters (after the values of the template's other buttons), and an interactive
 * template sent as approved with the "hsm" type and an empty `buttonOptions`, as is a limited-time offer or a code
 * to copy. `template` is the picked template, when the node knows it.
 */
export function applySendFormat(
	message: HsmMessage,
	format: SendFormat,
	template?: JelouTemplate,
): HsmMessage {
	const applied = { ...message };
	const replyButtons = message.buttonPayloads ?? [];
	if ((format.replyButtonsAs ?? 'buttonParameters') === 'buttonParameters' && replyButtons.length) {
		applied.buttonParameters = [
			...(message.buttonParameters ?? []),
			...replyButtons.map((payload): HsmButtonParameter => ({
				type: 'QUICK_REPLY',
				action: String(payload.action),
				skillId: String(payload.skillId),
				payloadType: String(payload.type),
			})),
		];
		applied.buttonPayloads = [];
	}
	if (format.sendAsHsm) {
		const type = message.type ?? 'text';
		if (type !== 'text' && type !== 'hsm')
			throw new InvalidFieldError(
				SEND_AS_HSM_FIELD,
				`"${message.elementName}" is sent with type ${type}, which "hsm" would replace`,
				`Turn the option off: ${type} templates are sent with their own type.`,
			);
		applied.type = 'hsm';
	} else if (
		format.sendAsHsm === undefined &&
		template &&
		isInteractiveAsApproved(message, template)
	) {
		applied.type = 'hsm';
		applied.buttonOptions = true;
	}
	const hasCodeToCopy = (applied.buttonParameters ?? []).some(
		(button) => button.type === 'COPY_CODE',
	);
	if (message.ltoExpirationTime !== undefined || hasCodeToCopy) applied.buttonOptions = true;
	return applied;
}

/**
 * The body with Jelou's empty `buttonOptions` when the message asks for it, as Jelou's "hsm" and limited-time
 * offer examples send it. After Additional Body Fields, where a `buttonOptions` of the user's own stays.
 */
export function withButtonOptions(body: IDataObject, message: HsmMessage): IDataObject {
	return message.buttonOptions && !('buttonOptions' in body)
		? { ...body, buttonOptions: {} }
		: body;
}

/** The body of `POST /v2/whatsapp/{botId}/hsm`, with only the fields that carry a value. */
export function buildHsmBody(message: HsmMessage): IDataObject {
	const body: IDataObject = {
		elementName: message.elementName,
		destinations: message.destinations,
		parameters: message.parameters,
	};
	if (message.type) body.type = message.type;
	if (message.language) body.language = message.language;
	if (message.mediaUrl !== undefined) body.mediaUrl = message.mediaUrl;
	if (message.filename !== undefined) body.filename = message.filename;
	if (message.headerParameters?.length) body.headerParameters = message.headerParameters;
	if (message.buttonParameters?.length)
		body.buttonParameters = message.buttonParameters.map(buttonParameterBody);
	if (message.buttonPayloads?.length) body.buttonPayloads = message.buttonPayloads;
	if (message.actions) body.actions = message.actions;
	if (message.ltoExpirationTime !== undefined)
		body.ltoParams = { expirationTime: message.ltoExpirationTime };
	if (message.cards?.length) {
		body.cards = message.cards.map((card) => {
			const entry: IDataObject = { mediaUrl: card.mediaUrl, params: card.params };
			if (card.buttonParameters.length)
				entry.buttonParameters = card.buttonParameters.map(buttonParameterBody);
			return entry;
		});
	}
	// Jelou documents expirationTime as a string of Unix milliseconds.
	if (message.expirationTime !== undefined) body.expirationTime = String(message.expirationTime);
	if (message.campaignId) body.campaignId = message.campaignId;
	return body;
}
