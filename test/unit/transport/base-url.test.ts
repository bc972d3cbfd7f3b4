import { normalizeBaseUrl } from '../../../nodes/JelouWhatsApp/transport/base-url';

describe('normalizeBaseUrl', () => {
	it('accepts https and drops trailing slashes', () => {
		expect(normalizeBaseUrl('https://api.jelou.ai')).toBe('https://api.jelou.ai');
		expect(normalizeBaseUrl('https://api.jelou.ai///')).toBe('https://api.jelou.ai');
		expect(normalizeBaseUrl(' https://eu.api.example.com/ ')).toBe('https://eu.api.example.com');
	});

	it('allows http only on loopback hosts', () => {
		expect(normalizeBaseUrl('http://localhost:5679/')).toBe('http://localhost:5679');
		expect(normalizeBaseUrl('http://127.0.0.1:5679')).toBe('http://127.0.0.1:5679');
		expect(normalizeBaseUrl('http://[::1]:5679')).toBe('http://[::1]:5679');
	});

	it('refuses http elsewhere and anything that is not a URL, saying what to do', () => {
		expect(() => normalizeBaseUrl('http://api.jelou.ai')).toThrow('must start with https://');
		expect(() => normalizeBaseUrl('http://10.0.0.5')).toThrow('must start with https://');
		expect(() => normalizeBaseUrl('ftp://api.jelou.ai')).toThrow('must start with https://');
		expect(() => normalizeBaseUrl('api.jelou.ai')).toThrow('is not a URL');
	});
});
