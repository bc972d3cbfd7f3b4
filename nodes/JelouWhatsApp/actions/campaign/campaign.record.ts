import type { IDataObject } from 'n8n-workflow';

import { InvalidFieldError } from '../../shared/validation';

/** A campaign ID as Jelou gives them (`_id`): letters, digits, `-` and `_`. */
const CAMPAIGN_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** A Mongo ObjectId, Jelou's `_id`: 24 hex digits, the first 8 its creation time in seconds. */
const OBJECT_ID = /^[0-9a-f]{24}$/i;

const DAY_MS = 86_400_000;
/** How far around the time an ObjectId holds its campaign is looked for: Jelou's createdAt is set at about that time. */
const ID_SEARCH_MARGIN_MS = DAY_MS;
/** Jelou's clock may run a little ahead of n8n's: a range ending "now" reaches this far past it. */
export const CLOCK_MARGIN_MS = 60_000;
/** The days a name, or an ID that holds no date, is looked for in when no range is given, as Get Many lists. */
export const DEFAULT_RANGE_DAYS = 30;

/** A range of creation dates, as GET /v1/campaigns takes it (`startAt`, `endAt`, UTC date-times). */
export interface DateRange {
	startAt: string;
	endAt: string;
}

/** The instant as Jelou's dates are written: "2024-03-05T09:00:00Z". */
export function utcSeconds(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "Now" rounded up to the next second, so a campaign created a moment ago is inside a range ending now. */
export function nowRoundedUp(now: number): number {
	return Math.ceil(now / 1000) * 1000;
}

/** The campaign ID of a field, checked: one value of letters, digits, - and _ (what Jelou's IDs are made of). */
export function requireCampaignId(raw: unknown): string {
	const id = (typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '').trim();
	if (raw !== undefined && raw !== null && typeof raw === 'object')
		throw new InvalidFieldError(
			'Campaign ID',
			`is ${Array.isArray(raw) ? 'a list' : 'an object'}, not one ID`,
			'Map the ID itself, e.g. {{ $json.campaignId }} from Campaign → Send, or {{ $json._id }} from Get Many.',
		);
	if (id === '')
		throw new InvalidFieldError(
			'Campaign ID',
			'is empty',
			'Map campaignId from Campaign → Send (e.g. {{ $json.campaignId }}) or _id from Get Many, or set Find Campaign By to Name.',
		);
	if (!CAMPAIGN_ID.test(id))
		throw new InvalidFieldError(
			'Campaign ID',
			`"${id.length > 60 ? `${id.slice(0, 60)}…` : id}" is not a campaign ID`,
			'A campaign ID has only letters, digits, - and _, e.g. 65f1c2a9e4b0a1b2c3d4e5f6: map campaignId of Campaign → Send.',
		);
	return id;
}

/** The creation time an ObjectId holds (its first 4 bytes, in seconds), or undefined for another kind of ID. */
export function creationTimeOf(id: string): number | undefined {
	return OBJECT_ID.test(id) ? parseInt(id.slice(0, 8), 16) * 1000 : undefined;
}

/**
 * Where to look for a campaign by its ID: Jelou lists campaigns by creation date only, so an ObjectId is looked for
 * among the campaigns created within a day of the time it holds; another ID among those of the last 30 days.
 */
export function idSearchRange(id: string, now: number): DateRange {
	const end = nowRoundedUp(now + CLOCK_MARGIN_MS);
	const created = creationTimeOf(id);
	if (created === undefined)
		return { startAt: utcSeconds(end - DEFAULT_RANGE_DAYS * DAY_MS), endAt: utcSeconds(end) };
	if (created - ID_SEARCH_MARGIN_MS > now)
		throw new InvalidFieldError(
			'Campaign ID',
			`"${id}" holds a creation time in the future (${utcSeconds(created)})`,
			'Map the campaignId Campaign → Send gave, or the _id of Get Many: this is no ID Jelou gave.',
		);
	return {
		startAt: utcSeconds(Math.floor((created - ID_SEARCH_MARGIN_MS) / 1000) * 1000),
		endAt: utcSeconds(Math.min(end, created + ID_SEARCH_MARGIN_MS)),
	};
}

/** A range the user gave, checked before anything is sent: in order, and not starting in the future. */
export function checkRange(startMs: number, endMs: number, now: number): DateRange {
	if (startMs > endMs)
		throw new InvalidFieldError(
			'Created After',
			`${utcSeconds(startMs)} is later than Created Before (${utcSeconds(endMs)})`,
			'Pick a Created After date before the Created Before date.',
		);
	if (startMs > now)
		throw new InvalidFieldError(
			'Created After',
			`${utcSeconds(startMs)} is in the future (it is now ${utcSeconds(now)}), so no campaign can be in the range`,
			'Pick a Created After date in the past, or leave it empty for the 30 days before Created Before.',
		);
	return { startAt: utcSeconds(Math.floor(startMs / 1000) * 1000), endAt: utcSeconds(endMs) };
}

/** A campaign's ID: `_id` in Jelou's older docs, `id` in its current reference. */
export function campaignIdOf(record: IDataObject): string | undefined {
	const id = record._id ?? record.id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

const countOf = (value: unknown): number | null => {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : null;
};
const textOrNull = (value: unknown): string | null =>
	typeof value === 'string' && value !== '' ? value : null;

/** Message counts of a campaign, and where they come from. */
export interface CampaignCounts {
	totalMessages: number | null;
	deliveredMessages: number | null;
	failedMessages: number | null;
	readMessages: number | null;
	repliedMessages: number | null;
	pendingMessages: number | null;
}

/** What the node reads of a campaign record, whichever of Jelou's shapes it came in. */
export interface CampaignView {
	id: string;
	name: string | null;
	status: string | null;
	/** Jelou's status is COMPLETED: every message has gone out (reads and replies can still come in). */
	completed: boolean;
	rowCount: number | null;
	scheduledAt: string | null;
	createdAt: string | null;
	completedAt: string | null;
	/** Jelou's own counts, when its answer has them (its current reference lists them; older answers do not). */
	jelouCounts?: Pick<CampaignCounts, 'totalMessages' | 'deliveredMessages' | 'failedMessages'>;
}

export function readCampaignRecord(record: IDataObject): CampaignView {
	const status = textOrNull(record.status)?.toUpperCase() ?? null;
	const completedAt = textOrNull(record.completedAt);
	const hasCounts = ['totalMessages', 'deliveredMessages', 'failedMessages'].some(
		(name) => countOf(record[name]) !== null,
	);
	return {
		id: campaignIdOf(record) ?? '',
		name: textOrNull(record.name),
		status,
		completed: status === 'COMPLETED' || (status === null && completedAt !== null),
		rowCount: countOf(record.rowCount),
		scheduledAt: textOrNull(record.scheduledAt),
		createdAt: textOrNull(record.createdAt),
		completedAt,
		...(hasCounts
			? {
					jelouCounts: {
						totalMessages: countOf(record.totalMessages),
						deliveredMessages: countOf(record.deliveredMessages),
						failedMessages: countOf(record.failedMessages),
					},
				}
			: {}),
	};
}

/** One sentence on where the campaign stands, for a person reading the output. */
export function describeProgress(
	view: CampaignView,
	counts: Partial<CampaignCounts> | undefined,
	now: number,
): string {
	const scheduled = view.scheduledAt ? Date.parse(view.scheduledAt) : NaN;
	if (view.status === 'SCHEDULED' || (view.status === null && scheduled > now))
		return view.scheduledAt
			? `Scheduled: Jelou starts sending at ${view.scheduledAt}`
			: 'Scheduled: Jelou has not started sending';
	const tally =
		counts?.totalMessages !== null && counts?.totalMessages !== undefined
			? `: ${counts.deliveredMessages ?? '?'} of ${counts.totalMessages} delivered, ${counts.failedMessages ?? '?'} failed`
			: '';
	if (view.completed)
		return `Completed${view.completedAt ? ` at ${view.completedAt}` : ''}${tally}; reads and replies can still come in`;
	if (view.status === 'PENDING') return 'Pending: Jelou has not started sending yet';
	return `In progress: Jelou is sending${tally}`;
}
