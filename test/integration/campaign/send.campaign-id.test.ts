import { runJelou } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { campaignListRequests, sendRows, sheetRows } from './played-campaigns';

const fake = useFakeJelou();

describe('Campaign → Send gives the new campaign’s ID, which Jelou’s answer leaves out', () => {
	it('looks it up once, among the campaigns of its template created since shortly before the send', async () => {
		const before = Date.now();
		const sent = await sendRows(fake, sheetRows(['593991234567']));
		expect(sent.campaignId).toBe(fake.campaigns.at(-1)?._id);
		expect(sent.campaignIdNote).toBeUndefined();
		const lookups = campaignListRequests(fake);
		expect(lookups).toHaveLength(1);
		const { startAt, endAt, ...rest } = lookups[0].query;
		expect(rest).toEqual({
			botId: fake.botId,
			elementName: 'order_confirmation',
			page: '1',
			limit: '50',
		});
		// two minutes before the send, for a Jelou clock a little behind n8n's
		expect(Date.parse(startAt)).toBeLessThanOrEqual(Date.now() - 120_000);
		expect(Date.parse(startAt)).toBeGreaterThan(before - 121_000);
		expect(Date.parse(endAt)).toBeGreaterThan(Date.now());
		// the lookup comes after the campaign was created (and the template list Send checks first)
		expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET /v1/bots/${fake.botId}/templates`,
			'POST /v1/hsm/file',
			'GET /v1/campaigns',
		]);
	});

	it('takes the newest of several campaigns of the same name, and says so', async () => {
		await sendRows(fake, sheetRows(['593991234567']));
		const again = await sendRows(fake, sheetRows(['593991234568']));
		expect(again.campaignId).toBe(fake.campaigns.at(-1)?._id);
		expect(again.campaignIdNote).toBe(
			'2 campaigns named "December orders" were created in the same minutes; this is the newest. If several workflows send campaigns of this name at once, give each a name of its own',
		);
	});

	it('still reports the campaign as sent when the lookup fails, without the ID and saying why', async () => {
		fake.injectFault('GET /v1/campaigns', { kind: 'status', status: 500 });
		const { items, error } = await runJelou(fake, {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'url',
			campaignName: 'From a link',
			template: { __rl: true, mode: 'name', value: '=appointment_reminder' },
			fileUrl: 'https://cdn.example.com/today.csv',
		});
		expect(error).toBeUndefined();
		expect(fake.campaigns.at(-1)?.name).toBe('From a link');
		expect(items[0].json).toMatchObject({
			status: 'success',
			campaignId: null,
			campaignIdNote: expect.stringMatching(
				/^The campaign was created, but its ID could not be read \(.+\): find it with Campaign → Get, Find Campaign By Name "From a link"$/,
			),
		});
	});

	it('sends no lookup on a dry run', async () => {
		const { items } = await runJelou(fake, {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'url',
			campaignName: 'Dry',
			template: { __rl: true, mode: 'name', value: '=appointment_reminder' },
			fileUrl: 'https://cdn.example.com/today.csv',
			dryRun: true,
		});
		expect(items[0].json.campaignId).toBeUndefined();
		expect(campaignListRequests(fake)).toEqual([]);
	});
});
