import type { IDataObject } from 'n8n-workflow';

import { normalizePhoneNumber, toE164 } from '../../shared/phone';
import { answerExcerpt, unconfirmedSend } from '../../shared/send-answers';
import {
	InvalidFieldError,
	maxLength,
	parseJsonText,
	parseUrl,
	requireText,
	textOf,
} from '../../shared/validation';

/**
 * Session messages that only Jelou's current message API offers
 * (https://docs.jelou.ai/en/api/envia-mensajes/introduccion): a contact card, a location request, a URL
 * button and a call button go to `POST /v1/bots/{botId}/messages`; a WhatsApp Flow goes to `POST /v1/bots/{botId}/users/{userId}/flow_message`.
 */
const BOT_MESSAGE_TYPES = [
	'contacts',
	'cta_url',
	'flow',
	'location_request',
	'voice_call',
] as const;
export type BotMessageType = (typeof BOT_MESSAGE_TYPES)[number];

export function isBotMessageType(type: unknown): type is BotMessageType {
	return (BOT_MESSAGE_TYPES as readonly unknown[]).includes(type);
}

// WhatsApp's limits for interactive messages (Meta's Cloud API reference; Jelou's docs name none).
const HEADER_MAX = 60;
const BODY_MAX = 1024;
const FOOTER_MAX = 60;
const BUTTON_TEXT_MAX = 20;
const FLOW_BUTTON_TEXT_MAX = 30;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface ContactPhone {
	/** E.164 with `+`, as the contact card wants it. */
	phone: string;
	type?: string;
	/** The WhatsApp ID: the number without `+`. */
	waId?: string;
}

interface ContactEmail {
	email: string;
	type?: string;
}

interface ContactAddress {
	street?: string;
	city?: string;
	state?: string;
	zip?: string;
	country?: string;
	countryCode?: string;
	type?: string;
}

interface ContactCard {
	formattedName?: string;
	firstName?: string;
	lastName?: string;
	phones: ContactPhone[];
	emails: ContactEmail[];
	addresses: ContactAddress[];
}

/** Plain values of one message of the types above, as the node's fields hold them after reading. */
export interface BotMessage {
	botId: string;
	/** Digits with country code, no `+`. */
	userId: string;
	type: BotMessageType;
	/** Body text; for a location request, the text above WhatsApp's "Send location" button. */
	text?: string;
	header?: string;
	footer?: string;
	/** The button's label: URL button, call button and Flow. */
	buttonText?: string;
	url?: string;
	/** The Flow's slug in Jelou. */
	flowName?: string;
	/** Parsed JSON object, or undefined when none was given. */
	flowActionPayload?: IDataObject;
	contacts?: ContactCard[];
}

/** One request of a message: where it goes and what it carries. */
interface BotMessageRequest {
	path: string;
	body: IDataObject;
}

function optional(field: string, value: unknown): string | undefined {
	const text = textOf(field, value).trim();
	return text === '' ? undefined : text;
}

