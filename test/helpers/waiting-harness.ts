/**
 * Stands in for n8n's waiting-webhook endpoint (`/webhook-waiting/{executionId}/{nodeId}`) for an execution that a
 * send-and-wait node put to wait in the harness: it checks the link's signature with n8n-core's own
 * `validateUrlSignature` and the instance's secret, parses the body as n8n does (multipart into `{data, files}`),
 * and calls the node's `webhook()` in n8n-core's real WebhookContext. Resuming the execution is n8n's server's work,
 * checked end to end in a real n8n; here each `workflowData` a request returned is recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Container } from '@n8n/di';
import { InstanceSettings, WebhookContext, validateUrlSignature } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, INodeType, IWebhookData } from 'n8n-workflow';

import { buildAdditionalData, HarnessCredentialsHelper, HarnessNodeTypes } from './n8n-harness';

export interface WaitingHarness {
	/** The same path and query on this server: where a tap on a link made by n8n arrives. */
	local(link: string): string;
	/** The `workflowData` of each request that resumed the execution, in order. */
	resumed: INodeExecutionData[][];
	close(): Promise<void>;
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<unknown> {
	const contentType = req.headers['content-type'] ?? '';
	if (raw.length === 0) return {};
	if (contentType.startsWith('multipart/form-data')) {
		const form = await new Request('http://waiting.local/', {
			method: 'POST',
			headers: { 'content-type': contentType },
			body: raw,
		}).formData();
		const data: IDataObject = {};
		for (const [name, value] of form.entries()) {
			const text = typeof value === 'string' ? value : value.name;
			const before = data[name];
			data[name] = before === undefined ? text : [...[before].flat(), text];
		}
		return { data, files: {} };
	}
	if (contentType.startsWith('application/x-www-form-urlencoded'))
		return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	return JSON.parse(raw.toString('utf8'));
}

export async function startWaitingHarness(options: {
	nodeType: INodeType;
	node: INode;
	executionId: string;
}): Promise<WaitingHarness> {
	const { nodeType, node, executionId } = options;
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.register(node.type, nodeType);
	const resumed: INodeExecutionData[][] = [];
	const secret = Container.get(InstanceSettings).hmacSignatureSecret;

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://waiting.local');
		const expected = `/webhook-waiting/${executionId}/${encodeURIComponent(node.id)}`;
		if (url.pathname !== expected) {
			res.writeHead(404).end('Not found');
			return;
		}
		const signature = url.searchParams.get('signature');
		if (!signature || !validateUrlSignature(signature, url, secret)) {
			res.writeHead(401, { 'content-type': 'text/html' }).end('Invalid token');
			return;
		}
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = await parseBody(req, Buffer.concat(chunks));
		const contentType = (req.headers['content-type'] ?? '').split(';')[0];
		const request = Object.assign(req, {
			body,
			query: Object.fromEntries(url.searchParams),
			contentType,
		});
		// What express adds to a response and the node uses.
		const response = Object.assign(res, {
			status(code: number) {
				res.statusCode = code;
				return response;
			},
			send(text: string) {
				res.end(text);
				return response;
			},
		});
		const additionalData = Object.assign(
			buildAdditionalData({ credentialsHelper: new HarnessCredentialsHelper(), executionId }),
			{ httpRequest: request as never, httpResponse: response as never },
		);
		const workflow = new Workflow({
			id: 'waiting-workflow-1',
			nodes: [structuredClone(node)],
			connections: {},
			active: false,
			nodeTypes,
		});
		const webhookData: IWebhookData = {
			httpMethod: req.method as 'GET' | 'POST',
			node: node.name,
			path: node.id,
			webhookDescription: nodeType.description.webhooks!.find(
				(webhook) => webhook.httpMethod === req.method,
			)!,
			workflowId: 'waiting-workflow-1',
			workflowExecuteAdditionalData: additionalData,
		};
		const context = new WebhookContext(
			workflow,
			workflow.getNode(node.name)!,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		const result = await nodeType.webhook!.call(context);
		if (result.workflowData) resumed.push(result.workflowData[0]);
		if (result.noWebhookResponse) return;
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(String(result.webhookResponse ?? ''));
	}

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
			res.end((error as Error).stack);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		local(link) {
			const url = new URL(link);
			return `${origin}${url.pathname}${url.search}`;
		},
		resumed,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
