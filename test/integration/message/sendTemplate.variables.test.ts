import type { INodeParameters } from 'n8n-workflow';

import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsApp } from '../../../nodes/JelouWhatsApp/JelouWhatsApp.node';
import { credentialsFor, runJelou } from '../../helpers/jelou';
import { runResourceMapping } from '../../helpers/n8n-harness';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const variablesOf = async (template: object) =>
	await runResourceMapping({
		nodeType: new JelouWhatsApp(),
		credentialType: new JelouApi(),
		credentials: credentialsFor(fake),
		method: 'getTemplateVariables',
		parameters: { resource: 'message', operation: 'sendTemplate', template } as INodeParameters,
	});

const mapper = (value: Record<string, string>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: [],
});

describe('Template Variables (node version 2)', () => {
	it('the editor gets the template text, then one field per variable of the picked template, named as in Jelou, from one list request', async () => {
		const { fields } = await variablesOf({ __rl: true, mode: 'list', value: 'order_confirmation' });
		expect(fields.map(({ id, displayName, required }) => [id, displayName, required])).toEqual([
			['aboutTemplate', 'What the customer reads (en · UTILITY)', true],
			['1', '{{1}} customer', true],
			['2', '{{2}} order', true],
		]);
		expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET /v1/bots/${fake.botId}/templates`,
		]);
	});

	it('a template typed By Name gets its fields too; one without variables, an unknown one and an expression say why there are none', async () => {
		expect(
			(await variablesOf({ __rl: true, mode: 'name', value: 'promo_image' })).fields.map(
				(field) => field.displayName,
			),
		).toEqual(['What the customer reads (en · MARKETING)', '{{1}} customer', 'Header Image URL']);
		// Without variables: only the text the customer reads.
		expect(
			(await variablesOf({ __rl: true, mode: 'name', value: 'appointment_reminder' })).fields.map(
				({ id, readOnly }) => [id, readOnly],
			),
		).toEqual([['aboutTemplate', true]]);
		expect(
			(await variablesOf({ __rl: true, mode: 'name', value: 'no_such_template' }))
				.emptyFieldsNotice,
		).toContain('"no_such_template" is not an approved template');
		expect(
			(await variablesOf({ __rl: true, mode: 'name', value: '={{ $json.template }}' }))
				.emptyFieldsNotice,
		).toContain('A template given by an expression brings the fields to fill by hand instead.');
	});

	it('Send Template sends the mapped values in the order of the variables', async () => {
		const { error } = await runJelou(
			fake,
			{
				resource: 'message',
				operation: 'sendTemplate',
				template: { __rl: true, mode: 'list', value: 'order_confirmation' },
				recipients: '593991234567',
				templateVariables: mapper({ '2': '={{ $json.order }}', '1': '={{ $json.name }}' }),
			},
			{ items: [{ json: { name: 'Maria', order: 'A-1001' } }] },
		);
		expect(error).toBeUndefined();
		const sent = fake.requests.filter((request) => request.method === 'POST');
		expect(sent.map((request) => request.body)).toEqual([
			{
				destinations: ['593991234567'],
				elementName: 'order_confirmation',
				parameters: ['Maria', 'A-1001'],
			},
		]);
	});

	it('version 1 workflows keep their ordered Parameters list', async () => {
		const { error } = await runJelou(
			fake,
			{
				resource: 'message',
				operation: 'sendTemplate',
				template: { __rl: true, mode: 'name', value: 'order_confirmation' },
				recipients: '593991234567',
				parameters: { values: [{ value: 'Maria' }, { value: 'A-1001' }] },
			},
			{ nodeTypeVersion: 1 },
		);
		expect(error).toBeUndefined();
		expect(
			fake.requests
				.filter((request) => request.method === 'POST')
				.map((request) => (request.body as { parameters: string[] }).parameters),
		).toEqual([['Maria', 'A-1001']]);
	});

	const campaignFromDefaults: INodeParameters = {
		resource: 'campaign',
		operation: 'send',
		campaignName: 'December orders',
		template: { __rl: true, mode: 'name', value: 'order_confirmation' },
		phoneNumber: '={{ $json.phone }}',
		templateVariables: mapper({ '1': '={{ $json.name }}', '2': '={{ $json.order }}' }),
		dryRun: true,
	};

	it('Campaign → Send version 2 starts from Incoming Items and reads Template Variables for each item', async () => {
		const { items, error } = await runJelou(fake, campaignFromDefaults, {
			items: [
				{ json: { phone: '593991234567', name: 'Maria', order: 'A-1' } },
				{ json: { phone: '593991234568', name: 'Luis', order: 'A-2' } },
			],
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			rowCount: 2,
			firstRows: [
				{ phone_number: '593991234567', param_1: 'Maria', param_2: 'A-1' },
				{ phone_number: '593991234568', param_1: 'Luis', param_2: 'A-2' },
			],
		});
	});

	it('Campaign → Send version 1 keeps CSV File as its Recipients Source, so saved workflows do not change', async () => {
		const { error } = await runJelou(fake, campaignFromDefaults, {
			items: [{ json: { phone: '593991234567' } }],
			nodeTypeVersion: 1,
		});
		// Read as CSV File: its Parameter Columns are checked, not the items' Template Variables.
		expect(error?.message).toBe(
			'Parameter Columns: the template order_confirmation has 2 parameters, 0 are mapped (item 1)',
		);
	});
});
