import { InvalidFieldError, textOf } from './validation';

const SEPARATORS = /[\s+\-.()]/g;

/**
 * A phone number as Jelou wants it: country code and digits only. `+`, spaces, dashes, dots and
 * parentheses are removed; a national number with a leading 0 gets `defaultCountryCode` instead of
 * the 0 (Ecuador: 0991234567 → 593991234567).
 */
export function normalizePhoneNumber(
	raw: unknown,
	field: string,
	defaultCountryCode = '',
	sentWithPlus = false,
): string {
	// The fixes show the number as it is sent: digits only, or with + for a contact card's phones.
	const example = sentWithPlus ? '+593991234567' : '593991234567';
	const original = textOf(
		field,
		raw,
		`Give one phone number with its country code, e.g. ${example}.`,
	).trim();
	if (original === '')
		throw new InvalidFieldError(
			field,
			'a phone number is empty',
			'Remove the empty entry or fill in the number.',
		);
	let digits = original.replace(SEPARATORS, '');
	if (!/^\d+$/.test(digits)) {
		throw new InvalidFieldError(
			field,
			`"${original}" contains characters other than digits`,
			sentWithPlus
				? `Use the country code and digits; the number is sent with + in front, e.g. ${example}.`
				: `Use digits with the country code only, e.g. ${example}.`,
		);
	}
	if (digits.startsWith('00')) digits = digits.slice(2);
	else if (digits.startsWith('0')) {
		const countryCode = defaultCountryCode.replace(SEPARATORS, '');
		if (countryCode === '') {
			throw new InvalidFieldError(
				field,
				`"${original}" is a national number (it starts with 0)`,
				`Write it with the country code and without the leading 0 (Ecuador: 0991234567 → ${example}), or set the Default Country Code option.`,
			);
		}
		digits = countryCode + digits.slice(1);
	}
	if (digits.length < 8 || digits.length > 15) {
		throw new InvalidFieldError(
			field,
			`"${original}" has ${digits.length} digits; a phone number with its country code has 8 to 15`,
			`Check the number and include the country code, e.g. ${example}.`,
		);
	}
	return digits;
}

/** Recipients typed as text (comma, semicolon or newline separated) or given as an array by an expression. */
export function splitRecipients(value: unknown, field = 'Recipients'): string[] {
	const parts = Array.isArray(value)
		? value.flatMap((entry) => splitRecipients(entry, field))
		: textOf(
				field,
				value,
				'Give phone numbers as text or as a list of numbers, e.g. {{ $json.phone }}.',
			).split(/[,;\n]/);
	return parts.map((part) => String(part).trim()).filter((part) => part !== '');
}

export function normalizeRecipients(
	value: unknown,
	field: string,
	defaultCountryCode = '',
): string[] {
	const recipients = splitRecipients(value, field);
	if (recipients.length === 0) {
		throw new InvalidFieldError(
			field,
			'no phone number given',
			'Enter at least one phone number with its country code, e.g. 593991234567.',
		);
	}
	return [
		...new Set(
			recipients.map((recipient) => normalizePhoneNumber(recipient, field, defaultCountryCode)),
		),
	];
}

/** A phone number in E.164 form with `+` (e.g. for a contact card): the same cleaning, then `+` in front. */
export function toE164(raw: unknown, field: string, defaultCountryCode = ''): string {
	return `+${normalizePhoneNumber(raw, field, defaultCountryCode, true)}`;
}