function entries(value: unknown, key: string): IDataObject[] {
	const list = (value as IDataObject | undefined)?.[key];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/**
 * Contact cards from the node's Contacts field (`{contact: [{formattedName, …, phones: {phone: […]}, emails:
 * {email: […]}, addresses: {address: […]}}]}`). Phones become E.164 with `+` and WhatsApp IDs digits only,
 * both through the same phone cleaner as the recipient's number.
 */
export function contactCardsFromFields(
	contacts: IDataObject[],
	defaultCountryCode = '',
): ContactCard[] {
	return contacts.map((contact, contactIndex) => {
		const where = `Contacts: contact ${contactIndex + 1}`;
		return {
			formattedName: optional(`${where} Formatted Name`, contact.formattedName),
			firstName: optional(`${where} First Name`, contact.firstName),
			lastName: optional(`${where} Last Name`, contact.lastName),
			phones: entries(contact.phones, 'phone').map((entry, phoneIndex) => {
				const field = `${where} Phone ${phoneIndex + 1}`;
				const phone: ContactPhone = { phone: toE164(entry.phone, field, defaultCountryCode) };
				const type = optional(`${field} Type`, entry.type);
				if (type) phone.type = type;
				const waId = optional(`${field} WhatsApp ID`, entry.waId);
				if (waId)
					phone.waId = normalizePhoneNumber(waId, `${field} WhatsApp ID`, defaultCountryCode);
				return phone;
			}),
			emails: entries(contact.emails, 'email').map((entry, emailIndex) => {
				const field = `${where} E-mail ${emailIndex + 1}`;
				const email: ContactEmail = { email: textOf(field, entry.email).trim() };
				const type = optional(`${field} Type`, entry.type);
				if (type) email.type = type;
				return email;
			}),
			addresses: entries(contact.addresses, 'address').map((entry, addressIndex) => {
				const address: ContactAddress = {};
				for (const key of [
					'street',
					'city',
					'state',
					'zip',
					'country',
					'countryCode',
					'type',
				] as const) {
					const value = optional(`${where} Address ${addressIndex + 1}`, entry[key]);
					if (value) address[key] = value;
				}
				return address;
			}),
		};
	});
}

/** The Flow Action Payload field: a JSON object typed as text or given by an expression; empty means none. */
export function parseFlowActionPayload(
	raw: unknown,
	field = 'Flow Action Payload (JSON)',
): IDataObject | undefined {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
		return undefined;
	const fix = 'Enter a JSON object such as {"screen": "RECOMMEND"}, or leave it empty.';
	const value = parseJsonText(field, raw, fix);
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw new InvalidFieldError(field, 'is not a JSON object', fix);
	return Object.keys(value).length === 0 ? undefined : (value as IDataObject);
}

function optionalMax(field: string, value: string | undefined, limit: number): void {
	if (value !== undefined) maxLength(field, value, limit);
}

function checkContacts(contacts: ContactCard[] | undefined): void {
	if (!contacts || contacts.length === 0) {
		throw new InvalidFieldError(
			'Contacts',
			'no contact given',
			'Add at least one contact with a name and a phone number or an e-mail.',
		);
	}
	contacts.forEach((contact, contactIndex) => {
		const where = `Contacts: contact ${contactIndex + 1}`;
		if (!contact.formattedName && !contact.firstName && !contact.lastName) {
			throw new InvalidFieldError(
				where,
				'has no name',
				'Fill in Formatted Name, or First Name and Last Name: WhatsApp shows the card by its name.',
			);
		}
		if (contact.phones.length === 0 && contact.emails.length === 0) {
			throw new InvalidFieldError(
				where,
				'has neither a phone number nor an e-mail',
				'Add a phone number or an e-mail, or the card gives the customer nothing to reach.',
			);
		}
		contact.phones.forEach((phone, phoneIndex) => {
			if (!/^\+\d{8,15}$/.test(phone.phone)) {
				throw new InvalidFieldError(
					`${where} Phone ${phoneIndex + 1}`,
					`"${phone.phone}" is not in E.164 form`,
					'Use + and the country code, e.g. +593991234567.',
				);
			}
		});
		contact.emails.forEach((email, emailIndex) => {
			const field = `${where} E-mail ${emailIndex + 1}`;
			const address = requireText(
				field,
				email.email,
				'Fill in the e-mail address or remove the entry.',
			);
			if (!EMAIL.test(address))
				throw new InvalidFieldError(
					field,
					`"${address}" is not an e-mail address`,
					'Use an address such as sales@example.com.',
				);
		});
		contact.addresses.forEach((address, addressIndex) => {
			const field = `${where} Address ${addressIndex + 1}`;
			if (Object.keys(address).every((key) => key === 'type')) {
				throw new InvalidFieldError(
					field,
					'is empty',
					'Fill in at least the street or the city, or remove the address.',
				);
			}
			if (address.countryCode !== undefined && !/^[A-Za-z]{2}$/.test(address.countryCode)) {
				throw new InvalidFieldError(
					`${field} Country Code`,
					`"${address.countryCode}" is not a two-letter country code`,
					'Use the ISO code of the country, e.g. EC or US.',
				);
			}
		});
	});
}

/** What WhatsApp refuses, found before sending; each type's own limits. */
export function checkBotMessage(message: BotMessage): void {
	const { type } = message;
	if (!isBotMessageType(type)) {
		throw new InvalidFieldError(
			'Message Type',
			`"${String(type)}" is not a message type`,
			`Use one of: ${BOT_MESSAGE_TYPES.join(', ')}.`,
		);
	}
	if (type === 'contacts') return checkContacts(message.contacts);

	const textFix =
		type === 'location_request'
			? 'Enter the text shown above the Send Location button, e.g. "Please share your location".'
			: 'Enter the message text shown above the button.';
	maxLength('Text', requireText('Text', message.text, textFix), BODY_MAX);
	if (type === 'location_request') return;

	optionalMax('Header', message.header, HEADER_MAX);
	optionalMax('Footer', message.footer, FOOTER_MAX);
	const buttonText = requireText(
		'Button Text',
		message.buttonText,
		'Enter the label of the button, e.g. "Visit Website".',
	);
	maxLength('Button Text', buttonText, type === 'flow' ? FLOW_BUTTON_TEXT_MAX : BUTTON_TEXT_MAX);
	if (type === 'cta_url') {
		const text = requireText('URL', message.url, 'Enter the https:// link the button opens.');
		const url = parseUrl(text);
		if (!url)
			throw new InvalidFieldError(
				'URL',
				`"${text}" is not a URL`,
				'Enter a full link such as https://example.com/track.',
			);
		if (url.protocol !== 'https:')
			throw new InvalidFieldError(
				'URL',
				`"${text}" does not start with https://`,
				'WhatsApp URL buttons open https links only; use an https:// link.',
			);
	}
	if (type === 'flow')
		requireText(
			'Flow Name',
			message.flowName,
			'Enter the Flow’s name (slug) as it appears in Jelou for this bot.',
		);
}

function contactBody(contact: ContactCard): IDataObject {
	const name: IDataObject = {
		formatted_name:
			contact.formattedName ?? [contact.firstName, contact.lastName].filter(Boolean).join(' '),
	};
	if (contact.firstName) name.first_name = contact.firstName;
	if (contact.lastName) name.last_name = contact.lastName;
	const body: IDataObject = { name };
	if (contact.phones.length > 0) {
		body.phones = contact.phones.map(({ phone, type, waId }) => {
			const entry: IDataObject = { phone };
			if (type) entry.type = type;
			if (waId) entry.wa_id = waId;
			return entry;
		});
	}
	if (contact.emails.length > 0)
		body.emails = contact.emails.map(({ email, type }) => (type ? { email, type } : { email }));
	if (contact.addresses.length > 0) {
		body.addresses = contact.addresses.map(({ countryCode, ...rest }) =>
			countryCode ? { ...rest, country_code: countryCode.toUpperCase() } : { ...rest },
		);
	}
	return body;
}

/** The request of one message: `/v1/bots/{botId}/messages`, or the Flow endpoint for a WhatsApp Flow. */
export function buildBotMessageRequest(message: BotMessage): BotMessageRequest {
	const bot = encodeURIComponent(message.botId);
	const withOptional = (body: IDataObject, key: string, value: string | undefined) => {
		if (value) body[key] = value;
		return body;
	};
	if (message.type === 'flow') {
		const parameters: IDataObject = { flow_name: message.flowName, flow_cta: message.buttonText };
		if (message.flowActionPayload) parameters.flow_action_payload = message.flowActionPayload;
		const body = withOptional({}, 'title', message.header);
		body.text = message.text;
		withOptional(body, 'caption', message.footer);
		body.parameters = parameters;
		return {
			path: `/v1/bots/${bot}/users/${encodeURIComponent(message.userId)}/flow_message`,
			body,
		};
	}
	const body: IDataObject = { type: message.type, userId: message.userId };
	switch (message.type) {
		case 'contacts':
			body.contacts = (message.contacts ?? []).map(contactBody);
			break;
		case 'location_request':
			body.text = message.text;
			break;
		case 'cta_url':
			withOptional(body, 'title', message.header);
			body.text = message.text;
			withOptional(body, 'caption', message.footer);
			body.parameters = { url: message.url, display_text: message.buttonText };
			break;
		case 'voice_call':
			withOptional(body, 'header', message.header);
			body.text = message.text;
			body.parameters = { display_text: message.buttonText };
			break;
	}
	return { path: `/v1/bots/${bot}/messages`, body };
}

/** Thrown when Jelou answers 2xx but says the message was not sent. */
class MessageNotSentError extends Error {}

/**
 * The node's output for one message: `{messageId, type, userId}` from Jelou's `{success, messageId}`. A Flow is
 * answered with `{}`, so its output says there is no message ID rather than leaving it out unexplained; any other
 * type answered without an ID is marked as probably sent, like every send whose answer does not confirm it.
 */
export function botMessageOutput(
	type: BotMessageType,
	userId: string,
	answer: unknown,
): IDataObject {
	const fields = (
		typeof answer === 'object' && answer !== null && !Array.isArray(answer) ? answer : {}
	) as IDataObject;
	if (fields.success === false) {
		throw new MessageNotSentError(
			`Jelou answered that the ${type} message was not sent (success: false): ${answerExcerpt(answer)}`,
		);
	}
	const messageId =
		typeof fields.messageId === 'string' && fields.messageId !== '' ? fields.messageId : null;
	if (messageId !== null) return { messageId, type, userId };
	if (type === 'flow') {
		return {
			messageId,
			type,
			userId,
			note: 'Jelou accepted the Flow message and returns no message ID for Flows, so Get Status cannot look it up.',
		};
	}
	return unconfirmedSend(
		'Jelou answered with success but without a message id',
		answerExcerpt(answer),
		{ type, userId },
		'messageId',
	);
}
