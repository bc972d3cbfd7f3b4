// Send and Wait for Response in a served n8n (2.x, or 1.x with JELOU_N8N_LINE=1) behind a public https address
// (WEBHOOK_URL), as behind a reverse proxy: the question goes to the fake Jelou API, a "person" taps the links it
// recorded, and n8n resumes the waiting execution with the answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';

import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import {
	ask,
	askingWorkflow,
	executionOf,
	executionStatus,
	JELOU,
	linksTo,
	PROXY_ENV,
	PUBLIC_WAITING,
	startAsking,
	startRecorder,
	tap,
	untilWaiting,
} from './send-and-wait.support';
import type { Recorder } from './send-and-wait.support';
import { curlCommandsIn, parseCurl, runDocCommand } from '../helpers/doc-commands';
import { itOnN8nLines, n8nUnderTest, request, startE2eSandbox } from './support';
import type { Sandbox } from './support';

const readExample = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')) as {
		id: string;
		nodes: INode[];
		connections: Record<string, unknown>;
	};
const REFUND_EXAMPLE = readExample('approve-refund-over-whatsapp.json');
const REVIEW_EXAMPLE = readExample('ai-agent-human-review.json');
const TIMEOUT_PHONE = '593990009001';
const PAST_LIMIT_PHONE = '593990009002';
const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

let fake: FakeJelou;
let recorder: Recorder;
let sandbox: Sandbox;
let auth: { headers: Record<string, string> };

beforeAll(async () => {
	fake = await startFakeJelou({
		clientId: 'wait-client-id',
		clientSecret: 'wait-client-secret',
		botId: 'wait-bot',
	});
	// An approved template made with Template → Create: two URL buttons linking to n8n's waiting address.
	fake.templates.push({
		elementName: 'refund_decision',
		displayName: 'Refund decision',
		template: 'Hi {{1}}, shall we refund order {{2}}?',
		params: [
			{ param: '1', label: 'name' },
			{ param: '2', label: 'order' },
		],
		paramsNumber: 2,
		language: 'en',
		status: 'APPROVED',
		category: 'UTILITY',
		type: 'HSM',
		interactiveAction: 'CALL_TO_ACTION',
		buttons: ['Approve', 'Decline'].map((text) => ({
			text,
			type: 'URL' as const,
			url: `${PUBLIC_WAITING}/{{1}}`,
			example: `${PUBLIC_WAITING}/example`,
		})),
	});
	recorder = await startRecorder();
	const double = { approvalOptions: { values: { approvalType: 'double' } } };
	const workflows = [
		askingWorkflow('E2eWaitApprove01', 'wait-approve', recorder.url, double),
		askingWorkflow('E2eWaitButton001', 'wait-button', recorder.url, { sendAs: 'urlButton' }),
		askingWorkflow('E2eWaitText00001', 'wait-text', recorder.url, {
			responseType: 'freeText',
			options: { responseFormTitle: 'Refund & return' },
		}),
		askingWorkflow('E2eWaitForm00001', 'wait-form', recorder.url, {
			responseType: 'customForm',
			formFields: {
				values: [
					{
						fieldLabel: 'Decision',
						fieldType: 'radio',
						requiredField: true,
						fieldOptions: { values: [{ option: 'Refund' }, { option: 'Replace' }] },
					},
					{ fieldLabel: 'Amount', fieldType: 'number' },
				],
			},
		}),
		askingWorkflow('E2eWaitTimeout01', 'wait-timeout', recorder.url, {
			options: {
				limitWaitTime: {
					values: {
						limitType: 'atSpecifiedTime',
						maxDateAndTime: '={{ $now.plus({ seconds: 5 }).toISO() }}',
					},
				},
			},
		}),
		// A limit already past, as n8n's own send-and-wait nodes take it: sent, then the workflow goes on.
		askingWorkflow('E2eWaitPastLim1', 'wait-past', recorder.url, {
			options: {
				limitWaitTime: {
					values: {
						limitType: 'atSpecifiedTime',
						maxDateAndTime: '={{ $now.minus({ hours: 1 }).toISO() }}',
					},
				},
			},
		}),
		askingWorkflow('E2eWaitTemplate1', 'wait-template', recorder.url, {
			...double,
			sendAs: 'template',
			template: { __rl: true, mode: 'name', value: 'refund_decision' },
			templateParameters: { values: [{ value: 'Maria' }, { value: '={{ $json.body.order }}' }] },
		}),
		{ ...REFUND_EXAMPLE, active: true },
		REVIEW_EXAMPLE,
	];
	sandbox = await startE2eSandbox(fake, {
		serve: true,
		importExamples: false,
		workflows,
		env: PROXY_ENV,
	});
	auth = await sandbox.login();
	// The timeout cases wait longest (n8n looks for due waits about once a minute): started first, checked last.
	await ask(sandbox, fake, 'wait-timeout', TIMEOUT_PHONE);
	await startAsking(sandbox, 'wait-past', PAST_LIMIT_PHONE);
}, 600000);

afterAll(async () => {
	await sandbox?.stop();
	await fake?.close();
	await recorder?.close();
});

