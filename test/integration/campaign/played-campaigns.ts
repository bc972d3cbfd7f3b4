// Campaigns for the Get and Get Results tests: sent through Campaign → Send from items, then played out by the
// fake at a pace slow enough that only the fake's clock (campaignPlayer.advance) moves them.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { CampaignPace, FakeJelou } from '../../fake-jelou/server';
import { runJelou } from '../../helpers/jelou';

/** Minutes apart: a test's own run time never moves a campaign on; `advance` does. */
export const SLOW_PACE: CampaignPace = {
	startAfterMs: 60_000,
	betweenRecipientsMs: 1_000,
	deliveredChannelAfterMs: 10_000,
	deliveredUserAfterMs: 20_000,
	readAfterMs: 30_000,
	repliedAfterMs: 40_000,
	failedAfterMs: 15_000,
};
/** Enough for every step of a campaign of up to a few hundred rows. */
export const UNTIL_EVERYTHING_HAPPENED = 3600;

export interface SheetRow {
	row_number?: number;
	phone: string | number;
	name: string;
	order: string;
}

/** Campaign → Send from incoming items (order_confirmation, {{1}} name, {{2}} order): Send's output item. */
export async function sendRows(
	fake: FakeJelou,
	rows: SheetRow[],
	extra: INodeParameters = {},
): Promise<IDataObject> {
	const { items, error } = await runJelou(
		fake,
		{
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'items',
			campaignName: 'December orders',
			template: { __rl: true, mode: 'name', value: '=order_confirmation' },
			phoneNumber: '={{ $json.phone }}',
			parameterValues: {
				values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }],
			},
			...extra,
		},
		{ items: rows.map((json) => ({ json: json as unknown as IDataObject })) },
	);
	if (error) throw error;
	return items[0].json;
}

/** Rows numbered as Google Sheets numbers them (its header is row 1). */
export function sheetRows(phones: Array<string | number>): SheetRow[] {
	return phones.map((phone, index) => ({
		row_number: index + 2,
		phone,
		name: `Customer ${index + 1}`,
		order: `A-${1001 + index}`,
	}));
}

export function campaignListRequests(fake: FakeJelou) {
	return fake.requests.filter((request) => request.path === '/v1/campaigns');
}

export function notificationRequests(fake: FakeJelou) {
	return fake.requests.filter((request) => request.path.endsWith('/notifications'));
}
