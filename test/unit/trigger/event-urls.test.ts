import {
	eventUrl,
	holderOf,
	releasedUrl,
	secretMatches,
	subscriptionsMatch,
	type OwnUrl,
} from '../../../nodes/JelouWhatsAppTrigger/event-urls';

const ID = '1f0c6d2e-4b55-4b3a-9d4b-2b1d2c3e4f50';
const PRODUCTION = `https://n8n.example.com/webhook/${ID}/webhook`;
const TEST = `https://n8n.example.com/webhook-test/${ID}/webhook`;
const OTHER_ID = '99999999-4b55-4b3a-9d4b-2b1d2c3e4f50';
const production: OwnUrl = { url: PRODUCTION, mode: 'production', workflowId: 'Wf1' };
const test: OwnUrl = { url: TEST, mode: 'test', workflowId: 'Wf1' };

describe('eventUrl and releasedUrl', () => {
	it('give each event its own URL with the event, the workflow and the secret', () => {
		expect(eventUrl(production, 'read', 'abc')).toBe(
			`${PRODUCTION}?event=read&workflow=Wf1&token=abc`,
		);
		expect(eventUrl(test, 'reply', 'abc')).toBe(`${TEST}?event=reply&workflow=Wf1&token=abc`);
	});

	it('carry the workflow’s name when n8n gives one, cut to 80 characters, before the secret', () => {
		const named = { ...production, workflowName: 'Jelou: voice note → transcribe → answer' };
		const url = new URL(eventUrl(named, 'reply', 'abc'));
		expect([...url.searchParams.keys()]).toEqual(['event', 'workflow', 'name', 'token']);
		expect(url.searchParams.get('name')).toBe('Jelou: voice note → transcribe → answer');
		const long = new URL(eventUrl({ ...production, workflowName: 'x'.repeat(200) }, 'read', 'a'));
		expect(long.searchParams.get('name')).toHaveLength(80);
		expect(eventUrl({ ...production, workflowName: ' ' }, 'read', 'abc')).toBe(
			`${PRODUCTION}?event=read&workflow=Wf1&token=abc`,
		);
	});

	it('mark a URL given up with inactive=true and no secret', () => {
		expect(releasedUrl(production, 'read')).toBe(
			`${PRODUCTION}?event=read&workflow=Wf1&inactive=true`,
		);
	});
});

