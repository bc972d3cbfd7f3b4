import { runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

describe('Message → Get Status in n8n', () => {
	async function sendTemplates(count: number, campaignId?: string): Promise<string[]> {
		const { items } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: Array.from(
					{ length: count },
					(_, i) => `5939912${String(i).padStart(5, '0')}`,
				).join(','),
				parameters: ['Maria', '71936'],
				...(campaignId ? { sendTemplateOptions: { campaignId } } : {}),
			}),
		);
		return items.map((item) => item.json.id as string);
	}

	it('looks up one message by ID, per input item', async () => {
		const ids = await sendTemplates(2);
		fake.sentMessages[1].status = 'READ';
		fake.requests.length = 0;
		const { items } = await runJelou(
			fake,
			{
				resource: 'message',
				operation: 'getStatus',
				lookup: 'messageId',
				messageId: '={{ $json.id }}',
			},
			{ items: ids.map((id) => ({ json: { id } })) },
		);
		expect(fake.requests.map((request) => request.path)).toEqual(
			ids.map((id) => `/v1/external/bots/${fake.botId}/notifications/${id}`),
		);
		expect(items.map((item) => [item.json.messageId, item.json.status, item.pairedItem])).toEqual([
			[ids[0], 'DELIVERED_USER', { item: 0 }],
			[ids[1], 'READ', { item: 1 }],
		]);
	});

	it('lists by campaign with Return All over several pages', async () => {
		await sendTemplates(120, 'cmp-big');
		await sendTemplates(3, 'cmp-other');
		fake.requests.length = 0;
		const { items } = await runJelou(fake, {
			resource: 'message',
			operation: 'getStatus',
			lookup: 'filters',
			filters: { campaignId: 'cmp-big' },
			returnAll: true,
		});
		expect(items).toHaveLength(120);
		expect(new Set(items.map((item) => item.json.campaignId))).toEqual(new Set(['cmp-big']));
		expect(
			fake.requests.map((request) => [
				request.query.page,
				request.query.limit,
				request.query.campaignId,
			]),
		).toEqual([
			['1', '50', 'cmp-big'],
			['2', '50', 'cmp-big'],
			['3', '50', 'cmp-big'],
		]);
		expect(
			items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
	});

	it('stops at Limit: pages of one size (Jelou’s page N starts at (N − 1) × limit), each status once', async () => {
		await sendTemplates(80);
		fake.requests.length = 0;
		const { items } = await runJelou(fake, {
			resource: 'message',
			operation: 'getStatus',
			lookup: 'filters',
			filters: { elementName: 'order_confirmation' },
			returnAll: false,
			limit: 60,
		});
		expect(items).toHaveLength(60);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(60);
		expect(
			fake.requests.map((request) => [
				request.query.page,
				request.query.limit,
				request.query.elementName,
			]),
		).toEqual([
			['1', '50', 'order_confirmation'],
			['2', '50', 'order_confirmation'],
		]);
	});

	it('filters by date range, sent as ISO dates', async () => {
		await sendTemplates(2);
		fake.sentMessages[0].createdAt = '2024-01-15T10:00:00.000Z';
		fake.requests.length = 0;
		const { items } = await runJelou(fake, {
			resource: 'message',
			operation: 'getStatus',
			lookup: 'filters',
			filters: { from: '2024-01-01T00:00:00Z', to: '2024-01-31T23:59:59Z' },
			returnAll: true,
		});
		expect(fake.requests[0].query).toMatchObject({
			from: '2024-01-01T00:00:00.000Z',
			to: '2024-01-31T23:59:59.000Z',
		});
		expect(items.map((item) => item.json.messageId)).toEqual([fake.sentMessages[0].id]);
	});

	it('reports an unknown message ID with Jelou words', async () => {
		const { error } = await runJelou(fake, {
			resource: 'message',
			operation: 'getStatus',
			lookup: 'messageId',
			messageId: 'msg-none',
		});
		expect(error?.message).toContain('Notification not found');
	});
});
