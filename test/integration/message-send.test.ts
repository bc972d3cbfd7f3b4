import type { INodeParameters } from 'n8n-workflow';

import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { runJelou, sendTemplateParameters } from '../helpers/jelou';

let fake: FakeJelou;
beforeAll(async () => (fake = await startFakeJelou()));
afterEach(() => fake.reset());
afterAll(async () => await fake.close());

const session = (fields: INodeParameters): INodeParameters => ({
	resource: 'message',
	operation: 'send',
	userId: '593991234567',
	...fields,
});

describe('Message → Send (session message) in n8n', () => {
	it.each<[string, INodeParameters, Record<string, unknown>]>([
		[
			'text',
			{ messageType: 'text', text: 'Your order shipped' },
			{ type: 'text', text: 'Your order shipped' },
		],
		[
			'list',
			{
				messageType: 'list',
				text: 'Pick a branch',
				listTitle: 'Branches',
				listButtonText: 'See branches',
				listOptions: {
					option: [
						{ title: 'Quito', description: 'Av. Amazonas', payload: 'UIO' },
						{ title: 'Guayaquil' },
					],
				},
			},
			{
				type: 'text',
				text: 'Pick a branch',
				buttons: {
					title: 'Branches',
					buttonText: { type: 'text', text: 'See branches' },
					options: [
						{ title: 'Quito', description: 'Av. Amazonas', payload: 'UIO' },
						{ title: 'Guayaquil' },
					],
				},
			},
		],
		[
			'quick replies',
			{
				messageType: 'quick_reply',
				text: 'Confirm?',
				title: 'Your order',
				quickReplies: { reply: [{ title: 'Yes' }, { title: 'No' }] },
			},
			{
				type: 'quick_reply',
				text: 'Confirm?',
				title: 'Your order',
				quick_replies: [{ title: 'Yes' }, { title: 'No' }],
			},
		],
		[
			'image',
			{ messageType: 'image', mediaUrl: 'https://cdn.example.com/a.jpeg', caption: 'Look' },
			{ type: 'image', mediaUrl: 'https://cdn.example.com/a.jpeg', text: 'Look' },
		],
		[
			'video',
			{ messageType: 'video', mediaUrl: 'https://cdn.example.com/a.mp4' },
			{ type: 'video', mediaUrl: 'https://cdn.example.com/a.mp4' },
		],
		[
			'audio',
			{ messageType: 'audio', mediaUrl: 'https://cdn.example.com/a.ogg' },
			{ type: 'audio', mediaUrl: 'https://cdn.example.com/a.ogg' },
		],
		[
			'file',
			{
				messageType: 'file',
				mediaUrl: 'https://cdn.example.com/i.pdf',
				caption: 'Invoice',
				filename: 'invoice.pdf',
			},
			{
				type: 'file',
				mediaUrl: 'https://cdn.example.com/i.pdf',
				text: 'Invoice',
				filename: 'invoice.pdf',
			},
		],
		[
			'sticker',
			{ messageType: 'sticker', mediaUrl: 'https://cdn.example.com/s.webp' },
			{ type: 'sticker', mediaUrl: 'https://cdn.example.com/s.webp' },
		],
		[
			'location',
			{ messageType: 'location', latitude: -0.180653, longitude: -78.467834 },
			{ type: 'location', coordinates: { lat: -0.180653, long: -78.467834 } },
		],
	])(
		"sends a %s message with botId from the credential and outputs Jelou's answer",
		async (_name, fields, expected) => {
			const { items, error } = await runJelou(fake, session(fields));
			expect(error).toBeUndefined();
			expect(fake.requests).toHaveLength(1);
			expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/whatsapp/messages' });
			expect(fake.requests[0].body).toEqual({
				botId: fake.botId,
				userId: '593991234567',
				...expected,
			});
			expect(items).toHaveLength(1);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[0].json).toMatchObject({
				messageId: fake.sentMessages[0].id,
				status: 'DELIVERED_CHANNEL',
				botId: fake.botId,
				userId: '593991234567',
			});
			expect(items[0].json.bubble).toMatchObject({ type: expected.type });
		},
	);

	it('normalizes the phone number like Send Template, Default Country Code included', async () => {
		await runJelou(
			fake,
			session({
				userId: '099 123 4567',
				messageType: 'text',
				text: 'Hi',
				sendOptions: { defaultCountryCode: '593' },
			}),
		);
		expect((fake.requests[0].body as { userId: string }).userId).toBe('593991234567');
	});

	it('passes Additional Body Fields (JSON) along', async () => {
		await runJelou(
			fake,
			session({
				messageType: 'text',
				text: 'Hi',
				sendOptions: { additionalBodyFields: '{"metadata": {"source": "crm"}}' },
			}),
		);
		expect(fake.requests[0].body).toEqual({
			botId: fake.botId,
			userId: '593991234567',
			type: 'text',
			text: 'Hi',
			metadata: { source: 'crm' },
		});
	});
});

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

	it('stops at Limit, asking only for what it needs', async () => {
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
		expect(
			fake.requests.map((request) => [
				request.query.page,
				request.query.limit,
				request.query.elementName,
			]),
		).toEqual([
			['1', '50', 'order_confirmation'],
			['2', '10', 'order_confirmation'],
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
