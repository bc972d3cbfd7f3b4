// Start Bot Flow and its Bot Flow picker in n8n-core against the fake.
import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsApp } from '../../../nodes/JelouWhatsApp/JelouWhatsApp.node';
import { ACTIVE_CUSTOMER, INACTIVE_CUSTOMER } from '../../fake-jelou/conversations-store';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { credentialsFor, runJelou } from '../../helpers/jelou';
import { runListSearch } from '../../helpers/n8n-harness';

const fake = useFakeJelou();

const posts = () => fake.requests.filter((request) => request.method === 'POST');

const startBotFlow = (parameters: Record<string, unknown>) => ({
	resource: 'conversation',
	operation: 'startBotFlow',
	...parameters,
});

describe('Conversation → Start Bot Flow in n8n', () => {
	it('From List offers the active flows only, with name and description, searchable', async () => {
		const search = (filter?: string) =>
			runListSearch({
				nodeType: new JelouWhatsApp(),
				credentialType: new JelouApi(),
				credentials: credentialsFor(fake),
				method: 'searchSkills',
				filter,
			});
		expect((await search()).results).toEqual([
			{
				name: 'Human Handoff',
				value: '3',
				description: 'Collects the question before a person takes over',
			},
			{ name: 'Main Skill (default)', value: '1', description: 'Welcome skill' },
			{ name: 'Order Status', value: '2', description: 'Tells the customer where their order is' },
		]);
		expect((await search('order')).results.map((result) => result.value)).toEqual(['2']);
	});

	it('moves the customer with the values for the flow as memoryParams', async () => {
		const { items, error } = await runJelou(
			fake,
			startBotFlow({
				userId: ACTIVE_CUSTOMER,
				skill: { __rl: true, mode: 'list', value: '2' },
				valuesInput: 'json',
				valuesJson: '{"test": 1}',
			}),
		);
		expect(error).toBeUndefined();
		expect(fake.requests.map((request) => [request.method, request.path, request.body])).toEqual([
			['GET', `/v1/bots/${fake.botId}/skills`, undefined],
			[
				'POST',
				`/v1/bots/${fake.botId}/users/${ACTIVE_CUSTOMER}/skill/2`,
				{ memoryParams: { test: 1 } },
			],
		]);
		expect(items[0].json).toEqual({
			botId: fake.botId,
			message: ['Skill set correctly.'],
			statusMessage: 'success',
			status: 1,
			userId: ACTIVE_CUSTOMER,
			skillId: '2',
		});
		expect(fake.conversations.customer(ACTIVE_CUSTOMER)?.skillId).toBe(2);
	});

	it('By ID without values sends no memoryParams', async () => {
		await runJelou(
			fake,
			startBotFlow({ userId: ACTIVE_CUSTOMER, skill: { __rl: true, mode: 'id', value: '1' } }),
		);
		expect(posts()[0].body).toEqual({});
	});

	it('reads the bot’s flows once per execution, however many items, and checks every item’s flow against them', async () => {
		const phones = ['593991234567', '593991234568', '593991234569', '593991234570', '593991234571'];
		for (const phone of phones)
			fake.conversations.customerWrites(phone, fake.conversations.incomingBubble('text', 'Hola'));
		const { items, error } = await runJelou(
			fake,
			startBotFlow({
				userId: '={{ $json.phone }}',
				skill: { __rl: true, mode: 'id', value: '={{ $json.flow }}' },
			}),
			{ items: phones.map((phone, i) => ({ json: { phone, flow: String((i % 3) + 1) } })) },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
		expect(
			fake.requests.filter((request) => request.path === `/v1/bots/${fake.botId}/skills`),
		).toHaveLength(1);
		expect(posts()).toHaveLength(5);
	});

	it.each([
		[
			'an unknown flow',
			'7',
			'Bot Flow: "7" is not a flow of this bot (item 2, phone 593991234568)',
			'Pick an active flow from the list, or enter its ID: Main Skill (1), Order Status (2), Human Handoff (3).',
		],
		[
			'a switched-off flow',
			'4',
			'Bot Flow: Old Promotion (4) is switched off in Jelou (item 2, phone 593991234568)',
			'Switch it on in Jelou, or pick an active flow from the list, or enter its ID: Main Skill (1), Order Status (2), Human Handoff (3).',
		],
	])(
		'By ID, %s is refused before anything is sent, naming the item, the field and the active flows',
		async (_, id, message, fix) => {
			const { error } = await runJelou(
				fake,
				startBotFlow({
					userId: '={{ $json.phone }}',
					skill: { __rl: true, mode: 'id', value: '={{ $json.flow }}' },
				}),
				{
					items: [
						{ json: { phone: ACTIVE_CUSTOMER, flow: '2' } },
						{ json: { phone: '593991234568', flow: id } },
					],
				},
			);
			expect(error?.message).toBe(message);
			expect((error as { description?: string }).description).toBe(fix);
			expect(posts()).toEqual([]);
			expect(fake.requests.map((request) => request.path)).toEqual([
				`/v1/bots/${fake.botId}/skills`,
			]);
		},
	);

	it('with Continue On Fail, an unknown flow is that item’s error item with its number; the others are moved', async () => {
		const { items } = await runJelou(
			fake,
			startBotFlow({
				userId: ACTIVE_CUSTOMER,
				skill: { __rl: true, mode: 'id', value: '={{ $json.flow }}' },
			}),
			{ items: [{ json: { flow: '9' } }, { json: { flow: '1' } }], continueOnFail: true },
		);
		expect(items[0].json).toEqual({
			botId: fake.botId,
			error: `Bot Flow: "9" is not a flow of this bot (item 1, phone ${ACTIVE_CUSTOMER})`,
			description:
				'Pick an active flow from the list, or enter its ID: Main Skill (1), Order Status (2), Human Handoff (3).',
			item: 1,
			phone: ACTIVE_CUSTOMER,
		});
		expect(items[1].json).toEqual(expect.objectContaining({ skillId: '1' }));
		expect(posts()).toHaveLength(1);
	});

	it('when the flows cannot be read (a 500), the flow is not checked here and Jelou checks the send', async () => {
		fake.injectFault('GET /v1/bots/:botId/skills', { kind: 'status', status: 500 });
		const { items, error } = await runJelou(
			fake,
			startBotFlow({ userId: ACTIVE_CUSTOMER, skill: { __rl: true, mode: 'id', value: '2' } }),
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(expect.objectContaining({ skillId: '2' }));
	});

	it('a wrong credential stops at the flows read: one request, every item told why', async () => {
		const { items } = await runJelou(
			fake,
			startBotFlow({
				userId: '={{ $json.phone }}',
				skill: { __rl: true, mode: 'id', value: '1' },
			}),
			{
				items: [{ json: { phone: ACTIVE_CUSTOMER } }, { json: { phone: INACTIVE_CUSTOMER } }],
				continueOnFail: true,
				credentials: credentialsFor(fake, { clientSecret: 'not-the-secret' }),
			},
		);
		expect(fake.requests.map((request) => request.path)).toEqual([`/v1/bots/${fake.botId}/skills`]);
		expect(items.map((item) => item.json.error)).toEqual([
			`Authentication failed: check Client ID and Client Secret (item 1, phone ${ACTIVE_CUSTOMER})`,
			`Not sent: Jelou refused the credential on item 1 (item 2, phone ${INACTIVE_CUSTOMER})`,
		]);
	});

	it('a customer without an active session: Jelou’s refusal, with the 24-hour rule beside it', async () => {
		const { error } = await runJelou(
			fake,
			startBotFlow({ userId: INACTIVE_CUSTOMER, skill: { __rl: true, mode: 'id', value: '1' } }),
		);
		expect(error?.message).toMatch(/does not have an active session/);
		expect((error as { description?: string }).description).toMatch(
			/Jelou starts a bot flow only for a customer who wrote to the bot in the last 24 hours/,
		);
	});

	it('a flow that an expression leaves empty is refused before anything is sent', async () => {
		const { error } = await runJelou(
			fake,
			startBotFlow({
				userId: ACTIVE_CUSTOMER,
				skill: { __rl: true, mode: 'id', value: '={{ $json.flow }}' },
			}),
			{ items: [{ json: { flow: '' } }] },
		);
		expect(error?.message).toBe(`Bot Flow: is empty (item 1, phone ${ACTIVE_CUSTOMER})`);
		expect(fake.requests).toEqual([]);
	});

	it('Dry Run checks the flow against the bot’s flows (a read), shows the request and moves nobody', async () => {
		const { items } = await runJelou(
			fake,
			startBotFlow({
				userId: ACTIVE_CUSTOMER,
				skill: { __rl: true, mode: 'id', value: '3' },
				dryRun: true,
				values: { pairs: [{ key: 'reason', value: 'refund' }] },
			}),
		);
		expect(items[0].json).toEqual({
			botId: fake.botId,
			dryRun: true,
			method: 'POST',
			path: `/v1/bots/${fake.botId}/users/${ACTIVE_CUSTOMER}/skill/3`,
			body: { memoryParams: { reason: 'refund' } },
		});
		expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET /v1/bots/${fake.botId}/skills`,
		]);
	});
});
