import type { IDataObject } from 'n8n-workflow';

import {
	buildWaitingRequest,
	checkWaitingTemplate,
	textWithLinks,
} from '../../../../nodes/JelouWhatsApp/actions/message/sendAndWait.body';
import type { WaitingMessage } from '../../../../nodes/JelouWhatsApp/actions/message/sendAndWait.body';
import { InvalidFieldError } from '../../../../nodes/JelouWhatsApp/shared/validation';
import type { JelouTemplate } from '../../../../nodes/JelouWhatsApp/templates/model';

const BASE = 'https://n8n.example.com/webhook-waiting';
const approve = {
	label: '✓ Approve',
	approved: true,
	field: 'Approval Options: Approve Button Label',
	link: `${BASE}/81/node-1?approved=true&signature=abc`,
};
const decline = {
	label: '✗ Decline',
	approved: false,
	field: 'Approval Options: Decline Button Label',
	link: `${BASE}/81/node-1?approved=false&signature=def`,
};
const question = (fields: Partial<WaitingMessage>): WaitingMessage => ({
	botId: 'BOT_ID',
	userId: '593991234567',
	sendAs: 'textWithLinks',
	message: 'Approve the refund?',
	choices: [approve],
	waitingBase: BASE,
	...fields,
});

function refusal(action: () => unknown): InvalidFieldError {
	try {
		action();
	} catch (error) {
		if (error instanceof InvalidFieldError) return error;
		throw error;
	}
	throw new Error('not refused');
}

describe('Text with Links', () => {
	it('is the question, then each choice in bold with its link on the next line', () => {
		expect(textWithLinks('Approve the refund?', [approve, decline])).toBe(
			`Approve the refund?\n\n*✓ Approve:*\n${approve.link}\n\n*✗ Decline:*\n${decline.link}`,
		);
	});

	it('goes out as a session text message (send-session-message.txt: botId, userId, type, text)', () => {
		expect(buildWaitingRequest(question({ choices: [approve, decline] }))).toEqual({
			path: '/v1/whatsapp/messages',
			body: {
				botId: 'BOT_ID',
				userId: '593991234567',
				type: 'text',
				text: textWithLinks('Approve the refund?', [approve, decline]),
			},
		});
	});

	it('refuses an empty question and one that with its links passes WhatsApp’s 4096 characters', () => {
		expect(refusal(() => buildWaitingRequest(question({ message: ' ' }))).message).toBe(
			'Message: is empty',
		);
		expect(
			refusal(() => buildWaitingRequest(question({ message: 'x'.repeat(4090) }))).message,
		).toMatch(
			/^Message: with its links the message has \d+ characters, more than WhatsApp's 4096$/,
		);
	});
});

describe('URL Button', () => {
	// jelou-api.md, "Session messages on /v1/bots/{botId}/messages": the cta_url example, field by field.
	const DOC_EXAMPLE = {
		type: 'cta_url',
		title: 'Welcome',
		text: 'Visit our website to learn more',
		caption: 'Jelou',
		userId: '593991234567',
		parameters: { url: 'https://apps.jelou.ai', display_text: 'Visit Website' },
	};

	it('is the cta_url message of Jelou’s example, with the choice’s label and link on the button', () => {
		const request = buildWaitingRequest(
			question({
				sendAs: 'urlButton',
				message: 'Visit our website to learn more',
				header: 'Welcome',
				footer: 'Jelou',
				waitingBase: 'https://apps.jelou.ai',
				choices: [{ ...approve, label: 'Visit Website', link: 'https://apps.jelou.ai' }],
			}),
		);
		expect(request).toEqual({ path: '/v1/bots/BOT_ID/messages', body: DOC_EXAMPLE });
	});

	it.each([
		[
			'two choices',
			{ choices: [approve, decline] },
			'Send As: URL Button shows one button, but Approve and Decline needs two',
		],
		[
			'n8n on http',
			{ waitingBase: 'http://localhost:5678/webhook-waiting' },
			"Send As: URL Button opens https links only, and this n8n's response address is http://localhost:5678/webhook-waiting",
		],
		[
			'a label over 20 characters',
			{ choices: [{ ...approve, label: 'Approve the whole refund' }] },
			'Approval Options: Approve Button Label: "Approve the whole refund" has 24 characters, more than 20',
		],
		[
			'a question over 1024 characters',
			{ message: 'x'.repeat(1025) },
			// a long text is quoted by its start only
			`Message: "${'x'.repeat(30)}…" has 1025 characters, more than 1024`,
		],
	])('refuses %s', (_, fields, message) => {
		expect(
			refusal(() => buildWaitingRequest(question({ sendAs: 'urlButton', ...fields }))).message,
		).toBe(message);
	});
});

