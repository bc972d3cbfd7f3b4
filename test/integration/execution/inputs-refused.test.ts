import { NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const sends = () => fake.requests.filter((request) => request.method === 'POST');
const listRequests = () =>
	fake.requests.filter(
		(request) => request.method === 'GET' && request.path.endsWith('/templates'),
	);
const template = (fields: INodeParameters): INodeParameters => ({
	...sendTemplateParameters({
		template: 'order_confirmation',
		recipients: '593991234567',
		parameters: ['Maria', '71936'],
	}),
	...fields,
});

describe('dates', () => {
	it('an impossible Expiration Time is refused, not rolled over into next year', async () => {
		const { error } = await runJelou(
			fake,
			template({ sendTemplateOptions: { expirationTime: '2030-13-01T10:00:00' } }),
		);
		expect(error?.message).toBe(
			'Expiration Time: "2030-13-01T10:00:00" has month 13, and a year has 12 (item 1, phone 593991234567)',
		);
		expect(sends()).toHaveLength(0);
	});

	it('an Expiration Time in the past is refused with the time given and the time now', async () => {
		const { error } = await runJelou(
			fake,
			template({ sendTemplateOptions: { ltoExpirationTime: '2021-03-04T05:06:07Z' } }),
		);
		expect(error?.message).toMatch(
			/^Limited-Time Offer Expiration: 2021-03-04T05:06:07Z is in the past \(it is now \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\) \(item 1, phone 593991234567\)$/,
		);
		expect(sends()).toHaveLength(0);
	});
});

describe('Campaign from a CSV URL', () => {
	it('refuses http:// like media URLs, with the fix', async () => {
		const { error } = await runJelou(fake, {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'url',
			campaignName: 'December orders',
			template: { __rl: true, mode: 'name', value: 'order_confirmation' },
			fileUrl: 'http://cdn.example.com/campana.csv',
			params: { columns: [{ column: 'name' }, { column: 'order' }] },
		});
		expect(error?.message).toBe(
			'CSV URL: "http://cdn.example.com/campana.csv" does not start with https:// (item 1)',
		);
		expect((error as NodeOperationError).description).toContain('https://');
		expect(sends()).toHaveLength(0);
	});
});

describe('the parameter count is checked however the template is given', () => {
	it('By Name with one parameter too few is refused before sending', async () => {
		const { error } = await runJelou(
			fake,
			template({ parameters: { values: [{ value: 'Maria' }] } }),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			'Parameters: the template "order_confirmation" has 2 parameters, 1 given (item 1, phone 593991234567)',
		);
		expect((error as NodeOperationError).description).toBe(
			'Give exactly 2 values, one per placeholder {{1}}…{{2}}, in order.',
		);
		expect(sends()).toHaveLength(0);
	});

	it('a template name from an expression is checked per item, with one list request for the whole execution', async () => {
		const items = [
			{ json: { template: 'order_confirmation', values: ['Maria', '71936'] } },
			{ json: { template: 'verification_code', values: ['123456'] } },
			{ json: { template: 'order_confirmation', values: ['Ana'] } },
		];
		const { error } = await runJelou(
			fake,
			template({
				template: { __rl: true, mode: 'name', value: '={{ $json.template }}' },
				parameters: { values: [{ value: '={{ $json.values }}' }] },
			}),
			{ items },
		);
		expect(error?.message).toBe(
			'Parameters: the template "order_confirmation" has 2 parameters, 1 given (item 3, phone 593991234567)',
		);
		expect(listRequests()).toHaveLength(1);
		expect(sends()).toHaveLength(0);
	});

	it('the same items with the right counts are all sent, still with one list request', async () => {
		const items = [
			{ json: { template: 'order_confirmation', values: ['Maria', '71936'] } },
			{ json: { template: 'verification_code', values: ['123456'] } },
			{ json: { template: 'order_confirmation', values: ['Ana', '3'] } },
		];
		const { error, items: output } = await runJelou(
			fake,
			template({
				template: { __rl: true, mode: 'name', value: '={{ $json.template }}' },
				parameters: { values: [{ value: '={{ $json.values }}' }] },
			}),
			{ items },
		);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(listRequests()).toHaveLength(1);
		expect(sends().map((request) => (request.body as { parameters: string[] }).parameters)).toEqual(
			[['Maria', '71936'], ['123456'], ['Ana', '3']],
		);
	});

	it('a template without variables says to remove the parameters, not "{{1}}…{{0}}"', async () => {
		const { error } = await runJelou(
			fake,
			// From an expression: a template picked by name would show no Parameters to fill.
			template({ template: { __rl: true, mode: 'name', value: '=appointment_reminder' } }),
		);
		expect(error?.message).toBe(
			'Parameters: the template "appointment_reminder" has 0 parameters, 2 given (item 1, phone 593991234567)',
		);
		expect((error as NodeOperationError).description).toBe(
			'This template has no placeholders: remove every parameter.',
		);
		expect(sends()).toHaveLength(0);
	});
});
