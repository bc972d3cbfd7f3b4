import {
	checkRange,
	creationTimeOf,
	describeProgress,
	idSearchRange,
	readCampaignRecord,
	requireCampaignId,
} from '../../../../nodes/JelouWhatsApp/actions/campaign/campaign.record';
import { resultsPage } from '../../../../nodes/JelouWhatsApp/transport/pages';
import { InvalidFieldError } from '../../../../nodes/JelouWhatsApp/shared/validation';

/** GET /v1/campaigns as docs.jelou.ai/whatsapp/hsm/campaigns shows it (its placeholders filled in). */
const DOCUMENTED_ANSWER = {
	pagination: { limit: 10, page: 1, total: 1, offset: 0, totalPages: 1 },
	_metadata: {},
	results: [
		{
			_id: '65e6df1000000000000000a1',
			name: 'March orders',
			fileName: 'march.csv',
			status: 'COMPLETED',
			botId: 'BOT_ID',
			companyId: 'COMPANY_ID',
			bot: { id: 'BOT_ID', name: 'BOT_NAME' },
			company: { id: 'COMPANY_ID', name: 'COMPANY_NAME' },
			rowCount: '120',
			storageUrl: 'FILE_URL',
			metadata: {},
			sendBy: {
				id: 'COMPANY_ID',
				names: 'USER_NAME',
				email: 'USER_EMAIL',
				companyId: 'COMPANY_ID',
			},
			scheduledAt: null,
			createdAt: '2024-03-05T09:00:00.000Z',
			updatedAt: '2024-03-05T09:40:00.000Z',
		},
	],
};

/** GET /v1/campaigns as Jelou's current API reference (api-reference/campaigns/obtener-campañas) shows it. */
const REFERENCE_ANSWER = {
	message: ['Campaigns retrieved'],
	status: 'success',
	data: {
		results: [
			{
				id: 'cmp-reference-1',
				name: 'April promotion',
				elementName: 'promo_image',
				botId: 'BOT_ID',
				status: 'PENDING',
				totalMessages: 123,
				deliveredMessages: 100,
				failedMessages: 3,
				createdAt: '2023-11-07T05:31:56Z',
				completedAt: '2023-11-07T05:31:56Z',
			},
		],
		pagination: { limit: 50, page: 1, total: 1, offset: 0, totalPages: 1 },
	},
};

const NOW = Date.parse('2024-06-01T12:00:00.500Z');

describe('a campaign ID', () => {
	it('is one value of letters, digits, - and _', () => {
		expect(requireCampaignId(' 65e6df1000000000000000a1 ')).toBe('65e6df1000000000000000a1');
		expect(() => requireCampaignId('')).toThrow('Campaign ID: is empty');
		expect(() => requireCampaignId('abc/../def')).toThrow(
			'Campaign ID: "abc/../def" is not a campaign ID',
		);
		expect(() => requireCampaignId({ campaignId: 'x' })).toThrow(
			'Campaign ID: is an object, not one ID',
		);
		expect(() => requireCampaignId(['a', 'b'])).toThrow(InvalidFieldError);
	});

	it('holds its creation time when it is an ObjectId (first 4 bytes, seconds)', () => {
		expect(creationTimeOf('65e6df1000000000000000a1')).toBe(Date.parse('2024-03-05T09:00:00.000Z'));
		expect(creationTimeOf('cmp-seed-completed')).toBeUndefined();
	});

	it('is looked for within a day of the time it holds, up to a minute past now', () => {
		expect(idSearchRange('65e6df1000000000000000a1', NOW)).toEqual({
			startAt: '2024-03-04T09:00:00Z',
			endAt: '2024-03-06T09:00:00Z',
		});
		const recent = (Math.floor(NOW / 1000) - 60).toString(16) + '0'.repeat(16);
		expect(idSearchRange(recent, NOW)).toEqual({
			startAt: '2024-05-31T11:59:00Z',
			endAt: '2024-06-01T12:01:01Z',
		});
	});

	it('is looked for in the last 30 days when it holds no time', () => {
		expect(idSearchRange('cmp-seed-completed', NOW)).toEqual({
			startAt: '2024-05-02T12:01:01Z',
			endAt: '2024-06-01T12:01:01Z',
		});
	});

	it('is refused when the time it holds is days ahead', () => {
		expect(() => idSearchRange('ffffffff0000000000000000', NOW)).toThrow(
			'Campaign ID: "ffffffff0000000000000000" holds a creation time in the future (2106-02-07T06:28:15Z)',
		);
	});
});

