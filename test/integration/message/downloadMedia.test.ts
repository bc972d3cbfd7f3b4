// Message → Download Media in n8n-core against the fake: Jelou signs the file's URL, the file streams into n8n's
// binary data (memory and filesystem modes), and what goes wrong fails the item with the fix.
import { readFileSync } from 'node:fs';

import type { IBinaryData } from 'n8n-workflow';

import { ACTIVE_CUSTOMER } from '../../fake-jelou/conversations-store';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { runJelou } from '../../helpers/jelou';
import { getBinaryFilePath } from '../../helpers/n8n-harness';

const fake = useFakeJelou();

const downloadMedia = (parameters: Record<string, unknown> = {}) => ({
	resource: 'message',
	operation: 'downloadMedia',
	mediaUrl: '={{ $json.mediaUrl }}',
	...parameters,
});

/** The seeded voice note of the active customer: its resource URL and its bytes. */
function voiceNote(): { url: string; content: Buffer } {
	const message = fake.conversations.history.find((entry) => entry.bubble.type === 'audio');
	const url = message!.bubble.mediaUrl!;
	return { url, content: fake.conversations.media.get(new URL(url).pathname)!.content };
}

function bytesOf(binary: IBinaryData): Buffer {
	return binary.id
		? readFileSync(getBinaryFilePath(binary.id))
		: Buffer.from(binary.data, 'base64');
}

