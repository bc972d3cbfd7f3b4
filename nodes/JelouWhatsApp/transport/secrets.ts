const MIN_SECRET_LENGTH = 4;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What a secret looks like wherever it may be echoed: as typed, in any letter case, and with the characters
 * between its letters and digits changed or dropped, as a field's suggested fix writes it (`my_secret_value`
 * or `mysecretvalue` for `My-Secret-Value`).
 */
function secretForms(secret: string): string {
	const runs = secret.match(/[\p{L}\p{N}]+/gu) ?? [];
	const exact = escape(secret);
	if (runs.join('').length < MIN_SECRET_LENGTH) return exact;
	return `${exact}|${runs.map(escape).join('[^\\p{L}\\p{N}]*')}`;
}

let cached: { key: string; pattern: RegExp | undefined } | undefined;

/** One pattern for all the secrets at least 4 characters long, or undefined when there is none. */
export function secretPattern(secrets: string[]): RegExp | undefined {
	const usable = secrets.filter((secret) => secret && secret.length >= MIN_SECRET_LENGTH);
	const key = usable.join('\u0000');
	if (cached?.key !== key) {
		// Longer secrets first, so that one holding another is redacted whole.
		const forms = [...usable].sort((a, b) => b.length - a.length).map(secretForms);
		cached = { key, pattern: forms.length ? new RegExp(forms.join('|'), 'giu') : undefined };
	}
	return cached.pattern;
}

/** Whether `text` holds a secret in any of its forms. */
export function holdsSecret(text: string, secrets: string[]): boolean {
	const pattern = secretPattern(secrets);
	return pattern !== undefined && text.search(pattern) !== -1;
}

/** `text` with every secret at least 4 characters long, in any of its forms, replaced by [redacted]. */
export function redactSecrets(text: string, secrets: string[]): string {
	const pattern = secretPattern(secrets);
	return pattern ? text.replace(pattern, '[redacted]') : text;
}
