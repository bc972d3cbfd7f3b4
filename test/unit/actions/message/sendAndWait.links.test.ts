import { WAIT_INDEFINITELY } from 'n8n-workflow';

import {
	choicesFor,
	templateButtonLink,
	waitingWebhookBase,
	waitTillDate,
} from '../../../../nodes/JelouWhatsApp/actions/message/sendAndWait.links';

const NOW = Date.UTC(2025, 4, 2, 12, 0, 0);

describe('choicesFor', () => {
	it('Approve Only: one choice, n8n WhatsApp’s default label', () => {
		expect(choicesFor({ responseType: 'approval' })).toEqual([
			{ label: '✓ Approve', approved: true, field: 'Approval Options: Approve Button Label' },
		]);
	});

	it('Approve and Decline: Approve first, then Decline, with the labels given', () => {
		expect(
			choicesFor({
				responseType: 'approval',
				approvalType: 'double',
				approveLabel: ' Yes ',
				disapproveLabel: 'No',
			}).map(({ label, approved }) => [label, approved]),
		).toEqual([
			['Yes', true],
			['No', false],
		]);
	});

	it('Free Text and Custom Form: one link, "Respond" unless labelled', () => {
		expect(choicesFor({ responseType: 'freeText' })[0].label).toBe('Respond');
		expect(choicesFor({ responseType: 'customForm', respondLabel: 'Fill in' })).toEqual([
			{ label: 'Fill in', approved: true, field: 'Options: Message Button Label' },
		]);
	});
});

describe('the waiting-webhook address', () => {
	it('is read off a resume link, and a template button links to it followed by {{1}}', () => {
		const base = waitingWebhookBase(
			'https://n8n.example.com/webhook-waiting/81/node-1?approved=true&signature=abc',
			'81',
		);
		expect(base).toBe('https://n8n.example.com/webhook-waiting');
		expect(templateButtonLink(base)).toBe('https://n8n.example.com/webhook-waiting/{{1}}');
	});
});

describe('waitTillDate (Limit Wait Time)', () => {
	it('without a limit waits as long as n8n allows', () => {
		expect(waitTillDate(undefined, 'UTC', NOW)).toBe(WAIT_INDEFINITELY);
		expect(waitTillDate({}, 'UTC', NOW)).toBe(WAIT_INDEFINITELY);
	});

	it.each([
		[45, 'minutes', 45 * 60_000],
		[1.5, 'hours', 90 * 60_000],
		[2, 'days', 48 * 3_600_000],
	])('after %s %s', (amount, unit, ms) => {
		expect(
			waitTillDate(
				{ limitType: 'afterTimeInterval', resumeAmount: amount, resumeUnit: unit },
				'UTC',
				NOW,
			).getTime(),
		).toBe(NOW + ms);
	});

	it('at a date and time, read in the workflow’s time zone', () => {
		expect(
			waitTillDate(
				{ limitType: 'atSpecifiedTime', maxDateAndTime: '2025-05-02T18:30:00' },
				'America/Guayaquil',
				NOW,
			).toISOString(),
		).toBe('2025-05-02T23:30:00.000Z');
	});

	it('a limit already reached is kept as n8n keeps it: a past date, or an interval of 0, ends the wait at once', () => {
		expect(
			waitTillDate(
				{ limitType: 'atSpecifiedTime', maxDateAndTime: '2025-05-01T00:00:00Z' },
				'UTC',
				NOW,
			).toISOString(),
		).toBe('2025-05-01T00:00:00.000Z');
		expect(
			waitTillDate(
				{ limitType: 'afterTimeInterval', resumeAmount: 0, resumeUnit: 'hours' },
				'UTC',
				NOW,
			).getTime(),
		).toBe(NOW);
	});

	it.each([
		[
			{ limitType: 'afterTimeInterval', resumeAmount: -1, resumeUnit: 'hours' },
			/^Limit Wait Time: Amount: -1 is not a positive number or 0$/,
		],
		[
			{ limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'weeks' },
			/^Limit Wait Time: Unit: "weeks" is not a unit$/,
		],
		[
			{ limitType: 'atSpecifiedTime', maxDateAndTime: '' },
			/^Limit Wait Time: Max Date and Time: is empty$/,
		],
	])('refuses %j', (limit, message) => {
		expect(() => waitTillDate(limit, 'UTC', NOW)).toThrow(message);
	});
});
