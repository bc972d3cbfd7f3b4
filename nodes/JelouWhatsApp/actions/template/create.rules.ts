import { InvalidFieldError } from '../../shared/validation';
import { placeholderNumbers } from '../../templates/model';

export const TEMPLATE_TYPES = ['DOCUMENT', 'HSM', 'IMAGE', 'VIDEO'] as const;
export const INTERACTIVE_ACTIONS = ['CALL_TO_ACTION', 'NONE', 'OTP', 'QUICK_REPLY'] as const;

/**
 * Meta fixes the body of authentication templates per language
 * (https://docs.jelou.ai/en/api/campanas/crear-plantilla, "Content Restrictions").
 */
export const AUTHENTICATION_BODIES: Readonly<Record<string, string>> = {
	en: '{{1}} is your verification code.',
	es: 'Tu código de verificación es {{1}}.',
	pt_BR: 'Seu código de verificação é {{1}}.',
};

export const ELEMENT_NAME = /^[a-z0-9_]+$/;
// WhatsApp language codes: two or three lowercase letters, optionally _ and a region (en, fil, pt_BR, zh_CN).
export const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z]{2})?$/;
const BODY_MAX = 1024;
export const HEADER_MAX = 60;
export const QUICK_REPLY_MAX = 3;
export const CALL_TO_ACTION_MAX = 2;

export const MEDIA_TYPES = ['IMAGE', 'VIDEO', 'DOCUMENT'];
export const TYPE_NAMES: Record<string, string> = {
	HSM: 'Text',
	IMAGE: 'Image',
	VIDEO: 'Video',
	DOCUMENT: 'Document',
};
export const ACTION_NAMES: Record<string, string> = {
	CALL_TO_ACTION: 'Call To Action',
	NONE: 'None',
	OTP: 'One-Time Password (OTP)',
	QUICK_REPLY: 'Quick Reply',
};
export const text = (value: unknown): string =>
	value === undefined || value === null ? '' : String(value).trim();
export const listPlaceholders = (numbers: number[]): string =>
	numbers.map((n) => `{{${n}}}`).join(', ');

export function oneOf(
	field: string,
	value: unknown,
	allowed: readonly string[],
	names: Record<string, string>,
): string {
	const upper = text(value).toUpperCase();
	if (!allowed.includes(upper)) {
		const choices = allowed.map((option) => names[option] ?? option).join(', ');
		throw new InvalidFieldError(
			field,
			`"${text(value)}" is not one of ${allowed.join(', ')}`,
			`Choose one of: ${choices}.`,
		);
	}
	return upper;
}

/** Placeholders must be exactly {{1}}..{{n}}: no {{name}}, no {{ 1 }}, no gaps. */
export function checkPlaceholders(field: string, value: string): number[] {
	const malformed = value.match(/\{\{(?!\d+\}\})[^}]*\}*/);
	if (malformed) {
		throw new InvalidFieldError(
			field,
			`"${malformed[0]}" is not a placeholder`,
			'Write placeholders as {{1}}, {{2}}, … with the number only and no spaces.',
		);
	}
	const numbers = placeholderNumbers(value);
	const missing =
		numbers.length === 0
			? []
			: Array.from({ length: numbers[numbers.length - 1] }, (_, i) => i + 1).filter(
					(n) => !numbers.includes(n),
				);
	if (numbers[0] === 0 || missing.length > 0) {
		const problem =
			numbers[0] === 0
				? 'uses {{0}}'
				: `uses ${listPlaceholders(numbers)} but not ${listPlaceholders(missing)}`;
		throw new InvalidFieldError(
			field,
			`${problem}; placeholders must be numbered from {{1}} without gaps`,
			'Renumber them {{1}}, {{2}}, … so that no number is skipped.',
		);
	}
	return numbers;
}

/** Like maxLength, without echoing a text that may be a thousand characters long. */
export function checkBodyLength(body: string): string {
	const length = [...body].length;
	if (length > BODY_MAX) {
		throw new InvalidFieldError(
			'Template Body',
			`has ${length} characters, more than ${BODY_MAX}`,
			`Shorten the body by ${length - BODY_MAX} characters.`,
		);
	}
	return body;
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Refuses an Example that is not the body with its placeholders filled: the fixed text around the `{{n}}`
 * must appear in the same order, and every placeholder must stand for some text. Meta rejects such templates.
 */
export function checkExampleFitsBody(example: string, body: string): void {
	const fixedParts = body.split(/\{\{\d+\}\}/);
	const pattern = new RegExp(`^${fixedParts.map(escapeRegExp).join('[\\s\\S]+?')}$`);
	if (pattern.test(example)) return;
	let position = 0;
	const missing =
		fixedParts.find((part, index) => {
			if (part === '') return false;
			const found =
				index === 0 ? (example.startsWith(part) ? 0 : -1) : example.indexOf(part, position + 1);
			if (found < 0) return true;
			position = found + part.length;
			return false;
		}) ?? '';
	throw new InvalidFieldError(
		'Example',
		missing === ''
			? `"${example}" leaves a placeholder of the body empty`
			: `"${example}" does not fit the body: "${missing.trim()}" is missing or out of place`,
		'Write the body as a customer would see it: the same text, with each {{n}} replaced by a sample value.',
	);
}
