import { InvalidFieldError } from './validation';

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

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
	const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * A date from n8n's date picker or an expression as Unix milliseconds. The picker gives a wall-clock
 * time without zone, which n8n means in the workflow's time zone; ISO strings with a zone, Dates,
 * Luxon DateTimes and numbers (Unix milliseconds) are taken as they are.
 */
export function toUnixMilliseconds(value: unknown, field: string, timeZone = 'UTC'): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const fix = 'Pick a date and time, or give an ISO date such as 2024-12-03T21:00:00Z or Unix milliseconds.';
	if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()))) {
		const ms = Number(value);
		if (!Number.isSafeInteger(ms) || ms <= 0) throw new InvalidFieldError(field, `${String(value)} is not a date`, fix);
		return ms;
	}
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		return (value as { toMillis(): number }).toMillis();
	}
	const text = String(value).trim();
	const wallClock = WALL_CLOCK.exec(text);
	if (wallClock) {
		const [, year, month, day, hour = '0', minute = '0', second = '0', millis = '0'] = wallClock;
		const asUtc = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, +millis.padEnd(3, '0'));
		// The zone's offset at the guessed instant, then once more in case that crossed a DST change.
		let utcMs = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
		utcMs = asUtc - offsetMinutes(utcMs, timeZone) * 60_000;
		return utcMs;
	}
	const parsed = Date.parse(text);
	if (Number.isNaN(parsed)) throw new InvalidFieldError(field, `"${text}" is not a date`, fix);
	return parsed;
}
