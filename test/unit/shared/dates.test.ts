import {
	requireFuture,
	toUnixMilliseconds,
	toUtcDateTime,
} from '../../../nodes/JelouWhatsApp/shared/dates';
import { checkHsmMessage } from '../../../nodes/JelouWhatsApp/actions/message/sendTemplate.body';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

describe('dates the calendar does not have are refused, never rolled over', () => {
	it.each([
		['2030-13-01', '"2030-13-01" has month 13, and a year has 12'],
		['2030-00-10T10:00:00', '"2030-00-10T10:00:00" has month 0, and a year has 12'],
		['2030-01-32T10:00:00', '"2030-01-32T10:00:00" has day 32, and that month has 31 days'],
		['2030-02-29T10:00:00', '"2030-02-29T10:00:00" has day 29, and that month has 28 days'],
		['2030-04-31T10:00:00Z', '"2030-04-31T10:00:00Z" has day 31, and that month has 30 days'],
		[
			'2030-02-30T10:00:00-05:00',
			'"2030-02-30T10:00:00-05:00" has day 30, and that month has 28 days',
		],
		['2030-01-01T25:00:00', '"2030-01-01T25:00:00" has a time of day that does not exist'],
	])('%s', (text, problem) => {
		expect(() => toUnixMilliseconds(text, 'Expiration Time', 'UTC')).toThrow(
			`Expiration Time: ${problem}`,
		);
		expect(() => toUtcDateTime(text, 'UTC')).toThrow(`Scheduled At: ${problem}`);
	});

	it('accepts the real ones, leap days included', () => {
		expect(toUnixMilliseconds('2032-02-29T10:00:00', 'f', 'UTC')).toBe(Date.UTC(2032, 1, 29, 10));
		expect(toUtcDateTime('2030-12-31T23:59:59', 'UTC')).toBe('2030-12-31T23:59:59Z');
	});
});

describe('the fix for a value that is not a date', () => {
	const fixFor = (value: unknown, now?: number) => {
		try {
			toUnixMilliseconds(value, 'Expiration Time', 'UTC', now);
		} catch (error) {
			return String((error as { fix?: string }).fix);
		}
		throw new Error(`${String(value)} was taken as a date`);
	};
	const suggested = (fix: string) =>
		Date.parse(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/.exec(fix)![0]);

	it('suggests a date ahead, which the node itself accepts', () => {
		for (const value of ['next tuesday', '0', -5]) {
			const fix = fixFor(value);
			expect(suggested(fix)).toBeGreaterThan(Date.now());
			const { ms } = { ms: suggested(fix) };
			expect(() =>
				checkHsmMessage({
					elementName: 'x',
					destinations: ['1'],
					parameters: [],
					expirationTime: ms,
				}),
			).not.toThrow();
		}
	});

	it('is tomorrow at 09:00 UTC, even late in the day', () => {
		expect(fixFor('soon', Date.UTC(2030, 0, 1, 23, 59))).toBe(
			'Pick a date and time, or give an ISO date such as 2030-01-02T09:00:00Z or Unix milliseconds.',
		);
	});
});

describe('dates that must lie ahead', () => {
	const message = { elementName: 'offer', destinations: ['593991234567'], parameters: [] };

	it('an Expiration Time in the past is refused with the time given and the time now', () => {
		expect(() =>
			checkHsmMessage({ ...message, expirationTime: Date.UTC(2029, 11, 31, 8, 30) }, NOW),
		).toThrow(
			'Expiration Time: 2029-12-31T08:30:00Z is in the past (it is now 2030-01-01T12:00:00Z)',
		);
	});

	it('so is a limited-time offer that has ended', () => {
		expect(() => checkHsmMessage({ ...message, ltoExpirationTime: NOW - 1_000 }, NOW)).toThrow(
			'Limited-Time Offer Expiration: 2030-01-01T11:59:59Z is in the past (it is now 2030-01-01T12:00:00Z)',
		);
	});

	it('future ones pass', () => {
		expect(() =>
			checkHsmMessage(
				{ ...message, expirationTime: NOW + 60_000, ltoExpirationTime: NOW + 60_000 },
				NOW,
			),
		).not.toThrow();
	});

	it('a campaign scheduled in the past is refused with both times', () => {
		expect(() => requireFuture('2029-06-01T00:00:00Z', NOW)).toThrow(
			'Scheduled At: 2029-06-01T00:00:00Z is in the past (it is now 2030-01-01T12:00:00Z)',
		);
	});
});

describe('toUtcDateTime', () => {
	it('reads a date picker value as a wall time of the workflow time zone', () => {
		expect(toUtcDateTime('2030-01-15T09:30:00', 'America/Guayaquil')).toBe('2030-01-15T14:30:00Z');
		expect(toUtcDateTime('2030-07-01T12:00:00', 'Europe/Madrid')).toBe('2030-07-01T10:00:00Z');
		expect(toUtcDateTime('2030-01-01T12:00:00', 'Europe/Madrid')).toBe('2030-01-01T11:00:00Z');
	});

	it('keeps an offset or Z that the value already has', () => {
		expect(toUtcDateTime('2023-11-07T05:31:56Z', 'Asia/Tokyo')).toBe('2023-11-07T05:31:56Z');
		expect(toUtcDateTime('2030-01-15T09:30:00-05:00', 'UTC')).toBe('2030-01-15T14:30:00Z');
		expect(toUtcDateTime(new Date(Date.UTC(2030, 0, 2, 3, 4, 5)), 'UTC')).toBe(
			'2030-01-02T03:04:05Z',
		);
	});

	it('refuses what is not a date', () => {
		expect(() => toUtcDateTime('next tuesday', 'UTC')).toThrow(
			'Scheduled At: "next tuesday" is not a date',
		);
	});
});

describe('requireFuture', () => {
	it('refuses a moment that has passed', () => {
		const now = Date.parse('2030-01-01T00:00:00Z');
		expect(requireFuture('2030-01-01T00:00:01Z', now)).toBe('2030-01-01T00:00:01Z');
		expect(() => requireFuture('2029-12-31T23:59:59Z', now)).toThrow(
			'Scheduled At: 2029-12-31T23:59:59Z is in the past (it is now 2030-01-01T00:00:00Z)',
		);
	});
});