describe('holderOf: who receives an event, from the URL Jelou sends it to', () => {
	it('nobody: no URL, an empty one, or a URL any trigger released', () => {
		expect(holderOf(undefined, production)).toEqual({ kind: 'nobody', url: null });
		expect(holderOf('', production)).toEqual({ kind: 'nobody', url: null });
		const released = releasedUrl(production, 'read');
		expect(holderOf(released, production)).toEqual({ kind: 'nobody', url: released });
		const elsewhere = `https://old.example.com/webhook/${OTHER_ID}/webhook?event=read&workflow=X&inactive=true`;
		expect(holderOf(elsewhere, test)).toEqual({ kind: 'nobody', url: elsewhere });
	});

	it('this trigger, at the URL registering or at its other one', () => {
		const live = eventUrl(production, 'read', 'abc');
		expect(holderOf(live, production)).toEqual({ kind: 'self', mode: 'production', url: live });
		expect(holderOf(live, test)).toEqual({ kind: 'self', mode: 'production', url: live });
		const listening = eventUrl(test, 'read', 'abc');
		expect(holderOf(listening, production)).toEqual({
			kind: 'self',
			mode: 'test',
			url: listening,
		});
		// URLs written before the workflow was part of them
		expect(holderOf(`${PRODUCTION}?event=read&token=x`, production).kind).toBe('self');
	});

	it('another Jelou trigger of this n8n, named as its URL names it', () => {
		const other: OwnUrl = {
			url: `https://n8n.example.com/webhook/${OTHER_ID}/webhook`,
			mode: 'production',
			workflowId: 'Wf2',
			workflowName: 'Customer reply → CRM',
		};
		expect(holderOf(eventUrl(other, 'reply', 'x'), production)).toMatchObject({
			kind: 'other-trigger',
			workflowId: 'Wf2',
			workflowName: 'Customer reply → CRM',
		});
	});

	it('another Jelou trigger of this n8n, with its mode, webhook and workflow', () => {
		const other = `https://n8n.example.com/webhook/${OTHER_ID}/webhook?event=read&workflow=Wf2&token=x`;
		expect(holderOf(other, production)).toEqual({
			kind: 'other-trigger',
			mode: 'production',
			url: other,
			webhook: `/webhook/${OTHER_ID}/webhook`,
			workflowId: 'Wf2',
		});
		expect(holderOf(other, test)).toMatchObject({ kind: 'other-trigger', mode: 'production' });
		const otherTest = `https://n8n.example.com/webhook-test/${OTHER_ID}/webhook?event=read&token=x`;
		expect(holderOf(otherTest, production)).toEqual({
			kind: 'other-trigger',
			mode: 'test',
			url: otherTest,
			webhook: `/webhook-test/${OTHER_ID}/webhook`,
			workflowId: undefined,
		});
	});

	it('another webhook of this n8n, and anything elsewhere by its host', () => {
		expect(holderOf('https://n8n.example.com/webhook/crm-events', production)).toEqual({
			kind: 'this-n8n',
			url: 'https://n8n.example.com/webhook/crm-events',
			webhook: '/webhook/crm-events',
		});
		// A Manual trigger's URL pasted in Jelou Connect carries no secret: a webhook like any other.
		expect(
			holderOf(`https://n8n.example.com/webhook/${OTHER_ID}/webhook?event=read`, production).kind,
		).toBe('this-n8n');
		expect(holderOf('https://crm.example.org/jelou/read', production)).toEqual({
			kind: 'elsewhere',
			url: 'https://crm.example.org/jelou/read',
			host: 'crm.example.org',
		});
		// The same webhook ID on another n8n (a copy of the workflow) is not this trigger.
		const copy = `https://staging.example.com/webhook/${ID}/webhook?event=read&token=x`;
		expect(holderOf(copy, production)).toMatchObject({
			kind: 'elsewhere',
			host: 'staging.example.com',
		});
		expect(holderOf('not a url', production)).toEqual({
			kind: 'elsewhere',
			url: 'not a url',
			host: 'not a url',
		});
	});
});

describe('subscriptionsMatch', () => {
	it('knows when Jelou already sends every chosen event to this trigger with this secret', () => {
		const current = {
			read: eventUrl(production, 'read', 'abc'),
			failed: eventUrl(production, 'failed', 'abc'),
		};
		expect(subscriptionsMatch(current, ['read', 'failed'], production, 'abc')).toBe(true);
		expect(subscriptionsMatch(current, ['read', 'reply'], production, 'abc')).toBe(false);
		expect(subscriptionsMatch(current, ['read'], production, 'other')).toBe(false);
		expect(subscriptionsMatch(current, ['read'], test, 'abc')).toBe(false);
		expect(subscriptionsMatch(current, [], production, 'abc')).toBe(false);
	});
});

describe('secretMatches', () => {
	it('accepts only the exact secret', () => {
		expect(secretMatches('s3cret-value', 's3cret-value')).toBe(true);
		expect(secretMatches('s3cret-valuE', 's3cret-value')).toBe(false);
		expect(secretMatches('s3cret', 's3cret-value')).toBe(false);
		expect(secretMatches('', 's3cret-value')).toBe(false);
		expect(secretMatches(undefined, 's3cret-value')).toBe(false);
		expect(secretMatches(['s3cret-value'], 's3cret-value')).toBe(false);
		expect(secretMatches('anything', undefined)).toBe(false);
		expect(secretMatches('', '')).toBe(false);
	});
});
