// A served n8n (2.x, or 1.x with JELOU_N8N_LINE=1) in queue mode (redis-server on loopback, one main, one
// worker, binary data on the filesystem): the package loads in both processes, the credential test passes over REST, the AI agent
// example's tool parameters resolve, and webhook-triggered workflows run on the worker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';

import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { n8nUnderTest, request, requestsTo, startE2eSandbox } from './support';
import type { Sandbox } from './support';

const JELOU = 'n8n-nodes-jelou.jelouWhatsApp';
const template = (value: string) => ({ __rl: true, mode: 'name', value });
const readExample = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')) as {
		id: string;
		nodes: INode[];
	};

function webhookWorkflow(
	id: string,
	path: string,
	nodes: Array<{ name: string; type: string; typeVersion?: number; parameters: object }>,
	webhookOptions = {},
): object {
	const all = [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: `${id.toLowerCase()}-hook`,
			parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: webhookOptions },
		},
		...nodes,
	].map((node, index) => ({
		id: `${id}-node-${index}`,
		typeVersion: 1,
		position: [index * 220, 0],
		...node,
	}));
	const connections: Record<string, object> = {};
	for (let index = 0; index < all.length - 1; index++)
		connections[all[index].name] = {
			main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]],
		};
	// "active": the sandbox publishes it before n8n starts, so its production webhook is live
	return {
		id,
		name: `e2e queue ${path}`,
		active: true,
		nodes: all,
		connections,
		settings: { executionOrder: 'v1' },
	};
}

const CAMPAIGN_FROM_ROWS = webhookWorkflow('E2eQueueCsv00001', 'e2e-queue-csv', [
	{
		name: 'Rows',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode: 'return $json.body.rows.map((row) => ({ json: row }));' },
	},
	{
		name: 'Convert to CSV',
		type: 'n8n-nodes-base.convertToFile',
		typeVersion: 1.1,
		parameters: {
			operation: 'csv',
			binaryPropertyName: 'data',
			options: { fileName: 'queue.csv' },
		},
	},
	{
		name: 'Send Campaign',
		type: JELOU,
		parameters: {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'binary',
			binaryPropertyName: 'data',
			campaignName: 'Queue mode from rows',
			template: template('order_confirmation'),
			params: { columns: [{ column: 'customer_name' }, { column: 'order' }] },
		},
	},
]);

// The file arrives on the main process (webhook) and is read by the node on the worker: binary data crosses processes.
const CAMPAIGN_FROM_UPLOAD = webhookWorkflow(
	'E2eQueueUpload01',
	'e2e-queue-upload',
	[
		{
			name: 'Send Campaign',
			type: JELOU,
			parameters: {
				resource: 'campaign',
				operation: 'send',
				recipientsSource: 'binary',
				binaryPropertyName: 'file',
				campaignName: 'Queue mode upload',
				template: template('promo_image'),
				type: 'image',
				mediaUrl: 'https://cdn.example.com/queue.png',
				params: { columns: [{ column: 'name' }] },
			},
		},
	],
	{},
);

let fake: FakeJelou;
let sandbox: Sandbox;
let auth: { headers: Record<string, string> };

beforeAll(async () => {
	fake = await startFakeJelou({
		clientId: 'queue-client-id',
		clientSecret: 'queue-client-secret',
		botId: 'queue-bot',
	});
	sandbox = await startE2eSandbox(fake, {
		serve: true,
		queueMode: true,
		importExamples: true,
		workflows: [CAMPAIGN_FROM_ROWS, CAMPAIGN_FROM_UPLOAD],
	});
	auth = await sandbox.login();
	// The trigger examples subscribe to the bot's five events once n8n serves; this file counts only its own executions.
	for (let wait = 0; wait < 240 && Object.keys(fake.events.subscriptions).length < 5; wait++)
		await new Promise((resolve) => setTimeout(resolve, 250));
	fake.events.reset();
}, 600000);

afterAll(async () => {
	await sandbox?.stop();
	await fake?.close();
});

const rest = async (path: string, options: { method?: string; body?: unknown } = {}) =>
	await request(`${sandbox.editorUrl}${path}`, { ...options, headers: auth.headers });

const workerExecutions = () =>
	[...sandbox.logs.worker().matchAll(/Worker finished execution (\d+)/g)].map((m) => m[1]);

