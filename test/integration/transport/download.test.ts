// The transport's plain GET of a file (a signed media URL): through the same proxy settings, without the
// credential's Authorization header, refusing anything but https (or http on this machine).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { INode } from 'n8n-workflow';

import { JelouClient } from '../../../nodes/JelouWhatsApp/transport';
import { startFakeJelou } from '../../fake-jelou/server';
import type { FakeJelou } from '../../fake-jelou/server';

const node: INode = {
	id: 'n1',
	name: 'Jelou WhatsApp',
	type: 'n8n-nodes-jelou.jelouWhatsApp',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

let fake: FakeJelou;
let proxy: Server;
const tunnels: string[] = [];

beforeAll(async () => {
	fake = await startFakeJelou();
	proxy = createServer((_incoming, outgoing) => outgoing.writeHead(405).end());
	proxy.on('connect', (incoming, socket, head) => {
		tunnels.push(incoming.url ?? '');
		const [host, port] = (incoming.url ?? '').split(':');
		const upstream = connect(Number(port), host, () => {
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(socket);
			socket.pipe(upstream);
		});
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
	process.env.NO_PROXY = '127.0.0.1';
});
afterAll(async () => {
	delete process.env.HTTP_PROXY;
	delete process.env.NO_PROXY;
	await fake.close();
	proxy.closeAllConnections();
	await new Promise((resolve) => proxy.close(resolve));
});

const client = () =>
	new JelouClient(node, {
		baseUrl: fake.url,
		botId: fake.botId,
		clientId: fake.clientId,
		clientSecret: fake.clientSecret,
		timeoutMs: 5_000,
		connections: 4,
	});

async function read(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

it('downloads through HTTP_PROXY, as every request of the node, with no Authorization header', async () => {
	const content = Buffer.from('%PDF-1.4 invoice');
	const resource = fake.conversations.addMedia({
		fileName: 'a.pdf',
		mimeType: 'application/pdf',
		content,
	});
	const signed = fake.conversations
		.signedUrl(new URL(resource).pathname, 900)
		.replace('127.0.0.1', 'localhost');
	const download = await client().download(signed, { maxBytes: 1024 });
	expect(download.contentType).toBe('application/pdf');
	expect(download.contentLength).toBe(content.length);
	expect((await read(download.stream)).equals(content)).toBe(true);
	expect(tunnels).toEqual([`localhost:${fake.port}`]);
	const mediaGet = fake.requests.find((request) => request.path.startsWith('/media/'));
	expect(mediaGet?.headerNames).not.toContain('authorization');
});

it('refuses a plain-http link to another machine without opening a connection', async () => {
	await expect(
		client().download('http://media.example.com/a.ogg', { maxBytes: 1024 }),
	).rejects.toThrow('The media file’s download link is not an https link');
	expect(fake.requests.filter((request) => request.path.startsWith('/media/'))).toHaveLength(1);
});
