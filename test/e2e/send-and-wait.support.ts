// Shared by the Send and Wait end-to-end files: workflows that ask over WhatsApp and record the answer, a
// loopback server that receives what they record, and a person who "taps" the links the fake Jelou recorded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { FakeJelou } from '../fake-jelou/server';
import { request } from './support';
import type { Sandbox } from './support';

export const JELOU = 'n8n-nodes-jelou.jelouWhatsApp';
/**
 * n8n's public address as behind a reverse proxy: links carry it, taps go to the local n8n with the headers a proxy
 * adds (n8n 1.x signs the host too, and reads it from X-Forwarded-Host when N8N_PROXY_HOPS is set).
 */
export const PUBLIC_URL = 'https://n8n.e2e.test/';
export const PUBLIC_WAITING = 'https://n8n.e2e.test/webhook-waiting';
export const PROXY_ENV = {
	WEBHOOK_URL: PUBLIC_URL,
	N8N_WEBHOOK_URL: PUBLIC_URL,
	N8N_PROXY_HOPS: '1',
};
export const PROXY_HEADERS = { 'x-forwarded-host': 'n8n.e2e.test', 'x-forwarded-proto': 'https' };
export const PHONE_BROWSER =
	'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

/** What the workflows post after the answer: path → bodies, in order. */
export interface Recorder {
	url: string;
	received: Record<string, unknown[]>;
	next(path: string, timeoutMs?: number): Promise<unknown>;
	close(): Promise<void>;
}

export async function startRecorder(): Promise<Recorder> {
	const received: Record<string, unknown[]> = {};
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const path = (req.url ?? '/').slice(1);
			(received[path] ??= []).push(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"recorded":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		received,
		async next(path, timeoutMs = 60000) {
			const deadline = Date.now() + timeoutMs;
			while (Date.now() < deadline) {
				if (received[path]?.length) return received[path][0];
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			throw new Error(`nothing was recorded at /${path} within ${timeoutMs} ms`);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/**
 * Webhook (answers at once) → Jelou WhatsApp Send and Wait for Response to the posted phone → HTTP Request that
 * posts the node's output to the recorder under `path`.
 */
export function askingWorkflow(
	id: string,
	path: string,
	recorderUrl: string,
	parameters: Record<string, unknown>,
): object {
	const nodes = [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: `${id.toLowerCase()}-hook`,
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		},
		{
			name: 'Ask',
			type: JELOU,
			typeVersion: 2,
			parameters: {
				resource: 'message',
				operation: 'sendAndWait',
				userId: '={{ $json.body.phone }}',
				message: '=Approve the refund for order {{ $json.body.order }}?',
				...parameters,
			},
		},
		{
			name: 'Record',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${recorderUrl}/${path}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json) }}',
				options: {},
			},
		},
	].map((node, index) => ({ id: `${id}-node-${index}`, position: [index * 220, 0], ...node }));
	return {
		id,
		name: `e2e send and wait ${path}`,
		active: true,
		nodes,
		connections: {
			Webhook: { main: [[{ node: 'Ask', type: 'main', index: 0 }]] },
			Ask: { main: [[{ node: 'Record', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export interface Link {
	text: string;
	url: string;
}

/** The links of the last message the fake recorded for `phone`, once there is one. */
export async function linksTo(fake: FakeJelou, phone: string, timeoutMs = 60000): Promise<Link[]> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const answer = await request(
			`${fake.url}/fake/v1/bots/${fake.botId}/users/${phone}/last-message/links`,
			{ headers: { authorization: fake.authorization } },
		);
		if (answer.status === 200) return (answer.json as { links: Link[] }).links;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`no message was sent to ${phone} within ${timeoutMs} ms`);
}

/** The execution a link resumes: `/webhook-waiting/{executionId}/{nodeId}`. */
export function executionOf(link: string): string {
	return new URL(link).pathname.split('/')[2];
}

/** Opens a link as a person's phone would, at the local n8n behind the public address. */
export async function tap(
	sandbox: Pick<Sandbox, 'editorUrl'>,
	link: string,
	init: { method?: string; userAgent?: string; body?: FormData } = {},
): Promise<{ status: number; html: string }> {
	const url = new URL(link);
	const response = await fetch(`${sandbox.editorUrl}${url.pathname}${url.search}`, {
		method: init.method ?? 'GET',
		headers: { ...PROXY_HEADERS, 'user-agent': init.userAgent ?? PHONE_BROWSER },
		body: init.body,
		redirect: 'manual',
	});
	return { status: response.status, html: await response.text() };
}

/**
 * Waits until n8n has put the execution to wait: the message goes out a moment before, and until then n8n answers
 * a tap with 409 (running). A preview fetcher's request is answered 200 without resuming anything once it waits.
 */
export async function untilWaiting(
	sandbox: Pick<Sandbox, 'editorUrl'>,
	link: string,
	timeoutMs = 30000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while ((await tap(sandbox, link, { userAgent: 'facebookexternalhit/1.1' })).status !== 200) {
		if (Date.now() > deadline) throw new Error(`the execution of ${link} is not waiting`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The status n8n gives the execution over REST (waiting, success, …). */
export async function executionStatus(
	sandbox: Sandbox,
	headers: Record<string, string>,
	executionId: string,
): Promise<string> {
	const answer = await request(`${sandbox.editorUrl}/rest/executions/${executionId}`, { headers });
	return (answer.json as { data: { status: string } }).data.status;
}

const post = async (sandbox: Sandbox, path: string, phone: string) =>
	await request(`${sandbox.editorUrl}/webhook/${path}`, {
		method: 'POST',
		body: { phone, order: `A-${phone.slice(-4)}` },
	});

/** Starts a workflow of `askingWorkflow` for `phone` (with the order `A-` and its last four digits). */
export async function startAsking(sandbox: Sandbox, path: string, phone: string): Promise<void> {
	// n8n 2.x goes live with a published workflow's webhook a moment after it starts: until then, 404.
	const deadline = Date.now() + 60000;
	let started = await post(sandbox, path, phone);
	while (started.status === 404 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		started = await post(sandbox, path, phone);
	}
	if (started.status !== 200)
		throw new Error(
			`the workflow at /webhook/${path} did not start: ${started.status} ${started.text}`,
		);
}

/** Starts a workflow of `askingWorkflow` and answers the links of the message it sends, once the execution waits. */
export async function ask(
	sandbox: Sandbox,
	fake: FakeJelou,
	path: string,
	phone: string,
): Promise<Link[]> {
	await startAsking(sandbox, path, phone);
	const links = await linksTo(fake, phone);
	await untilWaiting(sandbox, links[0].url);
	return links;
}
