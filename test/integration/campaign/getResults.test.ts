import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeParameters, IRunData } from 'n8n-workflow';

import { runJelou } from '../../helpers/jelou';
import { NODE_UNDER_TEST } from '../../helpers/n8n-harness';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import {
	campaignListRequests,
	notificationRequests,
	sendRows,
	sheetRows,
	SLOW_PACE,
	UNTIL_EVERYTHING_HAPPENED,
} from './played-campaigns';
import type { SheetRow } from './played-campaigns';

const fake = useFakeJelou();

const resultsParameters = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'campaign',
	operation: 'getResults',
	campaignId: '={{ $json.campaignId }}',
	returnAll: true,
	...extra,
});

/** Get Results on the sheet's rows: each row names the campaign (as `$('Send').first().json.campaignId` would). */
const onRows = (campaignId: unknown, extra: INodeParameters = {}): INodeParameters =>
	resultsParameters({
		campaignId: `=${String(campaignId)}`,
		pairWithRows: true,
		rowPhoneNumber: '={{ $json.phone }}',
		...extra,
	});
const asItems = (rows: SheetRow[]) =>
	rows.map((json) => ({ json: json as unknown as IDataObject }));
const hintsOf = (runData: IRunData) =>
	(runData[NODE_UNDER_TEST]?.[0]?.hints ?? []).map((hint) => hint.message);

beforeEach(() => fake.campaignPlayer.setPace(SLOW_PACE));

