// Proxies: with the credential's HTTP Client n8n, every request to Jelou goes through n8n's HTTP client and so through
// HTTP_PROXY / HTTPS_PROXY (not for hosts in NO_PROXY), as in the rest of n8n; with Connection Pool it goes through
// Node's fetch, which on Node 20 reads no proxy variable. Media files are always fetched by n8n's client: through the
// proxy, and never with the credential's Authorization header.
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { JelouClient } from '../../../nodes/JelouWhatsApp/transport';
import type { HttpClientChoice } from '../../../nodes/JelouWhatsApp/transport';
import { startFakeJelou } from '../../fake-jelou/server';
import type { FakeJelou } from '../../fake-jelou/server';
import { startForwardProxy } from '../../helpers/forward-proxy';
import type { ForwardProxy } from '../../helpers/forward-proxy';
import { helpersFromN8n } from '../../helpers/n8n-helpers';

const node: INode = {
	id: 'n1',
	name: 'Jelou WhatsApp',
	type: 'n8n-nodes-jelou.jelouWhatsApp',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

let fake: FakeJelou;
let proxy: ForwardProxy;
let helpers: IExecuteFunctions['helpers'];

const clientFor = (baseUrl: string, httpClient: HttpClientChoice) =>
	new JelouClient(
		node,
		{
			baseUrl,
			botId: fake.botId,
			clientId: fake.clientId,
			clientSecret: fake.clientSecret,
			timeoutMs: 5_000,
			httpClient,
		},
		{ httpRequest: helpers.httpRequest },
	);

const throughProxy = (host: string) => proxy.carriedTo(host);

beforeAll(async () => {
	fake = await startFakeJelou();
	proxy = await startForwardProxy();
	helpers = await helpersFromN8n();
	process.env.HTTP_PROXY = proxy.url;
	process.env.NO_PROXY = '127.0.0.1';
});
beforeEach(() => {
	proxy.carried.length = 0;
	fake.reset();
});
afterAll(async () => {
	delete process.env.HTTP_PROXY;
	delete process.env.NO_PROXY;
	await fake.close();
	await proxy.close();
});

const listTemplates = { method: 'GET', path: '/v1/bots/test-bot/templates' } as const;

it('HTTP Client n8n: requests to Jelou go through HTTP_PROXY, as n8n’s own requests do', async () => {
	const host = `localhost:${fake.port}`;
	await clientFor(`http://${host}`, 'n8n').request(listTemplates);
	await clientFor(`http://${host}`, 'n8n').request({
		method: 'POST',
		path: `/v2/whatsapp/${fake.botId}/hsm`,
		json: {
			elementName: 'order_confirmation',
			destinations: ['593991234567'],
			parameters: ['M', '1'],
		},
	});
	expect(throughProxy(host)).toHaveLength(2);
	expect(fake.requests.map((request) => request.status)).toEqual([200, 200]);
	expect(fake.sentMessages).toHaveLength(1);
});

it('HTTP Client n8n: hosts in NO_PROXY are reached directly', async () => {
	await clientFor(fake.url, 'n8n').request(listTemplates);
	expect(proxy.carried).toEqual([]);
	expect(fake.requests).toHaveLength(1);
});

it('Connection Pool on Node 20: Node’s fetch reads no proxy variable and connects directly', async () => {
	await clientFor(`http://localhost:${fake.port}`, 'pool').request(listTemplates);
	expect(proxy.carried).toEqual([]);
	expect(fake.requests).toHaveLength(1);
});

it.each<HttpClientChoice>(['pool', 'n8n'])(
	'a media file is fetched by n8n’s client (HTTP Client %s): through HTTP_PROXY, with no Authorization header',
	async (httpClient) => {
		const content = Buffer.from('%PDF-1.4 invoice');
		const resource = fake.conversations.addMedia({
			fileName: 'a.pdf',
			mimeType: 'application/pdf',
			content,
		});
		const signed = fake.conversations
			.signedUrl(new URL(resource).pathname, 900)
			.replace('127.0.0.1', 'localhost');
		const download = await clientFor(fake.url, httpClient).download(signed, { maxBytes: 1024 });
		expect(download.contentType).toBe('application/pdf');
		expect(download.contentLength).toBe(content.length);
		const chunks: Buffer[] = [];
		for await (const chunk of download.stream as AsyncIterable<Buffer>) chunks.push(chunk);
		expect(Buffer.concat(chunks).equals(content)).toBe(true);
		expect(throughProxy(`localhost:${fake.port}`)).toHaveLength(1);
		const mediaGet = fake.requests.find((request) => request.path.startsWith('/media/'));
		expect(mediaGet?.headerNames).not.toContain('authorization');
	},
);

it('refuses a plain-http media link to another machine without opening a connection', async () => {
	await expect(
		clientFor(fake.url, 'pool').download('http://media.example.com/a.ogg', { maxBytes: 1024 }),
	).rejects.toThrow('The media file’s download link is not an https link');
	expect(proxy.carried).toEqual([]);
	expect(fake.requests).toHaveLength(0);
});
