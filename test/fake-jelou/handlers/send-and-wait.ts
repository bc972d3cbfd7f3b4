import { asObject } from '../checks';
import { failedBody, type Reply } from '../envelopes';
import type { FakeState, HandlerInput, SentMessage } from '../types';

/** A button or link of a sent message, as the person would see and tap it. */
export interface MessageLink {
	/** The button's text, or the line above the link in a text message (without WhatsApp's * for bold). */
	text: string;
	url: string;
}

const URL_IN_TEXT = /https?:\/\/\S+/g;

/** Text with links: each link with the line before it (`*Approve:*` then the link), as a person reads it. */
function linksInText(text: string): MessageLink[] {
	const lines = text.split('\n');
	const links: MessageLink[] = [];
	lines.forEach((line, index) => {
		for (const url of line.match(URL_IN_TEXT) ?? []) {
			const before = line.slice(0, line.indexOf(url)).trim() || (lines[index - 1] ?? '').trim();
			links.push({ text: before.replace(/^\*|\*$|:\*$|\*:$/g, '').replace(/:$/, ''), url });
		}
	});
	return links;
}

/**
 * A template's URL buttons with their `{{1}}` replaced by the send's URL button parameters, in order. The value is
 * appended verbatim (how WhatsApp treats characters such as `?` and `&` in it is for a real bot to show).
 */
function templateLinks(message: SentMessage, state: FakeState): MessageLink[] {
	const template = state.templates.find(
		(candidate) => candidate.elementName === message.elementName,
	);
	const params = ((asObject(message.body).buttonParameters as unknown[]) ?? [])
		.map(asObject)
		.filter((button) => button.type === 'URL')
		.map((button) => String(asObject(button.payload).param ?? ''));
	return (template?.buttons ?? [])
		.filter((button) => button.type === 'URL')
		.map((button, index) => ({
			text: button.text,
			url: (button.url ?? '').replace('{{1}}', params[index] ?? ''),
		}));
}

/** The buttons and links of one sent message, whichever way it went out. */
export function linksOf(message: SentMessage, state: FakeState): MessageLink[] {
	if (message.elementName !== '') return templateLinks(message, state);
	const body = asObject(message.body);
	if (body.type === 'cta_url') {
		const parameters = asObject(body.parameters);
		return [{ text: String(parameters.display_text ?? ''), url: String(parameters.url ?? '') }];
	}
	return typeof body.text === 'string' ? linksInText(body.text) : [];
}

/**
 * Fake only (no Jelou endpoint): `GET /fake/v1/bots/{botId}/users/{userId}/last-message/links` answers the
 * buttons and links of the last message sent to that number, so a test or a sandbox user can "tap" them.
 */
export function lastMessageLinks(input: HandlerInput, state: FakeState): Reply {
	const userId = input.params.userId;
	const message = [...state.sentMessages]
		.reverse()
		.find((candidate) => candidate.destination === userId);
	if (!message) return { status: 404, body: failedBody(`No message was sent to ${userId}`) };
	return {
		status: 200,
		body: {
			messageId: message.id,
			elementName: message.elementName || null,
			links: linksOf(message, state),
		},
	};
}

/**
 * Fake only: `POST /fake/v1/bots/{botId}/templates/{elementName}/approve` plays WhatsApp approving a template
 * created with Template → Create (which leaves it PENDING), so a sandbox user can send it.
 */
export function approveTemplate(input: HandlerInput, state: FakeState): Reply {
	const template = state.templates.find(
		(candidate) => candidate.elementName === input.params.elementName,
	);
	if (!template) return { status: 404, body: failedBody('Template does not exist') };
	template.status = 'APPROVED';
	return {
		status: 200,
		body: { message: ['Template approved.'], status: 'success', data: template },
	};
}
