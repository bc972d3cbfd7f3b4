// n8n's outbound policy (SSRF protection, n8n 2.40+) on the package's own HTTP client, in n8n-core with
// N8N_SSRF_PROTECTION_ENABLED=true: every address the node connects to or hands Jelou to fetch is held against
// it, a refused one fails with n8n's reason, and nothing is sent.
import '../../helpers/ssrf-protection-env';

import { NodeOperationError } from 'n8n-workflow';

import { JelouClient } from '../../../nodes/JelouWhatsApp/transport';
import { egressFilterOf } from '../../../nodes/JelouWhatsApp/transport/egress';
import { ACTIVE_CUSTOMER } from '../../fake-jelou/conversations-store';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { credentialsFor, runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { helpersFromN8n } from '../../helpers/n8n-helpers';

const BLOCKED_IP = 'The request was blocked because it resolves to a restricted IP address';
const BLOCKED_NAME = 'The request was blocked because the destination hostname is restricted';

/** On 127.0.0.1, which the instance allows. */
const fake = useFakeJelou();
/** On 127.0.0.2: loopback, blocked by n8n's default ranges. */
const blockedFake = useFakeJelou({ host: '127.0.0.2' });
/** The blocked fake's address as https, which the node's own rules accept for any host (they allow http on localhost only). */
const blockedHttps = () => `https://127.0.0.2:${blockedFake.port}`;

const sendOrder = sendTemplateParameters({
	template: 'order_confirmation',
	recipients: '593991234567',
	parameters: ['Maria', '71936'],
});

describe('the Base URL', () => {
	it('one the instance blocks fails with n8n’s reason before any request; nothing reaches it', async () => {
		const { error, items } = await runJelou(fake, sendOrder, {
			credentials: credentialsFor(fake, { baseUrl: blockedHttps() }),
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(BLOCKED_IP);
		const { description } = error as NodeOperationError;
		expect(description).toContain(`The target 127.0.0.2 is not allowed.`);
		expect(description).toContain('ask your n8n administrator to allowlist');
		expect(description).toContain(
			`Refused: the Base URL of the Jelou API credential (${blockedHttps()}). Nothing was sent.`,
		);
		expect(items).toEqual([]);
		expect(blockedFake.connectionCount).toBe(0);
		expect(fake.requests).toHaveLength(0);
	});

	it('one it allows works as before', async () => {
		const { error, items } = await runJelou(fake, sendOrder);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(fake.sentMessages.map((message) => message.destination)).toEqual(['593991234567']);
	});

	it('with HTTP Client n8n, n8n’s client holds every request to the policy: a host blocked after the check before sending is refused, not retried, nothing sent', async () => {
		// What a DNS answer that changed between the check and a request meets: n8n's client checks each request itself.
		const helpers = await helpersFromN8n();
		const client = new JelouClient(
			fakeNode,
			{
				baseUrl: `http://localhost:${fake.port}`,
				botId: fake.botId,
				clientId: fake.clientId,
				clientSecret: fake.clientSecret,
				timeoutMs: 5_000,
				httpClient: 'n8n',
			},
			{ egress: egressFilterOf({ helpers }), httpRequest: helpers.httpRequest },
		);
		const error = await client
			.request({ method: 'GET', path: `/v1/bots/${fake.botId}/templates` })
			.then(
				() => undefined,
				(failure: unknown) => failure as NodeOperationError,
			);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(BLOCKED_NAME);
		expect(error?.description).toContain(
			"The hostname 'localhost' is on the configured deny-list.",
		);
		expect(error?.description).toContain(
			`Refused: the Base URL of the Jelou API credential (http://localhost:${fake.port}). Nothing was sent.`,
		);
		expect(fake.connectionCount).toBe(0);
		expect(fake.requests).toHaveLength(0);
	});
});

const fakeNode = {
	id: 'egress-probe',
	name: 'Jelou WhatsApp',
	type: 'n8n-nodes-jelou.jelouWhatsApp',
	typeVersion: 2,
	position: [0, 0] as [number, number],
	parameters: {},
};

describe('links Jelou is asked to fetch', () => {
	it('a session message’s Media URL the instance blocks fails the item, names the field, and the others are sent', async () => {
		const { items, error } = await runJelou(
			fake,
			{
				resource: 'message',
				operation: 'send',
				userId: '593991234567',
				messageType: 'image',
				mediaUrl: '={{ $json.mediaUrl }}',
			},
			{
				items: [
					{ json: { mediaUrl: 'https://127.0.0.2/photo.jpeg' } },
					{ json: { mediaUrl: 'https://127.0.0.1/photo.jpeg' } },
				],
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(items[0].json.error).toBe(
			`Media URL: this n8n's outbound policy refuses 127.0.0.2: ${BLOCKED_IP} (item 1, phone 593991234567)`,
		);
		expect(String(items[0].json.description)).toContain('The target 127.0.0.2 is not allowed.');
		expect(String(items[0].json.description)).toContain('Nothing was sent.');
		expect(items[1].json.error).toBeUndefined();
		expect(fake.sentMessages.map((message) => message.body)).toEqual([
			expect.objectContaining({ mediaUrl: 'https://127.0.0.1/photo.jpeg' }),
		]);
	});

	it('a CSV URL the instance blocks: no campaign is created', async () => {
		const { error } = await runJelou(fake, {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'url',
			campaignName: 'December orders',
			template: { __rl: true, mode: 'name', value: '=order_confirmation' },
			params: { columns: [{ column: 'customer_name' }, { column: 'order' }] },
			fileUrl: 'https://127.0.0.2/recipients.csv',
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			`CSV URL: this n8n's outbound policy refuses 127.0.0.2: ${BLOCKED_IP} (item 1)`,
		);
		expect(fake.requests.filter((request) => request.path === '/v1/hsm/file')).toHaveLength(0);
		expect(fake.campaigns.filter((campaign) => campaign.name === 'December orders')).toEqual([]);
	});
});

describe('a media file downloaded into the workflow', () => {
	const voiceNoteUrl = () =>
		fake.conversations.history.find((entry) => entry.bubble.type === 'audio')!.bubble.mediaUrl!;

	it('from a host the instance allows arrives as before', async () => {
		const { items, error } = await runJelou(
			fake,
			{ resource: 'message', operation: 'downloadMedia', mediaUrl: '={{ $json.mediaUrl }}' },
			{ items: [{ json: { mediaUrl: voiceNoteUrl(), from: ACTIVE_CUSTOMER } }] },
		);
		expect(error).toBeUndefined();
		expect(items[0].binary?.data.mimeType).toBe('audio/ogg');
		expect(fake.conversations.mediaDownloads.map((download) => download.status)).toEqual([200]);
	});

	it('from a signed link on a host the instance blocks fails with n8n’s reason; nothing is downloaded', async () => {
		const url = voiceNoteUrl();
		fake.conversations.signedOrigin = blockedHttps();
		const { error } = await runJelou(
			fake,
			{ resource: 'message', operation: 'downloadMedia', mediaUrl: '={{ $json.mediaUrl }}' },
			{ items: [{ json: { mediaUrl: url } }] },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(`${BLOCKED_IP} (item 1)`);
		expect((error as NodeOperationError).description).toContain(
			`Refused: the media file’s download link (${blockedHttps()}). Nothing was sent.`,
		);
		expect(blockedFake.connectionCount).toBe(0);
		expect(fake.conversations.mediaDownloads).toHaveLength(0);
	});
});

describe('n8n lines without the policy', () => {
	it('a context without getSecureEgressFilter (n8n 1.x, 2.x before 2.40) gives no filter: the client connects as before', () => {
		expect(egressFilterOf({ helpers: {} })).toBeUndefined();
		expect(egressFilterOf({ helpers: { httpRequest: () => undefined } })).toBeUndefined();
	});
});

/** The filter n8n-core hands a node in a real execution, taken by a node that only keeps it. */
