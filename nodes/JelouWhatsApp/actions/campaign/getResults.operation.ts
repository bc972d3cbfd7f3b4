import { deepCopy } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPerCampaign } from './campaign.batch';
import type { CampaignGroup } from './campaign.batch';
import { campaignNotifications, findCampaigns, readCampaignRef } from './campaign.lookup';
import type { CampaignRef } from './campaign.lookup';
import { campaignIdOf, describeProgress, readCampaignRecord } from './campaign.record';
import type { CampaignView } from './campaign.record';
import { pairRows } from './getResults.pairing';
import type { RowResult } from './getResults.pairing';
import { NO_MESSAGE, reachedPhone, recipientResults } from './getResults.status';
import type { RecipientResult } from './getResults.status';
import { readLimit } from '../list-limit';
import { InvalidFieldError } from '../../shared/validation';
import type { BotContexts, ExecutionContext } from '../../execution/types';

export { description } from './getResults.description';

/** What every item of a group shares: the campaign and how to answer. */
interface Settings {
	ref: CampaignRef;
	pairWithRows: boolean;
	/** Undefined for Return All (and always when pairing rows, which needs every result). */
	limit?: number;
	statuses: string[];
	defaultCountryCode: string;
	waitUntilCompleted: boolean;
	/** The item's bot: the campaign is that bot's. */
	botId: string;
}

interface Ask {
	settings: Settings;
	/** The row's phone number, when pairing rows. */
	phone?: unknown;
}

function readAsk(this: IExecuteFunctions, itemIndex: number, now: number, botId: string): Ask {
	const ref = readCampaignRef.call(this, itemIndex, now);
	const pairWithRows = this.getNodeParameter('pairWithRows', itemIndex, false) === true;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { statuses?: string[] };
	const options = this.getNodeParameter('campaignResultsOptions', itemIndex, {}) as IDataObject;
	const settings: Settings = {
		ref,
		pairWithRows,
		limit: pairWithRows ? undefined : readLimit.call(this, itemIndex, 'recipients'),
		statuses: Array.isArray(filters.statuses) ? filters.statuses : [],
		defaultCountryCode: String(options.defaultCountryCode ?? ''),
		waitUntilCompleted: options.waitUntilCompleted === true,
		botId,
	};
	return pairWithRows
		? { settings, phone: this.getNodeParameter('rowPhoneNumber', itemIndex, '') }
		: { settings };
}

/** One recipient's output: the campaign, the number as given and as sent, the furthest status and each step's time. */
function resultJson(
	view: CampaignView,
	phoneNumber: string,
	result: RecipientResult | undefined,
	row?: RowResult,
): IDataObject {
	const status = result?.status ?? NO_MESSAGE;
	return {
		campaignId: view.id,
		campaignName: view.name,
		campaignStatus: view.status,
		campaignCompleted: view.completed,
		phoneNumber,
		destination: row?.destination ?? result?.destination ?? null,
		status,
		delivered: reachedPhone(status),
		failed: status === 'FAILED',
		error: result?.error ?? null,
		messageId: result?.messageId ?? null,
		createdAt: result?.createdAt ?? null,
		deliveredChannelAt: result?.deliveredChannelAt ?? null,
		deliveredUserAt: result?.deliveredUserAt ?? null,
		readAt: result?.readAt ?? null,
		failedAt: result?.failedAt ?? null,
		repliedAt: result?.repliedAt ?? null,
		...(row?.duplicate ? { duplicate: true } : {}),
		...(row?.note ? { note: row.note } : {}),
	};
}

/** The one campaign a group asks about; by name, several in the range are refused as ambiguous. */
async function findOne(
	context: ExecutionContext,
	ref: CampaignRef,
	itemIndex: number,
): Promise<CampaignView> {
	const found = await findCampaigns(context.client, context.client.botId, ref, itemIndex);
	if (found.length > 1)
		throw new InvalidFieldError(
			'Campaign Name',
			`${found.length} campaigns named "${ref.by === 'name' ? ref.name : ''}" were created between ${ref.range.startAt} and ${ref.range.endAt} (IDs ${found.map((record) => campaignIdOf(record)).join(', ')})`,
			'Narrow Created After and Created Before to one of them, or find the campaign By ID.',
		);
	return readCampaignRecord(found[0]);
}

/**
 * One item per recipient of the campaign, with the furthest status it reached; with Pair With Input Rows, one
 * item per input row instead, paired with it and carrying its fields as `row`. Items that ask about the same
 * campaign with the same settings share one set of requests.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	bots: BotContexts,
): Promise<INodeExecutionData[]> {
	const now = Date.now();
	const answer = async ({ asks, itemIndex, pairedItems }: CampaignGroup<Ask>) => {
		const { settings } = asks[0].ask;
		const botContext = bots.forBot(settings.botId);
		const view = await findOne(botContext, settings.ref, itemIndex);
		if (settings.waitUntilCompleted && !view.completed)
			throw new InvalidFieldError(
				'Wait Until Completed',
				`the campaign "${view.name ?? view.id}" (${view.id}) is not completed yet (${describeProgress(view, view.jelouCounts, Date.now())})`,
				'Check again later: put a Wait node before this one and loop back while Campaign → Get says completed is false; or turn off Wait Until Completed to get the results so far.',
			);
		const results = recipientResults(
			await campaignNotifications(
				botContext.client,
				botContext.client.botId,
				view.id,
				itemIndex,
				settings.limit,
			),
		);
		const wanted = (status: string) =>
			settings.statuses.length === 0 || settings.statuses.includes(status);
		if (!settings.pairWithRows)
			return results
				.filter(({ status }) => wanted(status))
				.map((result) => ({
					json: { ...resultJson(view, result.destination, result), botId: settings.botId },
					pairedItem: pairedItems,
				}));
		const { paired, unmatched } = pairRows(
			asks.map(({ itemIndex: row, ask }) => ({ itemIndex: row, phone: ask.phone })),
			results,
			settings.defaultCountryCode,
		);
		if (unmatched.length > 0) noteUnmatched(this, view, unmatched);
		return paired
			.filter((row) => wanted(row.result?.status ?? NO_MESSAGE))
			.map((row) => ({
				json: {
					...resultJson(view, row.phoneNumber, row.result, row),
					botId: settings.botId,
					row: deepCopy(items[row.itemIndex].json),
				},
				pairedItem: { item: row.itemIndex },
			}));
	};
	return await runPerCampaign<Ask>(
		this,
		items,
		(itemIndex): Ask => readAsk.call(this, itemIndex, now, bots.botOf(itemIndex)),
		(ask: Ask) => JSON.stringify(ask.settings),
		(ask: Ask) => ask.settings.botId,
		answer,
	);
}

/** Recipients no row took are left out of the output; the output pane says how many, and how to see them. */
function noteUnmatched(
	context: IExecuteFunctions,
	view: CampaignView,
	unmatched: RecipientResult[],
): void {
	const examples = unmatched
		.slice(0, 3)
		.map(({ destination }) => destination)
		.join(', ');
	const count = unmatched.length === 1 ? '1 recipient' : `${unmatched.length} recipients`;
	const message = `${count} of the campaign "${view.name ?? view.id}" match no input row (${examples}${unmatched.length > 3 ? ', …' : ''}), so they are not in the output. Turn off Pair With Input Rows to list every recipient.`;
	context.logger?.info(`Jelou WhatsApp: ${message}`);
	if (typeof context.addExecutionHints === 'function')
		context.addExecutionHints({ message, location: 'outputPane' });
}
