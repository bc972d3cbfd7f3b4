// Pause Bot, Resume Bot and Get State in n8n-core against the fake: who answers the customer, and for how long.
import { ACTIVE_CUSTOMER, INACTIVE_CUSTOMER } from '../../fake-jelou/conversations-store';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { runJelou } from '../../helpers/jelou';

const fake = useFakeJelou();

const conversation = (operation: string, parameters: Record<string, unknown> = {}) => ({
	resource: 'conversation',
	operation,
	...parameters,
});
const posts = () => fake.requests.filter((request) => request.method === 'POST');

describe('Conversation → Pause Bot, Resume Bot, Get State in n8n', () => {
	it('Pause Bot sends Jelou’s body with the cleaned number, and outputs the user with botAnswers false', async () => {
		const { items, error } = await runJelou(
			fake,
			conversation('pauseBot', {
				userId: '+593 99-123-4567',
				options: { resumeAfter: 2, resumeAfterUnit: 'hours' },
			}),
		);
		expect(error).toBeUndefined();
		expect(posts().map((request) => [request.path, request.body])).toEqual([
			[
				'/v1/users/state',
				{ ttl: 7200, botId: fake.botId, userId: ACTIVE_CUSTOMER, state: 'manual' },
			],
		]);
		expect(items.map((item) => item.json)).toEqual([
			{
				id: ACTIVE_CUSTOMER,
				names: 'María Pérez',
				botId: fake.botId,
				groupId: expect.any(String),
				state: 'manual',
				botAnswers: false,
			},
		]);
	});

	it('a pause without Resume Automatically After has no ttl and lasts until Resume Bot', async () => {
		await runJelou(fake, conversation('pauseBot', { userId: ACTIVE_CUSTOMER }));
		expect(posts()[0].body).toEqual({
			botId: fake.botId,
			userId: ACTIVE_CUSTOMER,
			state: 'manual',
		});
		fake.conversations.advance(30 * 24 * 3600);
		const state = await runJelou(fake, conversation('getState', { userId: ACTIVE_CUSTOMER }));
		expect(state.items[0].json).toEqual(
			expect.objectContaining({ state: 'manual', botAnswers: false }),
		);
		const resumed = await runJelou(fake, conversation('resumeBot', { userId: ACTIVE_CUSTOMER }));
		expect(posts()[1].body).toEqual({ botId: fake.botId, userId: ACTIVE_CUSTOMER, state: 'auto' });
		expect(resumed.items[0].json).toEqual(
			expect.objectContaining({ state: 'auto', botAnswers: true }),
		);
	});

	it('a pause with a ttl ends by itself: Get State reads auto once it has run out', async () => {
		await runJelou(
			fake,
			conversation('pauseBot', { userId: ACTIVE_CUSTOMER, options: { resumeAfter: 30 } }),
		);
		expect(posts()[0].body).toEqual(expect.objectContaining({ ttl: 1800 }));
		fake.conversations.advance(1801);
		const { items } = await runJelou(fake, conversation('getState', { userId: ACTIVE_CUSTOMER }));
		expect(items[0].json).toEqual(expect.objectContaining({ state: 'auto', botAnswers: true }));
	});

	it('Get State reads one user per item, paired', async () => {
		await runJelou(fake, conversation('pauseBot', { userId: INACTIVE_CUSTOMER }));
		const { items } = await runJelou(
			fake,
			conversation('getState', { userId: '={{ $json.phone }}' }),
			{ items: [{ json: { phone: ACTIVE_CUSTOMER } }, { json: { phone: INACTIVE_CUSTOMER } }] },
		);
		expect(items.map((item) => [item.json.id, item.json.botAnswers, item.pairedItem])).toEqual([
			[ACTIVE_CUSTOMER, true, { item: 0 }],
			[INACTIVE_CUSTOMER, false, { item: 1 }],
		]);
		expect(fake.requests.map((request) => request.path)).toContain(
			`/v1/users/${INACTIVE_CUSTOMER}/state`,
		);
	});

	it('an unknown customer is Jelou’s 404, on that item; with Continue On Fail the others go on', async () => {
		const { items } = await runJelou(
			fake,
			conversation('getState', { userId: '={{ $json.phone }}' }),
			{
				items: [{ json: { phone: '593000000001' } }, { json: { phone: ACTIVE_CUSTOMER } }],
				continueOnFail: true,
			},
		);
		expect(items[0].json).toEqual(
			expect.objectContaining({ error: 'The user could not be found.', httpCode: '404' }),
		);
		expect(items[1].json.state).toBe('auto');
	});

	it('a bad number or a bad Resume Automatically After stops the run before anything is sent', async () => {
		const { error } = await runJelou(
			fake,
			conversation('pauseBot', { userId: '={{ $json.phone }}', options: { resumeAfter: 0 } }),
			{ items: [{ json: { phone: ACTIVE_CUSTOMER } }, { json: { phone: 'abc' } }] },
		);
		expect(error?.message).toBe('2 items have bad input, so nothing was sent');
		expect((error as { description?: string }).description).toMatch(
			/Resume Automatically After: 0 minutes is not a time ahead \(item 1\)[\s\S]*Phone Number: "abc" contains characters other than digits \(item 2\)/,
		);
		expect(fake.requests).toEqual([]);
	});

	it('Dry Run outputs the request and sends nothing', async () => {
		const { items } = await runJelou(
			fake,
			conversation('pauseBot', {
				userId: ACTIVE_CUSTOMER,
				dryRun: true,
				options: { resumeAfter: 1 },
			}),
		);
		expect(items[0].json).toEqual({
			dryRun: true,
			method: 'POST',
			path: '/v1/users/state',
			body: { ttl: 60, botId: fake.botId, userId: ACTIVE_CUSTOMER, state: 'manual' },
		});
		expect(fake.requests).toEqual([]);
	});
});
