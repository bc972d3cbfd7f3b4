import {
	bareMimeType,
	checkFileName,
	checkMediaUrl,
	mediaFileName,
	refreshBody,
	signedUrlOf,
	sizeLimitBytes,
} from '../../../../nodes/JelouWhatsApp/actions/message/downloadMedia.body';
import { REFRESH_BODY } from '../conversation/conversation.doc-examples';

const API = 'https://api.jelou.ai';

describe('checkMediaUrl: only Jelou’s media over https', () => {
	it('takes a Jelou CDN link, any host under jelou.ai, and the credential’s own host', () => {
		const cdn = 'https://cdn.jelou.ai/whatsappCloudApi%2Fc21fdb6e.jpeg';
		expect(checkMediaUrl(cdn, API)).toBe(cdn);
		expect(checkMediaUrl('https://jelou.ai/a.png', API)).toBe('https://jelou.ai/a.png');
		expect(checkMediaUrl('https://api.eu.example/a.png', 'https://api.eu.example')).toBe(
			'https://api.eu.example/a.png',
		);
		expect(checkMediaUrl('http://127.0.0.1:5680/media/a.ogg', 'http://127.0.0.1:5680')).toBe(
			'http://127.0.0.1:5680/media/a.ogg',
		);
	});

	it('refuses http, another host, a look-alike domain and text that is no URL', () => {
		expect(() => checkMediaUrl('http://cdn.jelou.ai/a.jpeg', API)).toThrow(
			'Media URL: "http://cdn.jelou.ai/a.jpeg" does not start with https://',
		);
		expect(() => checkMediaUrl('https://cdn.example.com/a.jpeg', API)).toThrow(
			'Media URL: cdn.example.com is not a Jelou host',
		);
		expect(() => checkMediaUrl('https://eviljelou.ai/a.jpeg', API)).toThrow('is not a Jelou host');
		expect(() => checkMediaUrl('https://jelou.ai.example.com/a', API)).toThrow(
			'is not a Jelou host',
		);
		expect(() => checkMediaUrl('file.jpeg', API)).toThrow('is not a URL');
		expect(() => checkMediaUrl('', API)).toThrow('Media URL: is empty');
	});
});

describe('refresh request and answer', () => {
	it('body is Jelou’s example: {resourceUrl, ttl: 900}', () => {
		expect(refreshBody(REFRESH_BODY.resourceUrl)).toEqual(REFRESH_BODY);
	});

	it('reads signedUrl; refuses a missing or non-https one', () => {
		expect(signedUrlOf({ signedUrl: 'https://cdn.jelou.ai/a?Signature=x' })).toEqual({
			url: 'https://cdn.jelou.ai/a?Signature=x',
		});
		expect(signedUrlOf({})).toEqual({ problem: expect.stringMatching(/without a signedUrl/) });
		expect(signedUrlOf({ signedUrl: 'http://cdn.jelou.ai/a' })).toEqual({
			problem: expect.stringMatching(/not an https link/),
		});
	});
});

describe('checkFileName: a typed File Name is a name, never a path', () => {
	it('keeps a plain name, trimmed, accents and spaces included; empty is no name', () => {
		expect(checkFileName('  voice note ñ.ogg ')).toBe('voice note ñ.ogg');
		expect(checkFileName('')).toBeUndefined();
		expect(checkFileName(undefined)).toBeUndefined();
		expect(checkFileName('x'.repeat(255))).toBe('x'.repeat(255));
	});

	it.each([
		['../../etc/passwd', 'File Name: "../../etc/passwd" contains a path separator (/)'],
		['..\\windows\\win.ini', 'File Name: "..\\windows\\win.ini" contains a path separator (\\)'],
		['a\u0000.ogg', 'File Name: contains a control character (NUL)'],
		['a\u0007.ogg', 'File Name: contains a control character (BEL)'],
		['a\rb.ogg', 'File Name: contains a control character (carriage return)'],
		['a\nb.ogg', 'File Name: contains a control character (line feed)'],
		['a\u009bb.ogg', 'File Name: contains a control character (U+009B)'],
		['..', 'File Name: ".." is not a file name'],
		['x'.repeat(256), 'File Name: has 256 characters, more than 255'],
	])('refuses %j', (name, message) => {
		expect(() => checkFileName(name)).toThrow(message);
	});
});

describe('file name, MIME type and size', () => {
	it('names the file after the URL, Jelou’s escaped slash included, with an extension from the type', () => {
		expect(
			mediaFileName('https://cdn.jelou.ai/whatsappCloudApi%2Fc21fdb6e.jpeg', 'image/jpeg'),
		).toBe('c21fdb6e.jpeg');
		expect(mediaFileName('https://cdn.jelou.ai/media/voice-123', 'audio/ogg')).toBe(
			'voice-123.ogg',
		);
		expect(mediaFileName('https://cdn.jelou.ai/', undefined)).toBe('media');
		expect(mediaFileName('https://cdn.jelou.ai/a.ogg', 'audio/ogg', 'note.ogg')).toBe('note.ogg');
	});

	it('bareMimeType drops parameters and refuses junk', () => {
		expect(bareMimeType('audio/ogg; codecs=opus')).toBe('audio/ogg');
		expect(bareMimeType('Image/JPEG')).toBe('image/jpeg');
		expect(bareMimeType('nonsense')).toBeUndefined();
		expect(bareMimeType(undefined)).toBeUndefined();
	});

	it('Size Limit (MB): 16 by default, up to 100, never 0', () => {
		expect(sizeLimitBytes(undefined)).toBe(16 * 1024 * 1024);
		expect(sizeLimitBytes(0.5)).toBe(512 * 1024);
		expect(() => sizeLimitBytes(0)).toThrow(
			'Size Limit (MB): 0 is not a size above 0 and at most 100 MB',
		);
		expect(() => sizeLimitBytes(101)).toThrow('Size Limit (MB)');
	});
});