describe('Template', () => {
	const link = `${BASE}/{{1}}`;
	const template = (
		buttons: IDataObject[] | undefined,
		fields: Partial<JelouTemplate> = {},
	): JelouTemplate => ({
		elementName: 'refund_approval',
		template: 'Hi {{1}}, approve the refund?',
		paramsNumber: 1,
		type: 'HSM',
		buttons,
		...fields,
	});
	const TWO_BUTTONS = [
		{ text: 'Approve', type: 'URL', url: link },
		{ text: 'Decline', type: 'URL', url: link },
	];

	it('is the URL-button send of send-individual-hsm.txt, one button parameter per choice: the link after the waiting address', () => {
		const request = buildWaitingRequest(
			question({
				sendAs: 'template',
				choices: [approve, decline],
				template: template(TWO_BUTTONS),
				parameters: ['Maria'],
			}),
		);
		expect(request).toEqual({
			path: '/v2/whatsapp/BOT_ID/hsm',
			body: {
				elementName: 'refund_approval',
				destinations: ['593991234567'],
				parameters: ['Maria'],
				buttonParameters: [
					{ type: 'URL', payload: { param: '81/node-1?approved=true&signature=abc' } },
					{ type: 'URL', payload: { param: '81/node-1?approved=false&signature=def' } },
				],
			},
		});
	});

	it('accepts a template whose only URL button links to the waiting address, besides a phone button', () => {
		expect(() =>
			checkWaitingTemplate(
				template([
					{ text: 'Approve', type: 'URL', url: link },
					{ text: 'Call', type: 'PHONE_NUMBER', phone_number: '+593991234567' },
				]),
				[approve],
				BASE,
			),
		).not.toThrow();
	});

	it.each<[string, JelouTemplate, string]>([
		[
			'a template without buttons in the list',
			template(undefined),
			'Template: Jelou lists no buttons for the template "refund_approval"',
		],
		[
			'a template with one URL button for two choices',
			template([TWO_BUTTONS[0]]),
			'Template: the template "refund_approval" has 1 URL button, this response needs 2',
		],
		[
			'a button linking elsewhere',
			template([TWO_BUTTONS[0], { ...TWO_BUTTONS[1], url: 'https://other.example.com/{{1}}' }]),
			'Template: URL button 2 ("Decline") of the template "refund_approval" links to https://other.example.com/{{1}}',
		],
		[
			'a button whose link is fixed',
			template([TWO_BUTTONS[0], { ...TWO_BUTTONS[1], url: `${BASE}/approve` }]),
			`Template: URL button 2 ("Decline") of the template "refund_approval" links to ${BASE}/approve`,
		],
		[
			'a media template',
			template(TWO_BUTTONS, { type: 'IMAGE' }),
			'Template: the template "refund_approval" is a image template',
		],
	])('refuses %s, saying which link the buttons need', (_, candidate, message) => {
		const error = refusal(() => checkWaitingTemplate(candidate, [approve, decline], BASE));
		expect(error.message).toBe(message);
		expect(error.fix).toContain(link);
	});

	it('checks the parameters against the template as Send Template does', () => {
		const error = refusal(() =>
			buildWaitingRequest(
				question({
					sendAs: 'template',
					choices: [approve, decline],
					template: template(TWO_BUTTONS),
					parameters: [],
				}),
			),
		);
		expect(error.message).toBe(
			'Parameters: the template "refund_approval" has 1 parameter, 0 given',
		);
	});
});
