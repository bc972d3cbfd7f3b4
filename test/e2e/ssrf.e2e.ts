// A real n8n with its SSRF protection on (N8N_SSRF_PROTECTION_ENABLED=true, n8n's default blocked ranges): on
// n8n 2.x (2.40+) the node's own HTTP client follows it, so the fake Jelou on 127.0.0.1 is refused with n8n's
// reason and receives nothing; on n8n 1.x, which has no such policy, the same workflow sends as it always did.
import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { chainWorkflow, n8nUnderTest, outputOf, requestsTo, startE2eSandbox } from './support';
import type { RunResult, Sandbox } from './support';

const WORKFLOW = chainWorkflow('E2eSsrfSend1', 'e2e send with SSRF protection on', [
	{
		name: 'Send Template',
		type: 'n8n-nodes-jelou.jelouWhatsApp',
		typeVersion: 2,
		parameters: {
			resource: 'message',
			operation: 'sendTemplate',
			template: { __rl: true, mode: 'name', value: '=order_confirmation' },
			recipients: '593990000301',
			parameters: { values: [{ value: 'Maria' }, { value: 'E2E-SSRF' }] },
		},
	},
]);

let fake: FakeJelou;
let sandbox: Sandbox;
let run: RunResult | undefined;

beforeAll(async () => {
	fake = await startFakeJelou({
		clientId: 'e2e-client-id',
		clientSecret: 'e2e-client-secret',
		botId: 'e2e-bot',
	});
	sandbox = await startE2eSandbox(fake, {
		serve: false,
		importExamples: false,
		workflows: [WORKFLOW],
		env: { N8N_SSRF_PROTECTION_ENABLED: 'true' },
	});
	run = (await sandbox.executeWorkflow('E2eSsrfSend1')).result;
}, 600000);

afterAll(async () => {
	await sandbox?.stop();
	await fake?.close();
});

describe(`n8n's SSRF protection on, in n8n ${n8nUnderTest.n8n}`, () => {
	if (n8nUnderTest.line === '2')
		it('n8n 2.x: the Base URL on 127.0.0.1 is refused with n8n’s reason, and the fake receives nothing', () => {
			const error = run?.data.resultData.error as { message: string; description?: string };
			expect(error.message).toBe(
				'The request was blocked because it resolves to a restricted IP address',
			);
			expect(error.description).toContain(
				`Refused: the Base URL of the Jelou API credential (${fake.url}). Nothing was sent.`,
			);
			expect(fake.requests).toHaveLength(0);
		});
	else
		it('n8n 1.x (no outbound policy for nodes): the template is sent as before', () => {
			expect(run?.data.resultData.error).toBeUndefined();
			expect(outputOf(run, 'Send Template')).toEqual([
				expect.objectContaining({ destination: '593990000301', elementName: 'order_confirmation' }),
			]);
			expect(requestsTo(fake, 'POST', '/v2/whatsapp/e2e-bot/hsm')).toHaveLength(1);
		});
});
