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
			{ groupId: 'grp-67890', orderNumber: 'ORD-12345', userId: INACTIVE_CUSTOMER },
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
		expect(error?.message).toBe('Jelou did not store the values: User cache could not be set.');
		expect((error as { description?: string }).description).toMatch(/"status": "failed"/);
	});

	it('without any value nothing is sent', async () => {
		const { error } = await runJelou(fake, conversation('setMemory', { userId: ACTIVE_CUSTOMER }));
		expect(error?.message).toBe('Values to Remember: no value given (item 1)');
		expect(fake.requests).toEqual([]);
	});

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
			dryRun: true,
			method: 'POST',
			path: `/v1/users/${ACTIVE_CUSTOMER}/cache`,
			body: { params: { a: '1' }, botId: fake.botId },
		});
		expect(fake.requests).toEqual([]);
	});
});
