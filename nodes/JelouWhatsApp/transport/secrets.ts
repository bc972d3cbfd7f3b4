/** `text` with every secret at least 4 characters long replaced by [redacted]. */
export function redactSecrets(text: string, secrets: string[]): string {
	let redacted = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) redacted = redacted.split(secret).join('[redacted]');
	}
	return redacted;
}
