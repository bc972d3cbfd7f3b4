/**
 * Runs a webhook trigger the way the n8n server does, with n8n-core's real HookContext (checkExists / create /
 * delete on activation and deactivation) and WebhookContext (webhook() for each request). Requests arrive over
 * real HTTP on a loopback server that stands in for n8n's webhook endpoint: it parses JSON bodies and queries
 * like n8n's express app and answers what n8n would (the node's own answer, or 200).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookContext, WebhookContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import {
	buildAdditionalData,
	CREDENTIAL_ID,
	HarnessCredentialsHelper,
	HarnessNodeTypes,
} from './n8n-harness';

export type WebhookMethodName = 'checkExists' | 'create' | 'delete';
/** 'production' is an active workflow's URL; 'test' is the editor's "listen for test event" URL. */
export type UrlMode = 'production' | 'test';

export interface TriggerHarness {
	/** The trigger node's static data as n8n saved it after the last production activation or deactivation. */
	staticData: IDataObject;
	/** n8n's webhook URL of the trigger for that mode. */
	webhookUrl(mode?: UrlMode): string;
	/** Calls one of the node's webhookMethods as n8n does on activation ('production') or test listening ('test'). */
	hook(method: WebhookMethodName, mode?: UrlMode): Promise<boolean>;
	/** What n8n does on activation: checkExists, then create when it answered false. */
	activate(mode?: UrlMode): Promise<void>;
	/** The workflow runs webhook() started, one entry per run: its items. */
	executions: INodeExecutionData[][];
	close(): Promise<void>;
}

const WEBHOOK_ID = '7d4c1b2a-5e6f-4a3b-8c9d-0e1f2a3b4c5d';

export async function startTriggerHarness(options: {
	nodeType: INodeType;
	credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
}): Promise<TriggerHarness> {
	const { nodeType, credentialType } = options;
	const typeName = nodeType.description.name;
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.register(typeName, nodeType);
	const credentialsHelper = new HarnessCredentialsHelper();
	credentialsHelper.registerType(credentialType);
	const details = { id: CREDENTIAL_ID, name: `${credentialType.displayName} account` };
	await credentialsHelper.setCredential(credentialType.name, options.credentials, details);

	const node: INode = {
		id: 'trigger-node-1',
		name: 'Trigger',
		type: typeName,
		typeVersion: 1,
		position: [0, 0],
		parameters: structuredClone(options.parameters),
		credentials: { [credentialType.name]: details },
		webhookId: WEBHOOK_ID,
	};
	// Static data per mode: a test listening gets a copy of the saved (production) data, as n8n's TestWebhooks does.
	const staticData: Record<UrlMode, IDataObject> = { production: {}, test: {} };
	const executions: INodeExecutionData[][] = [];

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: (error as Error).message }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	function workflowFor(mode: UrlMode): Workflow {
		return new Workflow({
			id: 'trigger-workflow-1',
			nodes: [structuredClone(node)],
			connections: {},
			active: mode === 'production',
			nodeTypes,
			staticData: staticData[mode],
		});
	}

	function additionalDataFor(
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	): IWorkflowExecuteAdditionalData {
		const additionalData = buildAdditionalData({
			credentialsHelper,
			workflowId: 'trigger-workflow-1',
		});
		return Object.assign(additionalData, {
			webhookBaseUrl: `${origin}/webhook`,
			webhookTestBaseUrl: `${origin}/webhook-test`,
			...extra,
		});
	}

	function webhookData(
		mode: UrlMode,
		additionalData: IWorkflowExecuteAdditionalData,
	): IWebhookData {
		return {
			httpMethod: 'POST',
			node: node.name,
			path: `${WEBHOOK_ID}/webhook`,
			webhookDescription: nodeType.description.webhooks![0],
			workflowId: 'trigger-workflow-1',
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
			isTest: mode === 'test',
		};
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', origin);
		const mode: UrlMode | undefined = url.pathname.startsWith('/webhook-test/')
			? 'test'
			: url.pathname.startsWith('/webhook/')
				? 'production'
				: undefined;
		if (!mode || req.method !== 'POST') {
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ code: 404, message: 'The requested webhook is not registered.' }));
			return;
		}
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		let body: unknown = {};
		try {
			body = text === '' ? {} : JSON.parse(text);
		} catch {
			body = text;
		}
		const request = Object.assign(req, { body, query: Object.fromEntries(url.searchParams) });
		const additionalData = additionalDataFor({
			httpRequest: request as never,
			httpResponse: res as never,
		});
		const workflow = workflowFor(mode);
		const context = new WebhookContext(
			workflow,
			workflow.getNode(node.name)!,
			additionalData,
			mode === 'test' ? 'manual' : 'webhook',
			webhookData(mode, additionalData),
			[],
			null,
		);
		const result = await nodeType.webhook!.call(context);
		if (result.noWebhookResponse) return;
		if (result.workflowData) executions.push(result.workflowData[0]);
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify(
				result.workflowData ? { message: 'Workflow was started' } : (result.webhookResponse ?? {}),
			),
		);
	}

	async function hook(method: WebhookMethodName, mode: UrlMode = 'production'): Promise<boolean> {
		if (mode === 'test' && method === 'checkExists')
			staticData.test = structuredClone(staticData.production);
		const additionalData = additionalDataFor();
		const workflow = workflowFor(mode);
		const context = new HookContext(
			workflow,
			workflow.getNode(node.name)!,
			additionalData,
			mode === 'test' ? 'manual' : 'trigger',
			mode === 'test' ? 'manual' : 'activate',
			webhookData(mode, additionalData),
		);
		const answer = await nodeType.webhookMethods!.default![method]!.call(context);
		// n8n saves what activation and deactivation wrote (not what webhook() writes).
		staticData[mode] = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		return answer;
	}

	return {
		get staticData() {
			return (staticData.production[`node:${node.name}`] ?? {}) as IDataObject;
		},
		webhookUrl: (mode = 'production') =>
			`${origin}/${mode === 'test' ? 'webhook-test' : 'webhook'}/${WEBHOOK_ID}/webhook`,
		hook,
		async activate(mode = 'production') {
			if (!(await hook('checkExists', mode))) await hook('create', mode);
		},
		executions,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
