// A real n8n runs the package against a fake Jelou that misbehaves: a CSV saved with semicolons, a send answered
// with a proxy's text/plain "OK", and the Client Secret typed into a field.
import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { chainWorkflow, itemsNode, outputOf, requestsTo, startE2eSandbox } from './support';
import type { RunResult, Sandbox } from './support';

const JELOU = 'n8n-nodes-jelou.jelouWhatsApp';
const SECRET = 'e2e-hardening-secret';
const template = (value: string) => ({ __rl: true, mode: 'name', value });
const jelou = (name: string, parameters: object, extra: object = {}) => ({
	name,
	type: JELOU,
	parameters,
	...extra,
});

// execute-batch only runs ids with a digit in them
const WORKFLOWS = [
	chainWorkflow('E2eSemicolonCsv1', 'e2e campaign from a semicolon CSV', [
		itemsNode('Customer Rows', [
			{ phone_number: '+593 99 123 4567', customer_name: 'María', order: 'A-1001' },
			{ phone_number: '593991234568', customer_name: 'Pérez, José', order: 'A-1002' },
		]),
		{
			name: 'Convert to Semicolon CSV',
			type: 'n8n-nodes-base.convertToFile',
			typeVersion: 1.1,
			parameters: {
				operation: 'csv',
				binaryPropertyName: 'data',
				options: { fileName: 'clientes.csv', delimiter: ';' },
			},
		},
		jelou('Campaign From Semicolon CSV', {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'binary',
			binaryPropertyName: 'data',
			campaignName: 'E2E semicolon CSV',
			template: template('order_confirmation'),
			params: { columns: [{ column: 'customer_name' }, { column: 'order' }] },
		}),
	]),
	chainWorkflow('E2eUnreadableOk1', 'e2e send answered with text/plain OK', [
		jelou('Send Template', {
			resource: 'message',
			operation: 'sendTemplate',
			template: template('order_confirmation'),
			recipients: '593990000101',
			parameters: { values: [{ value: 'Maria' }, { value: 'E2E-OK' }] },
		}),
	]),
	chainWorkflow('E2eSecretTyped1', 'e2e client secret typed into a field', [
		jelou(
			'Send Image Template',
			{
				resource: 'message',
				operation: 'sendTemplate',
				template: template('promo_image'),
				recipients: '593990000102',
				type: 'image',
				mediaUrl: SECRET,
				parameters: { values: [{ value: 'Ana' }] },
			},
			{ onError: 'continueRegularOutput' },
		),
	]),
];

let fake: FakeJelou;
let sandbox: Sandbox;
let runs: Record<string, RunResult | undefined>;
let batch: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
	fake = await startFakeJelou({
		clientId: 'e2e-client-id',
		clientSecret: SECRET,
		botId: 'e2e-bot',
	});
	// The only template send of the batch gets a proxy's answer instead of Jelou's.
	fake.injectFault('POST /v2/whatsapp/e2e-bot/hsm', {
		kind: 'raw',
		status: 200,
		contentType: 'text/plain',
		body: 'OK',
	});
	sandbox = await startE2eSandbox(fake, {
		serve: false,
		importExamples: false,
		workflows: WORKFLOWS,
	});
	const result = await sandbox.executeBatch(
		WORKFLOWS.map((workflow) => (workflow as { id: string }).id),
	);
	runs = result.results;
	batch = result;
}, 600000);

afterAll(async () => {
	await sandbox?.stop();
	await fake?.close();
});

describe('hardening in a real n8n', () => {
	it('ran every workflow', () => {
		for (const [id, run] of Object.entries(runs))
			expect([id, run?.data.resultData.error?.message]).toEqual([id, undefined]);
		expect(Object.keys(runs).sort()).toEqual(
			WORKFLOWS.map((workflow) => (workflow as { id: string }).id).sort(),
		);
	});

	it('a CSV separated by semicolons (as Excel saves it in Spanish) goes to Jelou comma-separated', () => {
		const [upload] = requestsTo(fake, 'POST', '/v1/hsm/file');
		expect(upload.file).toMatchObject({ fieldName: 'file', filename: 'clientes.csv' });
		expect(upload.file?.content.toString('utf8').trim().split(/\r?\n/)).toEqual([
			'phone_number,customer_name,order',
			'593991234567,María,A-1001',
			'593991234568,"Pérez, José",A-1002',
		]);
		expect(outputOf(runs.E2eSemicolonCsv1, 'Campaign From Semicolon CSV')).toEqual([
			expect.objectContaining({
				status: 'success',
				csvSeparator: 'semicolon',
				rowsSent: 2,
				phoneNumbersRewritten: 1,
			}),
		]);
	});

	it('a send answered with text/plain "OK" says the message was probably sent and its id is unknown', () => {
		expect(outputOf(runs.E2eUnreadableOk1, 'Send Template')).toEqual([
			expect.objectContaining({
				destination: '593990000101',
				elementName: 'order_confirmation',
				id: null,
				sent: 'probably',
				warning: expect.stringContaining(
					'Jelou answered HTTP 200 but its answer could not be read, so the message was probably sent',
				),
				jelouAnswer: 'OK',
			}),
		]);
		expect(requestsTo(fake, 'POST', '/v2/whatsapp/e2e-bot/hsm')).toHaveLength(1);
	});

	it('the Client Secret typed into a field is redacted from the error item and the whole run data', () => {
		const [item] = outputOf(runs.E2eSecretTyped1, 'Send Image Template');
		expect(item.error).toBe('Media URL: "[redacted]" is not a URL (item 1, phone 593990000102)');
		expect(item).toMatchObject({ item: 1, phone: '593990000102' });
		expect(JSON.stringify(runs)).not.toContain(SECRET);
		expect(batch.stdout + batch.stderr).not.toContain(SECRET);
	});
});
