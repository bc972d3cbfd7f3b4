import { holdsSecret, redactSecrets } from '../../../nodes/JelouWhatsApp/transport/secrets';

describe('redactSecrets: the secret in every form a field can echo it', () => {
	const secret = 'My-Secret-Value';

	it.each([
		['as typed', 'e.g. My-Secret-Value.'],
		['lower-cased', 'e.g. my-secret-value.'],
		['upper-cased', 'e.g. MY-SECRET-VALUE.'],
		['slugged as an element name', 'e.g. my_secret_value.'],
		['without its separators', 'e.g. mysecretvalue.'],
		['with spaces', 'e.g. my secret value.'],
	])('%s', (_form, text) => {
		expect(holdsSecret(text, [secret])).toBe(true);
		expect(redactSecrets(text, [secret])).toBe('e.g. [redacted].');
	});

	it('leaves text without the secret as it is, and secrets under 4 characters alone', () => {
		expect(holdsSecret('my secret is safe', [secret])).toBe(false);
		expect(redactSecrets('my secret is safe', [secret])).toBe('my secret is safe');
		expect(redactSecrets('abc ABC', ['abc'])).toBe('abc ABC');
	});

	it('redacts a secret holding another one whole, the Basic header value with its padding', () => {
		const basic = Buffer.from('client-id:My-Secret-Value').toString('base64');
		expect(redactSecrets(`Basic ${basic} ${secret}`, [basic, secret])).toBe(
			'Basic [redacted] [redacted]',
		);
	});
});