describe('n8n loads the package', () => {
	it('lists the node, its AI tool variant and the credential type', async () => {
		const nodes = (await rest('/types/nodes.json')).json as Array<{ name: string }>;
		const names = nodes.map((n) => n.name);
		expect(names).toEqual(
			expect.arrayContaining([JELOU, `${JELOU}Tool`, '@n8n/n8n-nodes-langchain.agent']),
		);
		const credentials = (await rest('/types/credentials.json')).json as Array<{ name: string }>;
		expect(credentials.map((c) => c.name)).toContain('jelouApi');
	});

	it('logs no error while loading, neither on the main process nor on the worker', () => {
		for (const log of [sandbox.logs.n8n(), sandbox.logs.worker()]) {
			// n8n 1.x names each workflow it activates, and an example's name says "failure"
			const problems = log
				.split('\n')
				.filter(
					(line) =>
						/error|fail|unrecognized/i.test(line) &&
						!/Python task runner/.test(line) &&
						!/^Activated workflow "/.test(line),
				);
			expect(problems).toEqual([]);
		}
	});

	/** n8n's credential test over REST, for the "Jelou Sandbox" credential with `change` in its data. */
	const testCredential = async (change: Record<string, string> = {}) =>
		(
			await rest('/rest/credentials/test', {
				method: 'POST',
				body: {
					credentials: {
						id: sandbox.credential.id,
						name: sandbox.credential.name,
						type: 'jelouApi',
						data: {
							clientId: fake.clientId,
							clientSecret: fake.clientSecret,
							botId: fake.botId,
							baseUrl: fake.url,
							...change,
						},
					},
				},
			})
		).json;

	it('the credential test of "Jelou Sandbox" answers Connection successful, and asks Jelou over the wire', async () => {
		const before = fake.requests.length;
		expect(await testCredential()).toEqual({
			data: { status: 'OK', message: 'Connection successful!' },
		});
		expect(fake.requests.slice(before).map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/v1/bots/queue-bot/templates', { status: 'APPROVED' }],
		]);
	});

	// n8n 1.x drops the HTTP status of a failed credential test before it looks for the credential's messages
	const failedTestMessages =
		n8nUnderTest.line === '1'
			? {
					unknownBot: 'The resource you are requesting could not be found',
					refusedLogin: 'Authorization failed - please check your credentials',
				}
			: {
					unknownBot: 'Bot not found: check Bot ID',
					refusedLogin: 'Authentication failed: check Client ID and Client Secret',
				};

	it(`the credential test fails an unknown Bot ID with "${failedTestMessages.unknownBot}" and a wrong Client Secret with "${failedTestMessages.refusedLogin}"`, async () => {
		expect(await testCredential({ botId: 'no-such-bot' })).toEqual({
			data: { status: 'Error', message: failedTestMessages.unknownBot },
		});
		expect(await testCredential({ clientSecret: 'not-the-secret' })).toEqual({
			data: { status: 'Error', message: failedTestMessages.refusedLogin },
		});
	});
});

describe('example ai-agent-session-reply.json (imports; runs only with an OpenAI key, so it is not executed)', () => {
	it('is imported with the Jelou node connected to the AI Agent as a tool, on the Jelou Sandbox credential', async () => {
		const { id } = readExample('ai-agent-session-reply.json');
		const stored = (
			(await rest(`/rest/workflows/${id}`)).json as {
				data: { nodes: INode[]; connections: Record<string, Record<string, unknown>> };
			}
		).data;
		const tool = stored.nodes.find((n) => n.type === `${JELOU}Tool`);
		expect(tool?.credentials).toEqual({
			jelouApi: { id: sandbox.credential.id, name: 'Jelou Sandbox' },
		});
		expect(stored.connections[tool?.name ?? '']).toEqual({
			ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]],
		});
	});

	it('the tool node’s parameters resolve against the description n8n serves: no issues, $fromAI only in the reply text', async () => {
		const { nodes } = readExample('ai-agent-session-reply.json');
		const tool = nodes.find((n) => n.type === `${JELOU}Tool`) as INode;
		const served = (await rest('/types/nodes.json')).json as INodeTypeDescription[];
		const description = served.find((d) => d.name === tool.type) as INodeTypeDescription;
		expect(description.properties.map((p) => p.name)).toEqual(
			expect.arrayContaining(['toolDescription', 'resource', 'operation', 'userId', 'text']),
		);
		const resolved = NodeHelpers.getNodeParameters(
			description.properties,
			tool.parameters,
			true,
			false,
			tool,
			description,
		) as INodeParameters;
		expect(resolved).toMatchObject({
			resource: 'message',
			operation: 'send',
			messageType: 'text',
			toolDescription: expect.stringMatching(/WhatsApp/),
		});
		expect(String(resolved.text)).toContain("$fromAI('reply'");
		expect(String(resolved.userId)).not.toContain('$fromAI');
		expect(
			NodeHelpers.getNodeParametersIssues(
				description.properties,
				{ ...tool, parameters: resolved },
				description,
			),
		).toBeNull();
		// the check is real: without the reply text the same node has an issue on Text
		const withoutText = NodeHelpers.getNodeParametersIssues(
			description.properties,
			{ ...tool, parameters: { ...resolved, text: '' } },
			description,
		);
		expect(Object.keys(withoutText?.parameters ?? {})).toEqual(['text']);
	});
});

