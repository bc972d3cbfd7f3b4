import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	campaignIdOf,
	checkRange,
	CLOCK_MARGIN_MS,
	DEFAULT_RANGE_DAYS,
	idSearchRange,
	nowRoundedUp,
	requireCampaignId,
	utcSeconds,
} from './campaign.record';
import type { DateRange } from './campaign.record';
import { campaignListQuery } from './send.body';
import { toUnixMilliseconds } from '../../shared/dates';
import { InvalidFieldError, requireText } from '../../shared/validation';
import { collectPages, resultsPage } from '../../transport/pages';
import type { JelouClient } from '../../transport';

/** Jelou lists at most 50 campaigns, or notifications, a page. */
const PAGE_SIZE = 50;

/** The fields that say which campaign: by ID, or by name in a range of creation dates. */
export const campaignFields: INodeProperties[] = [
	{
		displayName: 'Find Campaign By',
		name: 'findBy',
		type: 'options',
		default: 'id',
		description: 'How to find the campaign',
		options: [
			{
				name: 'ID',
				value: 'id',
				description: 'The campaignId Campaign → Send gave, or the _id of Campaign → Get Many',
			},
			{
				name: 'Name',
				value: 'name',
				description:
					'The Campaign Name given in Campaign → Send, among campaigns created in a date range',
			},
		],
	},
	{
		displayName: 'Campaign ID',
		name: 'campaignId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.campaignId }}',
		description:
			'The campaign’s ID: campaignId in the output of Campaign → Send, or _id of Get Many',
		hint: 'Jelou finds campaigns by creation date only: the node looks among the bot’s campaigns created within a day of the time the ID holds (Jelou’s IDs start with it), or of the last 30 days for another kind of ID',
		displayOptions: { show: { findBy: ['id'] } },
	},
	{
		displayName: 'Campaign Name',
		name: 'campaignName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. December orders',
		description: 'The name given in Campaign → Send, exactly (capitals too)',
		displayOptions: { show: { findBy: ['name'] } },
	},
	{
		displayName: 'Created After',
		name: 'startAt',
		type: 'dateTime',
		default: '',
		description:
			'Look among campaigns created from this moment on. Empty: 30 days before Created Before.',
		displayOptions: { show: { findBy: ['name'] } },
	},
	{
		displayName: 'Created Before',
		name: 'endAt',
		type: 'dateTime',
		default: '',
		description: 'Look among campaigns created up to this moment. Empty: now.',
		displayOptions: { show: { findBy: ['name'] } },
	},
];

/** Which campaign an item asks for, and the creation dates it is looked for in. */
export type CampaignRef =
	{ by: 'id'; id: string; range: DateRange } | { by: 'name'; name: string; range: DateRange };

/** Reads and checks the item's campaign fields; sends nothing. */
export function readCampaignRef(
	this: IExecuteFunctions,
	itemIndex: number,
	now = Date.now(),
): CampaignRef {
	if (this.getNodeParameter('findBy', itemIndex, 'id') === 'name') {
		const name = requireText(
			'Campaign Name',
			this.getNodeParameter('campaignName', itemIndex, ''),
			'Enter the Campaign Name given in Campaign → Send, e.g. {{ $json.campaignName }}.',
		);
		const timeZone = this.getTimezone();
		const end =
			toUnixMilliseconds(
				this.getNodeParameter('endAt', itemIndex, ''),
				'Created Before',
				timeZone,
			) ?? nowRoundedUp(now + CLOCK_MARGIN_MS);
		const start =
			toUnixMilliseconds(
				this.getNodeParameter('startAt', itemIndex, ''),
				'Created After',
				timeZone,
			) ?? end - DEFAULT_RANGE_DAYS * 86_400_000;
		return { by: 'name', name, range: checkRange(start, end, now) };
	}
	const id = requireCampaignId(this.getNodeParameter('campaignId', itemIndex, ''));
	return { by: 'id', id, range: idSearchRange(id, now) };
}

function describeRef(ref: CampaignRef): string {
	return ref.by === 'id' ? `"${ref.id}"` : `named "${ref.name}"`;
}

