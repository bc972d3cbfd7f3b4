/**
 * Test harness that runs a node through n8n's real execution machinery (n8n-core's
 * WorkflowExecute, ExecuteContext, LoadOptionsContext, RoutingNode, BinaryDataService and
 * request helpers). Nothing of n8n is mocked: the harness only supplies what the n8n server
 * (packages/cli) would supply — a credentials store, a node-type registry and additionalData.
 */
import { HARNESS_USER_FOLDER } from './n8n-harness-env';

import { Container } from '@n8n/di';
import { randomUUID } from 'node:crypto';
import {
	BinaryDataConfig,
	BinaryDataService,
	Cipher,
	Credentials,
	EncryptionKeyProxy,
	InstanceSettings,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	RoutingNode,
	WorkflowExecute,
	getAdditionalKeys,
} from 'n8n-core';
import {
	ICredentialsHelper,
	NodeApiError,
	NodeHelpers,
	NodeOperationError,
	UnexpectedError,
	UserError,
	Workflow,
	createRunExecutionData,
	isExpression,
} from 'n8n-workflow';
import type { KeyInfo } from 'n8n-core';
import type {
	ExecutionBaseError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	ICredentialsExpressionResolveValues,
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	ResourceMapperFields,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export interface HarnessItem {
	json: IDataObject;
	binary?: Record<string, { data: Buffer; fileName?: string; mimeType?: string }>;
}

export interface RunNodeOptions {
	nodeType: INodeType;
	credentialType?: ICredentialType;
	credentials?: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	items?: HarnessItem[];
	continueOnFail?: boolean;
	binaryDataMode?: 'default' | 'filesystem';
	nodeTypeVersion?: number;
	/** n8n's public addresses for this run, e.g. `webhookWaitingBaseUrl` behind an https proxy. */
	urls?: Partial<Pick<IWorkflowExecuteAdditionalData, 'webhookWaitingBaseUrl'>>;
}

export interface RunNodeResult {
	/** Main output 0 of the node under test ([] when it produced nothing or failed). */
	items: INodeExecutionData[];
	/** The node's error as n8n recorded it (same object, same class), if the run failed. */
	error?: Error;
	runData: IRunData;
	/** Set when the node put the execution to wait (`putExecutionToWait`): until when. */
	waitTill?: Date;
	/** The node as it ran (its id is in its resume links) and the run's execution id. */
	node: INode;
	executionId: string;
}

/** The temp folder n8n-core uses as N8N_USER_FOLDER for this test file. */
export const harnessUserFolder = HARNESS_USER_FOLDER;

/** Where BinaryDataService keeps files in 'filesystem' mode. */
export function getBinaryStoragePath(): string {
	return Container.get(BinaryDataConfig).localStoragePath;
}

/** Name the harness gives the node under test in the workflow. */
export const NODE_UNDER_TEST = 'Node Under Test';
const SOURCE_NODE = 'Harness Source';
const SOURCE_NODE_TYPE = 'n8n-harness.source';
export const CREDENTIAL_ID = 'harness-credential-1';

// ---------------------------------------------------------------------------------------------
// Node types registry (what the server's NodeTypes service does)
// ---------------------------------------------------------------------------------------------

type AnyNodeType = INodeType | IVersionedNodeType;

export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();
	private readonly observers = new Map<string, (error: unknown) => void>();
	private readonly observed = new Map<string, INodeType>();

	register(name: string, type: AnyNodeType): void {
		this.types.set(name, type);
	}

	/**
	 * n8n keeps only a spread copy ({ ...error, message, stack }) of a node's error in the run
	 * data, which loses the class. To hand tests the real error object, the node type's own
	 * `execute` is observed (called unchanged, its throw recorded and re-thrown as is).
	 */
	observeThrows(name: string, onThrow: (error: unknown) => void): void {
		this.observers.set(name, onThrow);
	}

	getByName(nodeType: string): AnyNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new UnexpectedError(`Unknown node type: ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const type = NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
		const onThrow = this.observers.get(nodeType);
		if (!onThrow || typeof type.execute !== 'function') return type;
		const cacheKey = `${nodeType}@${version ?? ''}`;
		let observedType = this.observed.get(cacheKey);
		if (!observedType) {
			const execute = type.execute as (...args: unknown[]) => Promise<unknown>;
			observedType = Object.create(type) as INodeType;
			observedType.execute = async function (this: unknown, ...args: unknown[]) {
				try {
					return await execute.apply(this, args);
				} catch (error) {
					onThrow(error);
					throw error;
				}
			} as INodeType['execute'];
			this.observed.set(cacheKey, observedType);
		}
		return observedType;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

function latestVersion(type: AnyNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version, defaultVersion } = type.description;
	if (defaultVersion !== undefined) return defaultVersion;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function typeNameOf(type: AnyNodeType): string {
	return type.description.name;
}

// ---------------------------------------------------------------------------------------------
// Credentials helper (what the server's CredentialsHelper does, with an in-memory store instead
// of the database; data is kept encrypted with n8n-core's real Credentials/Cipher)
// ---------------------------------------------------------------------------------------------

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();
	private readonly store = new Map<
		string,
		{ id: string; name: string; type: string; data: string }
	>();

	constructor() {
		super();
		ensureEncryptionKeyProvider();
	}

	registerType(type: ICredentialType): void {
		this.types.set(type.name, type);
	}

	async setCredential(
		type: string,
		data: ICredentialDataDecryptedObject,
		details: { id: string; name: string },
	): Promise<void> {
		const credentials = new Credentials({ id: details.id, name: details.name }, type);
		await credentials.setData(data);
		this.store.set(this.key(details.id, type), {
			...details,
			type,
			data: credentials.getDataToSave().data as string,
		});
	}

	private key(id: string | null, type: string): string {
		return `${type}:${id ?? ''}`;
	}

	private getType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type)
			throw new UnexpectedError('Unknown credential type', { tags: { credentialType: name } });
		return type;
	}

	getParentTypes(name: string): string[] {
		const type = this.types.get(name);
		if (!type?.extends) return [];
		const parents: string[] = [];
		for (const parent of type.extends) {
			parents.push(parent, ...this.getParentTypes(parent));
		}
		return parents;
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some((n) => nodeType === n || nodeType.endsWith(`.${n}`));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const credentialType = this.getType(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		if (requestOptions.headers === undefined) requestOptions.headers = {};
		if (authenticate.type === 'generic') {
			const target = requestOptions as unknown as Record<string, Record<string, string>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
					const valueResolved = this.resolveValue(
						value,
						{ $credentials: credentials },
						workflow,
						node,
					);
					if (!target[outerKey]) target[outerKey] = {};
					target[outerKey][keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const value = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		return value ? String(value) : '';
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getType(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined) return undefined;
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) {
			return undefined;
		}
		const output = (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const details = node.credentials[credentialType.name];
			const stored = await (await this.getCredentials(details, credentialType.name)).getData();
			await this.updateCredentials(details, credentialType.name, { ...stored, ...output });
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getType(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		const entry = this.store.get(this.key(nodeCredentials.id, type));
		if (!entry) {
			throw new UserError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`,
			);
		}
		return new Credentials({ id: entry.id, name: entry.name }, entry.type, entry.data);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = await (await this.getCredentials(nodeCredentials, type)).getData();
		if (raw === true) return data;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			data,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** Adds the credential type's defaults and resolves expressions, as the server does. */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		let decryptedData = NodeHelpers.getNodeParameters(
			properties,
			decryptedDataOriginal as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}
		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const mockNode: INode = {
				id: 'mock',
				name: '',
				typeVersion: 1,
				type: 'mock',
				position: [0, 0],
				parameters: {},
			};
			const workflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			decryptedData = workflow.expression.getComplexParameterValue(
				mockNode,
				decryptedData as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decryptedData,
			) as ICredentialDataDecryptedObject;
		}
		return decryptedData;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.setCredential(type, data, {
			id: nodeCredentials.id ?? CREDENTIAL_ID,
			name: nodeCredentials.name,
		});
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = await (await this.getCredentials(nodeCredentials, type)).getData();
		await this.updateCredentials(nodeCredentials, type, {
			...stored,
			oauthTokenData: data.oauthTokenData,
		});
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getType(type);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			if (this.types.has(parent)) {
				NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
			}
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}
}