describe('Campaign → Get Results in n8n', () => {
	it('gives one item per recipient with the furthest status it reached and the time of each step', async () => {
		fake.campaignPlayer.setOutcome('593991234569', 'REPLY');
		fake.campaignPlayer.setOutcome('593991234570', 'DELIVERED_USER');
		const sent = await sendRows(
			fake,
			sheetRows(['593991234567', '593990000000', '593991234569', '593991234570']),
		);
		fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
		fake.requests.length = 0;
		const { items, error } = await runJelou(fake, resultsParameters(), { items: [{ json: sent }] });
		expect(error).toBeUndefined();
		expect(
			items.map(({ json }) => [json.phoneNumber, json.status, json.delivered, json.failed]),
		).toEqual([
			['593991234567', 'READ', true, false],
			['593990000000', 'FAILED', false, true],
			['593991234569', 'REPLY', true, false],
			['593991234570', 'DELIVERED_USER', true, false],
		]);
		expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		const messages = fake.sentMessages;
		expect(items[0].json).toEqual({
			botId: fake.botId,
			campaignId: sent.campaignId,
			campaignName: 'December orders',
			campaignStatus: 'COMPLETED',
			campaignCompleted: true,
			phoneNumber: '593991234567',
			destination: '593991234567',
			status: 'READ',
			delivered: true,
			failed: false,
			error: null,
			messageId: messages[0].id,
			createdAt: messages[0].createdAt,
			deliveredChannelAt: expect.any(String),
			deliveredUserAt: expect.any(String),
			readAt: expect.any(String),
			failedAt: null,
			repliedAt: null,
		});
		const { deliveredChannelAt, deliveredUserAt, readAt } = items[0].json as Record<string, string>;
		expect(Date.parse(deliveredUserAt) - Date.parse(deliveredChannelAt)).toBe(10_000);
		expect(Date.parse(readAt) - Date.parse(deliveredUserAt)).toBe(10_000);
		expect(items[1].json).toMatchObject({
			error: { code: 131026, message: 'Message undeliverable: the number is not on WhatsApp' },
			failedAt: expect.any(String),
			deliveredUserAt: null,
		});
		expect(items[2].json.repliedAt).toEqual(expect.any(String));
		expect(notificationRequests(fake).map((request) => request.query)).toEqual([
			{ campaignId: sent.campaignId, page: '1', limit: '50' },
		]);
	});

	it('shows each recipient moving from CREATED on while the campaign is in progress', async () => {
		const sent = await sendRows(fake, sheetRows(['593991234567', '593990000000']));
		const statuses = async () =>
			(await runJelou(fake, resultsParameters(), { items: [{ json: sent }] })).items.map(
				({ json }) => `${String(json.status)}/${String(json.campaignStatus)}`,
			);
		expect(await statuses()).toEqual(['CREATED/PENDING', 'CREATED/PENDING']);
		fake.campaignPlayer.advance(60 + 10);
		expect(await statuses()).toEqual(['DELIVERED_CHANNEL/IN_PROGRESS', 'CREATED/IN_PROGRESS']);
		// the campaign is completed once every message has left Jelou: delivered to WhatsApp or failed
		fake.campaignPlayer.advance(6);
		expect(await statuses()).toEqual(['DELIVERED_CHANNEL/COMPLETED', 'FAILED/COMPLETED']);
		fake.campaignPlayer.advance(4);
		expect(await statuses()).toEqual(['DELIVERED_USER/COMPLETED', 'FAILED/COMPLETED']);
		fake.campaignPlayer.advance(10);
		expect(await statuses()).toEqual(['READ/COMPLETED', 'FAILED/COMPLETED']);
	});

	describe('Pair With Input Rows', () => {
		it('gives each row its own result, paired with it and carrying its fields, in the rows’ order', async () => {
			const rows = sheetRows(['593991234567', '593990000000', '593991234569']);
			const sent = await sendRows(fake, rows);
			fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
			const { items, error } = await runJelou(fake, onRows(sent.campaignId), {
				items: asItems(rows),
			});
			expect(error).toBeUndefined();
			expect(items.map(({ json, pairedItem }) => [json.status, pairedItem])).toEqual([
				['READ', { item: 0 }],
				['FAILED', { item: 1 }],
				['READ', { item: 2 }],
			]);
			expect(items[1].json).toMatchObject({
				phoneNumber: '593990000000',
				row: { row_number: 3, phone: '593990000000', name: 'Customer 2', order: 'A-1002' },
			});
			// one request set for every row of the campaign
			expect(campaignListRequests(fake)).toHaveLength(2);
			expect(notificationRequests(fake)).toHaveLength(1);
		});

		it('matches numbers Campaign → Send rewrote, with the Default Country Code Send used', async () => {
			const rows = sheetRows(['+593 99 123 4567', '099-123-4568', 593991234569]);
			const sent = await sendRows(fake, rows, { campaignOptions: { defaultCountryCode: '593' } });
			expect(sent.phoneNumbersRewritten).toBe(2);
			fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
			const { items } = await runJelou(
				fake,
				onRows(sent.campaignId, { campaignResultsOptions: { defaultCountryCode: '593' } }),
				{ items: asItems(rows) },
			);
			expect(items.map(({ json }) => [json.phoneNumber, json.destination, json.status])).toEqual([
				['+593 99 123 4567', '593991234567', 'READ'],
				['099-123-4568', '593991234568', 'READ'],
				['593991234569', '593991234569', 'READ'],
			]);
		});

		it('pairs two rows of the same number with its two messages, in the order they were sent', async () => {
			fake.campaignPlayer.setOutcome('593991234567', 'READ');
			const rows = sheetRows(['593991234567', '593991234568', '+593991234567']);
			const sent = await sendRows(fake, rows);
			fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
			const { items } = await runJelou(fake, onRows(sent.campaignId), { items: asItems(rows) });
			const toFirst = fake.sentMessages.filter(({ destination }) => destination === '593991234567');
			expect(items.map(({ json }) => [json.messageId, json.duplicate ?? false])).toEqual([
				[toFirst[0].id, false],
				[fake.sentMessages[1].id, false],
				[toFirst[1].id, false],
			]);
		});

		it('gives a row Send skipped NO_MESSAGE with the reason, and leaves a recipient with no row out, saying so', async () => {
			const rows = sheetRows(['593991234567', 'not a phone', '593991234569']);
			const sent = await sendRows(fake, rows, { campaignOptions: { skipInvalidRows: true } });
			fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
			// the sheet lost its last row since the campaign went out
			const { items, runData } = await runJelou(fake, onRows(sent.campaignId), {
				items: asItems(rows.slice(0, 2)),
			});
			expect(items.map(({ json }) => [json.status, json.messageId])).toEqual([
				['READ', fake.sentMessages[0].id],
				['NO_MESSAGE', null],
			]);
			expect(items[1].json).toMatchObject({
				phoneNumber: 'not a phone',
				destination: null,
				delivered: false,
				note: 'Row Phone Number: "not a phone" contains characters other than digits, so it matches no number Jelou sent to. Use digits with the country code only, e.g. 593991234567.',
				row: rows[1],
			});
			expect(hintsOf(runData)).toEqual([
				'1 recipient of the campaign "December orders" match no input row (593991234569), so they are not in the output. Turn off Pair With Input Rows to list every recipient.',
			]);
		});

		it('with the Failed status filter, gives only the rows to retry', async () => {
			const rows = sheetRows(['593991234567', '593990000000', '593991234569']);
			fake.campaignPlayer.setOutcome('593991234569', 'FAILED');
			const sent = await sendRows(fake, rows);
			fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
			const { items } = await runJelou(
				fake,
				onRows(sent.campaignId, { filters: { statuses: ['FAILED'] } }),
				{ items: asItems(rows) },
			);
			expect(items.map(({ json, pairedItem }) => [json.row, pairedItem])).toEqual([
				[rows[1], { item: 1 }],
				[rows[2], { item: 2 }],
			]);
		});

		it('pairs rows of two campaigns each with its own, one request set per campaign', async () => {
			const first = sheetRows(['593991234567', '593991234568']);
			const second = sheetRows(['593991234568']);
			const one = await sendRows(fake, first);
			fake.campaignPlayer.setOutcome('593991234568', 'FAILED');
			const two = await sendRows(fake, second, { campaignName: 'Retry' });
			fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
			fake.requests.length = 0;
			const { items } = await runJelou(fake, onRows('{{ $json.campaign }}'), {
				items: [
					{ json: { ...first[0], campaign: one.campaignId } },
					{ json: { ...second[0], campaign: two.campaignId } },
					{ json: { ...first[1], campaign: one.campaignId } },
				],
			});
			expect(
				items.map(({ json, pairedItem }) => [json.campaignName, json.status, pairedItem]),
			).toEqual([
				['December orders', 'READ', { item: 0 }],
				['Retry', 'FAILED', { item: 1 }],
				['December orders', 'READ', { item: 2 }],
			]);
			expect(notificationRequests(fake).map((request) => request.query.campaignId)).toEqual([
				one.campaignId,
				two.campaignId,
			]);
		});
	});

	describe('paging through Jelou’s notifications', () => {
		const phones = Array.from(
			{ length: 120 },
			(_, index) => `5939912${String(index).padStart(5, '0')}`,
		);

		it('reads every page of 50 for the rows, and pairs all 120', async () => {
			const rows = sheetRows(phones);
			const sent = await sendRows(fake, rows);
			fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
			fake.requests.length = 0;
			const { items } = await runJelou(fake, onRows(sent.campaignId), { items: asItems(rows) });
			expect(notificationRequests(fake).map((r) => [r.query.page, r.query.limit])).toEqual([
				['1', '50'],
				['2', '50'],
				['3', '50'],
			]);
			expect(items).toHaveLength(120);
			expect(items.every(({ json }) => json.status === 'READ')).toBe(true);
			expect(new Set(items.map(({ json }) => json.messageId)).size).toBe(120);
		});

		it('stops at Limit: pages of 50, the first 70 recipients in the order they were sent', async () => {
			const sent = await sendRows(fake, sheetRows(phones));
			fake.requests.length = 0;
			const { items } = await runJelou(fake, resultsParameters({ returnAll: false, limit: 70 }), {
				items: [{ json: sent }],
			});
			// Jelou's pages are `limit` long from the first, so every page asks for 50 and the node keeps 70
			expect(notificationRequests(fake).map((r) => [r.query.page, r.query.limit])).toEqual([
				['1', '50'],
				['2', '50'],
			]);
			expect(items.map(({ json }) => json.destination)).toEqual(phones.slice(0, 70));
		});
	});

	describe('Wait Until Completed', () => {
		const waiting = { campaignResultsOptions: { waitUntilCompleted: true } };

		it('stops with an error while the campaign is in progress, and reads no results', async () => {
			const sent = await sendRows(fake, sheetRows(['593991234567', '593991234568']));
			fake.campaignPlayer.advance(70);
			fake.requests.length = 0;
			const { error } = await runJelou(fake, resultsParameters(waiting), {
				items: [{ json: sent }],
			});
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error?.message).toBe(
				`Wait Until Completed: the campaign "December orders" (${String(sent.campaignId)}) is not completed yet (In progress: Jelou is sending: 0 of 2 delivered, 0 failed) (item 1)`,
			);
			expect(notificationRequests(fake)).toEqual([]);
		});

		it('says when a scheduled campaign starts', async () => {
			const scheduledAt = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
			const sent = await sendRows(fake, sheetRows(['593991234567']), { scheduledAt });
			const { error } = await runJelou(fake, resultsParameters(waiting), {
				items: [{ json: sent }],
			});
			expect(error?.message).toContain(`(Scheduled: Jelou starts sending at ${scheduledAt})`);
		});

		it('gives the results once the campaign is completed', async () => {
			const sent = await sendRows(fake, sheetRows(['593991234567']));
			fake.campaignPlayer.advance(UNTIL_EVERYTHING_HAPPENED);
			const { items } = await runJelou(fake, resultsParameters(waiting), {
				items: [{ json: sent }],
			});
			expect(items.map(({ json }) => json.status)).toEqual(['READ']);
		});
	});

	describe('bad input', () => {
		it('refuses a bad campaign ID on any row before asking Jelou, naming the item', async () => {
			const { error } = await runJelou(fake, onRows('{{ $json.campaign }}'), {
				items: [
					{ json: { phone: '593991234567', campaign: '65e6df1000000000000000a1' } },
					{ json: { phone: '593991234568', campaign: 'x y' } },
				],
			});
			expect(error?.message).toBe('Campaign ID: "x y" is not a campaign ID (item 2)');
			expect(fake.requests).toHaveLength(0);
		});

		it('refuses a name that fits several campaigns, listing their IDs', async () => {
			await sendRows(fake, sheetRows(['593991234567']));
			await sendRows(fake, sheetRows(['593991234568']));
			const ids = fake.campaigns.slice(-2).map((campaign) => campaign._id);
			const { error } = await runJelou(
				fake,
				resultsParameters({ findBy: 'name', campaignName: 'December orders' }),
			);
			expect(error?.message).toMatch(
				new RegExp(
					`^Campaign Name: 2 campaigns named "December orders" were created between .* \\(IDs ${ids.join(', ')}\\) \\(item 1\\)$`,
				),
			);
		});

		it('with Continue On Fail, gives every row of a campaign that is not found an error item', async () => {
			const { items } = await runJelou(fake, onRows('65e6df1000000000000000a1'), {
				items: asItems(sheetRows(['593991234567', '593991234568'])),
				continueOnFail: true,
			});
			expect(items.map(({ json, pairedItem }) => [json.error, pairedItem])).toEqual([
				[
					expect.stringMatching(/^Campaign ID: no campaign "65e6df1000000000000000a1"/),
					{ item: 0 },
				],
				[
					expect.stringMatching(/^Campaign ID: no campaign "65e6df1000000000000000a1"/),
					{ item: 1 },
				],
			]);
		});
	});
});
