// Start Bot Flow and its Bot Flow picker in n8n-core against the fake.
import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsApp } from '../../../nodes/JelouWhatsApp/JelouWhatsApp.node';
import { ACTIVE_CUSTOMER, INACTIVE_CUSTOMER } from '../../fake-jelou/conversations-store';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { credentialsFor, runJelou } from '../../helpers/jelou';
import { runListSearch } from '../../helpers/n8n-harness';

const fake = useFakeJelou();

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
		expect(fake.requests.map((request) => [request.path, request.body])).toEqual([
			[`/v1/bots/${fake.botId}/users/${ACTIVE_CUSTOMER}/skill/2`, { memoryParams: { test: 1 } }],
		]);
		expect(items[0].json).toEqual({
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
		expect(fake.requests[0].body).toEqual({});
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
		expect(error?.message).toBe('Bot Flow: is empty (item 1)');
		expect(fake.requests).toEqual([]);
	});

	it('Dry Run shows the request and moves nobody', async () => {
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
			dryRun: true,
			method: 'POST',
			path: `/v1/bots/${fake.botId}/users/${ACTIVE_CUSTOMER}/skill/3`,
			body: { memoryParams: { reason: 'refund' } },
		});
		expect(fake.requests).toEqual([]);
	});
});