describe('queue mode: webhook executions run on the worker', () => {
	it('CRM webhook → Send Template (example crm-webhook-send-template.json)', async () => {
		const before = workerExecutions().length;
		const answer = await request(`${sandbox.editorUrl}/webhook/crm-order-confirmed`, {
			method: 'POST',
			body: { phone: '+593 99 777 0001', customerName: 'Queue Maria', orderId: 'Q-1' },
		});
		expect(answer.status).toBe(200);
		const hsm = requestsTo(fake, 'POST', '/v2/whatsapp/queue-bot/hsm');
		expect(hsm.map((r) => r.body)).toEqual([
			{
				destinations: ['593997770001'],
				elementName: 'order_confirmation',
				parameters: ['Queue Maria', 'Q-1'],
			},
		]);
		expect(answer.json).toEqual({
			id: fake.sentMessages[0].id,
			destination: '593997770001',
			elementName: 'order_confirmation',
			preview: 'Thank you for your order, Queue Maria! Your confirmation number is Q-1.',
			botId: fake.botId,
		});
		expect(workerExecutions().length).toBe(before + 1);
	});

	it('rows → Convert to File → Campaign Send (binary CSV made on the worker)', async () => {
		const before = workerExecutions().length;
		const answer = await request(`${sandbox.editorUrl}/webhook/e2e-queue-csv`, {
			method: 'POST',
			body: {
				rows: [
					{ phone_number: '593997770002', customer_name: 'Queue Ana', order: 'Q-2' },
					{ phone_number: '593997770003', customer_name: 'Queue Luis', order: 'Q-3' },
				],
			},
		});
		expect(answer.status).toBe(200);
		const [upload] = requestsTo(fake, 'POST', '/v1/hsm/file').filter(
			(r) => r.form?.campaignName === 'Queue mode from rows',
		);
		expect(upload.form).toEqual({
			campaignName: 'Queue mode from rows',
			botId: 'queue-bot',
			elementName: 'order_confirmation',
			params: '[{"param":1,"column":"customer_name"},{"param":2,"column":"order"}]',
		});
		expect(upload.file?.content.toString('utf8').trim().split(/\r?\n/)).toEqual([
			'phone_number,customer_name,order',
			'593997770002,Queue Ana,Q-2',
			'593997770003,Queue Luis,Q-3',
		]);
		expect(answer.json).toMatchObject({
			status: 'success',
			campaignName: 'Queue mode from rows',
			fileName: 'queue.csv',
			rowsSent: 2,
		});
		expect(workerExecutions().length).toBe(before + 1);
	});

	it('CSV uploaded to the main process’s webhook → Campaign Send on the worker: the file arrives byte for byte', async () => {
		const before = workerExecutions().length;
		const csv = 'phone_number,name\n593997770004,Quéue Óscar\n593997770005,"Doe, Jane"\n';
		const form = new FormData();
		form.append('file', new Blob([csv], { type: 'text/csv' }), 'upload.csv');
		const response = await fetch(`${sandbox.editorUrl}/webhook/e2e-queue-upload`, {
			method: 'POST',
			body: form,
		});
		const answer = (await response.json()) as Record<string, unknown>;
		expect(response.status).toBe(200);
		const [upload] = requestsTo(fake, 'POST', '/v1/hsm/file').filter(
			(r) => r.form?.campaignName === 'Queue mode upload',
		);
		expect(upload.form).toEqual({
			campaignName: 'Queue mode upload',
			botId: 'queue-bot',
			elementName: 'promo_image',
			params: '[{"param":1,"column":"name"}]',
			type: 'image',
			mediaUrl: 'https://cdn.example.com/queue.png',
		});
		expect(upload.file).toMatchObject({ fieldName: 'file', filename: 'upload.csv' });
		expect(upload.file?.content.toString('utf8')).toBe(csv);
		expect(answer).toMatchObject({ status: 'success', rowsSent: 2 });
		expect(workerExecutions().length).toBe(before + 1);
	});

	it('the main process handed every execution to the worker (it ran none itself)', async () => {
		expect(sandbox.pids.worker).not.toBe(sandbox.pids.n8n);
		expect(sandbox.logs.worker()).toMatch(/Worker started execution \d+ \(job \d+\)/);
		const executions = (await rest('/rest/executions?limit=20')).json as {
			data: { results: Array<{ status: string; mode: string }> };
		};
		expect(executions.data.results.map((e) => [e.mode, e.status])).toEqual([
			['webhook', 'success'],
			['webhook', 'success'],
			['webhook', 'success'],
		]);
		expect(workerExecutions()).toHaveLength(3);
	});
});
