import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerCampaign } from './campaign.batch';
import {
	campaignFields,
	campaignNotifications,
	findCampaigns,
	readCampaignRef,
} from './campaign.lookup';
import type { CampaignRef } from './campaign.lookup';
import { describeProgress, readCampaignRecord } from './campaign.record';
import type { CampaignCounts, CampaignView } from './campaign.record';
import { countResults, recipientResults } from './getResults.status';
import { optionsField } from '../common.descriptions';
import type { BotContexts } from '../../execution/types';
import type { JelouClient } from '../../transport';

const properties: INodeProperties[] = [
	...campaignFields,
	optionsField('campaignGetOptions', [
		{
			displayName: 'Count While In Progress',
			name: 'countInProgress',
			type: 'boolean',
			default: false,
			description:
				'Whether to count delivered, read and failed messages also while the campaign is going, when Jelou’s answer has no counts: one request per 50 recipients at every check. Off: counted once it is completed, so a check in a wait loop costs one request.',
		},
	]),
];

const displayOptions = { show: { resource: ['campaign'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

type CountsFrom = 'jelou' | 'notifications' | null;

const NO_COUNTS: CampaignCounts = {
	totalMessages: null,
	deliveredMessages: null,
	failedMessages: null,
	readMessages: null,
	repliedMessages: null,
	pendingMessages: null,
};

/**
 * A campaign's item: the node's own fields first (`campaignId`, `completed`, `summary`, when it starts and
 * completed, the counts and where they come from), then the rest of Jelou's record as it came.
 */
function campaignItem(
	record: IDataObject,
	view: CampaignView,
	counts: CampaignCounts,
	countsFrom: CountsFrom,
	now: number,
): IDataObject {
	const json: IDataObject = {
		campaignId: view.id,
		name: view.name,
		status: view.status,
		completed: view.completed,
		summary: describeProgress(view, countsFrom ? counts : undefined, now),
		startsAt: view.status === 'SCHEDULED' ? view.scheduledAt : null,
		completedAt: view.completedAt,
		rowCount: view.rowCount,
		...counts,
		countsFrom,
	};
	for (const [name, value] of Object.entries(record)) if (!(name in json)) json[name] = value;
	return json;
}

/** The campaign's counts: Jelou's when its answer has them, else counted from its messages (see countInProgress). */
async function countsOf(
	client: JelouClient,
	botId: string,
	view: CampaignView,
	countInProgress: boolean,
	itemIndex: number,
): Promise<{ counts: CampaignCounts; countsFrom: CountsFrom }> {
	if (view.jelouCounts)
		return { counts: { ...NO_COUNTS, ...view.jelouCounts }, countsFrom: 'jelou' };
	if (!view.completed && !countInProgress) return { counts: NO_COUNTS, countsFrom: null };
	const notifications = await campaignNotifications(client, botId, view.id, itemIndex);
	return { counts: countResults(recipientResults(notifications)), countsFrom: 'notifications' };
}

interface Ask {
	ref: CampaignRef;
	countInProgress: boolean;
	/** The item's bot: its campaigns are that bot's. */
	botId: string;
}

/**
 * One item per campaign: its status, whether it is completed, its counts and dates. Items that ask about the same
 * campaign share one answer (paired with them all).
 */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	bots: BotContexts,
): Promise<INodeExecutionData[]> {
	const now = Date.now();
	return await runPerCampaign<Ask>(
		this,
		items,
		(itemIndex): Ask => {
			const options = this.getNodeParameter('campaignGetOptions', itemIndex, {}) as IDataObject;
			return {
				ref: readCampaignRef.call(this, itemIndex, now),
				countInProgress: options.countInProgress === true,
				botId: bots.botOf(itemIndex),
			};
		},
		(ask: Ask) => JSON.stringify(ask),
		(ask: Ask) => ask.botId,
		async ({ asks, itemIndex, pairedItems }) => {
			const { ref, countInProgress, botId } = asks[0].ask;
			const { client } = bots.forBot(botId);
			const output: INodeExecutionData[] = [];
			for (const record of await findCampaigns(client, client.botId, ref, itemIndex)) {
				const view = readCampaignRecord(record);
				const { counts, countsFrom } = await countsOf(
					client,
					client.botId,
					view,
					countInProgress,
					itemIndex,
				);
				const json = campaignItem(record, view, counts, countsFrom, Date.now());
				json.botId ??= botId;
				output.push({ json, pairedItem: pairedItems });
			}
			return output;
		},
	);
}