const mockNodeTypes: INodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getKnownTypes: () => ({}),
};

// ---------------------------------------------------------------------------------------------
// DI setup and additionalData
// ---------------------------------------------------------------------------------------------

/**
 * The server registers a DB-backed encryption-key provider at startup; the harness registers an
 * in-memory one holding only the instance's legacy key (N8N_ENCRYPTION_KEY), wrapped the way
 * n8n-core's Cipher expects. Credentials are then encrypted and decrypted by the real Cipher.
 */
function ensureEncryptionKeyProvider(): void {
	const proxy = Container.get(EncryptionKeyProxy);
	if ((proxy as unknown as { provider?: unknown }).provider) return;
	const cipher = Container.get(Cipher);
	const legacyKey: KeyInfo = {
		id: 'legacy',
		value: cipher.encryptDEKWithInstanceKey(Container.get(InstanceSettings).encryptionKey),
		algorithm: 'aes-256-cbc',
		format: 'no-prefix',
	};
	proxy.setProvider({
		getActiveKey: async () => legacyKey,
		getLegacyKey: async () => legacyKey,
		getKeyById: async (id) => (id === legacyKey.id ? legacyKey : null),
	});
}

let binaryServiceReady: Promise<void> | undefined;
let currentBinaryMode: string | undefined;

