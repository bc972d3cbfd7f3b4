import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	FREE_TEXT_FIELD,
	formFieldsFromJson,
	formFieldsFromParameters,
	readFormAnswer,
	submittedValues,
} from './sendAndWait.form';
import type { FormField } from './sendAndWait.form';
import type { ResponseType } from './sendAndWait.links';
import { recordedPage, responsePage } from './sendAndWait.pages';

/**
 * Link-preview fetchers and bots: WhatsApp's own preview fetcher, Facebook's and other networks' crawlers, chat
 * apps that unfurl links, search engines, and requests without a user agent. A preview must never answer.
 */
const PREVIEW_FETCHER =
	/bot\b|bot\/|crawl|spider|slurp|preview|facebookexternalhit|facebookcatalog|meta-externalagent|whatsapp|slack|skype|teams|embedly|vkshare|pinterest|google-inspectiontool/i;
// Phones whose model name ends in "bot" are people, not bots.
const PHONE_MODELS = /cubot/gi;

export function isPreviewFetcher(userAgent: unknown): boolean {
	const agent = Array.isArray(userAgent) ? userAgent.join(' ') : String(userAgent ?? '');
	return agent.trim() === '' || PREVIEW_FETCHER.test(agent.replace(PHONE_MODELS, ''));
}

/** A node parameter read as the node's own settings; `fallback` when it cannot be read. */
type ReadParameter = (name: string, fallback: unknown) => unknown;

/** The fields of the response page: one text box for Free Text, the defined fields for Custom Form. */
export function readFormFields(read: ReadParameter, responseType: ResponseType): FormField[] {
	if (responseType === 'freeText') return [FREE_TEXT_FIELD];
	return read('defineForm', 'fields') === 'json'
		? formFieldsFromJson(read('jsonOutput', '[]'))
		: formFieldsFromParameters((read('formFields.values', []) as IDataObject[]) ?? []);
}

/** The texts of the response page: n8n's options, the question as description when none is set. */
function pageTexts(read: ReadParameter) {
	const options = (read('options', {}) ?? {}) as IDataObject;
	const text = (value: unknown) => (typeof value === 'string' ? value : '');
	return {
		title: text(options.responseFormTitle),
		description:
			text(options.responseFormDescription) || text(read('message', '')).replace(/<br>/g, '\n'),
		buttonLabel: text(options.responseFormButtonLabel) || 'Submit',
	};
}

function answerPage(context: IWebhookFunctions, html: string, status = 200): IWebhookResponseData {
	const response = context.getResponseObject();
	response.status(status);
	response.setHeader('Content-Type', 'text/html; charset=utf-8');
	response.setHeader('Cache-Control', 'no-store');
	response.send(html);
	return { noWebhookResponse: true };
}

/**
 * The waiting side of Send and Wait for Response. n8n has already checked the link's signature and that the
 * execution still waits. A tap on Approve or Decline resumes it at once; a Free Text or Custom Form link opens
 * the page (GET), whose submitted answer (POST) resumes it. Output, as n8n's own send-and-wait nodes give it:
 * `{data: {approved, respondedAt}}`, `{data: {text, respondedAt}}`, `{data: {<field label>: value, …, respondedAt}}`.
 */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	// A preview gets an empty page and leaves the execution waiting.
	if (isPreviewFetcher(request.headers['user-agent'])) return answerPage(this, '');
	const read: ReadParameter = (name, fallback) => {
		try {
			return this.getNodeParameter(name, fallback);
		} catch {
			return fallback;
		}
	};
	const responseType = read('responseType', 'approval') as ResponseType;
	if (responseType === 'approval') {
		const approved = String(request.query?.approved) === 'true';
		return {
			webhookResponse: recordedPage(approved ? 'approved' : 'declined'),
			workflowData: [[{ json: { data: { approved, respondedAt: new Date().toISOString() } } }]],
		};
	}
	const fields = readFormFields(read, responseType);
	const texts = pageTexts(read);
	if (request.method !== 'POST') return answerPage(this, responsePage({ ...texts, fields }));

	const submitted = submittedValues(this.getBodyData());
	const { values, problems } = readFormAnswer(fields, submitted);
	if (Object.keys(problems).length > 0)
		return answerPage(this, responsePage({ ...texts, fields, submitted, problems }), 400);
	const answer =
		responseType === 'freeText' ? { text: values[FREE_TEXT_FIELD.label] } : { ...values };
	return {
		webhookResponse: recordedPage('sent'),
		// respondedAt last, so that a field of that label cannot replace the time of the answer.
		workflowData: [[{ json: { data: { ...answer, respondedAt: new Date().toISOString() } } }]],
	};
}