describe('a range of creation dates', () => {
	it('is sent as Jelou’s UTC date-times', () => {
		expect(
			checkRange(Date.parse('2024-05-01T00:00:00.900Z'), Date.parse('2024-05-31T00:00:00Z'), NOW),
		).toEqual({ startAt: '2024-05-01T00:00:00Z', endAt: '2024-05-31T00:00:00Z' });
	});

	it('is refused reversed, or starting in the future, before anything is sent', () => {
		expect(() =>
			checkRange(Date.parse('2024-05-31T00:00:00Z'), Date.parse('2024-05-01T00:00:00Z'), NOW),
		).toThrow(
			'Created After: 2024-05-31T00:00:00Z is later than Created Before (2024-05-01T00:00:00Z)',
		);
		expect(() =>
			checkRange(Date.parse('2024-07-01T00:00:00Z'), Date.parse('2024-08-01T00:00:00Z'), NOW),
		).toThrow('Created After: 2024-07-01T00:00:00Z is in the future');
	});
});

describe('Jelou’s campaign list', () => {
	it('is read in the shape of Jelou’s docs and of its current reference', () => {
		expect(resultsPage(DOCUMENTED_ANSWER)).toEqual({
			entries: DOCUMENTED_ANSWER.results,
			totalPages: 1,
		});
		expect(resultsPage(REFERENCE_ANSWER)).toEqual({
			entries: REFERENCE_ANSWER.data.results,
			totalPages: 1,
		});
		expect(resultsPage('<html>')).toEqual({ entries: [] });
	});

	it('reads a documented record: its _id, rowCount as a number, no counts of Jelou’s', () => {
		expect(readCampaignRecord(DOCUMENTED_ANSWER.results[0])).toEqual({
			id: '65e6df1000000000000000a1',
			name: 'March orders',
			status: 'COMPLETED',
			completed: true,
			rowCount: 120,
			scheduledAt: null,
			createdAt: '2024-03-05T09:00:00.000Z',
			completedAt: null,
		});
	});

	it('reads a reference record: its id, Jelou’s counts and completedAt', () => {
		expect(readCampaignRecord(REFERENCE_ANSWER.data.results[0])).toEqual({
			id: 'cmp-reference-1',
			name: 'April promotion',
			status: 'PENDING',
			completed: false,
			rowCount: null,
			scheduledAt: null,
			createdAt: '2023-11-07T05:31:56Z',
			completedAt: '2023-11-07T05:31:56Z',
			jelouCounts: { totalMessages: 123, deliveredMessages: 100, failedMessages: 3 },
		});
	});
});

describe('describeProgress', () => {
	const view = (status: string, extra = {}) => ({
		...readCampaignRecord({ _id: 'c1', status }),
		...extra,
	});

	it('says when a scheduled campaign starts', () => {
		expect(
			describeProgress(view('SCHEDULED', { scheduledAt: '2024-06-02T13:00:00Z' }), undefined, NOW),
		).toBe('Scheduled: Jelou starts sending at 2024-06-02T13:00:00Z');
	});

	it('says a pending, an in-progress and a completed campaign’s state, with counts when known', () => {
		expect(describeProgress(view('PENDING'), undefined, NOW)).toBe(
			'Pending: Jelou has not started sending yet',
		);
		expect(
			describeProgress(
				view('IN_PROGRESS'),
				{ totalMessages: 10, deliveredMessages: 4, failedMessages: 1 },
				NOW,
			),
		).toBe('In progress: Jelou is sending: 4 of 10 delivered, 1 failed');
		expect(
			describeProgress(
				view('COMPLETED', { completedAt: '2024-06-01T11:00:00Z' }),
				{ totalMessages: 10, deliveredMessages: 9, failedMessages: 1 },
				NOW,
			),
		).toBe(
			'Completed at 2024-06-01T11:00:00Z: 9 of 10 delivered, 1 failed; reads and replies can still come in',
		);
	});
});
