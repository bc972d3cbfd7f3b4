import { NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import type { FakeCampaign } from '../../fake-jelou/server';
import { runJelou } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const SEEDED_RANGE = { startAt: '2024-03-01T00:00:00Z', endAt: '2024-05-01T00:00:00Z' };

function getManyParameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'campaign', operation: 'getMany', ...extra };
}

function campaignRequests() {
	return fake.requests.filter((request) => request.path === '/v1/campaigns');
}

function addCampaigns(count: number): void {
	for (let index = 0; index < count; index++) {
		const campaign: FakeCampaign = {
			_id: `cmp-${index}`,
			name: `Campaign ${index}`,
			fileName: `c${index}.csv`,
			status: 'COMPLETED',
			rowCount: index,
			scheduledAt: null,
			elementName: 'order_confirmation',
			botId: fake.botId,
			createdAt: new Date(Date.UTC(2024, 5, 1) + index * 60_000).toISOString(),
		};
		fake.campaigns.push(campaign);
	}
}

describe('Campaign → Get Many in n8n', () => {
	it('lists the campaigns of the credential’s bot in the date range, one item per campaign', async () => {
		const { items, error } = await runJelou(fake, getManyParameters(SEEDED_RANGE));
		expect(error).toBeUndefined();
		expect(campaignRequests().map((request) => request.query)).toEqual([
			{
				botId: fake.botId,
				startAt: '2024-03-01T00:00:00Z',
				endAt: '2024-05-01T00:00:00Z',
				page: '1',
				limit: '50',
			},
		]);
		expect(items.map((item) => [item.json._id, item.json.status, item.pairedItem])).toEqual([
			['cmp-seed-completed', 'COMPLETED', { item: 0 }],
			['cmp-seed-in-progress', 'IN_PROGRESS', { item: 0 }],
			['cmp-seed-scheduled', 'SCHEDULED', { item: 0 }],
		]);
		expect(items[0].json).toMatchObject({
			name: 'March orders',
			fileName: 'march_orders.csv',
			rowCount: 120,
		});
	});

	it('filters by status and template', async () => {
		const { items } = await runJelou(
			fake,
			getManyParameters({
				...SEEDED_RANGE,
				filters: { status: 'SCHEDULED', elementName: 'appointment_reminder' },
			}),
		);
		expect(campaignRequests()[0].query).toMatchObject({
			status: 'SCHEDULED',
			elementName: 'appointment_reminder',
		});
		expect(items.map((item) => item.json._id)).toEqual(['cmp-seed-scheduled']);
	});

	it('defaults to the last 30 days, which includes a campaign sent just now', async () => {
		await runJelou(fake, {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'url',
			campaignName: 'Today',
			template: { __rl: true, mode: 'name', value: 'appointment_reminder' },
			fileUrl: 'https://cdn.example.com/today.csv',
		});
		// Send looked its new campaign's ID up in the list: only Get Many's own request counts here.
		fake.requests.length = 0;
		const before = Date.now();
		const { items } = await runJelou(fake, getManyParameters());
		const { startAt, endAt } = campaignRequests()[0].query;
		expect(Date.parse(endAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
		expect(Date.parse(endAt) - Date.parse(startAt)).toBe(30 * 86_400_000);
		expect(items.map((item) => item.json.name)).toEqual(['Today']);
	});

	it('with Return All, pages through 50 at a time until the last page', async () => {
		addCampaigns(120);
		const { items } = await runJelou(
			fake,
			getManyParameters({
				startAt: '2024-06-01T00:00:00Z',
				endAt: '2024-07-01T00:00:00Z',
				returnAll: true,
			}),
		);
		expect(campaignRequests().map((request) => [request.query.page, request.query.limit])).toEqual([
			['1', '50'],
			['2', '50'],
			['3', '50'],
		]);
		expect(items).toHaveLength(120);
		expect(new Set(items.map((item) => item.json._id)).size).toBe(120);
	});

	it('with a Limit: pages of one size (Jelou’s page N starts at (N − 1) × limit), each campaign once', async () => {
		addCampaigns(120);
		const { items } = await runJelou(
			fake,
			getManyParameters({
				startAt: '2024-06-01T00:00:00Z',
				endAt: '2024-07-01T00:00:00Z',
				limit: 70,
			}),
		);
		expect(campaignRequests().map((request) => [request.query.page, request.query.limit])).toEqual([
			['1', '50'],
			['2', '50'],
		]);
		expect(items).toHaveLength(70);
		expect(new Set(items.map((item) => item.json._id)).size).toBe(70);
	});

	it('reads the list also wrapped in data, as Jelou’s current reference shows it, page after page', async () => {
		addCampaigns(70);
		fake.campaignPlayer.listWrapped = true;
		const { items, error } = await runJelou(
			fake,
			getManyParameters({
				startAt: '2024-06-01T00:00:00Z',
				endAt: '2024-07-01T00:00:00Z',
				returnAll: true,
			}),
		);
		expect(error).toBeUndefined();
		expect(campaignRequests().map((request) => request.query.page)).toEqual(['1', '2']);
		expect(new Set(items.map((item) => item.json._id)).size).toBe(70);
	});

	it('refuses a range that ends before it starts, before asking Jelou', async () => {
		const { error } = await runJelou(
			fake,
			getManyParameters({ startAt: '2024-05-01T00:00:00Z', endAt: '2024-03-01T00:00:00Z' }),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			'Created After: 2024-05-01T00:00:00Z is later than Created Before (2024-03-01T00:00:00Z) (item 1)',
		);
		expect(campaignRequests()).toHaveLength(0);
	});

	it('with Continue On Fail, turns a Jelou error into an error item', async () => {
		fake.injectFault('GET /v1/campaigns', { kind: 'status', status: 500 });
		const { items } = await runJelou(fake, getManyParameters(SEEDED_RANGE), {
			continueOnFail: true,
		});
		expect(items).toEqual([
			{
				json: expect.objectContaining({ error: expect.any(String), httpCode: '500' }),
				pairedItem: { item: 0 },
			},
		]);
	});
});
