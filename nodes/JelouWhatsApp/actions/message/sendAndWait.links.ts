import { WAIT_INDEFINITELY } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { toUnixMilliseconds } from '../../shared/dates';
import { InvalidFieldError } from '../../shared/validation';

export type ResponseType = 'approval' | 'freeText' | 'customForm';

/** One button or link of the message: its label and what a tap on it answers. */
export interface ResponseChoice {
	label: string;
	/** What `data.approved` says after a tap (a form's link always carries `approved=true`, as n8n's do). */
	approved: boolean;
	/** The field the label comes from, as the node shows it. */
	field: string;
}

export interface ChoiceLabels {
	responseType: ResponseType;
	/** 'single' (Approve Only) or 'double' (Approve and Decline), n8n's values. */
	approvalType?: string;
	approveLabel?: string;
	disapproveLabel?: string;
	/** The label of the one link of a Free Text or Custom Form response. */
	respondLabel?: string;
}

/** The choices the message offers, Approve first: a form has one link, an approval one or two. */
export function choicesFor(labels: ChoiceLabels): ResponseChoice[] {
	const label = (value: string | undefined, fallback: string) =>
		value === undefined || value.trim() === '' ? fallback : value.trim();
	if (labels.responseType !== 'approval')
		return [
			{
				label: label(labels.respondLabel, 'Respond'),
				approved: true,
				field: 'Options: Message Button Label',
			},
		];
	const approve = {
		label: label(labels.approveLabel, '✓ Approve'),
		approved: true,
		field: 'Approval Options: Approve Button Label',
	};
	if (labels.approvalType !== 'double') return [approve];
	return [
		approve,
		{
			label: label(labels.disapproveLabel, '✗ Decline'),
			approved: false,
			field: 'Approval Options: Decline Button Label',
		},
	];
}

/**
 * The links of the choices, signed by n8n so that each resumes only this execution at this node with its answer.
 * n8n 1.x checks the signatures only of an execution that asked for it (`setSignatureValidationRequired`); 2.x
 * always does for send and wait. n8n lines without `getSignedResumeUrl` get the documented
 * `$execution.resumeUrl` with the node's id and the answer appended.
 */
export function resumeLinks(context: IExecuteFunctions, choices: ResponseChoice[]): string[] {
	const signing = context as IExecuteFunctions & { setSignatureValidationRequired?: () => void };
	if (typeof signing.setSignatureValidationRequired === 'function')
		signing.setSignatureValidationRequired();
	return choices.map((choice) => {
		const query = { approved: String(choice.approved) };
		if (typeof context.getSignedResumeUrl === 'function') return context.getSignedResumeUrl(query);
		const resumeUrl = String(context.evaluateExpression('{{ $execution.resumeUrl }}', 0));
		const url = new URL(`${resumeUrl}/${encodeURIComponent(context.getNode().id)}`);
		url.searchParams.set('approved', query.approved);
		return url.toString();
	});
}

/** This n8n's waiting-webhook address (e.g. `https://n8n.example.com/webhook-waiting`), read off a resume link. */
export function waitingWebhookBase(link: string, executionId: string): string {
	const at = link.indexOf(`/${executionId}/`);
	if (at < 0)
		throw new Error(`The resume link ${link} does not hold the execution id ${executionId}`);
	return link.slice(0, at);
}

/** What an approved template's URL button must link to: the waiting-webhook address, then the open `{{1}}`. */
export function templateButtonLink(base: string): string {
	return `${base}/{{1}}`;
}

/** n8n's Limit Wait Time option (`options.limitWaitTime.values`). */
export interface WaitLimit {
	limitType?: string;
	resumeAmount?: unknown;
	resumeUnit?: string;
	maxDateAndTime?: unknown;
}

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/**
 * Until when the execution waits: n8n's "no limit" date without a limit, else after the interval (minutes, hours or
 * days, decimals allowed) or at the date and time. A limit already reached (a date in the past, an interval of 0) is
 * kept as it is, as n8n's own send-and-wait nodes keep it: the message is sent, and n8n goes on with the input at
 * its next check of due waits.
 */
export function waitTillDate(limit: WaitLimit | undefined, timeZone: string, now: number): Date {
	if (!limit || Object.keys(limit).length === 0) return WAIT_INDEFINITELY;
	if (limit.limitType === 'atSpecifiedTime') {
		const field = 'Limit Wait Time: Max Date and Time';
		const ms = toUnixMilliseconds(limit.maxDateAndTime, field, timeZone);
		if (ms === undefined)
			throw new InvalidFieldError(field, 'is empty', 'Pick the date and time the wait ends.');
		return new Date(ms);
	}
	const amount = Number(limit.resumeAmount ?? 1);
	const unit = limit.resumeUnit ?? 'hours';
	if (!Number.isFinite(amount) || amount < 0)
		throw new InvalidFieldError(
			'Limit Wait Time: Amount',
			`${String(limit.resumeAmount)} is not a positive number or 0`,
			'Enter how long to wait, e.g. 45 (minutes) or 1.5 (hours).',
		);
	if (!(unit in UNIT_MS))
		throw new InvalidFieldError(
			'Limit Wait Time: Unit',
			`"${unit}" is not a unit`,
			'Use minutes, hours or days.',
		);
	return new Date(now + amount * UNIT_MS[unit]);
}
