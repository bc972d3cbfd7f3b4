import { eventUrl, releasedUrl, type OwnUrl } from '../../../nodes/JelouWhatsAppTrigger/event-urls';
import {
	planRegistration,
	planRelease,
	refusalMessage,
	unreachableReason,
} from '../../../nodes/JelouWhatsAppTrigger/registration';

const ID = '1f0c6d2e-4b55-4b3a-9d4b-2b1d2c3e4f50';
const OTHER_ID = '99999999-4b55-4b3a-9d4b-2b1d2c3e4f50';
const production: OwnUrl = {
	url: `https://n8n.example.com/webhook/${ID}/webhook`,
	mode: 'production',
	workflowId: 'Wf1',
};
const test: OwnUrl = {
	...production,
	url: `https://n8n.example.com/webhook-test/${ID}/webhook`,
	mode: 'test',
};
const CRM = 'https://crm.example.org/jelou/read';
const WEBHOOK_NODE = 'https://n8n.example.com/webhook/crm-events';
const OTHER_TRIGGER = `https://n8n.example.com/webhook/${OTHER_ID}/webhook?event=read&workflow=Wf2&token=x`;
const OTHER_TRIGGER_TEST = `https://n8n.example.com/webhook-test/${OTHER_ID}/webhook?event=read&workflow=Wf2&token=x`;

const plan = (
	own: OwnUrl,
	current: Record<string, unknown>,
	options: { replaceExisting?: boolean; earlierPrevious?: Record<string, string | null> } = {},
) =>
	planRegistration({
		current,
		events: ['read'],
		own,
		secret: 'new',
		replaceExisting: options.replaceExisting ?? false,
		earlierPrevious: options.earlierPrevious,
	});

describe('planRegistration: activation (production URL)', () => {
	it('on a fresh bot subscribes every chosen event to its own URL and records that nothing was there', () => {
		expect(
			planRegistration({
				current: {},
				events: ['delivered_user', 'read'],
				own: production,
				secret: 'abc',
				replaceExisting: false,
			}),
		).toEqual({
			webhooks: [
				{ url: eventUrl(production, 'delivered_user', 'abc'), events: ['delivered_user'] },
				{ url: eventUrl(production, 'read', 'abc'), events: ['read'] },
			],
			previous: { delivered_user: null, read: null },
			refusals: [],
		});
	});

	it('takes a released URL, its own URLs and a test listening of any trigger as free', () => {
		for (const current of [
			releasedUrl(production, 'read'),
			eventUrl(production, 'read', 'old'),
			eventUrl(test, 'read', 'listening'),
			OTHER_TRIGGER_TEST,
		]) {
			expect(plan(production, { read: current })).toMatchObject({
				previous: { read: null },
				refusals: [],
			});
		}
	});

	it('keeps the URL an earlier activation recorded when Jelou still points at this trigger', () => {
		expect(
			plan(
				production,
				{ read: eventUrl(production, 'read', 'old') },
				{ earlierPrevious: { read: CRM } },
			).previous,
		).toEqual({ read: CRM });
		// ...but never records one of its own URLs as something to give back
		expect(
			plan(
				production,
				{ read: eventUrl(test, 'read', 'x') },
				{ earlierPrevious: { read: releasedUrl(production, 'read') } },
			).previous,
		).toEqual({ read: null });
	});

	it('refuses an event another URL receives, and takes it with Replace Existing, recording it', () => {
		for (const holder of [CRM, WEBHOOK_NODE]) {
			const refused = plan(production, { read: holder });
			expect(refused.webhooks).toEqual([]);
			expect(refused.refusals).toEqual([
				{ event: 'read', holder: expect.objectContaining({ url: holder }) },
			]);
			const replaced = plan(production, { read: holder }, { replaceExisting: true });
			expect(replaced).toMatchObject({ previous: { read: holder }, refusals: [] });
		}
	});

	it('never takes an event from the production URL of another Jelou trigger of this n8n, even with Replace Existing', () => {
		const refused = plan(production, { read: OTHER_TRIGGER }, { replaceExisting: true });
		expect(refused.webhooks).toEqual([]);
		expect(refused.refusals).toEqual([
			{
				event: 'read',
				holder: {
					kind: 'other-trigger',
					mode: 'production',
					url: OTHER_TRIGGER,
					webhook: `/webhook/${OTHER_ID}/webhook`,
					workflowId: 'Wf2',
				},
			},
		]);
	});
});

