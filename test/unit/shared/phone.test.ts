import {
	normalizePhoneNumber,
	normalizeRecipients,
	splitRecipients,
} from '../../../nodes/JelouWhatsApp/shared/phone';
import { InvalidFieldError } from '../../../nodes/JelouWhatsApp/shared/validation';

describe('normalizePhoneNumber', () => {
	it.each([
		['593991234567', '593991234567'],
		['+593 99 123 4567', '593991234567'],
		['+1 (415) 555-0134', '14155550134'],
		['593.99.123.4567', '593991234567'],
		['00593991234567', '593991234567'],
	])('cleans %s into %s', (raw, expected) => {
		expect(normalizePhoneNumber(raw, 'Recipients')).toBe(expected);
	});

	it('turns an Ecuadorian national number into the international form with the default country code', () => {
		expect(normalizePhoneNumber('0991234567', 'Recipients', '593')).toBe('593991234567');
		expect(normalizePhoneNumber('099 123 4567', 'Recipients', '+593')).toBe('593991234567');
	});

	it('rejects a national number when no default country code is set, naming the fix', () => {
		expect(() => normalizePhoneNumber('0991234567', 'Recipients')).toThrow(InvalidFieldError);
		try {
			normalizePhoneNumber('0991234567', 'Recipients');
		} catch (error) {
			expect((error as InvalidFieldError).field).toBe('Recipients');
			expect((error as InvalidFieldError).fix).toMatch(/Default Country Code/);
		}
	});

	it.each([
		['59399123456a', /characters other than digits/],
		['call me', /characters other than digits/],
		['1234567', /7 digits/],
		['1234567890123456', /16 digits/],
		['', /empty/],
	])('rejects %p', (raw, problem) => {
		expect(() => normalizePhoneNumber(raw, 'Recipients')).toThrow(problem);
	});
});

describe('recipients', () => {
	it('splits text on commas, semicolons and new lines, and flattens arrays from expressions', () => {
		expect(splitRecipients('593991234567, 593987654321\n593912345678;')).toEqual([
			'593991234567',
			'593987654321',
			'593912345678',
		]);
		expect(splitRecipients(['593991234567', ['593987654321, 593912345678']])).toEqual([
			'593991234567',
			'593987654321',
			'593912345678',
		]);
		expect(splitRecipients(593991234567)).toEqual(['593991234567']);
	});

	it('normalizes each recipient and drops exact duplicates so nobody gets the message twice', () => {
		expect(normalizeRecipients('+593 99 123 4567, 593991234567', 'Recipients')).toEqual([
			'593991234567',
		]);
	});

	it('needs at least one recipient', () => {
		expect(() => normalizeRecipients(' , ', 'Recipients')).toThrow('no phone number given');
	});
});
