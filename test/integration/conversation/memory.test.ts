// Get Memory and Set Memory in n8n-core against the fake.
import { ACTIVE_CUSTOMER, INACTIVE_CUSTOMER } from '../../fake-jelou/conversations-store';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { runJelou } from '../../helpers/jelou';

const fake = useFakeJelou();

const conversation = (operation: string, parameters: Record<string, unknown> = {}) => ({
	resource: 'conversation',
	operation,
	...parameters,
});

describe('Conversation → Get Memory and Set Memory in n8n', () => {
	it('Get Memory outputs what Jelou keeps, as one item with the customer’s number (as Set Memory’s)', async () => {
		const { items } = await runJelou(
			fake,
			conversation('getMemory', { userId: INACTIVE_CUSTOMER }),
		);
		expect(fake.requests[0]).toEqual(
			expect.objectContaining({
				method: 'GET',
				path: `/v1/users/${INACTIVE_CUSTOMER}/cache`,
				query: { botId: fake.botId },
			}),
		);
		expect(items.map((item) => item.json)).toEqual([
			{
				groupId: 'grp-67890',
				orderNumber: 'ORD-12345',
				userId: INACTIVE_CUSTOMER,
				botId: fake.botId,
			},
		]);
	});

	it('Set Memory with key/value pairs sends Jelou’s body and merges into what is there', async () => {
		const { items, error } = await runJelou(
			fake,
			conversation('setMemory', {
				userId: INACTIVE_CUSTOMER,
				valuesInput: 'keyValue',
				values: { pairs: [{ key: 'orderNumber', value: '={{ $json.order }}' }] },
			}),
			{ items: [{ json: { order: 'ORD-777' } }] },
		);
		expect(error).toBeUndefined();
		expect(fake.requests[0].body).toEqual({
			params: { orderNumber: 'ORD-777' },
			botId: fake.botId,
		});
		expect(items[0].json).toEqual({
			botId: fake.botId,
			message: ['User cache set successfully.'],
			status: 'success',
			userId: INACTIVE_CUSTOMER,
			values: { orderNumber: 'ORD-777' },
		});
		const read = await runJelou(fake, conversation('getMemory', { userId: INACTIVE_CUSTOMER }));
		expect(read.items[0].json).toEqual({
			groupId: 'grp-67890',
			orderNumber: 'ORD-777',
			userId: INACTIVE_CUSTOMER,
			botId: fake.botId,
		});
	});

	it('Set Memory with JSON keeps the values’ types', async () => {
		await runJelou(
			fake,
			conversation('setMemory', {
				userId: ACTIVE_CUSTOMER,
				valuesInput: 'json',
				valuesJson: '={{ JSON.stringify({ vip: true, visits: 3 }) }}',
			}),
		);
		expect(fake.requests[0].body).toEqual({ params: { vip: true, visits: 3 }, botId: fake.botId });
	});

	it('a 200 with "status": "failed" is an error naming the item, not a success', async () => {
		const { items, error } = await runJelou(
			fake,
			conversation('setMemory', {
				userId: '593000000001',
				values: { pairs: [{ key: 'a', value: '1' }] },
			}),
		);
		expect(items).toEqual([]);
		expect(error?.message).toBe(
			'Jelou did not store the values: User cache could not be set. (item 1, phone 593000000001)',
		);
		expect((error as { description?: string }).description).toMatch(/"status": "failed"/);
	});

	it('without any value nothing is sent', async () => {
		const { error } = await runJelou(fake, conversation('setMemory', { userId: ACTIVE_CUSTOMER }));
		expect(error?.message).toBe(
			`Values to Remember: no value given (item 1, phone ${ACTIVE_CUSTOMER})`,
		);
		expect(fake.requests).toEqual([]);
	});

	it('a value over 64 KB or nested over 10 levels is refused before anything is sent, naming item, field and limits', async () => {
		let nested: unknown = 'deep';
		for (let level = 0; level < 200; level++) nested = { next: nested };
		const { error } = await runJelou(
			fake,
			conversation('setMemory', {
				userId: '={{ $json.phone }}',
				valuesInput: 'json',
				valuesJson: '={{ JSON.stringify($json.values) }}',
			}),
			{
				items: [
					{ json: { phone: ACTIVE_CUSTOMER, values: { transcript: 'x'.repeat(2 * 1024 * 1024) } } },
					{ json: { phone: INACTIVE_CUSTOMER, values: { chain: nested } } },
					{ json: { phone: ACTIVE_CUSTOMER, values: { orderNumber: 'ORD-1' } } },
				],
			},
		);
		expect(error?.message).toBe('2 items have bad input, so nothing was sent');
		expect((error as { description?: string }).description?.split('\n')).toEqual([
			`Values to Remember (JSON): the values take 2 MB as JSON, more than 64 KB (item 1, phone ${ACTIVE_CUSTOMER}) → Store at most 64 KB per item: what the bot's flows read, such as an order number or a short summary. Keep files and long texts elsewhere and store a link or an ID.`,
			`Values to Remember (JSON): the values are nested more than 10 levels deep (item 2, phone ${INACTIVE_CUSTOMER}) → Store values at most 10 levels deep, e.g. {"order": {"number": "ORD-12345", "city": "Quito"}}: pick the fields the bot's flows read instead of a whole object.`,
		]);
		expect(fake.requests).toEqual([]);
	});

	it.each([
		['a 500', { kind: 'status' as const, status: 500 }],
		['a reset once written', { kind: 'reset-after' as const }],
	])(
		'Set Memory met by %s says the values may have been stored and to check Get Memory, not a message status',
		async (_, fault) => {
			fake.injectFault('POST /v1/users/:userId/cache', fault);
			const { error } = await runJelou(
				fake,
				conversation('setMemory', {
					userId: ACTIVE_CUSTOMER,
					values: { pairs: [{ key: 'a', value: '1' }] },
				}),
			);
			expect(error?.message).toMatch(new RegExp(`\\(item 1, phone ${ACTIVE_CUSTOMER}\\)$`));
			const description = (error as { description?: string }).description;
			expect(description).toMatch(
				/the values may have been stored; it was not repeated.*Check the customer’s memory with Conversation → Get Memory before running it again\./,
			);
			expect(description).not.toMatch(/message|Get Status/);
			expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
		},
	);

	it('Dry Run shows the body and stores nothing', async () => {
		const { items } = await runJelou(
			fake,
			conversation('setMemory', {
				userId: ACTIVE_CUSTOMER,
				dryRun: true,
				values: { pairs: [{ key: 'a', value: '1' }] },
			}),
		);
		expect(items[0].json).toEqual({
			botId: fake.botId,
			dryRun: true,
			method: 'POST',
			path: `/v1/users/${ACTIVE_CUSTOMER}/cache`,
			body: { params: { a: '1' }, botId: fake.botId },
		});
		expect(fake.requests).toEqual([]);
	});
});