/** The campaign list's records that fit `matches`, page by page; stops at the first when `first` is set. */
async function findInList(
	client: JelouClient,
	query: { botId: string; range: DateRange; elementName?: string },
	matches: (record: IDataObject) => boolean,
	itemIndex: number,
	first = false,
): Promise<IDataObject[]> {
	const { entries } = await collectPages<IDataObject>(
		client,
		{
			path: '/v1/campaigns',
			itemIndex,
			query: (page) =>
				campaignListQuery(
					{ botId: query.botId, ...query.range, elementName: query.elementName },
					page ?? 1,
					PAGE_SIZE,
				),
			read: (answer, page = 1) => {
				const { entries: records, totalPages } = resultsPage(answer);
				const last = records.length < PAGE_SIZE || (totalPages !== undefined && page >= totalPages);
				return { entries: records.filter(matches), next: last ? undefined : page + 1 };
			},
		},
		first ? 1 : undefined,
	);
	return entries;
}

/**
 * The campaigns an item asks for, among the bot's: the one with the ID, or every one with the name in the range.
 * None is an error that says where the node looked and what to check.
 */
export async function findCampaigns(
	client: JelouClient,
	botId: string,
	ref: CampaignRef,
	itemIndex: number,
): Promise<IDataObject[]> {
	const found = await findInList(
		client,
		{ botId, range: ref.range },
		ref.by === 'id'
			? (record) => campaignIdOf(record) === ref.id
			: (record) => String(record.name ?? '').trim() === ref.name,
		itemIndex,
		ref.by === 'id',
	);
	if (found.length > 0) return found;
	const where = `among the campaigns of bot ${botId} created between ${ref.range.startAt} and ${ref.range.endAt}`;
	throw ref.by === 'id'
		? new InvalidFieldError(
				'Campaign ID',
				`no campaign ${describeRef(ref)} ${where}`,
				'Check the ID (campaignId of Campaign → Send, or _id of Get Many) and that this credential’s bot sent the campaign.',
			)
		: new InvalidFieldError(
				'Campaign Name',
				`no campaign ${describeRef(ref)} ${where}`,
				'Check the name (exactly as in Campaign → Send, capitals too), or widen Created After and Created Before.',
			);
}

const createdTime = (record: IDataObject) => Date.parse(String(record.createdAt ?? ''));

/**
 * The ID of the campaign Campaign → Send has just created (Jelou's answer does not give it): the newest campaign
 * of this name and template created since shortly before the send. `note` says when it may not be the one meant.
 */
export async function findCreatedCampaign(
	client: JelouClient,
	created: { botId: string; campaignName: string; elementName: string },
	sentAt: number,
	itemIndex: number,
	now = Date.now(),
): Promise<{ campaignId: string | null; note?: string }> {
	const since = sentAt - 2 * CLOCK_MARGIN_MS;
	const range = {
		startAt: utcSeconds(Math.floor(since / 1000) * 1000),
		endAt: utcSeconds(nowRoundedUp(now + CLOCK_MARGIN_MS)),
	};
	const candidates = (
		await findInList(
			client,
			{ botId: created.botId, range, elementName: created.elementName },
			(record) =>
				String(record.name ?? '').trim() === created.campaignName.trim() &&
				campaignIdOf(record) !== undefined &&
				!(createdTime(record) < since),
			itemIndex,
		)
	).sort((a, b) => (createdTime(b) || 0) - (createdTime(a) || 0));
	if (candidates.length === 0)
		return {
			campaignId: null,
			note: `Jelou did not list the campaign yet, so its ID is not known: find it later with Campaign → Get, Find Campaign By Name "${created.campaignName}"`,
		};
	const campaignId = campaignIdOf(candidates[0]) as string;
	if (candidates.length === 1) return { campaignId };
	return {
		campaignId,
		note: `${candidates.length} campaigns named "${created.campaignName}" were created in the same minutes; this is the newest. If several workflows send campaigns of this name at once, give each a name of its own`,
	};
}

/**
 * The notification records of a campaign's messages (GET /v1/external/bots/{botId}/notifications?campaignId=),
 * page after page, up to `limit` (all when undefined). Every page asks for 50: Jelou's page N starts at
 * (N - 1) × limit, so a shorter last page would repeat records instead of going on.
 */
export async function campaignNotifications(
	client: JelouClient,
	botId: string,
	campaignId: string,
	itemIndex: number,
	limit?: number,
): Promise<IDataObject[]> {
	const { entries } = await collectPages<IDataObject>(
		client,
		{
			path: `/v1/external/bots/${encodeURIComponent(botId)}/notifications`,
			itemIndex,
			query: (page) => ({ campaignId, page: page ?? 1, limit: PAGE_SIZE }),
			read: (answer, page = 1) => {
				const { entries: records, totalPages } = resultsPage(answer);
				const last = records.length < PAGE_SIZE || (totalPages !== undefined && page >= totalPages);
				return { entries: records, next: last ? undefined : page + 1 };
			},
		},
		limit,
	);
	return entries;
}
