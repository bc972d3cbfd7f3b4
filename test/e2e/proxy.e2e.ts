// Behind a company's forward proxy, in a real n8n started with HTTP_PROXY (and NO_PROXY for n8n's own loopback
// traffic). The credential's HTTP Client decides how the Jelou nodes get out:
// - n8n HTTP Client: every request to Jelou and every media download goes through the proxy, on both n8n lines;
// - Connection Pool: Node's fetch, which uses the proxy only on Node 24 started with NODE_USE_ENV_PROXY=1 (n8n 2.x
//   here); on n8n 1.x (Node 20) it connects directly, and media downloads, which n8n's client makes, still go through.
import { ACTIVE_CUSTOMER } from '../fake-jelou/conversations-store';
import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { startForwardProxy } from '../helpers/forward-proxy';
import type { ForwardProxy } from '../helpers/forward-proxy';
import {
	chainWorkflow,
	itemsNode,
	n8nUnderTest,
	outputOf,
	requestsTo,
	startE2eSandbox,
} from './support';
import type { RunResult } from './support';

const WORKFLOW_ID = 'E2eProxySend01';

function workflow(mediaUrl: string): object {
	return chainWorkflow(WORKFLOW_ID, 'e2e behind a forward proxy', [
		itemsNode('Customer', [{ phone: ACTIVE_CUSTOMER, mediaUrl }]),
		{
			name: 'Send Template',
			type: 'n8n-nodes-jelou.jelouWhatsApp',
			typeVersion: 2,
			parameters: {
				resource: 'message',
				operation: 'sendTemplate',
				template: { __rl: true, mode: 'name', value: '=order_confirmation' },
				recipients: '={{ $json.phone }}',
				parameters: { values: [{ value: 'Maria' }, { value: 'E2E-PROXY' }] },
			},
		},
		{
			name: 'Download Media',
			type: 'n8n-nodes-jelou.jelouWhatsApp',
			typeVersion: 2,
			parameters: {
				resource: 'message',
				operation: 'downloadMedia',
				mediaUrl: "={{ $('Customer').item.json.mediaUrl }}",
			},
		},
	]);
}

let fake: FakeJelou;
let proxy: ForwardProxy;
/** Each HTTP Client's run, and what the proxy carried to the fake meanwhile. */
const runs: Record<'pool' | 'n8n', { run?: RunResult; carried: string[]; hsm: number }> = {
	pool: { carried: [], hsm: 0 },
	n8n: { carried: [], hsm: 0 },
};

beforeAll(async () => {
	fake = await startFakeJelou({
		clientId: 'e2e-client-id',
		clientSecret: 'e2e-client-secret',
		botId: 'e2e-bot',
	});
	proxy = await startForwardProxy();
	// The fake on `localhost` goes through the proxy; n8n's own traffic on 127.0.0.1 (its task runners) does not.
	const host = `localhost:${fake.port}`;
	// Jelou's media links, and the links it signs for them, name the fake by that host as well
	fake.conversations.origin = `http://${host}`;
	const mediaUrl = fake.conversations.addMedia({
		fileName: 'invoice.pdf',
		mimeType: 'application/pdf',
		content: Buffer.from('%PDF-1.4 proxied invoice'),
	});
	for (const httpClient of ['n8n', 'pool'] as const) {
		proxy.carried.length = 0;
		const before = requestsTo(fake, 'POST', '/v2/whatsapp/e2e-bot/hsm').length;
		const sandbox = await startE2eSandbox(
			fake,
			{
				serve: false,
				importExamples: false,
				workflows: [workflow(mediaUrl)],
				env: {
					HTTP_PROXY: proxy.url,
					NO_PROXY: '127.0.0.1',
					...(n8nUnderTest.line === '2' ? { NODE_USE_ENV_PROXY: '1' } : {}),
				},
			},
			{ url: `http://${host}`, httpClient },
		);
		try {
			runs[httpClient].run = (await sandbox.executeWorkflow(WORKFLOW_ID)).result;
		} finally {
			await sandbox.stop();
		}
		runs[httpClient].carried = proxy.carriedTo(host);
		runs[httpClient].hsm = requestsTo(fake, 'POST', '/v2/whatsapp/e2e-bot/hsm').length - before;
	}
}, 900000);

afterAll(async () => {
	await proxy?.close();
	await fake?.close();
});

const toJelou = (carried: string[]) => carried.filter((entry) => !entry.includes('/media/'));
const mediaFiles = (carried: string[]) => carried.filter((entry) => entry.includes('/media/'));

describe(`behind a forward proxy, in n8n ${n8nUnderTest.n8n}`, () => {
	it('HTTP Client n8n: the send, the media link and the file itself go through the proxy, and work', () => {
		const { run, carried, hsm } = runs.n8n;
		expect(run?.data.resultData.error).toBeUndefined();
		expect(hsm).toBe(1);
		expect(outputOf(run, 'Send Template')[0]).toEqual(
			expect.objectContaining({ destination: ACTIVE_CUSTOMER }),
		);
		expect(carried).toContainEqual(`POST http://localhost:${fake.port}/v2/whatsapp/e2e-bot/hsm`);
		expect(carried).toContainEqual(`POST http://localhost:${fake.port}/v1/external/assets/refresh`);
		expect(mediaFiles(carried)).toHaveLength(1);
		const binary = run?.data.resultData.runData['Download Media'][0].data?.main[0]?.[0].binary;
		expect(binary?.data).toEqual(expect.objectContaining({ mimeType: 'application/pdf' }));
	});

	if (n8nUnderTest.line === '2')
		it('Connection Pool on n8n 2.x with NODE_USE_ENV_PROXY=1: Node’s fetch goes through the proxy too', () => {
			const { run, carried, hsm } = runs.pool;
			expect(run?.data.resultData.error).toBeUndefined();
			expect(hsm).toBe(1);
			expect(toJelou(carried).length).toBeGreaterThanOrEqual(1);
			expect(mediaFiles(carried)).toHaveLength(1);
		});
	else
		it('Connection Pool on n8n 1.x (Node 20): Node’s fetch connects directly; the media file, fetched by n8n’s client, goes through the proxy', () => {
			const { run, carried, hsm } = runs.pool;
			expect(run?.data.resultData.error).toBeUndefined();
			expect(hsm).toBe(1);
			expect(toJelou(carried)).toEqual([]);
			expect(mediaFiles(carried)).toHaveLength(1);
		});
});
