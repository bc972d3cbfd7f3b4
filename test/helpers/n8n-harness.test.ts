import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
	NodeApiError,
	NodeOperationError,
	type IAuthenticateGeneric,
	type ICredentialTestRequest,
	type ICredentialType,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	getBinaryStoragePath,
	harnessUserFolder,
	runListSearch,
	runNode,
	testCredential,
} from './n8n-harness';

// ---------------------------------------------------------------------------------------------
// A tiny local HTTP server (127.0.0.1 only)
// ---------------------------------------------------------------------------------------------

interface SeenRequest {
	method: string;
	url: string;
	authorization?: string;
}
const seen: SeenRequest[] = [];
let server: Server;
let baseUrl: string;

const basic = (user: string, pass: string) =>
	`Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

beforeAll(async () => {
	server = createServer((req: IncomingMessage, res) => {
		seen.push({
			method: req.method ?? '',
			url: req.url ?? '',
			authorization: req.headers.authorization,
		});
		const send = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (!url.pathname.startsWith('/api/')) return send(404, { error: 'not found' });
		if (req.headers.authorization !== basic('alice', 's3cret'))
			return send(401, { error: 'unauthorized' });
		if (url.pathname === '/api/me') return send(200, { user: 'alice' });
		if (url.pathname === '/api/templates') {
			const all = ['welcome', 'welcome_back', 'order_shipped', 'invoice'];
			const q = url.searchParams.get('q') ?? '';
			const page = Number(url.searchParams.get('page') ?? '1');
			const matching = all.filter((n) => n.includes(q));
			const pageItems = matching.slice((page - 1) * 2, page * 2);
			return send(200, { data: pageItems, nextPage: matching.length > page * 2 ? page + 1 : null });
		}
		return send(404, { error: 'not found' });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	seen.length = 0;
});

// ---------------------------------------------------------------------------------------------
// Toy credential and node types
// ---------------------------------------------------------------------------------------------

class ToyApi implements ICredentialType {
	name = 'toyApi';
	displayName = 'Toy API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:1/api' },
		{ displayName: 'Username', name: 'username', type: 'string', default: '' },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	];
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.username}}', password: '={{$credentials.password}}' },
		},
	};
	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}', url: '/me' },
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'Wrong username or password' } },
			{ type: 'responseCode', properties: { value: 404, message: 'Base URL not found' } },
		],
	};
}

const baseDescription = (name: string): INodeTypeDescription => ({
	displayName: name,
	name,
	group: ['transform'],
	version: 1,
	description: name,
	defaults: { name },
	inputs: ['main'],
	outputs: ['main'],
	properties: [],
});

class ToyNode implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription('toyNode'),
		version: [1, 2],
		credentials: [{ name: 'toyApi', required: true }],
		properties: [
			{
				displayName: 'Action',
				name: 'action',
				type: 'options',
				options: [
					{ name: 'Echo', value: 'echo' },
					{ name: 'Read Credentials', value: 'creds' },
					{ name: 'Read Binary', value: 'binary' },
					{ name: 'Fail', value: 'fail' },
					{ name: 'Call API', value: 'api' },
					{ name: 'Crash', value: 'crash' },
				],
				default: 'echo',
			},
			{ displayName: 'Binary Read Mode', name: 'readMode', type: 'string', default: 'stream' },
			{ displayName: 'Suffix', name: 'suffix', type: 'string', default: '-default' },
		],
	};

	methods = {
		listSearch: {
			async searchTemplates(
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			): Promise<INodeListSearchResult> {
				const credentials = await this.getCredentials('toyApi');
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'toyApi', {
					method: 'GET',
					url: `${String(credentials.baseUrl).replace(/\/+$/, '')}/templates`,
					qs: { q: filter ?? '', page: paginationToken ?? '1' },
					json: true,
				})) as { data: string[]; nextPage: number | null };
				const region = this.getCurrentNodeParameter('action') as string;
				return {
					results: response.data.map((n) => ({ name: `${n} (${region})`, value: n })),
					paginationToken: response.nextPage === null ? undefined : String(response.nextPage),
				};
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		if (this.getNodeParameter('action', 0) === 'crash') {
			// Throws regardless of continueOnFail, to show what n8n itself does then.
			throw new NodeOperationError(this.getNode(), 'Crashed', { itemIndex: 0 });
		}
		for (let i = 0; i < items.length; i++) {
			try {
				const action = this.getNodeParameter('action', i) as string;
				if (action === 'echo') {
					const suffix = this.getNodeParameter('suffix', i) as string;
					out.push({
						json: {
							...items[i].json,
							echoed: `${String(items[i].json.name)}${suffix}`,
							version: this.getNode().typeVersion,
						},
						pairedItem: { item: i },
					});
				} else if (action === 'creds') {
					const credentials = await this.getCredentials('toyApi', i);
					out.push({ json: { credentials }, pairedItem: { item: i } });
				} else if (action === 'binary') {
					const binary = this.helpers.assertBinaryData(i, 'file');
					let buffer: Buffer;
					if (this.getNodeParameter('readMode', i) === 'stream') {
						const stream = await this.helpers.getBinaryStream(binary.id!);
						const chunks: Buffer[] = [];
						for await (const chunk of stream as Readable) chunks.push(chunk as Buffer);
						buffer = Buffer.concat(chunks);
					} else {
						buffer = await this.helpers.getBinaryDataBuffer(i, 'file');
					}
					out.push({
						json: {
							text: buffer.toString('utf8'),
							id: binary.id ?? null,
							fileName: binary.fileName ?? null,
							mimeType: binary.mimeType,
						},
						pairedItem: { item: i },
					});
				} else if (action === 'fail') {
					if (items[i].json.bad) {
						throw new NodeOperationError(this.getNode(), `Item ${i} is bad`, {
							itemIndex: i,
							description: 'The item had bad=true',
						});
					}
					out.push({ json: { ok: true }, pairedItem: { item: i } });
				} else if (action === 'api') {
					const credentials = await this.getCredentials('toyApi', i);
					const response = await this.helpers.httpRequestWithAuthentication.call(this, 'toyApi', {
						method: 'GET',
						url: `${String(credentials.baseUrl)}/me`,
						json: true,
					});
					out.push({ json: response, pairedItem: { item: i } });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				if (error instanceof NodeOperationError || error instanceof NodeApiError) throw error;
				throw new NodeApiError(this.getNode(), error as never, { itemIndex: i });
			}
		}
		return [out];
	}
}

const credentials = () => ({ baseUrl: `${baseUrl}/api`, username: 'alice', password: 's3cret' });

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('runNode', () => {
	it('passes items through the real engine and keeps pairedItem', async () => {
		const started = Date.now();
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'echo', suffix: '={{ "-" + $json.name.length }}' },
			items: [{ json: { name: 'ana' } }, { json: { name: 'bruno' } }],
		});
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			{ name: 'ana', echoed: 'ana-3', version: 2 },
			{ name: 'bruno', echoed: 'bruno-5', version: 2 },
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(Object.keys(result.runData).sort()).toEqual(['Harness Source', 'Node Under Test']);
		expect(result.runData['Node Under Test'][0].executionStatus).toBe('success');
		// eslint-disable-next-line no-console
		console.log(`runNode (2 items, echo) took ${elapsed} ms`);
	});

	it('is fast once warm (a run builds the context in milliseconds)', async () => {
		const options = {
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'creds' },
			items: [{ json: { a: 1 } }],
		};
		await runNode(options);
		const started = process.hrtime.bigint();
		const runs = 20;
		for (let i = 0; i < runs; i++) await runNode(options);
		const perRunMs = Number(process.hrtime.bigint() - started) / 1e6 / runs;
		// eslint-disable-next-line no-console
		console.log(`warm runNode with credentials: ${perRunMs.toFixed(2)} ms per run`);
		expect(perRunMs).toBeLessThan(250);
	});

	it('honours nodeTypeVersion and fills parameter defaults like the editor', async () => {
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'echo' },
			items: [{ json: { name: 'x' } }],
			nodeTypeVersion: 1,
		});
		expect(result.items[0].json).toEqual({ name: 'x', echoed: 'x-default', version: 1 });
	});

	it('defaults to one empty input item', async () => {
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'fail' },
		});
		expect(result.items.map((i) => i.json)).toEqual([{ ok: true }]);
	});

	it('gives the node its credentials via this.getCredentials (with type defaults applied)', async () => {
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'creds' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.credentials).toEqual({ ...credentials(), region: 'eu' });
	});

	it('applies the credential generic auth on httpRequestWithAuthentication', async () => {
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'api' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ user: 'alice' });
		expect(seen).toEqual([
			{ method: 'GET', url: '/api/me', authorization: basic('alice', 's3cret') },
		]);
	});

	it('returns a NodeApiError when the API rejects the request', async () => {
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: { ...credentials(), password: 'wrong' },
			parameters: { action: 'api' },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('401');
		expect(result.items).toEqual([]);
	});

	it('reads a binary as a stream in filesystem mode, stored on disk by BinaryDataService', async () => {
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'binary', readMode: 'stream' },
			binaryDataMode: 'filesystem',
			items: [
				{
					json: {},
					binary: {
						file: {
							data: Buffer.from('name,phone\nana,+5491100000000\n'),
							fileName: 'c.csv',
							mimeType: 'text/csv',
						},
					},
				},
			],
		});
		expect(result.error).toBeUndefined();
		const out = result.items[0].json;
		expect(out.text).toBe('name,phone\nana,+5491100000000\n');
		expect(out.fileName).toBe('c.csv');
		expect(out.mimeType).toBe('text/csv');
		expect(String(out.id)).toMatch(/^filesystem(-v2)?:/);

		const storage = getBinaryStoragePath();
		expect(storage.startsWith(harnessUserFolder)).toBe(true);
		const files = listFiles(storage);
		const dataFiles = files.filter((f) => !f.endsWith('.metadata'));
		expect(dataFiles.length).toBeGreaterThan(0);
		expect(
			dataFiles.some((f) => statSync(f).size === 'name,phone\nana,+5491100000000\n'.length),
		).toBe(true);
	});

	it('reads a binary with getBinaryDataBuffer in default (in-memory) mode', async () => {
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'binary', readMode: 'buffer' },
			binaryDataMode: 'default',
			items: [
				{
					json: {},
					binary: {
						file: { data: Buffer.from('hola'), fileName: 'h.txt', mimeType: 'text/plain' },
					},
				},
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({
			text: 'hola',
			id: null,
			fileName: 'h.txt',
			mimeType: 'text/plain',
		});
	});

	it('returns the NodeOperationError (class, itemIndex, description) when the node throws', async () => {
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'fail' },
			items: [{ json: { bad: false } }, { json: { bad: true } }],
		});
		expect(result.items).toEqual([]);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		const error = result.error as NodeOperationError;
		expect(error.message).toBe('Item 1 is bad');
		expect(error.description).toBe('The item had bad=true');
		expect(error.context.itemIndex).toBe(1);
		// n8n's run data keeps a plain copy ({ ...error, message, stack }); `error` is the thrown object.
		expect(result.runData['Node Under Test'][0].error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Item 1 is bad',
			description: 'The item had bad=true',
		});
		expect(JSON.parse(JSON.stringify(error))).toMatchObject({ message: 'Item 1 is bad' });
	});

	it('with continueOnFail, puts the error in an output item instead', async () => {
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'fail' },
			items: [{ json: { bad: false } }, { json: { bad: true } }],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ ok: true }, { error: 'Item 1 is bad' }]);
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('runNode when the node throws despite continueOnFail', () => {
	it('n8n passes the input items through and still records the error', async () => {
		const result = await runNode({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			parameters: { action: 'crash' },
			items: [{ json: { n: 1 } }],
			continueOnFail: true,
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('Crashed');
		expect(result.items.map((i) => i.json)).toEqual([{ n: 1 }]);
	});
});

describe('runListSearch', () => {
	it('calls methods.listSearch through LoadOptionsContext with credentials, filter and pagination', async () => {
		const page1 = await runListSearch({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			method: 'searchTemplates',
			filter: 'welcome',
			parameters: { action: 'echo' },
		});
		expect(page1).toEqual({
			results: [
				{ name: 'welcome (echo)', value: 'welcome' },
				{ name: 'welcome_back (echo)', value: 'welcome_back' },
			],
			paginationToken: undefined,
		});
		const page2 = await runListSearch({
			nodeType: new ToyNode(),
			credentialType: new ToyApi(),
			credentials: credentials(),
			method: 'searchTemplates',
			paginationToken: '2',
		});
		expect(page2.results.map((r) => r.value)).toEqual(['order_shipped', 'invoice']);
		expect(seen.map((s) => s.authorization)).toEqual([
			basic('alice', 's3cret'),
			basic('alice', 's3cret'),
		]);
		expect(seen[0].url).toBe('/api/templates?q=welcome&page=1');
	});
});

describe('testCredential', () => {
	it('returns OK on 200, sending Basic auth and tolerating a trailing slash in baseUrl', async () => {
		const result = await testCredential({
			credentialType: new ToyApi(),
			credentials: { ...credentials(), baseUrl: `${baseUrl}/api/` },
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen).toEqual([
			{ method: 'GET', url: '/api/me', authorization: basic('alice', 's3cret') },
		]);
	});

	it('maps 401 to the rule message', async () => {
		const result = await testCredential({
			credentialType: new ToyApi(),
			credentials: { ...credentials(), password: 'nope' },
		});
		expect(result).toEqual({ status: 'Error', message: 'Wrong username or password' });
		expect(seen[0].authorization).toBe(basic('alice', 'nope'));
	});

	it('maps 404 to the rule message', async () => {
		const result = await testCredential({
			credentialType: new ToyApi(),
			credentials: { ...credentials(), baseUrl: `${baseUrl}/wrong//` },
		});
		expect(result).toEqual({ status: 'Error', message: 'Base URL not found' });
		expect(seen[0].url).toBe('/wrong/me');
	});
});

function listFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
	);
}
