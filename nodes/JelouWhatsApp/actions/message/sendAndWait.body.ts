import type { IDataObject } from 'n8n-workflow';

import { buildBotMessageRequest, checkBotMessage } from './send.bot-body';
import { buildHsmBody, checkHsmAgainstTemplate, checkHsmMessage } from './sendTemplate.body';
import type { HsmMessage } from './sendTemplate.body';
import { buildSessionMessageBody, checkSessionMessage } from './send.session-body';
import { InvalidFieldError, maxLength, parseUrl, requireText } from '../../shared/validation';
import type { JelouTemplate } from '../../templates/model';
import { templateButtonLink } from './sendAndWait.links';
import type { ResponseChoice } from './sendAndWait.links';

/** How the question goes out: a session message with a URL button or with links, or an approved template. */
export type SendAs = 'textWithLinks' | 'template' | 'urlButton';

/** A choice with the link its button or line opens (a placeholder in a dry run). */
export interface LinkedChoice extends ResponseChoice {
	link: string;
}

export interface WaitingMessage {
	botId: string;
	/** Digits with country code, no `+`. */
	userId: string;
	sendAs: SendAs;
	/** The question; not sent in Template mode, where the template's text is the message. */
	message: string;
	choices: LinkedChoice[];
	/** This n8n's waiting-webhook address, e.g. `https://n8n.example.com/webhook-waiting`. */
	waitingBase: string;
	/** URL Button: the optional bold line above and the small line below the text. */
	header?: string;
	footer?: string;
	/** Template mode: the approved template and the values of its placeholders. */
	template?: JelouTemplate;
	parameters?: string[];
	language?: string;
	headerParameter?: string;
}

export interface WaitingRequest {
	path: string;
	body: IDataObject;
}

/** Text with Links: the question, then each choice's label in bold and its link on the next line. */
export function textWithLinks(message: string, choices: LinkedChoice[]): string {
	return [message, ...choices.map((choice) => `*${choice.label}:*\n${choice.link}`)].join('\n\n');
}

/**
 * The approved template's URL buttons that carry the links, checked: as many as there are choices (the first opens
 * Approve or the response page, the second Decline), each linking to this n8n's waiting-webhook address followed by
 * `{{1}}`. Refused otherwise, with the link the template must have.
 */
export function checkWaitingTemplate(
	template: JelouTemplate,
	choices: ResponseChoice[],
	waitingBase: string,
): void {
	const link = templateButtonLink(waitingBase);
	const name = `the template "${template.elementName}"`;
	const needed = choices.length;
	const wanted = `${needed} URL button${needed === 1 ? '' : 's'} (${choices.map((choice) => choice.label).join(', ')}) whose link is ${link}`;
	const type = String(template.type ?? 'HSM').toUpperCase();
	if (['IMAGE', 'VIDEO', 'DOCUMENT', 'CAROUSEL', 'CATALOG'].includes(type))
		throw new InvalidFieldError(
			'Template',
			`${name} is a ${type.toLowerCase()} template`,
			`Use a text template with ${wanted}.`,
		);
	const buttons = Array.isArray(template.buttons) ? (template.buttons as IDataObject[]) : undefined;
	if (!buttons)
		throw new InvalidFieldError(
			'Template',
			`Jelou lists no buttons for ${name}`,
			`Use an approved template with ${wanted}.`,
		);
	const urlButtons = buttons.filter((button) => String(button.type).toUpperCase() === 'URL');
	if (urlButtons.length !== needed)
		throw new InvalidFieldError(
			'Template',
			`${name} has ${urlButtons.length} URL button${urlButtons.length === 1 ? '' : 's'}, this response needs ${needed}`,
			`Use an approved template with ${wanted}${needed === 1 ? ', or choose Approve and Decline for a template with two' : ''}.`,
		);
	urlButtons.forEach((button, position) => {
		if (String(button.url ?? '') !== link)
			throw new InvalidFieldError(
				'Template',
				`URL button ${position + 1} ("${String(button.text ?? '')}") of ${name} links to ${String(button.url ?? 'nothing')}`,
				`Its link must be exactly ${link}, so the node can fill {{1}} with the rest of the response link. Create the template with that link and pick it once approved.`,
			);
	});
}

