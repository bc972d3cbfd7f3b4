import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { validatorErrorBody } from '../../fake-jelou/envelopes';
import { runJelou } from '../../helpers/jelou';
import {
	CREATE_TEMPLATE_DOC_EXAMPLES,
	templateCreateParameters as parametersFor,
} from '../../unit/actions/template/create.body.doc-examples';
import type { DocExample } from '../../unit/actions/template/create.body.doc-examples';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const textUtility = parametersFor(CREATE_TEMPLATE_DOC_EXAMPLES.textUtility);

const authenticationParameters: INodeParameters = {
	resource: 'template',
	operation: 'create',
	category: 'AUTHENTICATION',
	templateLanguage: 'pt_BR',
	elementName: 'login_code',
	params: { values: [{ label: 'code', example: '123456' }] },
	templateType: 'HSM',
	interactiveAction: 'OTP',
	buttons: { values: [{ text: 'COPY CODE' }] },
	extraSettings: { addSecurityRecommendation: true, codeExpirationMinutes: 10 },
};

describe('Template → Create in n8n', () => {
	it.each(Object.entries(CREATE_TEMPLATE_DOC_EXAMPLES))(
		'sends the %s example of create-template.txt field by field',
		async (_name, doc) => {
			const { items, error } = await runJelou(fake, parametersFor(doc));
			expect(error).toBeUndefined();
			expect(fake.requests).toHaveLength(1);
			const [request] = fake.requests;
			expect(request.method).toBe('POST');
			expect(request.path).toBe(`/v1/bots/${fake.botId}/templates`);
			expect(request.query).toEqual({ sendToAprove: 'true' });
			const body = request.body as Record<string, unknown>;
			expect(Object.keys(body).sort()).toEqual(Object.keys(doc).sort());
			for (const [field, value] of Object.entries(doc))
				expect([field, body[field]]).toEqual([field, value]);
			expect(items).toHaveLength(1);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[0].json).toMatchObject({
				elementName: doc.elementName,
				status: 'PENDING',
				language: 'EN',
				botId: fake.botId,
				message: 'Template has been created.',
			});
			expect(
				fake.templates.find((template) => template.elementName === doc.elementName)?.status,
			).toBe('PENDING');
		},
	);

	it('keeps the template as a draft with sendToAprove=false when approval is off', async () => {
		const { items } = await runJelou(fake, { ...textUtility, sendToAprove: false });
		expect(fake.requests[0].query).toEqual({ sendToAprove: 'false' });
		expect(items[0].json.status).toBe('DRAFT');
	});

	it('fills the authentication body Meta fixes for the language, and Jelou accepts it', async () => {
		const { items, error } = await runJelou(fake, authenticationParameters);
		expect(error).toBeUndefined();
		expect(fake.requests[0].body).toEqual({
			template: 'Seu código de verificação é {{1}}.',
			example: 'Seu código de verificação é 123456.',
			elementName: 'login_code',
			params: [{ param: '1', label: 'code', example: '123456' }],
			paramsNumber: 1,
			type: 'HSM',
			language: 'pt_BR',
			category: 'AUTHENTICATION',
			interactiveAction: 'OTP',
			buttons: [{ text: 'COPY CODE', type: 'OTP' }],
			extraSettings: { addSecurityRecommendation: true, codeExpirationMinutes: 10 },
		});
		expect(items[0].json).toMatchObject({ elementName: 'login_code', status: 'PENDING' });
	});

	it('sends a header with its parameter and example, a custom language code and visibility', async () => {
		const { error } = await runJelou(fake, {
			...textUtility,
			elementName: 'order_header',
			templateLanguage: 'custom',
			customLanguage: 'es_EC',
			additionalFields: {
				header: 'Order {{1}}',
				headerParams: { values: { label: 'order', example: '71936' } },
				isVisible: true,
			},
		});
		expect(error).toBeUndefined();
		expect(fake.requests[0].body).toMatchObject({
			language: 'es_EC',
			header: 'Order {{1}}',
			exampleHeader: 'Order 71936',
			headerParams: [{ param: '1', label: 'order', example: '71936' }],
			isVisible: true,
		});
		expect(fake.requests[0].status).toBe(201);
	});

	it('creates one template per input item from expressions, output in input order', async () => {
		const { items } = await runJelou(
			fake,
			{
				...textUtility,
				elementName: '={{ $json.name }}',
				displayName: '={{ $json.title }}',
				params: {
					values: [
						{ label: 'customer', example: '={{ $json.customer }}' },
						{ label: 'order', example: '1' },
					],
				},
			},
			{
				items: [
					{ json: { name: 'order_a', title: 'Order A', customer: 'Ana' } },
					{ json: { name: 'order_b', title: 'Order B', customer: 'Luis' } },
					{ json: { name: 'order_c', title: 'Order C', customer: 'Eva' } },
				],
			},
		);
		expect(
			items.map((item) => [item.json.elementName, item.json.displayName, item.pairedItem]),
		).toEqual([
			['order_a', 'Order A', { item: 0 }],
			['order_b', 'Order B', { item: 1 }],
			['order_c', 'Order C', { item: 2 }],
		]);
		const examples = fake.requests
			.map((request) => (request.body as { example: string }).example)
			.sort();
		expect(examples).toEqual([
			'Thank you for your order, Ana! Your confirmation number is 1. If you have any questions, contact support.',
			'Thank you for your order, Eva! Your confirmation number is 1. If you have any questions, contact support.',
			'Thank you for your order, Luis! Your confirmation number is 1. If you have any questions, contact support.',
		]);
	});

	it('shows "Template name already exists" with the name and what to do, for a seeded name', async () => {
		const { error } = await runJelou(fake, { ...textUtility, elementName: 'order_confirmation' });
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.message).toBe('Template name already exists (item 1)');
		expect(apiError.description).toContain(
			'This bot already has a template named "order_confirmation"',
		);
		expect(apiError.description).toContain('choose another Element Name');
		expect(apiError.description).toContain('HTTP 400.');
		expect(apiError.description).toContain(
			'Failed on item 1. No item was sent before the failure.',
		);
	});

	it('with Continue On Fail, creates the first of two items with the same name and reports the second', async () => {
		const { items, error } = await runJelou(
			fake,
			{ ...textUtility, elementName: 'same_name', requestOptions: { concurrency: 1 } },
			{
				items: [{ json: {} }, { json: {} }],
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(fake.requests).toHaveLength(2);
		expect(items[0]).toMatchObject({
			json: { elementName: 'same_name', status: 'PENDING' },
			pairedItem: { item: 0 },
		});
		expect(items[1]).toEqual({
			json: {
				botId: fake.botId,
				error: 'Template name already exists (item 2)',
				description: expect.stringContaining('already has a template named "same_name"'),
				httpCode: '400',
				item: 2,
			},
			pairedItem: { item: 1 },
		});
	});

	it("shows every field of Jelou's validation error", async () => {
		fake.injectFault('POST /v1/bots/:botId/templates', {
			kind: 'status',
			status: 422,
			body: validatorErrorBody({
				elementName: [{ en: 'elementName is too long.', es: 'elementName es muy largo.' }],
				template: [{ en: 'template is not allowed.', es: 'x' }],
			}),
		});
		const { error } = await runJelou(fake, textUtility);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('The request values are not correct for processing. (item 1)');
		const description = (error as NodeApiError).description ?? '';
		expect(description).toContain('elementName: elementName is too long.');
		expect(description).toContain('template: template is not allowed.');
		expect(description).toContain('Jelou code E0422 (VALIDATOR_ERROR), HTTP 422.');
	});
});