async function useBinaryDataMode(mode: 'default' | 'filesystem'): Promise<void> {
	const config = Container.get(BinaryDataConfig);
	const service = Container.get(BinaryDataService);
	// n8n picks the mode once, at BinaryDataService.init(), from N8N_DEFAULT_BINARY_DATA_MODE;
	// the harness sets the same config field and re-inits when a run asks for another mode.
	if (currentBinaryMode === mode && binaryServiceReady) return await binaryServiceReady;
	config.mode = mode;
	currentBinaryMode = mode;
	binaryServiceReady = service.init();
	await binaryServiceReady;
}

export function buildAdditionalData(options: {
	credentialsHelper: ICredentialsHelper;
	executionId?: string;
	workflowId?: string;
	currentNodeParameters?: INodeParameters;
	hooks?: ExecutionLifecycleHooks;
}): IWorkflowExecuteAdditionalData {
	const notInHarness = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not available in the n8n test harness`);
	};
	const additionalData: IWorkflowExecuteAdditionalData = {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		workflowId: options.workflowId,
		userId: 'harness-user',
		currentNodeParameters: options.currentNodeParameters,
		currentNodeExecutionIndex: 0,
		variables: {},
		externalSecretsProxy: Container.get(ExternalSecretsProxy),
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		// Server-only features (sub-workflows, task runners, AI telemetry) are stubbed.
		executeWorkflow: notInHarness('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: notInHarness('startRunnerTask'),
	} as IWorkflowExecuteAdditionalData;
	return additionalData;
}

// ---------------------------------------------------------------------------------------------
// The source node: emits the harness items, storing binaries through n8n's binary helpers
// ---------------------------------------------------------------------------------------------

const pendingItems = new Map<string, HarnessItem[]>();

const sourceNodeType: INodeType = {
	description: {
		displayName: 'Harness Source',
		name: SOURCE_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits the items a test gave to runNode()',
		defaults: { name: SOURCE_NODE },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Run ID', name: 'runId', type: 'string', default: '' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const runId = this.getNodeParameter('runId', 0) as string;
		const items = pendingItems.get(runId) ?? [];
		const out: INodeExecutionData[] = [];
		for (const item of items) {
			const outItem: INodeExecutionData = { json: structuredClone(item.json) };
			if (item.binary) {
				outItem.binary = {};
				for (const [key, bin] of Object.entries(item.binary)) {
					outItem.binary[key] = await this.helpers.prepareBinaryData(
						bin.data,
						bin.fileName,
						bin.mimeType,
					);
				}
			}
			out.push(outItem);
		}
		return [out];
	},
};

// ---------------------------------------------------------------------------------------------
// runNode
// ---------------------------------------------------------------------------------------------

function credentialDisplayName(type: ICredentialType): string {
	return `${type.displayName} account`;
}

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const { nodeType, credentialType } = options;
	await useBinaryDataMode(options.binaryDataMode ?? 'default');

	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.register(SOURCE_NODE_TYPE, sourceNodeType);
	const typeName = typeNameOf(nodeType);
	nodeTypes.register(typeName, nodeType);
	let thrown: unknown;
	nodeTypes.observeThrows(typeName, (error) => {
		thrown = error;
	});

	const credentialsHelper = new HarnessCredentialsHelper();
	const nodeCredentials: INode['credentials'] = {};
	if (credentialType) {
		credentialsHelper.registerType(credentialType);
		const details = { id: CREDENTIAL_ID, name: credentialDisplayName(credentialType) };
		await credentialsHelper.setCredential(credentialType.name, options.credentials ?? {}, details);
		nodeCredentials[credentialType.name] = details;
	}

	const runId = randomUUID();
	pendingItems.set(runId, options.items ?? [{ json: {} }]);

	const nodeUnderTest: INode = {
		id: randomUUID(),
		name: NODE_UNDER_TEST,
		type: typeName,
		typeVersion: options.nodeTypeVersion ?? latestVersion(nodeType),
		position: [200, 0],
		parameters: structuredClone(options.parameters),
		...(credentialType ? { credentials: nodeCredentials } : {}),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const sourceNode: INode = {
		id: randomUUID(),
		name: SOURCE_NODE,
		type: SOURCE_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { runId },
	};
	const connections = {
		[SOURCE_NODE]: { main: [[{ node: NODE_UNDER_TEST, type: 'main' as const, index: 0 }]] },
	};

	const workflowId = `harness-wf-${runId.slice(0, 8)}`;
	const executionId = `harness-ex-${runId.slice(0, 8)}`;
	const settings = { executionOrder: 'v1' as const };
	const workflow = new Workflow({
		id: workflowId,
		name: 'n8n harness',
		nodes: [sourceNode, nodeUnderTest],
		connections,
		active: false,
		nodeTypes,
		settings,
	});
	const workflowData: IWorkflowBase = {
		id: workflowId,
		name: 'n8n harness',
		active: false,
		isArchived: false,
		nodes: [sourceNode, nodeUnderTest],
		connections,
		settings,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as IWorkflowBase;

	// Real lifecycle-hooks object with no handlers: push/DB-saving handlers belong to the server.
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const additionalData = Object.assign(
		buildAdditionalData({ credentialsHelper, executionId, workflowId, hooks }),
		options.urls,
	);

	let run: IRun;
	try {
		const workflowExecute = new WorkflowExecute(additionalData, 'manual');
		run = await workflowExecute.run({ workflow, startNode: sourceNode });
	} finally {
		pendingItems.delete(runId);
	}

	const runData = run.data.resultData.runData;
	const task = runData[NODE_UNDER_TEST]?.[0];
	const sourceTask = runData[SOURCE_NODE]?.[0];
	const recorded = task?.error ?? sourceTask?.error ?? run.data.resultData.error;
	const error = recorded ? realError(recorded, task?.error ? thrown : undefined) : undefined;
	const items = task?.data?.main?.[0] ?? [];
	return {
		items,
		...(error ? { error } : {}),
		runData,
		...(run.waitTill ? { waitTill: run.waitTill } : {}),
		node: nodeUnderTest,
		executionId,
	};
}

const errorClasses: Record<string, new (...args: never[]) => Error> = {
	NodeOperationError,
	NodeApiError,
};

/**
 * The error n8n recorded for the node, as the object the node threw when we saw it being thrown
 * (same message), else n8n's recorded copy with its n8n error class restored from `name`.
 */
function realError(recorded: ExecutionBaseError, thrown: unknown): Error {
	if (thrown instanceof Error && thrown.message === recorded.message) return thrown;
	const plain = recorded as unknown as Record<string, unknown> & { name: string };
	if (Object.getPrototypeOf(plain) !== Object.prototype) return recorded;
	const errorClass = errorClasses[plain.name] ?? Error;
	return Object.setPrototypeOf({ ...plain }, errorClass.prototype) as Error;
}

// ---------------------------------------------------------------------------------------------
// runListSearch (what DynamicNodeParametersService.getResourceLocatorResults / getOptions do)
// ---------------------------------------------------------------------------------------------

interface LoadOptionsRun {
	nodeType: INodeType;
	credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
	method: string;
	parameters?: INodeParameters;
}

/** The context n8n gives a node's editor methods (listSearch, loadOptions, resourceMapping). */
async function loadOptionsContext(options: LoadOptionsRun): Promise<LoadOptionsContext> {
	const { nodeType, credentialType, method } = options;
	const nodeTypes = new HarnessNodeTypes();
	const typeName = typeNameOf(nodeType);
	nodeTypes.register(typeName, nodeType);
	const credentialsHelper = new HarnessCredentialsHelper();
	credentialsHelper.registerType(credentialType);
	const details = { id: CREDENTIAL_ID, name: credentialDisplayName(credentialType) };
	await credentialsHelper.setCredential(credentialType.name, options.credentials, details);

	const parameters = structuredClone(options.parameters ?? {});
	const node: INode = {
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: typeName,
		typeVersion: latestVersion(nodeType),
		position: [0, 0],
		parameters,
		credentials: { [credentialType.name]: details },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = buildAdditionalData({
		credentialsHelper,
		currentNodeParameters: parameters,
	});
	return new LoadOptionsContext(
		workflow,
		workflow.nodes['Temp-Node'],
		additionalData,
		`parameters.${method}`,
	);
}

export async function runListSearch(
	options: LoadOptionsRun & { filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const { nodeType, method } = options;
	const listSearch = nodeType.methods?.listSearch?.[method];
	const loadOptions = nodeType.methods?.loadOptions?.[method];
	if (typeof listSearch !== 'function' && typeof loadOptions !== 'function') {
		throw new UnexpectedError(`Node type has no listSearch/loadOptions method "${method}"`);
	}
	const context = await loadOptionsContext(options);
	if (typeof listSearch === 'function') {
		return await listSearch.call(context, options.filter, options.paginationToken);
	}
	const results = (await loadOptions!.call(context)) as INodePropertyOptions[];
	return {
		results: results.map((o) => ({
			name: o.name,
			value: o.value as string | number,
			url: undefined,
		})),
	};
}

/** Runs a node's resourceMapping method as the editor does when it shows a resource mapper field. */
export async function runResourceMapping(options: LoadOptionsRun): Promise<ResourceMapperFields> {
	const resourceMapping = options.nodeType.methods?.resourceMapping?.[options.method];
	if (typeof resourceMapping !== 'function')
		throw new UnexpectedError(`Node type has no resourceMapping method "${options.method}"`);
	return await resourceMapping.call(await loadOptionsContext(options));
}

// ---------------------------------------------------------------------------------------------
// testCredential (what CredentialsTester.testCredentials does for a declarative `test`)
// ---------------------------------------------------------------------------------------------

/** Stands in for n8n-nodes-base.noOp, which the tester borrows when a credential has its own test. */
const noOpNodeType: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'n8n-nodes-base.noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
};

export async function testCredential(options: {
	credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
}): Promise<INodeCredentialTestResult> {
	const { credentialType } = options;
	const testRequest = credentialType.test;
	if (!testRequest) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsHelper = new HarnessCredentialsHelper();
	credentialsHelper.registerType(credentialType);
	const details = { id: CREDENTIAL_ID, name: credentialDisplayName(credentialType) };
	await credentialsHelper.setCredential(credentialType.name, options.credentials, details);

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: details.id,
		name: details.name,
		type: credentialType.name,
		data: options.credentials,
	};
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			buildAdditionalData({ credentialsHelper }),
			options.credentials,
			credentialType.name,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	const nodeType = noOpNodeType;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [credentialType.name]: { id: details.id, name: details.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...nodeType.description,
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.register(nodeTypeCopy.description.name, nodeTypeCopy);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

	const additionalData = buildAdditionalData({ credentialsHelper });
	const executeData: IExecuteData = { node, data: {}, source: null };
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ resultData: { runData: {} } }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as Error & {
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			const statusMessage = error.cause.response.statusText;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: statusMessage || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response?.[0]?.[0]?.json;
			if (getPath(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

function getPath(obj: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((acc, key) => {
		if (acc && typeof acc === 'object') return (acc as Record<string, unknown>)[key];
		return undefined;
	}, obj);
}

/** Absolute path of a stored binary in filesystem mode (n8n-core's own getPath). */
export function getBinaryFilePath(binaryDataId: string): string {
	return Container.get(BinaryDataService).getPath(binaryDataId);
}
