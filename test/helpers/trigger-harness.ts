/**
 * Runs a webhook trigger the way the n8n server does, with n8n-core's real HookContext (checkExists / create /
 * delete) and WebhookContext (webhook() for each request). Requests arrive over real HTTP on a loopback server
 * that stands in for n8n's webhook endpoints: it parses JSON bodies and queries like n8n's express app, answers
 * 404 on a URL n8n would not serve (an inactive workflow, a test listening that ended), and otherwise what the
 * node answered. What n8n does around the hooks is followed as read in its code (packages/cli ActiveWorkflowManager
 * and TestWebhooks, the same in n8n 1.123 and 2.41):
 * - activation: checkExists, then create when it answered false (mode "trigger"); deactivation: delete (mode
 *   "internal", activation "update"); the production static data is saved after each;
 * - test listening: static data of its own that starts empty, checkExists then create (activation "manual"); when
 *   create throws, delete runs and the error is passed on; a delivery that starts a run ends the listening (delete);
 * - restart: the process ends without running any delete (test listenings are simply gone), and the new process
 *   runs checkExists/create for the active workflow (activation "init").
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
	WorkflowActivateMode,
	WorkflowExecuteMode,
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
	workflowId: string;
	/** The trigger node's static data as n8n saved it after the last activation or deactivation. */
	staticData: IDataObject;
	/** The test listening's own static data while it listens. */
	testStaticData: IDataObject;
	/** n8n's webhook URL of the trigger for that mode. */
	webhookUrl(mode?: UrlMode): string;
	/** Calls one of the node's webhookMethods as n8n does for that mode, keeping what it writes. */
	hook(method: WebhookMethodName, mode?: UrlMode): Promise<boolean>;
	/** Activation: checkExists, then create when it answered false; the production URL answers from then on. */
	activate(): Promise<void>;
	deactivate(): Promise<void>;
	/** "Listen for test event": the test URL answers until stopListening(), a timeout, or one run it starts. */
	listen(): Promise<void>;
	/** The editor's Stop, or n8n's timeout of the listening: delete on the test URL. */
	stopListening(): Promise<void>;
	/** n8n stops and starts again with `nodeType` (a fresh copy of the node's module, as a new process loads). */
	restart(nodeType: INodeType): Promise<void>;
	readonly active: boolean;
	readonly listening: boolean;
	/** Resolves once the requests received are handled, also after their answer (a run started, a listening ended). */
	idle(): Promise<void>;
	/** The workflow runs webhook() started, one entry per run: its items and mode. */
	executions: INodeExecutionData[][];
	runs: Array<{ mode: UrlMode; items: INodeExecutionData[] }>;
	close(): Promise<void>;
}

const WEBHOOK_ID = '7d4c1b2a-5e6f-4a3b-8c9d-0e1f2a3b4c5d';
/** Each harness is a workflow of its own (its own memory of deliveries), unless told which one it is. */
let workflowCount = 0;