describe('Message → Download Media in n8n', () => {
	it.each(['default', 'filesystem'] as const)(
		'the voice note arrives as binary "data" with its type and name (%s mode), the item’s JSON kept',
		async (binaryDataMode) => {
			const { url, content } = voiceNote();
			const { items, error } = await runJelou(fake, downloadMedia(), {
				items: [{ json: { mediaUrl: url, from: ACTIVE_CUSTOMER } }],
				binaryDataMode,
			});
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual({ mediaUrl: url, from: ACTIVE_CUSTOMER });
			expect(items[0].pairedItem).toEqual({ item: 0 });
			const binary = items[0].binary!.data;
			expect(binary.mimeType).toBe('audio/ogg');
			expect(binary.fileName).toBe(decodeURIComponent(url.split('/').pop()!));
			expect(binary.fileExtension).toBe('ogg');
			expect(bytesOf(binary).equals(content)).toBe(true);
			if (binaryDataMode === 'filesystem') expect(binary.id).toMatch(/^filesystem/);
			const refresh = fake.requests.find(
				(request) => request.path === '/v1/external/assets/refresh',
			);
			expect(refresh?.body).toEqual({ resourceUrl: url, ttl: 900 });
		},
	);

	it('the media host never gets the Authorization header', async () => {
		const { url } = voiceNote();
		await runJelou(fake, downloadMedia(), { items: [{ json: { mediaUrl: url } }] });
		const mediaGet = fake.requests.find((request) => request.path.startsWith('/media/'));
		expect(mediaGet?.headerNames).not.toContain('authorization');
		expect(fake.conversations.mediaDownloads.map((download) => download.status)).toEqual([200]);
	});

	it('keeps the item’s other files and puts the new one in the field asked for, under the name given', async () => {
		const { url } = voiceNote();
		const { items } = await runJelou(
			fake,
			downloadMedia({ binaryPropertyName: 'voice', options: { fileName: 'note.ogg' } }),
			{
				items: [
					{
						json: { mediaUrl: url },
						binary: {
							data: { data: Buffer.from('earlier'), fileName: 'a.txt', mimeType: 'text/plain' },
						},
					},
				],
			},
		);
		expect(Object.keys(items[0].binary!).sort()).toEqual(['data', 'voice']);
		expect(items[0].binary!.voice.fileName).toBe('note.ogg');
	});

	it('a file announced larger than the Size Limit is refused on its Content-Length, nothing kept', async () => {
		const url = fake.conversations.addMedia({
			fileName: 'video.mp4',
			mimeType: 'video/mp4',
			content: Buffer.alloc(3 * 1024 * 1024),
		});
		const { items, error } = await runJelou(fake, downloadMedia({ options: { sizeLimit: 1 } }), {
			items: [{ json: { mediaUrl: url } }],
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe(
			'The media file (3 MB) is larger than the Size Limit of 1 MB (item 1)',
		);
		expect((error as { description?: string }).description).toMatch(/Raise Size Limit \(MB\)/);
	});

	it.each(['default', 'filesystem'] as const)(
		'a file sent without its size is counted while it streams and cut off past the limit (%s mode)',
		async (binaryDataMode) => {
			const size = 24 * 1024 * 1024;
			const url = fake.conversations.addMedia({
				fileName: 'long.mp4',
				mimeType: 'video/mp4',
				content: Buffer.alloc(size),
				announceLength: false,
			});
			const { error } = await runJelou(fake, downloadMedia({ options: { sizeLimit: 1 } }), {
				items: [{ json: { mediaUrl: url } }],
				binaryDataMode,
			});
			expect(error?.message).toBe(
				'The media file passed the Size Limit of 1 MB while it arrived (item 1)',
			);
			const [download] = fake.conversations.mediaDownloads;
			expect(download.complete).toBe(false);
			expect(download.bytesSent).toBeLessThan(size);
		},
	);

	it('a URL that is not Jelou’s, or not https, is refused before any request', async () => {
		const { error } = await runJelou(fake, downloadMedia(), {
			items: [
				{ json: { mediaUrl: 'https://cdn.example.com/a.jpeg' } },
				{ json: { mediaUrl: 'http://cdn.jelou.ai/a.jpeg' } },
			],
		});
		expect(error?.message).toBe('2 items have bad input, so nothing was sent');
		expect((error as { description?: string }).description).toMatch(
			/Media URL: cdn.example.com is not a Jelou host \(item 1\)[\s\S]*does not start with https:\/\/ \(item 2\)/,
		);
		expect(fake.requests).toEqual([]);
	});

	it('a file Jelou does not hold: Jelou’s 404 names the item; Continue On Fail keeps the others', async () => {
		const { url } = voiceNote();
		const { items } = await runJelou(fake, downloadMedia(), {
			items: [
				{ json: { mediaUrl: `${fake.url}/media/whatsappCloudApi/gone.ogg` } },
				{ json: { mediaUrl: url } },
			],
			continueOnFail: true,
		});
		expect(items[0].json).toEqual({
			botId: fake.botId,
			error: 'The resource could not be found. (item 1)',
			description:
				'Jelou holds no such file for this bot: it may have been removed, or the Media URL belongs to another bot. Check the Media URL. Nothing was downloaded.\nHTTP 404.',
			httpCode: '404',
			item: 1,
		});
		expect(items[1].binary?.data.mimeType).toBe('audio/ogg');
	});

	it('a Media URL Jelou refuses to sign (422): Jelou’s words, then to give the mediaUrl as Jelou sent it', async () => {
		const { url } = voiceNote();
		fake.injectFault('POST /v1/external/assets/refresh', {
			kind: 'status',
			status: 422,
			body: {
				message: ['The values entered are not correct.'],
				validationError: { resourceUrl: [{ en: 'resourceUrl must be a valid HTTPS URL.' }] },
			},
		});
		const { error } = await runJelou(fake, downloadMedia(), {
			items: [{ json: { mediaUrl: url } }],
		});
		expect(error?.message).toBe('The values entered are not correct. (item 1)');
		expect((error as { description?: string }).description?.split('\n')).toEqual([
			'resourceUrl: resourceUrl must be a valid HTTPS URL.',
			'Jelou does not take this Media URL as one of its files. Give the mediaUrl exactly as Jelou sent it (e.g. {{ $json.body.bubble.mediaUrl }} of a Jelou WhatsApp Trigger item, or mediaUrl of Conversation → Get History), not a changed or shortened link. Nothing was downloaded.',
			'HTTP 422.',
			'',
			'Failed on item 1. No item was sent before the failure.',
		]);
	});

	it.each([
		['a 500', { kind: 'status' as const, status: 500 }],
		['a reset once written', { kind: 'reset-after' as const }],
	])(
		'Jelou failing to sign (%s) says nothing was sent or changed and to run the item again, not to check a message',
		async (_, fault) => {
			const { url } = voiceNote();
			fake.injectFault('POST /v1/external/assets/refresh', fault);
			const { error } = await runJelou(fake, downloadMedia(), {
				items: [{ json: { mediaUrl: url } }],
			});
			expect(error?.message).toMatch(/\(item 1\)$/);
			const description = (error as { description?: string }).description;
			expect(description).toContain(
				'It only asks Jelou for a download link, so nothing was sent or changed: run the item again',
			);
			expect(description).not.toMatch(/message|Get Status|twice/);
		},
	);

	it('with Continue On Fail every download failure is its item’s error item, naming the item: too large, a stall, a media host’s 500, no signed URL', async () => {
		const big = fake.conversations.addMedia({
			fileName: 'big.mp4',
			mimeType: 'video/mp4',
			content: Buffer.alloc(2 * 1024 * 1024),
		});
		const stalled = fake.conversations.addMedia({
			fileName: 'stalled.png',
			mimeType: 'image/png',
			content: Buffer.from('png'),
		});
		const failing = fake.conversations.addMedia({
			fileName: 'failing.png',
			mimeType: 'image/png',
			content: Buffer.from('png'),
		});
		const unsigned = fake.conversations.addMedia({
			fileName: 'unsigned.png',
			mimeType: 'image/png',
			content: Buffer.from('png'),
		});
		fake.injectFault(`GET ${new URL(stalled).pathname}`, { kind: 'hang' });
		fake.injectFault(`GET ${new URL(failing).pathname}`, {
			kind: 'status',
			status: 500,
			body: 'upstream failed',
		});
		// The sign request of the fourth item is answered without a signedUrl.
		fake.injectFault(
			'POST /v1/external/assets/refresh',
			{ kind: 'raw', status: 200, contentType: 'application/json', body: '{"status":"ok"}' },
			1,
			3,
		);
		const { items, error } = await runJelou(
			fake,
			downloadMedia({ options: { sizeLimit: 1 }, requestOptions: { timeout: 1, concurrency: 1 } }),
			{
				items: [big, stalled, failing, unsigned].map((mediaUrl) => ({ json: { mediaUrl } })),
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.error, item.json.item, item.pairedItem])).toEqual([
			['The media file (2 MB) is larger than the Size Limit of 1 MB (item 1)', 1, { item: 0 }],
			['The media file did not arrive within the Timeout (1 s) (item 2)', 2, { item: 1 }],
			[
				expect.stringMatching(
					/^The media host 127\.0\.0\.1:\d+ answered HTTP 500 \("upstream failed"\) \(item 3\)$/,
				),
				3,
				{ item: 2 },
			],
			['Jelou answered without a signedUrl to download the file from (item 4)', 4, { item: 3 }],
		]);
	});

	it('a typed File Name is a name: path separators and control characters are refused before anything is sent', async () => {
		const { url } = voiceNote();
		const names = [
			'../../etc/passwd',
			'notes\\x.ogg',
			'a\u0000b.ogg',
			'ring\u0007.ogg',
			'two\r\nlines.ogg',
			'..',
		];
		const { error } = await runJelou(
			fake,
			downloadMedia({ options: { fileName: '={{ $json.name }}' } }),
			{ items: names.map((name) => ({ json: { mediaUrl: url, name } })) },
		);
		expect(error?.message).toBe('6 items have bad input, so nothing was sent');
		expect(
			String((error as { description?: string }).description)
				.split('\n')
				.map((line) => line.split(' → ')[0]),
		).toEqual([
			'File Name: "../../etc/passwd" contains a path separator (/) (item 1)',
			'File Name: "notes\\x.ogg" contains a path separator (\\) (item 2)',
			'File Name: contains a control character (NUL) (item 3)',
			'File Name: contains a control character (BEL) (item 4)',
			'File Name: contains a control character (carriage return) (item 5)',
			'File Name: ".." is not a file name (item 6)',
		]);
		expect(fake.requests).toEqual([]);
	});

	it('the media host refusing the signed link (expired) says to run the item again', async () => {
		const { url } = voiceNote();
		const path = new URL(url).pathname;
		fake.injectFault(`GET ${path}`, { kind: 'status', status: 403, body: 'Request has expired' });
		const { error } = await runJelou(fake, downloadMedia(), {
			items: [{ json: { mediaUrl: url } }],
		});
		expect(error?.message).toMatch(
			/^The media host 127\.0\.0\.1:\d+ answered HTTP 403 \("Request has expired"\) \(item 1\)$/,
		);
		expect((error as { description?: string }).description).toMatch(/fresh link each time/);
	});

	it('a media host that stalls is cut off at the Timeout', async () => {
		const { url } = voiceNote();
		fake.injectFault(`GET ${new URL(url).pathname}`, { kind: 'hang' });
		const { error } = await runJelou(fake, downloadMedia({ requestOptions: { timeout: 1 } }), {
			items: [{ json: { mediaUrl: url } }],
		});
		expect(error?.message).toBe('The media file did not arrive within the Timeout (1 s) (item 1)');
	});
});
