import { createServer, request as httpRequest } from 'node:http';
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
const proxied: string[] = [];

/** A forward proxy that records what it carries: CONNECT tunnels (undici's way) and absolute-URL requests. */
async function startProxy(): Promise<Server> {
	const server = createServer((incoming, outgoing) => {
		proxied.push(incoming.url ?? '');
		const target = new URL(incoming.url ?? '');
		const forward = httpRequest(
			{
				host: target.hostname,
				port: target.port,
				path: target.pathname + target.search,
				method: incoming.method,
				headers: incoming.headers,
			},
			(answer) => {
				outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(outgoing);
			},
		);
		incoming.pipe(forward);
	});
	server.on('connect', (incoming, socket, head) => {
		proxied.push(`CONNECT ${incoming.url}`);
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
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return server;
}

const clientFor = (baseUrl: string) =>
	new JelouClient(node, {
		baseUrl,
		botId: fake.botId,
		clientId: fake.clientId,
		clientSecret: fake.clientSecret,
		timeoutMs: 5_000,
		connections: 4,
	});

beforeAll(async () => {
	fake = await startFakeJelou();
	proxy = await startProxy();
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

it('goes through HTTP_PROXY like n8n does', async () => {
	await clientFor(`http://localhost:${fake.port}`).request({
		method: 'GET',
		path: `/v1/bots/${fake.botId}/templates`,
		query: { status: 'APPROVED' },
	});
	expect(proxied).toEqual([`CONNECT localhost:${fake.port}`]);
	expect(fake.requests).toHaveLength(1);
});

it('skips the proxy for hosts in NO_PROXY', async () => {
	proxied.length = 0;
	await clientFor(fake.url).request({ method: 'GET', path: `/v1/bots/${fake.botId}/templates` });
	expect(proxied).toEqual([]);
	expect(fake.requests).toHaveLength(2);
});
