import { InvalidFieldError } from './validation';

/** The calendar part at the start of an ISO date, whatever follows it. */
const CALENDAR = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * Refuses a date the calendar does not have (month 13, 31 April, 30 February, hour 25): JavaScript would
 * roll it over silently (2030-13-01 becomes 2031-01-01) and send a date nobody meant.
 */
function requireRealDate(text: string, field: string, fix: string): void {
	const match = CALENDAR.exec(text);
	if (!match) return;
	const [year, month, day, hour = 0, minute = 0, second = 0] = match
		.slice(1)
		.map((part) => Number(part ?? 0));
	const daysInMonth =
		month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
	if (month < 1 || month > 12)
		throw new InvalidFieldError(field, `"${text}" has month ${month}, and a year has 12`, fix);
	if (day < 1 || day > daysInMonth)
		throw new InvalidFieldError(
			field,
			`"${text}" has day ${day}, and that month has ${daysInMonth} days`,
			fix,
		);
	if (hour > 23 || minute > 59 || second > 59)
		throw new InvalidFieldError(field, `"${text}" has a time of day that does not exist`, fix);
}

/** A date a fix can suggest: tomorrow at 09:00 UTC, always ahead, as the dates the node takes must be. */
function exampleDate(now: number): string {
	const tomorrow = new Date(now + 86_400_000);
	return `${tomorrow.toISOString().slice(0, 10)}T09:00:00Z`;
}

/** The instant as "2030-01-15T14:30:00Z": how errors show a date, whatever zone it was given in. */
function formatUtc(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A date that must lie ahead (an expiration, a schedule): one in the past is refused with the time it was
 * given and the time now, so the user sees which of the two is off.
 */
export function requireFutureInstant(ms: number, field: string, now: number, fix: string): number {
	if (ms <= now)
		throw new InvalidFieldError(
			field,
			`${formatUtc(ms)} is in the past (it is now ${formatUtc(now)})`,
			fix,
		);
	return ms;
}

const WALL_CLOCK =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/** Minutes east of UTC that `timeZone` has at the instant `utcMs`. */
function offsetMinutes(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
	const asUtc = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * A date from n8n's date picker or an expression as Unix milliseconds. The picker gives a wall-clock
 * time without zone, which n8n means in the workflow's time zone; ISO strings with a zone, Dates,
 * Luxon DateTimes and numbers (Unix milliseconds) are taken as they are.
 */
export function toUnixMilliseconds(
	value: unknown,
	field: string,
	timeZone = 'UTC',
	now = Date.now(),
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const fix = `Pick a date and time, or give an ISO date such as ${exampleDate(now)} or Unix milliseconds.`;
	if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()))) {
		const ms = Number(value);
		if (!Number.isSafeInteger(ms) || ms <= 0)
			throw new InvalidFieldError(field, `${String(value)} is not a date`, fix);
		return ms;
	}
	if (value instanceof Date) return value.getTime();
	if (
		typeof value === 'object' &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function'
	) {
		return (value as { toMillis(): number }).toMillis();
	}
	const text = String(value).trim();
	requireRealDate(text, field, fix);
	const wallClock = WALL_CLOCK.exec(text);
	if (wallClock) {
		const [, year, month, day, hour = '0', minute = '0', second = '0', millis = '0'] = wallClock;
		const asUtc = Date.UTC(
			+year,
			+month - 1,
			+day,
			+hour,
			+minute,
			+second,
			+millis.padEnd(3, '0'),
		);
		// The zone's offset at the guessed instant, then once more in case that crossed a DST change.
		let utcMs = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
		utcMs = asUtc - offsetMinutes(utcMs, timeZone) * 60_000;
		return utcMs;
	}
	const parsed = Date.parse(text);
	if (Number.isNaN(parsed)) throw new InvalidFieldError(field, `"${text}" is not a date`, fix);
	return parsed;
}

/**
 * A date from the n8n editor or an expression as the UTC date-time Jelou wants ("2023-11-07T05:31:56Z").
 * The date picker gives a wall time without offset, meant in the workflow's time zone.
 */
export function toUtcDateTime(value: unknown, timeZone: string, field = 'Scheduled At'): string {
	const instant = toUnixMilliseconds(value, field, timeZone);
	if (instant === undefined)
		throw new InvalidFieldError(field, 'is empty', 'Pick a date and time.');
	return formatUtc(Math.floor(instant / 1000) * 1000);
}

/** A campaign scheduled in the past would go out at once or be refused; either way not what the user meant. */
export function requireFuture(utcDateTime: string, now: number, field = 'Scheduled At'): string {
	requireFutureInstant(
		Date.parse(utcDateTime),
		field,
		now,
		'Pick a later date and time, or leave Scheduled At empty to send now.',
	);
	return utcDateTime;
}
