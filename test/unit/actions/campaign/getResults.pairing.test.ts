import { pairRows } from '../../../../nodes/JelouWhatsApp/actions/campaign/getResults.pairing';
import type { RecipientResult } from '../../../../nodes/JelouWhatsApp/actions/campaign/getResults.status';

const result = (messageId: string, destination: string, status = 'READ'): RecipientResult => ({
	messageId,
	destination,
	status,
	error: null,
	createdAt: null,
	deliveredChannelAt: null,
	deliveredUserAt: null,
	readAt: null,
	failedAt: null,
	repliedAt: null,
});

const rows = (...phones: unknown[]) => phones.map((phone, itemIndex) => ({ itemIndex, phone }));
const messagesOf = (paired: ReturnType<typeof pairRows>['paired']) =>
	paired.map((row) => [row.itemIndex, row.result?.messageId ?? null]);

describe('pairRows', () => {
	it('gives each row the result of the message sent to its number, in the rows’ order', () => {
		const { paired, unmatched } = pairRows(rows('593991234568', '593991234567'), [
			result('m1', '593991234567'),
			result('m2', '593991234568', 'FAILED'),
		]);
		expect(messagesOf(paired)).toEqual([
			[0, 'm2'],
			[1, 'm1'],
		]);
		expect(paired[0]).toMatchObject({ phoneNumber: '593991234568', destination: '593991234568' });
		expect(unmatched).toEqual([]);
	});

	it('matches numbers Campaign → Send rewrote: +, spaces and dashes, and a national number with the Default Country Code', () => {
		const { paired } = pairRows(
			rows('+593 99-123-4567', '099 123 4568', 593991234569),
			[result('m1', '593991234567'), result('m2', '593991234568'), result('m3', '593991234569')],
			'593',
		);
		expect(messagesOf(paired)).toEqual([
			[0, 'm1'],
			[1, 'm2'],
			[2, 'm3'],
		]);
		// the number as the sheet had it, and as it was sent
		expect(paired[1]).toMatchObject({ phoneNumber: '099 123 4568', destination: '593991234568' });
		expect(paired[2].phoneNumber).toBe('593991234569');
	});

	it('says why a national number does not match without the Default Country Code Send used', () => {
		const { paired, unmatched } = pairRows(rows('0991234568'), [result('m2', '593991234568')]);
		expect(paired[0].result).toBeUndefined();
		expect(paired[0].note).toBe(
			'Row Phone Number: "0991234568" is a national number (it starts with 0), so it matches no number Jelou sent to. Write it with the country code and without the leading 0 (Ecuador: 0991234567 → 593991234567), or set the Default Country Code option.',
		);
		expect(unmatched.map(({ messageId }) => messageId)).toEqual(['m2']);
	});

	it('pairs rows of the same number with that number’s messages in the order Jelou sent them', () => {
		const { paired } = pairRows(rows('593991234567', '593991234568', '+593991234567'), [
			result('first', '593991234567', 'READ'),
			result('other', '593991234568'),
			result('second', '593991234567', 'FAILED'),
		]);
		expect(messagesOf(paired)).toEqual([
			[0, 'first'],
			[1, 'other'],
			[2, 'second'],
		]);
		expect(paired.some((row) => row.duplicate)).toBe(false);
	});

	it('lets a row beyond its number’s messages share the last one’s result, marked duplicate', () => {
		const { paired } = pairRows(rows('593991234567', '593991234567'), [
			result('only', '593991234567'),
		]);
		expect(messagesOf(paired)).toEqual([
			[0, 'only'],
			[1, 'only'],
		]);
		expect(paired[0].duplicate).toBeUndefined();
		expect(paired[1]).toMatchObject({
			duplicate: true,
			note: '593991234567 is in more rows than the 1 message Jelou sent it: this row shares the result of item 1',
		});
	});

	it('gives a row whose number no message went to, or with no number, no result and a note', () => {
		const { paired } = pairRows(rows('593991111111', '', undefined), [
			result('m1', '593991234567'),
		]);
		expect(paired.map((row) => row.result)).toEqual([undefined, undefined, undefined]);
		expect(paired[0].note).toBe(
			'The campaign has no message to 593991111111: the row was skipped by Campaign → Send, belongs to another campaign, or Jelou has not created its message yet',
		);
		expect(paired[1].note).toMatch(/^Row Phone Number: a phone number is empty/);
		expect(paired[2]).toMatchObject({ phoneNumber: '', destination: null });
	});

	it('returns the results no row took', () => {
		const { unmatched } = pairRows(rows('593991234567'), [
			result('m1', '593991234567'),
			result('m2', '593990000000'),
		]);
		expect(unmatched.map(({ messageId }) => messageId)).toEqual(['m2']);
	});
});
