import { NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { runJelou } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import {
	campaignListRequests,
	notificationRequests,
	sendRows,
	sheetRows,
	SLOW_PACE,
	UNTIL_EVERYTHING_HAPPENED,
} from './played-campaigns';

const fake = useFakeJelou();

const getParameters = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'campaign',
	operation: 'get',
	campaignId: '={{ $json.campaignId }}',
	...extra,
});

/** Three rows: one is read, one fails (no WhatsApp), one is answered. */
async function sendThree() {
	fake.campaignPlayer.setPace(SLOW_PACE);
	fake.campaignPlayer.setOutcome('593991234569', 'REPLY');
	const sent = await sendRows(fake, sheetRows(['593991234567', '593990000000', '593991234569']));
	fake.requests.length = 0;
	return sent;
}

describe('Campaign → Get in n8n', () => {
	it('finds the campaign of Campaign → Send’s campaignId among those created within a day of the time the ID holds', async () => {
		const sent = await sendThree();
		const id = sent.campaignId as string;
		expect(id).toBe(fake.campaigns.at(-1)?._id);
		const { items, error } = await runJelou(fake, getParameters(), { items: [{ json: sent }] });
		expect(error).toBeUndefined();
		const created = parseInt(id.slice(0, 8), 16) * 1000;
		const [request] = campaignListRequests(fake);
		expect(request.query).toEqual({
			botId: fake.botId,
			startAt: new Date(created - 86_400_000).toISOString().replace('.000', ''),
			endAt: expect.any(String),
			page: '1',
			limit: '50',
		});
		expect(Date.parse(request.query.endAt)).toBeGreaterThan(Date.now());
		expect(items).toEqual([
			{
				json: expect.objectContaining({
					campaignId: id,
					name: 'December orders',
					status: 'PENDING',
					completed: false,
					summary: 'Pending: Jelou has not started sending yet',
					startsAt: null,
					completedAt: null,
					rowCount: 3,
					totalMessages: 3,
					deliveredMessages: 0,
					failedMessages: 0,
					countsFrom: 'jelou',
					_id: id,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('follows the campaign from pending through in progress to completed, with Jelou’s counts', async () => {
		const sent = await sendThree();
		const get = async () =>
			(await runJelou(fake, getParameters(), { items: [{ json: sent }] })).items[0].json;
		fake.campaignPlayer.advance(61);
		expect(await get()).toMatchObject({
			status: 'IN_PROGRESS',
			completed: false,
			summary: 'In progress: Jelou is sending: 0 of 3 delivered, 0 failed',
		});
		fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
		const done = await get();
		expect(done).toMatchObject({
			status: 'COMPLETED',
			completed: true,
			totalMessages: 3,
			deliveredMessages: 2,
			failedMessages: 1,
			countsFrom: 'jelou',
			completedAt: expect.any(String),
		});
		expect(done.summary).toBe(
			`Completed at ${done.completedAt}: 2 of 3 delivered, 1 failed; reads and replies can still come in`,
		);
		expect(notificationRequests(fake)).toEqual([]);
	});

	it('says when a scheduled campaign starts', async () => {
		fake.campaignPlayer.setPace(SLOW_PACE);
		const scheduledAt = new Date(Date.now() + 2 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
		const sent = await sendRows(fake, sheetRows(['593991234567']), { scheduledAt });
		const { items } = await runJelou(fake, getParameters(), { items: [{ json: sent }] });
		expect(items[0].json).toMatchObject({
			status: 'SCHEDULED',
			completed: false,
			startsAt: scheduledAt,
			summary: `Scheduled: Jelou starts sending at ${scheduledAt}`,
		});
		fake.campaignPlayer.advance(2 * 86_400 + 61);
		const later = await runJelou(fake, getParameters(), { items: [{ json: sent }] });
		expect(later.items[0].json).toMatchObject({ status: 'IN_PROGRESS', startsAt: null });
	});

	describe('when Jelou’s answer has no counts (its older documented shape)', () => {
		it('counts from the campaign’s messages once it is completed, and says so', async () => {
			const sent = await sendThree();
			fake.campaignPlayer.listsCounts = false;
			fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
			const { items } = await runJelou(fake, getParameters(), { items: [{ json: sent }] });
			expect(items[0].json).toMatchObject({
				completed: true,
				totalMessages: 3,
				deliveredMessages: 2,
				failedMessages: 1,
				readMessages: 2,
				repliedMessages: 1,
				pendingMessages: 0,
				countsFrom: 'notifications',
			});
			expect(notificationRequests(fake).map((request) => request.query)).toEqual([
				{ campaignId: sent.campaignId, page: '1', limit: '50' },
			]);
		});

		it('while in progress, asks only for the status (one request), or counts with Count While In Progress', async () => {
			const sent = await sendThree();
			fake.campaignPlayer.listsCounts = false;
			// the first message is with WhatsApp, the other two have not gone out yet
			fake.campaignPlayer.advance(71);
			const quiet = await runJelou(fake, getParameters(), { items: [{ json: sent }] });
			expect(quiet.items[0].json).toMatchObject({
				status: 'IN_PROGRESS',
				totalMessages: null,
				countsFrom: null,
				summary: 'In progress: Jelou is sending',
			});
			expect(fake.requests).toHaveLength(1);
			const counted = await runJelou(
				fake,
				getParameters({ campaignGetOptions: { countInProgress: true } }),
				{ items: [{ json: sent }] },
			);
			expect(counted.items[0].json).toMatchObject({
				totalMessages: 3,
				deliveredMessages: 0,
				failedMessages: 0,
				pendingMessages: 3,
				countsFrom: 'notifications',
			});
		});
	});

	it('answers several items that carry the same campaign ID once, paired with them all', async () => {
		const sent = await sendThree();
		const { items } = await runJelou(fake, getParameters(), {
			items: [{ json: sent }, { json: { campaignId: ` ${String(sent.campaignId)} ` } }],
		});
		expect(campaignListRequests(fake)).toHaveLength(1);
		expect(items.map((item) => [item.json.campaignId, item.pairedItem])).toEqual([
			[sent.campaignId, [{ item: 0 }, { item: 1 }]],
		]);
	});

	it('by name, gives one item per campaign of that name in the range', async () => {
		await sendThree();
		await sendRows(fake, sheetRows(['593991234567']));
		await sendRows(fake, sheetRows(['593991234567']), { campaignName: 'Another one' });
		fake.requests.length = 0;
		const { items } = await runJelou(
			fake,
			getParameters({ findBy: 'name', campaignName: 'December orders' }),
		);
		expect(items.map((item) => [item.json.name, item.json.rowCount])).toEqual([
			['December orders', 3],
			['December orders', 1],
		]);
		expect(campaignListRequests(fake)[0].query).toMatchObject({ botId: fake.botId });
	});

	describe('bad input', () => {
		it.each([
			[' ', 'Campaign ID: is empty (item 1)'],
			['65f1c2a9/../x', 'Campaign ID: "65f1c2a9/../x" is not a campaign ID (item 1)'],
			[
				'ffffffff0000000000000000',
				/^Campaign ID: "ffffffff0000000000000000" holds a creation time in the future/,
			],
		])('refuses the ID %j before asking Jelou', async (campaignId, message) => {
			const { error } = await runJelou(fake, getParameters(), {
				items: [{ json: { campaignId } }],
			});
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error?.message).toMatch(message);
			expect(fake.requests).toHaveLength(0);
		});

		it('explains an ID that is not among this bot’s campaigns: another bot’s, or none at all', async () => {
			const foreignId = '65e6df1000000000000000a1';
			fake.campaigns.push({
				_id: foreignId,
				name: 'Not ours',
				fileName: 'x.csv',
				status: 'COMPLETED',
				rowCount: 1,
				scheduledAt: null,
				elementName: 'order_confirmation',
				botId: 'another-bot',
				createdAt: '2024-03-05T09:00:00.000Z',
			});
			const { error } = await runJelou(fake, getParameters({ campaignId: foreignId }));
			expect(error?.message).toBe(
				`Campaign ID: no campaign "${foreignId}" among the campaigns of bot ${fake.botId} created between 2024-03-04T09:00:00Z and 2024-03-06T09:00:00Z (item 1)`,
			);
			expect((error as NodeOperationError).description).toBe(
				'Check the ID (campaignId of Campaign → Send, or _id of Get Many) and that this credential’s bot sent the campaign.',
			);
		});

		it('refuses a reversed range of a name look-up before asking Jelou', async () => {
			const { error } = await runJelou(
				fake,
				getParameters({
					findBy: 'name',
					campaignName: 'December orders',
					startAt: '2024-05-01T00:00:00Z',
					endAt: '2024-03-01T00:00:00Z',
				}),
			);
			expect(error?.message).toBe(
				'Created After: 2024-05-01T00:00:00Z is later than Created Before (2024-03-01T00:00:00Z) (item 1)',
			);
			expect(fake.requests).toHaveLength(0);
		});

		it('explains a name with no campaign in the range', async () => {
			const { error } = await runJelou(
				fake,
				getParameters({
					findBy: 'name',
					campaignName: 'Nope',
					startAt: '2024-03-01T00:00:00Z',
					endAt: '2024-05-01T00:00:00Z',
				}),
			);
			expect(error?.message).toBe(
				`Campaign Name: no campaign named "Nope" among the campaigns of bot ${fake.botId} created between 2024-03-01T00:00:00Z and 2024-05-01T00:00:00Z (item 1)`,
			);
		});

		it('with Continue On Fail, gives the bad item an error item and answers the good one', async () => {
			const sent = await sendThree();
			const { items, error } = await runJelou(fake, getParameters(), {
				items: [{ json: { campaignId: '' } }, { json: sent }],
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			expect(
				items.map((item) => [item.json.error ?? item.json.campaignId, item.pairedItem]),
			).toEqual([
				['Campaign ID: is empty (item 1)', { item: 0 }],
				[sent.campaignId, { item: 1 }],
			]);
		});
	});
});