describe('planRegistration: test listening (test URL)', () => {
	it('takes events nobody receives and records the released URL it found, to put it back exactly', () => {
		const released = releasedUrl(production, 'read');
		expect(plan(test, { read: released })).toEqual({
			webhooks: [{ url: eventUrl(test, 'read', 'new'), events: ['read'] }],
			previous: { read: released },
			refusals: [],
		});
		expect(plan(test, {}).previous).toEqual({ read: null });
		// a listening a restart of n8n ended, of this trigger or another one
		expect(plan(test, { read: eventUrl(test, 'read', 'old') }).previous).toEqual({ read: null });
		expect(plan(test, { read: OTHER_TRIGGER_TEST }).previous).toEqual({ read: null });
	});

	it('does not take an event from the production URL of this active workflow', () => {
		const live = eventUrl(production, 'read', 'prod');
		expect(plan(test, { read: live })).toEqual({
			webhooks: [],
			previous: {},
			refusals: [{ event: 'read', holder: { kind: 'self', mode: 'production', url: live } }],
		});
	});

	it('never takes an event someone else receives, whatever Replace Existing says', () => {
		for (const holder of [CRM, WEBHOOK_NODE, OTHER_TRIGGER]) {
			expect(plan(test, { read: holder }, { replaceExisting: true }).refusals).toHaveLength(1);
		}
	});
});

describe('planRelease', () => {
	it('puts back the URL recorded, grouped by URL, and releases events that had none', () => {
		const current = {
			read: eventUrl(production, 'read', 's'),
			failed: eventUrl(production, 'failed', 's'),
			reply: eventUrl(production, 'reply', 's'),
		};
		expect(
			planRelease({ current, taken: { read: CRM, failed: CRM, reply: null }, own: production }),
		).toEqual([
			{ url: CRM, events: ['read', 'failed'] },
			{ url: releasedUrl(production, 'reply'), events: ['reply'] },
		]);
	});

	it('leaves alone events Jelou no longer sends to this very URL', () => {
		const current = {
			read: 'https://someone.example.com/new',
			failed: eventUrl(test, 'failed', 's'),
			reply: releasedUrl(production, 'reply'),
		};
		expect(
			planRelease({ current, taken: { read: CRM, failed: null, reply: null }, own: production }),
		).toEqual([]);
		// and a test listening leaves alone what an activation took from it meanwhile
		expect(
			planRelease({
				current: { read: eventUrl(production, 'read', 'p') },
				taken: { read: null },
				own: test,
			}),
		).toEqual([]);
	});

	it('a test listening puts back the released URL it found, or releases its own', () => {
		const found = releasedUrl(production, 'read');
		expect(
			planRelease({
				current: { read: eventUrl(test, 'read', 't'), failed: eventUrl(test, 'failed', 't') },
				taken: { read: found, failed: null },
				own: test,
			}),
		).toEqual([
			{ url: found, events: ['read'] },
			{ url: releasedUrl(test, 'failed'), events: ['failed'] },
		]);
	});
});