describe(`Send and Wait for Response in n8n ${n8nUnderTest.n8n}`, () => {
	it('Approval, Text with Links: previews answer nothing, a missing or changed signature is refused (401), Decline resumes with {data: {approved: false, respondedAt}}', async () => {
		const [approve, decline] = await ask(sandbox, fake, 'wait-approve', '593990001001');
		expect([approve.text, decline.text]).toEqual(['✓ Approve', '✗ Decline']);
		expect(approve.url.startsWith(`${PUBLIC_WAITING}/`)).toBe(true);
		const execution = executionOf(approve.url);

		for (const userAgent of ['WhatsApp/2.24.6.77 A', 'facebookexternalhit/1.1', ''])
			expect(await tap(sandbox, approve.url, { userAgent })).toEqual({ status: 200, html: '' });
		const forged = approve.url.replace(/signature=[0-9a-f]+/, `signature=${'0'.repeat(64)}`);
		expect((await tap(sandbox, forged)).status).toBe(401);
		const unsigned = approve.url.replace(/&signature=[0-9a-f]+/, '');
		expect((await tap(sandbox, unsigned)).status).toBe(401);
		expect(
			(await tap(sandbox, approve.url.replace('approved=true', 'approved=false'))).status,
		).toBe(401);
		expect(await executionStatus(sandbox, auth.headers, execution)).toBe('waiting');
		expect(recorder.received['wait-approve']).toBeUndefined();

		const page = await tap(sandbox, decline.url);
		expect(page.status).toBe(200);
		expect(page.html).toContain('<h1>Declined</h1>');
		expect(await recorder.next('wait-approve')).toEqual({
			data: { approved: false, respondedAt: ISO },
		});
		// A second tap once the run is over resumes nothing more.
		await tap(sandbox, approve.url);
		expect(recorder.received['wait-approve']).toHaveLength(1);
	});

	it('Approval, URL Button: the cta_url button opens the https link; a tap resumes with {data: {approved: true, respondedAt}}', async () => {
		const [button] = await ask(sandbox, fake, 'wait-button', '593990001002');
		const sent = fake.requests.find((r) => r.path === `/v1/bots/${fake.botId}/messages`);
		expect(sent?.body).toMatchObject({
			type: 'cta_url',
			userId: '593990001002',
			parameters: { url: button.url, display_text: '✓ Approve' },
		});
		await tap(sandbox, button.url);
		expect(await recorder.next('wait-button')).toEqual({
			data: { approved: true, respondedAt: ISO },
		});
	});

	it('Free Text: the link opens the page (escaped, phone-sized), the submitted text resumes with {data: {text, respondedAt}}', async () => {
		const [respond] = await ask(sandbox, fake, 'wait-text', '593990001003');
		expect(respond.text).toBe('Respond');
		const page = await tap(sandbox, respond.url);
		expect(page.status).toBe(200);
		expect(page.html).toContain('<title>Refund &amp; return</title>');
		// The Message's expression is read when the page opens, from the item the node got.
		expect(page.html).toContain('<p>Approve the refund for order A-1003?</p>');
		expect(page.html).toContain(
			'<meta name="viewport" content="width=device-width, initial-scale=1">',
		);
		const form = new FormData();
		form.append('field-0', 'Please refund to my card');
		const sent = await tap(sandbox, respond.url, { method: 'POST', body: form });
		expect(sent.html).toContain('<h1>Response sent</h1>');
		expect(await recorder.next('wait-text')).toEqual({
			data: { text: 'Please refund to my card', respondedAt: ISO },
		});
	});

	it('Custom Form: the submitted form resumes with each field by its label', async () => {
		const [respond] = await ask(sandbox, fake, 'wait-form', '593990001004');
		const page = await tap(sandbox, respond.url);
		expect(page.html).toContain('<input type="radio" name="field-0" value="Replace">');
		const form = new FormData();
		form.append('field-0', 'Refund');
		form.append('field-1', '49.9');
		await tap(sandbox, respond.url, { method: 'POST', body: form });
		expect(await recorder.next('wait-form')).toEqual({
			data: { Decision: 'Refund', Amount: 49.9, respondedAt: ISO },
		});
	});

	it('Template (outside the 24-hour window): each URL button carries its link; the template’s Approve button resumes', async () => {
		const links = await ask(sandbox, fake, 'wait-template', '593990001005');
		const sent = fake.requests.find(
			(r) =>
				r.path === `/v2/whatsapp/${fake.botId}/hsm` &&
				(r.body as { elementName?: string }).elementName === 'refund_decision',
		);
		expect(sent?.body).toEqual({
			elementName: 'refund_decision',
			destinations: ['593990001005'],
			parameters: ['Maria', 'A-1005'],
			buttonParameters: links.map((link) => ({
				type: 'URL',
				payload: { param: link.url.slice(`${PUBLIC_WAITING}/`.length) },
			})),
		});
		expect(links.map((link) => link.text)).toEqual(['Approve', 'Decline']);
		await tap(sandbox, links[0].url);
		expect(await recorder.next('wait-template')).toEqual({
			data: { approved: true, respondedAt: ISO },
		});
	});

	it('example approve-refund-over-whatsapp.json: the form asks the manager, Approve tells the customer the refund was approved', async () => {
		const form = new FormData();
		form.append('field-0', 'A-2001');
		form.append('field-1', '+593 99 000 2001');
		form.append('field-2', '35');
		form.append('field-3', 'Arrived broken');
		const submitted = await fetch(`${sandbox.editorUrl}/form/refund-request`, {
			method: 'POST',
			body: form,
		});
		expect(submitted.status).toBe(200);
		await linksTo(fake, '593990000001');
		// The canvas note's command, as a person copies it, on this test's fake Jelou API (its address, login and bot).
		const notes = REFUND_EXAMPLE.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
		const [listLinks] = notes.flatMap((node) =>
			curlCommandsIn(String(node.parameters.content)).map(parseCurl),
		);
		const answer = await runDocCommand(
			{ ...listLinks, url: listLinks.url.replace('/bots/sandbox-bot/', `/bots/${fake.botId}/`) },
			{ 'http://127.0.0.1:5680': fake.url },
			`${fake.clientId}:${fake.clientSecret}`,
		);
		expect(answer.status).toBe(200);
		const { links } = (await answer.json()) as { links: Array<{ text: string; url: string }> };
		expect(links.map((link) => link.text)).toEqual(['✓ Approve', '✗ Decline']);
		const [approve] = links;
		await untilWaiting(sandbox, approve.url);
		const question = fake.sentMessages.find((m) => m.destination === '593990000001')?.body as {
			text: string;
		};
		expect(question.text.split('\n\n')[0]).toBe(
			'Refund request for order A-2001: 35 USD.\nReason: Arrived broken',
		);
		await tap(sandbox, approve.url);
		for (
			let wait = 0;
			wait < 150 && !fake.sentMessages.some((m) => m.destination === '593990002001');
			wait++
		)
			await new Promise((resolve) => setTimeout(resolve, 200));
		expect(fake.sentMessages.find((m) => m.destination === '593990002001')?.body).toEqual({
			botId: fake.botId,
			userId: '593990002001',
			type: 'text',
			text: 'Good news: your refund of 35 USD for order A-2001 was approved.',
		});
	});

	itOnN8nLines(['2'], 'n8n 1.x has no Human review tools')(
		'n8n lists the generated Human review tool of the node, and example ai-agent-human-review.json resolves against it',
		async () => {
			const served = (
				await request(`${sandbox.editorUrl}/types/nodes.json`, { headers: auth.headers })
			).json as INodeTypeDescription[];
			const hitl = served.find((d) => d.name === `${JELOU}HitlTool`) as INodeTypeDescription;
			expect(hitl).toBeDefined();
			expect(hitl.outputs).toEqual([
				expect.objectContaining({ displayName: 'Human review', type: 'ai_tool' }),
			]);
			const review = REVIEW_EXAMPLE.nodes.find((n) => n.type === `${JELOU}HitlTool`) as INode;
			const resolved = NodeHelpers.getNodeParameters(
				hitl.properties,
				review.parameters,
				true,
				false,
				review,
				hitl,
			) as INodeParameters;
			expect(resolved).toMatchObject({
				resource: 'message',
				operation: 'sendAndWait',
				responseType: 'approval',
				sendAs: 'textWithLinks',
			});
			expect(
				NodeHelpers.getNodeParametersIssues(
					hitl.properties,
					{ ...review, parameters: resolved },
					hitl,
				),
			).toBeNull();
			expect(REVIEW_EXAMPLE.connections['Manager Review']).toEqual({
				ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]],
			});
			const stored = (
				await request(`${sandbox.editorUrl}/rest/workflows/${REVIEW_EXAMPLE.id}`, {
					headers: auth.headers,
				})
			).json as {
				data: { nodes: INode[] };
			};
			expect(stored.data.nodes.find((n) => n.name === 'Manager Review')?.credentials).toEqual({
				jelouApi: { id: sandbox.credential.id, name: 'Jelou Sandbox' },
			});
		},
	);

	it('Limit Wait Time: when the limit is reached the workflow goes on with the input item unchanged (no data)', async () => {
		const recorded = (await recorder.next('wait-timeout', 150000)) as Record<string, unknown>;
		expect(recorded.data).toBeUndefined();
		expect(recorded.body).toEqual({ phone: TIMEOUT_PHONE, order: 'A-9001' });
	}, 160000);

	it('Limit Wait Time already past: the question is sent, then the workflow goes on with the input item unchanged, as n8n’s own nodes do', async () => {
		const [approve] = await linksTo(fake, PAST_LIMIT_PHONE);
		expect(approve.text).toBe('✓ Approve');
		const recorded = (await recorder.next('wait-past', 150000)) as Record<string, unknown>;
		expect(recorded.data).toBeUndefined();
		expect(recorded.body).toEqual({ phone: PAST_LIMIT_PHONE, order: 'A-9002' });
		expect(await executionStatus(sandbox, auth.headers, executionOf(approve.url))).toBe('success');
		expect(fake.sentMessages.filter((m) => m.destination === PAST_LIMIT_PHONE)).toHaveLength(1);
	}, 160000);
});
