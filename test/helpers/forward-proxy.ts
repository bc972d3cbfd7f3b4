import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A forward proxy, as a company puts between n8n and the internet, that records what it carries. */
export interface ForwardProxy {
	url: string;
	/** `CONNECT host:port` for each tunnel, `METHOD http://host:port/path` for each absolute-URL request. */
	carried: string[];
	/** What it carried to `host` (`localhost:5680`): tunnels to it, and requests for it. */
	carriedTo(host: string): string[];
	close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
	const carried: string[] = [];
	const server: Server = createServer((incoming, outgoing) => {
		carried.push(`${incoming.method} ${incoming.url}`);
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
		forward.on('error', () => outgoing.destroy());
		incoming.pipe(forward);
	});
	server.on('connect', (incoming, socket, head) => {
		carried.push(`CONNECT ${incoming.url}`);
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
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		carried,
		carriedTo: (host) =>
			carried.filter((entry) => entry === `CONNECT ${host}` || entry.includes(`//${host}/`)),
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
