import { createServer } from 'node:net';
import type { Server } from 'node:net';

// scripts/ is plain CommonJS (npm start runs it without a build of the tests)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseArgs } = require('../../../scripts/start') as {
	parseArgs: (argv: string[]) => Record<string, unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sandboxSettings, checkPorts } = require('../../../scripts/sandbox') as {
	sandboxSettings: (options: object) => object;
	checkPorts: (settings: object) => Promise<void>;
};

function listenOnFreePort(): Promise<{ server: Server; port: number }> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
		});
	});
}

describe('npm start options', () => {
	it('--broker-port sets the port of n8n’s task broker', () => {
		expect(parseArgs(['--port', '5700', '--broker-port', '6800', '--fake-port', '5701'])).toEqual({
			port: 5700,
			brokerPort: 6800,
			fakePort: 5701,
		});
	});

	it('refuses a --broker-port that is not a port number', () => {
		expect(() => parseArgs(['--broker-port', 'x'])).toThrow('--broker-port needs a port number');
	});

	it('a taken broker port is refused with the option that picks another, and that option is accepted', async () => {
		const { server, port } = await listenOnFreePort();
		try {
			const taken = checkPorts(
				sandboxSettings({ port: 0, fakePort: 0, quiet: true, brokerPort: port }),
			);
			await expect(taken).rejects.toThrow(
				`Port ${port} (n8n's task broker) is already in use on 127.0.0.1. Stop what uses it, or pick another: npm start -- --broker-port <port>.`,
			);
			const { server: free, port: freePort } = await listenOnFreePort();
			await new Promise((resolve) => free.close(resolve));
			const settings = sandboxSettings({
				...parseArgs(['--broker-port', String(freePort)]),
				port: 0,
				fakePort: 0,
				quiet: true,
			});
			expect(settings).toMatchObject({ brokerPort: freePort });
			await expect(checkPorts(settings)).resolves.toBeUndefined();
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