describe('refusalMessage', () => {
	it('names the host of a URL elsewhere and another workflow of this n8n with its webhook', () => {
		const { refusals } = planRegistration({
			current: { read: CRM, failed: WEBHOOK_NODE, reply: OTHER_TRIGGER.replace('read', 'reply') },
			events: ['read', 'failed', 'reply'],
			own: production,
			secret: 'x',
			replaceExisting: false,
		});
		const { message, description } = refusalMessage('bot-1', refusals, 'production');
		expect(message).toBe(
			'Bot bot-1 already sends events to another URL: "read" goes to crm.example.org, ' +
				'"failed" goes to another workflow on this n8n (webhook /webhook/crm-events), ' +
				`"reply" goes to another workflow on this n8n (workflow Wf2, the production URL of its Jelou WhatsApp Trigger, webhook /webhook/${OTHER_ID}/webhook)`,
		);
		expect(description).toContain('deactivate the other workflow first');
		expect(description).toContain('Turn on Replace Existing Subscriptions');
		expect(message + description).not.toContain('token');
	});

	it('names the other workflow of this n8n by its name too, where its URL carries it', () => {
		const holder: OwnUrl = {
			url: OTHER_TRIGGER.split('?')[0],
			mode: 'production',
			workflowId: 'JelouExReplyAi01',
			workflowName: 'Jelou: customer reply → CRM update and answer (AI agent)',
		};
		const { refusals } = planRegistration({
			current: { reply: eventUrl(holder, 'reply', 'S3cr3tValue') },
			events: ['reply'],
			own: production,
			secret: 'x',
			replaceExisting: true,
		});
		const { message, description } = refusalMessage('sandbox-bot', refusals, 'production');
		expect(message).toBe(
			'Bot sandbox-bot already sends events to another URL: "reply" goes to another workflow on this n8n ' +
				'("Jelou: customer reply → CRM update and answer (AI agent)", workflow JelouExReplyAi01, the production URL ' +
				`of its Jelou WhatsApp Trigger, webhook /webhook/${OTHER_ID}/webhook)`,
		);
		expect(description).toContain(
			'deactivate "Jelou: customer reply → CRM update and answer (AI agent)" first',
		);
		expect(message + description).not.toContain('S3cr3tValue');
	});

	it('tells a test listening on an active workflow that production keeps the events', () => {
		const { refusals } = plan(test, { read: eventUrl(production, 'read', 'S3cr3tValue') });
		const { message, description } = refusalMessage('bot-1', refusals, 'test');
		expect(message).toBe(
			'This workflow is active: Jelou sends "read" of bot bot-1 to its production URL',
		);
		expect(description).toContain('deactivate the workflow to listen with the Test URL');
		expect(message + description).not.toContain('S3cr3tValue');
	});

	it('tells a test listening why it takes nothing someone else receives', () => {
		const { refusals } = plan(test, { read: CRM });
		const { message, description } = refusalMessage('bot-1', refusals, 'test');
		expect(message).toBe(
			'Bot bot-1 already sends events to another URL: "read" goes to crm.example.org',
		);
		expect(description).toContain('Activate the workflow to take them over');
	});
});

describe('unreachableReason', () => {
	const JELOU = 'https://api.jelou.ai';
	it.each([
		['http://localhost:5678/webhook/x/webhook', 'known only on this machine or network'],
		['https://localhost/webhook/x/webhook', 'known only on this machine or network'],
		['http://127.0.0.1:5678/webhook/x/webhook', 'known only on this machine or network'],
		['https://192.168.1.20/webhook/x/webhook', 'known only on this machine or network'],
		['https://10.0.0.5/webhook/x/webhook', 'known only on this machine or network'],
		['https://172.20.0.3/webhook/x/webhook', 'known only on this machine or network'],
		['http://n8n:5678/webhook/x/webhook', 'known only on this machine or network'],
		['https://[::1]/webhook/x/webhook', 'known only on this machine or network'],
		['http://n8n.example.com/webhook/x/webhook', 'is plain http'],
	])('refuses %s (%s)', (webhookUrl, reason) => {
		expect(unreachableReason(webhookUrl, JELOU)).toContain(reason);
	});

	it('accepts a public https address', () => {
		expect(unreachableReason('https://n8n.example.com/webhook/x/webhook', JELOU)).toBeUndefined();
		expect(unreachableReason('https://172.32.0.1/webhook/x/webhook', JELOU)).toBeUndefined();
	});

	it('accepts anything when the credential points at a Jelou API on this machine (the sandbox)', () => {
		for (const base of ['http://127.0.0.1:5680', 'http://localhost:5680', 'http://[::1]:5680'])
			expect(unreachableReason('http://localhost:5678/webhook/x/webhook', base)).toBeUndefined();
	});
});
