import { normalizePhoneNumber } from '../../shared/phone';
import { textOf } from '../../shared/validation';
import type { InvalidFieldError } from '../../shared/validation';
import type { RecipientResult } from './getResults.status';

/** An input row: its item and the phone number it holds, as the sheet had it. */
export interface Row {
	itemIndex: number;
	phone: unknown;
}

/** What a row gets: its message's result, or why there is none. */
export interface RowResult {
	itemIndex: number;
	/** The row's phone number as text, as the sheet had it. */
	phoneNumber: string;
	/** The row's number as Campaign → Send sent it; null when it is not a phone number. */
	destination: string | null;
	result?: RecipientResult;
	/** Set when the row has no result of its own: why, or which row's result it shares. */
	note?: string;
	/** The number is in more rows than Jelou sent it messages: this row shares the last one's result. */
	duplicate?: boolean;
}

/** Jelou's destinations are digits; anything else in one is dropped to compare it with a row's number. */
const digitsOf = (destination: string) => destination.replace(/\D/g, '');

/**
 * Pairs input rows with a campaign's results by phone number, normalized as Campaign → Send normalizes it (the
 * same Default Country Code turns a national 0991234567 into 593991234567, as Send rewrote it):
 * - rows with the same number take that number's messages in the order Jelou sent them, one each;
 * - a row beyond the messages to its number (Jelou sent fewer than the rows that hold it) shares the last one's
 *   result, marked `duplicate`;
 * - a row whose number no message went to, or that holds no phone number, gets no result and a note saying why;
 * - results no row took are returned as `unmatched`.
 * Rows come back in the order given, one result each.
 */
export function pairRows(
	rows: Row[],
	results: RecipientResult[],
	defaultCountryCode = '',
): { paired: RowResult[]; unmatched: RecipientResult[] } {
	const queues = new Map<string, RecipientResult[]>();
	for (const result of results) {
		const key = digitsOf(result.destination);
		const queue = queues.get(key);
		if (queue) queue.push(result);
		else queues.set(key, [result]);
	}
	const taken = new Set<RecipientResult>();
	/** Per number: how many of its messages rows took, and the item of the row that took the last one. */
	const used = new Map<string, { count: number; itemIndex: number }>();
	const paired = rows.map(({ itemIndex, phone }): RowResult => {
		let phoneNumber: string;
		let destination: string;
		try {
			phoneNumber = textOf('Row Phone Number', phone).trim();
			destination = normalizePhoneNumber(phone, 'Row Phone Number', defaultCountryCode);
		} catch (error) {
			// Both rules throw only InvalidFieldError: its problem and fix become the row's note.
			const { message, fix } = error as InvalidFieldError;
			return {
				itemIndex,
				phoneNumber: typeof phone === 'string' || typeof phone === 'number' ? String(phone) : '',
				destination: null,
				note: `${message}, so it matches no number Jelou sent to. ${fix}`,
			};
		}
		const queue = queues.get(destination) ?? [];
		const done = used.get(destination) ?? { count: 0, itemIndex };
		if (done.count < queue.length) {
			const result = queue[done.count];
			taken.add(result);
			used.set(destination, { count: done.count + 1, itemIndex });
			return { itemIndex, phoneNumber, destination, result };
		}
		if (queue.length > 0)
			return {
				itemIndex,
				phoneNumber,
				destination,
				result: queue[queue.length - 1],
				duplicate: true,
				note: `${destination} is in more rows than the ${queue.length} message${queue.length === 1 ? '' : 's'} Jelou sent it: this row shares the result of item ${done.itemIndex + 1}`,
			};
		return {
			itemIndex,
			phoneNumber,
			destination,
			note: `The campaign has no message to ${destination}: the row was skipped by Campaign → Send, belongs to another campaign, or Jelou has not created its message yet`,
		};
	});
	return { paired, unmatched: results.filter((result) => !taken.has(result)) };
}