export async function startTriggerHarness(options: {
	nodeType: INodeType;
	credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	/** Another workflow in the same n8n as this harness (same address, its own webhook ID). */
	sameN8nAs?: TriggerHarness;
	webhookId?: string;
	workflowId?: string;
	/** The node's version in the workflow (default: the newest). */
	typeVersion?: number;
}): Promise<TriggerHarness> {
	let nodeType = options.nodeType;
	const { credentialType } = options;
	const webhookId = options.webhookId ?? WEBHOOK_ID;
	const workflowId = options.workflowId ?? `TriggerWorkflow${++workflowCount}`;
	const typeName = nodeType.description.name;
	let nodeTypes = new HarnessNodeTypes();
	nodeTypes.register(typeName, nodeType);
	const credentialsHelper = new HarnessCredentialsHelper();
	credentialsHelper.registerType(credentialType);
	const details = { id: CREDENTIAL_ID, name: `${credentialType.displayName} account` };
	await credentialsHelper.setCredential(credentialType.name, options.credentials, details);

	const node: INode = {
		id: 'trigger-node-1',
		name: 'Trigger',
		type: typeName,
		typeVersion: options.typeVersion ?? nodeType.description.defaultVersion ?? 1,
		position: [0, 0],
		parameters: structuredClone(options.parameters),
		credentials: { [credentialType.name]: details },
		webhookId,
	};
	const staticData: Record<UrlMode, IDataObject> = { production: {}, test: {} };
	const state = { active: false, listening: false };
	const runs: Array<{ mode: UrlMode; items: INodeExecutionData[] }> = [];

	const n8n = options.sameN8nAs ? standIns.get(options.sameN8nAs)! : await startStandIn();
	const { origin } = n8n;
	const handling = new Set<Promise<boolean>>();
	n8n.routes.set(webhookId, (req, res, url, mode) => {
		const handled = handle(req, res, url, mode);
		handling.add(handled);
		void handled.finally(() => handling.delete(handled)).catch(() => undefined);
		return handled;
	});

	function workflowFor(mode: UrlMode): Workflow {
		return new Workflow({
			id: workflowId,
			nodes: [structuredClone(node)],
			connections: {},
			active: mode === 'production' && state.active,
			nodeTypes,
			staticData: staticData[mode],
		});
	}

	function additionalDataFor(
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	): IWorkflowExecuteAdditionalData {
		const additionalData = buildAdditionalData({ credentialsHelper, workflowId });
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
			path: `${webhookId}/webhook`,
			webhookDescription: nodeType.description.webhooks![0],
			workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId,
			isTest: mode === 'test',
		};
	}

	async function handle(
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		mode: UrlMode,
	): Promise<boolean> {
		const served = (mode === 'production' && state.active) || (mode === 'test' && state.listening);
		if (!served) return false;
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
		if (result.workflowData) runs.push({ mode, items: result.workflowData[0] });
		if (!result.noWebhookResponse) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify(
					result.workflowData
						? { message: 'Workflow was started' }
						: (result.webhookResponse ?? {}),
				),
			);
		}
		// A test listening ends with the first run it starts, after the answer.
		if (mode === 'test' && result.workflowData) await harness.stopListening();
		return true;
	}

	async function hook(method: WebhookMethodName, mode: UrlMode = 'production'): Promise<boolean> {
		return await hookAs(method, mode, mode === 'production' ? 'activate' : 'manual');
	}

	async function hookAs(
		method: WebhookMethodName,
		mode: UrlMode,
		activation: WorkflowActivateMode,
	): Promise<boolean> {
		const additionalData = additionalDataFor();
		const workflow = workflowFor(mode);
		const executeMode: WorkflowExecuteMode =
			method === 'delete' ? 'internal' : mode === 'test' ? 'manual' : 'trigger';
		const context = new HookContext(
			workflow,
			workflow.getNode(node.name)!,
			additionalData,
			executeMode,
			method === 'delete' ? 'update' : activation,
			webhookData(mode, additionalData),
		);
		const answer = await nodeType.webhookMethods!.default![method]!.call(context);
		// n8n saves what activation and deactivation wrote (not what webhook() writes).
		staticData[mode] = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		return answer;
	}

	async function activateAs(activation: WorkflowActivateMode): Promise<void> {
		if (!(await hookAs('checkExists', 'production', activation)))
			await hookAs('create', 'production', activation);
		state.active = true;
	}

	const harness: TriggerHarness = {
		workflowId,
		get staticData() {
			return (staticData.production[`node:${node.name}`] ?? {}) as IDataObject;
		},
		get testStaticData() {
			return (staticData.test[`node:${node.name}`] ?? {}) as IDataObject;
		},
		get active() {
			return state.active;
		},
		get listening() {
			return state.listening;
		},
		async idle() {
			await Promise.allSettled([...handling]);
		},
		webhookUrl: (mode = 'production') =>
			`${origin}/${mode === 'test' ? 'webhook-test' : 'webhook'}/${webhookId}/webhook`,
		hook,
		activate: async () => await activateAs('activate'),
		async deactivate() {
			state.active = false;
			await hook('delete', 'production');
		},
		async listen() {
			staticData.test = {};
			state.listening = true;
			try {
				if (!(await hook('checkExists', 'test'))) await hook('create', 'test');
			} catch (error) {
				await harness.stopListening();
				throw error;
			}
		},
		async stopListening() {
			state.listening = false;
			await hook('delete', 'test');
			staticData.test = {};
		},
		async restart(freshNodeType) {
			state.listening = false;
			staticData.test = {};
			nodeType = freshNodeType;
			nodeTypes = new HarnessNodeTypes();
			nodeTypes.register(typeName, nodeType);
			if (state.active) {
				state.active = false;
				await activateAs('init');
			}
		},
		get executions() {
			return runs.map((run) => run.items);
		},
		runs,
		async close() {
			n8n.routes.delete(webhookId);
			if (n8n.routes.size === 0) await n8n.close();
		},
	};
	standIns.set(harness, n8n);
	return harness;
}

type Route = (
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	mode: UrlMode,
) => Promise<boolean>;

/** The stand-in n8n: one address, one route per trigger webhook ID. */
interface StandIn {
	origin: string;
	routes: Map<string, Route>;
	close(): Promise<void>;
}

const standIns = new WeakMap<TriggerHarness, StandIn>();

async function startStandIn(): Promise<StandIn> {
	const routes = new Map<string, Route>();
	const notFound = (res: ServerResponse) => {
		res.writeHead(404, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ code: 404, message: 'The requested webhook is not registered.' }));
	};
	const server: Server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const match = /^\/(webhook|webhook-test)\/([^/]+)\/webhook\/?$/.exec(url.pathname);
		const route = match && req.method === 'POST' ? routes.get(match[2]) : undefined;
		if (!route) return notFound(res);
		route(req, res, url, match![1] === 'webhook' ? 'production' : 'test').then(
			(served) => {
				if (!served) notFound(res);
			},
			(error: unknown) => {
				if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: (error as Error).message }));
			},
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		routes,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
