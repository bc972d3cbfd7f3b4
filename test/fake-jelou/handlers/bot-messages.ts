import { randomUUID } from 'node:crypto';

import { asObject, isHttpsUrl, isNonEmptyString, PHONE_NUMBER, type JsonObject } from '../checks';
import { botNotFound, Problems, type Reply } from '../envelopes';
import type { FakeState, HandlerInput } from '../types';
import { checkTypeFields, SESSION_TYPES } from './session-messages';

// Types of Jelou's current message API (jelou-api.md, "Session messages on /v1/bots/{botId}/messages"),
// besides the seed types that this endpoint also takes.
const BOT_TYPES = ['contacts', 'location_request', 'cta_url', 'voice_call'] as const;
const ALL_TYPES = [...SESSION_TYPES, ...BOT_TYPES];
const E164 = /^\+\d{8,15}$/;

function record(state: FakeState, userId: string, body: unknown): string {
	const id = `msg_${randomUUID()}`;
	state.sentMessages.push({
		id,
		destination: userId,
		elementName: '',
		body,
		status: 'DELIVERED_CHANNEL',
		createdAt: new Date().toISOString(),
	});
	return id;
}

function checkUserId(value: unknown, problems: Problems): void {
	if (typeof value !== 'string' || !PHONE_NUMBER.test(value)) {
		problems.add(
			'userId',
			'userId must be the phone number: 8 to 15 digits with the country code, no + or spaces.',
			'userId debe ser el número de teléfono: 8 a 15 dígitos con el código de país, sin + ni espacios.',
		);
	}
}

function optionalString(body: JsonObject, field: string, problems: Problems): void {
	if (body[field] !== undefined && typeof body[field] !== 'string') {
		problems.add(field, `${field} must be a string.`, `${field} debe ser un texto.`);
	}
}

/** POST /v1/bots/{botId}/messages — answers `{success: true, messageId}`. */
export function sendBotMessage(input: HandlerInput, state: FakeState): Reply {
	const body = asObject(input.body);
	if (isNonEmptyString(body.botId) && body.botId !== state.botId) return botNotFound();
	const problems = new Problems();
	checkUserId(body.userId, problems);
	const type = body.type;
	if (!(ALL_TYPES as readonly unknown[]).includes(type)) problems.oneOf('type', ALL_TYPES);
	else if ((BOT_TYPES as readonly unknown[]).includes(type))
		checkBotTypeFields(type as string, body, problems);
	else checkTypeFields(type as string, body, problems);
	if (problems.any) return problems.reply();
	return {
		status: 200,
		body: { success: true, messageId: record(state, body.userId as string, body) },
	};
}

/** POST /v1/bots/{botId}/users/{userId}/flow_message — Jelou answers `{}`. */
export function sendFlowMessage(input: HandlerInput, state: FakeState): Reply {
	const body = asObject(input.body);
	const problems = new Problems();
	checkUserId(input.params.userId, problems);
	if (!isNonEmptyString(body.text)) problems.required('text');
	optionalString(body, 'title', problems);
	optionalString(body, 'caption', problems);
	const parameters = asObject(body.parameters);
	if (!isNonEmptyString(parameters.flow_name)) problems.required('parameters.flow_name');
	if (!isNonEmptyString(parameters.flow_cta)) problems.required('parameters.flow_cta');
	const payload = parameters.flow_action_payload;
	if (
		payload !== undefined &&
		(typeof payload !== 'object' || payload === null || Array.isArray(payload))
	) {
		problems.add(
			'parameters.flow_action_payload',
			'flow_action_payload must be an object.',
			'flow_action_payload debe ser un objeto.',
		);
	}
	if (problems.any) return problems.reply();
	record(state, input.params.userId, body);
	return { status: 200, body: {} };
}

function checkBotTypeFields(type: string, body: JsonObject, problems: Problems): void {
	if (type === 'contacts') return checkContacts(body.contacts, problems);
	if (!isNonEmptyString(body.text)) problems.required('text');
	const parameters = asObject(body.parameters);
	if (type === 'cta_url') {
		optionalString(body, 'title', problems);
		optionalString(body, 'caption', problems);
		if (!isHttpsUrl(parameters.url)) {
			problems.add(
				'parameters.url',
				'parameters.url must be an https URL.',
				'parameters.url debe ser una URL https.',
			);
		}
		if (!isNonEmptyString(parameters.display_text)) problems.required('parameters.display_text');
	}
	if (type === 'voice_call') {
		optionalString(body, 'header', problems);
		if (!isNonEmptyString(parameters.display_text)) problems.required('parameters.display_text');
	}
}

function checkContacts(value: unknown, problems: Problems): void {
	if (!Array.isArray(value) || value.length === 0) {
		problems.add(
			'contacts',
			'contacts must be a non-empty array.',
			'contacts debe ser una lista no vacía.',
		);
		return;
	}
	value.map(asObject).forEach((contact, index) => {
		const name = asObject(contact.name);
		if (contact.name !== undefined && !isNonEmptyString(name.formatted_name))
			problems.required(`contacts[${index}].name.formatted_name`);
		const phones = contact.phones === undefined ? [] : contact.phones;
		if (!Array.isArray(phones)) {
			problems.add(
				`contacts[${index}].phones`,
				'phones must be an array.',
				'phones debe ser una lista.',
			);
		} else {
			phones.map(asObject).forEach((phone, phoneIndex) => {
				if (
					phone.phone !== undefined &&
					(typeof phone.phone !== 'string' || !E164.test(phone.phone))
				) {
					problems.add(
						`contacts[${index}].phones[${phoneIndex}].phone`,
						'phone must be in E.164 format with +, e.g. +593991234567.',
						'phone debe estar en formato E.164 con +, p. ej. +593991234567.',
					);
				}
				if (
					phone.wa_id !== undefined &&
					(typeof phone.wa_id !== 'string' || !PHONE_NUMBER.test(phone.wa_id))
				) {
					problems.add(
						`contacts[${index}].phones[${phoneIndex}].wa_id`,
						'wa_id must be the number without +.',
						'wa_id debe ser el número sin +.',
					);
				}
			});
		}
		for (const list of ['emails', 'addresses']) {
			if (contact[list] !== undefined && !Array.isArray(contact[list])) {
				problems.add(
					`contacts[${index}].${list}`,
					`${list} must be an array.`,
					`${list} debe ser una lista.`,
				);
			}
		}
	});
}