const media = (doc: DocExample) => parametersFor(doc);
const expression = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;

/** One bad input per rule: [rule, parameters, the error message the user sees]. */
const BAD_INPUTS: Array<[string, INodeParameters, string]> = [
	[
		'element name with capitals and a dash',
		{ ...textUtility, elementName: 'Order-Confirmation' },
		'Element Name: "Order-Confirmation" may only contain lowercase letters, digits and _ (item 1)',
	],
	[
		'element name with a space',
		{ ...textUtility, elementName: 'order confirmation' },
		'Element Name: "order confirmation" may only contain lowercase letters, digits and _ (item 1)',
	],
	[
		'category from an expression that is not one',
		{ ...textUtility, category: '={{ "SALES" }}' },
		'Category: "SALES" is not one of AUTHENTICATION, MARKETING, UTILITY (item 1)',
	],
	[
		'custom language in the wrong form',
		{ ...textUtility, templateLanguage: 'custom', customLanguage: 'pt-BR' },
		'Language: "pt-BR" is not a WhatsApp language code (item 1)',
	],
	// n8n itself refuses an empty required field before the run; an expression that finds no URL reaches the node.
	[
		'image whose media URL expression is empty',
		{ ...media(CREATE_TEMPLATE_DOC_EXAMPLES.image), mediaUrl: '={{ $json.imageUrl }}' },
		'Media URL: is empty (item 1)',
	],
	[
		'document with an http media URL',
		{
			...media(CREATE_TEMPLATE_DOC_EXAMPLES.document),
			mediaUrl: 'http://cdn.example.com/document.pdf',
		},
		'Media URL: "http://cdn.example.com/document.pdf" does not start with https:// (item 1)',
	],
	[
		'authentication with a video',
		{
			...authenticationParameters,
			templateType: 'VIDEO',
			mediaUrl: 'https://cdn.example.com/video.mp4',
		},
		'Type: authentication templates cannot have media (item 1)',
	],
	[
		'4 quick-reply buttons',
		{
			...textUtility,
			interactiveAction: 'QUICK_REPLY',
			buttons: { values: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }] },
		},
		'Buttons: Quick Reply needs 1 to 3 buttons, 4 given (item 1)',
	],
	[
		'3 call-to-action buttons',
		{
			...textUtility,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: {
				values: [
					{ type: 'URL', text: 'a', url: 'https://a.example' },
					{ type: 'PHONE_NUMBER', text: 'b', phoneNumber: '+1' },
					{ type: 'PHONE_NUMBER', text: 'c', phoneNumber: '+2' },
				],
			},
		},
		'Buttons: Call To Action needs 1 or 2 buttons, 3 given (item 1)',
	],
	[
		'two URL buttons',
		{
			...textUtility,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: {
				values: [
					{ type: 'URL', text: 'a', url: 'https://a.example' },
					{ type: 'URL', text: 'b', url: 'https://b.example' },
				],
			},
		},
		'Buttons: Call To Action allows one URL button, 2 given (item 1)',
	],
	[
		'two phone buttons',
		{
			...textUtility,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: {
				values: [
					{ type: 'PHONE_NUMBER', text: 'a', phoneNumber: '+1' },
					{ type: 'PHONE_NUMBER', text: 'b', phoneNumber: '+2' },
				],
			},
		},
		'Buttons: Call To Action allows one Phone Number button, 2 given (item 1)',
	],
	[
		'URL with {{1}} and no URL example',
		{
			...textUtility,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: { values: [{ type: 'URL', text: 'View site', url: 'https://apps.jelou.ai/{{1}}' }] },
		},
		'Buttons: button 1 ("View site") has a link with {{1}} but no URL example (item 1)',
	],
	[
		'OTP with two buttons',
		{ ...authenticationParameters, buttons: { values: [{ text: 'COPY CODE' }, { text: 'COPY' }] } },
		'Buttons: One-Time Password (OTP) needs exactly 1 button, 2 given (item 1)',
	],
	[
		'OTP without a button',
		{ ...authenticationParameters, buttons: { values: [] } },
		'Buttons: One-Time Password (OTP) needs exactly 1 button, 0 given (item 1)',
	],
	[
		'buttons while the action (an expression) is None',
		{ ...textUtility, interactiveAction: expression('NONE'), buttons: { values: [{ text: 'a' }] } },
		'Buttons: 1 given but Interactive Action is None (item 1)',
	],
	[
		'header of 61 characters',
		{ ...textUtility, additionalFields: { header: 'x'.repeat(61) } },
		`Header: "${'x'.repeat(30)}…" has 61 characters, more than 60 (item 1)`,
	],
	[
		'header on an image template',
		{ ...media(CREATE_TEMPLATE_DOC_EXAMPLES.image), additionalFields: { header: 'Offers' } },
		'Header: only text templates can have a header; this one is Image (item 1)',
	],
	[
		'header with {{1}} and no example',
		{ ...textUtility, additionalFields: { header: 'Order {{1}}' } },
		'Header Parameter: is empty (item 1)',
	],
	[
		'header with two parameters',
		{ ...textUtility, additionalFields: { header: '{{1}} and {{2}}' } },
		'Header: has {{1}}, {{2}}; the header supports at most one parameter (item 1)',
	],
	[
		'placeholders with a gap',
		{ ...textUtility, templateBody: 'Hi {{1}}, your order {{3}} is ready.' },
		'Template Body: uses {{1}}, {{3}} but not {{2}}; placeholders must be numbered from {{1}} without gaps (item 1)',
	],
	[
		'a named placeholder',
		{ ...textUtility, templateBody: 'Hi {{name}}, your order {{1}}.' },
		'Template Body: "{{name}}" is not a placeholder (item 1)',
	],
	[
		'a parameter missing',
		{ ...textUtility, params: { values: [{ label: 'customer', example: 'Maria' }] } },
		'Parameters: the body has {{1}}, {{2}} but 1 parameter is given; {{2}} has no label and example (item 1)',
	],
	[
		'a parameter too many',
		{
			...textUtility,
			params: {
				values: [
					{ label: 'customer', example: 'Maria' },
					{ label: 'order', example: '1' },
					{ label: 'city', example: 'Quito' },
				],
			},
		},
		'Parameters: 3 parameters are given but the body has only {{1}}, {{2}} (item 1)',
	],
	[
		'a parameter without example',
		{
			...textUtility,
			params: { values: [{ label: 'customer', example: 'Maria' }, { label: 'order' }] },
		},
		'Parameters: is empty (item 1)',
	],
	[
		'authentication with two placeholders',
		{
			...authenticationParameters,
			templateLanguage: 'fr',
			templateBody: '{{1}} {{2}}',
			params: {
				values: [
					{ label: 'a', example: '1' },
					{ label: 'b', example: '2' },
				],
			},
		},
		'Template Body: has 2 placeholders; authentication templates have exactly one, {{1}}, for the code (item 1)',
	],
	[
		'authentication with its own text',
		{ ...authenticationParameters, templateBody: 'Your code: {{1}}' },
		'Template Body: Meta fixes the text of authentication templates; in pt_BR it is "Seu código de verificação é {{1}}." (item 1)',
	],
	[
		'code expiration of 91 minutes',
		{ ...authenticationParameters, extraSettings: { codeExpirationMinutes: '={{ 91 }}' } },
		'Code Expiration Minutes: 91 is not a whole number from 1 to 90 (item 1)',
	],
	[
		'body of 1025 characters',
		{ ...textUtility, templateBody: `{{1}} {{2}} ${'x'.repeat(1013)}` },
		'Template Body: has 1025 characters, more than 1024 (item 1)',
	],
	[
		'example with a placeholder left',
		{ ...textUtility, additionalFields: { example: 'Thank you, Maria! Number {{2}}.' } },
		'Example: still contains {{2}} (item 1)',
	],
];

describe('Template → Create stops bad input before anything is sent', () => {
	it.each(BAD_INPUTS)('%s', async (_rule, parameters, message) => {
		const { error } = await runJelou(fake, parameters);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(message);
		expect((error as NodeOperationError).description).toEqual(expect.any(String));
		expect(fake.requests).toHaveLength(0);
	});

	it('checks every item first: a bad third item stops the two good ones from being created', async () => {
		const { error } = await runJelou(
			fake,
			{ ...textUtility, elementName: '={{ $json.name }}' },
			{
				items: [
					{ json: { name: 'good_one' } },
					{ json: { name: 'good_two' } },
					{ json: { name: 'Bad Name' } },
				],
			},
		);
		expect(error?.message).toBe(
			'Element Name: "Bad Name" may only contain lowercase letters, digits and _ (item 3)',
		);
		expect((error as NodeOperationError).description).toBe(
			'Use only a–z, 0–9 and _, e.g. bad_name.',
		);
		expect(fake.requests).toHaveLength(0);
	});
});
