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
		expect(error?.message).toBe('The media file is larger than the Size Limit of 1 MB (3 MB)');
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
				'The media file is larger than the Size Limit of 1 MB (more than that)',
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
		expect(items[0].json).toEqual(
			expect.objectContaining({ error: 'The resource could not be found.', httpCode: '404' }),
		);
		expect(items[1].binary?.data.mimeType).toBe('audio/ogg');
	});

	it('the media host refusing the signed link (expired) says to run the item again', async () => {
		const { url } = voiceNote();
		const path = new URL(url).pathname;
		fake.injectFault(`GET ${path}`, { kind: 'status', status: 403, body: 'Request has expired' });
		const { error } = await runJelou(fake, downloadMedia(), {
			items: [{ json: { mediaUrl: url } }],
		});
		expect(error?.message).toMatch(
			/^The media host 127\.0\.0\.1:\d+ answered HTTP 403 \("Request has expired"\)$/,
		);
		expect((error as { description?: string }).description).toMatch(/fresh link each time/);
	});

	it('a media host that stalls is cut off at the Timeout', async () => {
		const { url } = voiceNote();
		fake.injectFault(`GET ${new URL(url).pathname}`, { kind: 'hang' });
		const { error } = await runJelou(fake, downloadMedia({ requestOptions: { timeout: 1 } }), {
			items: [{ json: { mediaUrl: url } }],
		});
		expect(error?.message).toBe('The media file did not arrive within the Timeout (1 s)');
	});
});
