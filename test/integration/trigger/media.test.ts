// The trigger's Download Media option in n8n-core: a Reply with a photo or a voice note brings the file as
// binary data "data"; a failed download keeps the event and says why in mediaError.
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsAppTrigger } from '../../../nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { credentialsFor, runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { startTriggerHarness, type TriggerHarness } from '../../helpers/trigger-harness';

const fake = useFakeJelou();
let harness: TriggerHarness | undefined;

afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

async function trigger(parameters: INodeParameters): Promise<TriggerHarness> {
	harness = await startTriggerHarness({
		nodeType: new JelouWhatsAppTrigger(),
		credentialType: new JelouApi(),
		credentials: credentialsFor(fake),
		parameters,
	});
	await harness.activate();
	return harness;
}

/** A template goes out, the customer answers it with `reply`; resolves once the trigger has run. */
async function customerReplies(reply: { type?: string; text?: string }): Promise<void> {
	const sent = await runJelou(
		fake,
		sendTemplateParameters({
			template: 'order_confirmation',
			recipients: '593987654321',
			parameters: ['Maria', 'A-1001'],
		}),
	);
	const answer = await fetch(
		`${fake.url}/fake/v1/bots/${fake.botId}/messages/${sent.items[0].json.id}/reply`,
		{
			method: 'POST',
			headers: { authorization: fake.authorization, 'content-type': 'application/json' },
			body: JSON.stringify(reply),
		},
	);
	expect(answer.status).toBe(200);
	await fake.events.idle();
	// Jelou is answered before the file is fetched: the run starts after the download.
	await harness?.idle();
}

const onlyRun = (node: TriggerHarness): INodeExecutionData => {
	expect(node.executions).toHaveLength(1);
	expect(node.executions[0]).toHaveLength(1);
	return node.executions[0][0];
};
const refreshes = () =>
	fake.requests.filter((request) => request.path === '/v1/external/assets/refresh');

describe('Jelou WhatsApp Trigger → Download Media', () => {
	it('a voice note arrives as binary "data", ready for a transcription node', async () => {
		const node = await trigger({ events: ['reply'], options: { downloadMedia: true } });
		await customerReplies({ type: 'audio' });
		const item = onlyRun(node);
		expect(item.json).toEqual(expect.objectContaining({ event: 'reply', messageType: 'audio' }));
		expect(item.json.mediaError).toBeUndefined();
		const stored = fake.conversations.media.get(new URL(item.json.mediaUrl as string).pathname)!;
		const binary = item.binary!.data;
		expect(binary.mimeType).toBe('audio/ogg');
		expect(binary.fileName).toMatch(/\.ogg$/);
		expect(Buffer.from(binary.data, 'base64').equals(stored.content)).toBe(true);
		expect(refreshes().map((request) => request.body)).toEqual([
			{ resourceUrl: item.json.mediaUrl, ttl: 900 },
		]);
	});

	it('a photo with a caption keeps its text beside the file', async () => {
		const node = await trigger({ events: ['reply'], options: { downloadMedia: true } });
		await customerReplies({ type: 'image', text: 'my receipt' });
		const item = onlyRun(node);
		expect(item.json.text).toBe('my receipt');
		expect(item.binary!.data.mimeType).toBe('image/png');
	});

	it('a text reply downloads nothing', async () => {
		const node = await trigger({ events: ['reply'], options: { downloadMedia: true } });
		await customerReplies({ text: 'ok' });
		expect(onlyRun(node).binary).toBeUndefined();
		expect(refreshes()).toEqual([]);
	});

	it('without the option the item carries only the link', async () => {
		const node = await trigger({ events: ['reply'] });
		await customerReplies({ type: 'audio' });
		const item = onlyRun(node);
		expect(item.binary).toBeUndefined();
		expect(item.json.mediaUrl).toMatch(/\.ogg$/);
		expect(refreshes()).toEqual([]);
	});

	it('a failed download keeps the event, with the reason in mediaError', async () => {
		const node = await trigger({ events: ['reply'], options: { downloadMedia: true } });
		fake.injectFault('POST /v1/external/assets/refresh', { kind: 'status', status: 500 });
		await customerReplies({ type: 'audio' });
		const item = onlyRun(node);
		expect(item.binary).toBeUndefined();
		expect(item.json).toEqual(
			expect.objectContaining({
				event: 'reply',
				messageType: 'audio',
				mediaError: expect.stringMatching(/^Unexpected error occurred, check logs\./),
			}),
		);
	});

	it('a media link that is not Jelou’s is not followed', async () => {
		const node = await trigger({
			events: ['reply'],
			registration: 'manual',
			options: { downloadMedia: true },
		});
		const answer = await fetch(`${node.webhookUrl()}?event=reply`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				messageId: 'msg-in-1',
				bubble: { type: 'image', mediaUrl: 'https://files.example.org/photo.jpg' },
				userId: '593987654321',
				owner: 'user',
			}),
		});
		expect(answer.status).toBe(200);
		const item = onlyRun(node);
		expect(item.json.mediaError).toMatch(/^Media URL: files\.example\.org is not a Jelou host/);
		expect(refreshes()).toEqual([]);
	});
});