// WhatsApp's limits: an interactive message's body and button label, a text message.
const BODY_MAX = 1024;
const BUTTON_LABEL_MAX = 20;
const TEXT_MAX = 4096;

/** What WhatsApp and this node refuse about the question, found before sending. */
function checkChoices(message: WaitingMessage): void {
	if (message.sendAs === 'urlButton') {
		for (const choice of message.choices) maxLength(choice.field, choice.label, BUTTON_LABEL_MAX);
		if (message.choices.length > 1)
			throw new InvalidFieldError(
				'Send As',
				'URL Button shows one button, but Approve and Decline needs two',
				'Choose Text with Links, or Template with an approved template with two URL buttons, or set Type of Approval to Approve Only.',
			);
		if (parseUrl(message.waitingBase)?.protocol !== 'https:')
			throw new InvalidFieldError(
				'Send As',
				`URL Button opens https links only, and this n8n's response address is ${message.waitingBase}`,
				"Set WEBHOOK_URL to n8n's public https address (see the README), or choose Text with Links.",
			);
	}
}

/** The template send (`POST /v2/whatsapp/{botId}/hsm`): each URL button's `{{1}}` gets the rest of its choice's link. */
function templateRequest(message: WaitingMessage): WaitingRequest {
	const template = message.template;
	if (!template)
		throw new InvalidFieldError('Template', 'is empty', 'Pick an approved template from the list.');
	checkWaitingTemplate(template, message.choices, message.waitingBase);
	const prefix = `${message.waitingBase}/`;
	const hsm: HsmMessage = {
		elementName: template.elementName,
		destinations: [message.userId],
		parameters: message.parameters ?? [],
		language: message.language,
		headerParameters: message.headerParameter ? [message.headerParameter] : undefined,
		buttonParameters: message.choices.map((choice) => ({
			type: 'URL',
			param: choice.link.startsWith(prefix) ? choice.link.slice(prefix.length) : choice.link,
		})),
	};
	checkHsmMessage(hsm);
	checkHsmAgainstTemplate(hsm, template);
	return { path: `/v2/whatsapp/${encodeURIComponent(message.botId)}/hsm`, body: buildHsmBody(hsm) };
}

/** The request that asks the question, built with the session and template builders every send uses. */
export function buildWaitingRequest(message: WaitingMessage): WaitingRequest {
	checkChoices(message);
	if (message.sendAs === 'template') return templateRequest(message);
	const text = requireText(
		'Message',
		message.message,
		'Enter the question the person answers, e.g. "Approve the refund of $120 for order A-1001?"',
	);
	if (message.sendAs === 'urlButton') {
		maxLength('Message', text, BODY_MAX);
		const [choice] = message.choices;
		const botMessage = {
			botId: message.botId,
			userId: message.userId,
			type: 'cta_url' as const,
			text,
			header: message.header,
			footer: message.footer,
			buttonText: choice.label,
			url: choice.link,
		};
		// A dry run's placeholder is no link: the check looks at a link of the same address instead.
		checkBotMessage({
			...botMessage,
			url: parseUrl(choice.link) ? choice.link : `${message.waitingBase}/`,
		});
		return buildBotMessageRequest(botMessage);
	}
	const withLinks = textWithLinks(text, message.choices);
	if ([...withLinks].length > TEXT_MAX)
		throw new InvalidFieldError(
			'Message',
			`with its links the message has ${[...withLinks].length} characters, more than WhatsApp's ${TEXT_MAX}`,
			'Shorten the message.',
		);
	const session = {
		botId: message.botId,
		userId: message.userId,
		type: 'text' as const,
		text: withLinks,
	};
	checkSessionMessage(session);
	return { path: '/v1/whatsapp/messages', body: buildSessionMessageBody(session) };
}
