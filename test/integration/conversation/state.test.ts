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
const NEVER_WROTE =
	'This number has never written to this bot, so Jelou does not know it: check the country code (e.g. 593 for Ecuador, or set Default Country Code in Options) and the digits of the Phone Number.';

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
		expect(items[0].json).toEqual({
			botId: fake.botId,
			error: 'The user could not be found. (item 1, phone 593000000001)',
			description: `${NEVER_WROTE}\nHTTP 404.`,
			httpCode: '404',
			item: 1,
			phone: '593000000001',
		});
		expect(items[1].json.state).toBe('auto');
	});

	it.each(['resumeBot', 'pauseBot'])(
		'%s for a number Jelou does not know: Jelou’s 404 with the fix, naming the item and the number',
		async (operation) => {
			const { error } = await runJelou(fake, conversation(operation, { userId: '593000000002' }));
			expect(error?.message).toBe('The user could not be found. (item 1, phone 593000000002)');
			expect((error as { description?: string }).description).toBe(
				`${NEVER_WROTE}\nHTTP 404.\n\nFailed on item 1. No item was sent before the failure.`,
			);
		},
	);

	it.each([
		[
			'pauseBot',
			/check the Phone Number .* and Resume Automatically After, then run the item again\./,
		],
		['resumeBot', /check the Phone Number .* and who answers them with Conversation → Get State/],
	])(
		'%s refused by Jelou with a 400: Jelou’s words, then what to check',
		async (operation, fix) => {
			fake.injectFault('POST /v1/users/state', {
				kind: 'status',
				status: 400,
				body: {
					message: ['The user state could not be updated.'],
					statusMessage: 'failed',
					status: 0,
				},
			});
			const { error } = await runJelou(fake, conversation(operation, { userId: ACTIVE_CUSTOMER }));
			expect(error?.message).toBe(
				`The user state could not be updated. (item 1, phone ${ACTIVE_CUSTOMER})`,
			);
			expect((error as { description?: string }).description).toMatch(fix);
		},
	);

	it('Pause Bot met by a 500 says who answers may have changed and to check Get State, not a message status', async () => {
		fake.injectFault('POST /v1/users/state', { kind: 'status', status: 500 });
		const { error } = await runJelou(fake, conversation('pauseBot', { userId: ACTIVE_CUSTOMER }));
		const description = (error as { description?: string }).description;
		expect(description).toContain(
			'so who answers the customer may have changed; it was not repeated (a repeat could make the change a second time). Check who answers the customer with Conversation → Get State before running it again.',
		);
		expect(description).not.toMatch(/message|Get Status/);
		expect(posts()).toHaveLength(1);
	});

	it.each([
		[
			'an HTML 502 page',
			{
				kind: 'raw' as const,
				status: 502,
				contentType: 'text/html',
				body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
			},
			"Jelou's gateway answered 502 Bad Gateway (item 1, phone 593991234567)",
		],
		[
			'no answer',
			{ kind: 'hang' as const },
			'Jelou did not answer within 1 s (item 1, phone 593991234567)',
		],
	])(
		'Get State met by %s says it only reads: nothing was sent, run it again',
		async (_, fault, message) => {
			fake.injectFault('GET /v1/users/:userId/state', fault);
			const { error } = await runJelou(
				fake,
				conversation('getState', { userId: ACTIVE_CUSTOMER, requestOptions: { timeout: 1 } }),
			);
			expect(error?.message).toBe(message);
			const description = (error as { description?: string }).description;
			expect(description).toMatch(/It only reads, so nothing was sent or changed: run it again/);
			expect(description).not.toMatch(/message|twice|Get Status/);
		},
	);

	it('a bad number or a bad Resume Automatically After stops the run before anything is sent', async () => {
		const { error } = await runJelou(
			fake,
			conversation('pauseBot', { userId: '={{ $json.phone }}', options: { resumeAfter: 0 } }),
			{ items: [{ json: { phone: ACTIVE_CUSTOMER } }, { json: { phone: 'abc' } }] },
		);
		expect(error?.message).toBe('2 items have bad input, so nothing was sent');
		expect((error as { description?: string }).description).toMatch(
			/Resume Automatically After: 0 minutes is not a time ahead \(item 1, phone 593991234567\)[\s\S]*Phone Number: "abc" contains characters other than digits \(item 2\)/,
		);
		expect(fake.requests).toEqual([]);
	});

	it('Resume Automatically After is bounded at 30 days: 30 days are sent, more is refused before anything is sent', async () => {
		const pause = (resumeAfter: unknown, resumeAfterUnit: string) =>
			conversation('pauseBot', {
				userId: ACTIVE_CUSTOMER,
				options: { resumeAfter, resumeAfterUnit },
			});
		const longest = await runJelou(fake, pause(720, 'hours'));
		expect(longest.error).toBeUndefined();
		expect(posts()[0].body).toEqual(expect.objectContaining({ ttl: 30 * 86_400 }));
		fake.reset();
		const { error } = await runJelou(fake, pause('={{ 3.6e12 / 60 }}', 'minutes'));
		expect(error?.message).toBe(
			`Resume Automatically After: 60000000000 minutes is more than 30 days (item 1, phone ${ACTIVE_CUSTOMER})`,
		);
		expect((error as { description?: string }).description).toBe(
			'Enter at most 30 days (43200 minutes or 720 hours). For a longer pause remove the option: the bot then stays paused until Resume Bot.',
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
			botId: fake.botId,
			dryRun: true,
			method: 'POST',
			path: '/v1/users/state',
			body: { ttl: 60, botId: fake.botId, userId: ACTIVE_CUSTOMER, state: 'manual' },
		});
		expect(fake.requests).toEqual([]);
	});
});
