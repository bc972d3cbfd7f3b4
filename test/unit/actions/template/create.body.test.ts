import { buildTemplateCreateRequest } from '../../../../nodes/JelouWhatsApp/actions/template/create.body';
import { AUTHENTICATION_BODIES } from '../../../../nodes/JelouWhatsApp/actions/template/create.rules';
import {
	fillPlaceholders,
	placeholderNumbers,
} from '../../../../nodes/JelouWhatsApp/templates/model';
import type { TemplateCreateInput } from '../../../../nodes/JelouWhatsApp/actions/template/create.body';
import {
	buildTemplateListQuery,
	nextTemplatePage,
} from '../../../../nodes/JelouWhatsApp/templates/approved-list';
import { InvalidFieldError } from '../../../../nodes/JelouWhatsApp/shared/validation';
import { CREATE_TEMPLATE_DOC_EXAMPLES } from './create.body.doc-examples';
import type { DocExample } from './create.body.doc-examples';

/** What a user fills in the node for a doc example: no `example`, no `params` numbering, no `paramsNumber`. */
function fieldsFor(doc: DocExample): TemplateCreateInput {
	const buttons = 'buttons' in doc ? doc.buttons : [];
	return {
		category: doc.category,
		language: doc.language,
		elementName: doc.elementName,
		displayName: doc.displayName,
		template: doc.template,
		params: doc.params.map(({ label, example }) => ({ label, example })),
		type: doc.type,
		mediaUrl: 'mediaUrl' in doc ? doc.mediaUrl : '',
		interactiveAction: doc.interactiveAction,
		buttons: buttons.map((button) => ({
			type: button.type,
			text: button.text,
			url: 'url' in button ? button.url : undefined,
			phoneNumber: 'phone_number' in button ? button.phone_number : undefined,
		})),
		sendToApproval: true,
	};
}

const valid: TemplateCreateInput = fieldsFor(CREATE_TEMPLATE_DOC_EXAMPLES.textUtility);
const authentication: TemplateCreateInput = {
	category: 'AUTHENTICATION',
	language: 'en',
	elementName: 'login_code',
	template: '',
	params: [{ label: 'code', example: '123456' }],
	type: 'HSM',
	interactiveAction: 'OTP',
	buttons: [{ text: 'COPY CODE' }],
	extraSettings: { addSecurityRecommendation: true, codeExpirationMinutes: 10 },
	sendToApproval: true,
};

describe('buildTemplateCreateRequest reproduces every example of create-template.txt', () => {
	it.each(Object.entries(CREATE_TEMPLATE_DOC_EXAMPLES))(
		'%s: body field by field, and ?sendToAprove=true',
		(_name, doc) => {
			const { body, query } = buildTemplateCreateRequest(fieldsFor(doc));
			expect(Object.keys(body).sort()).toEqual(Object.keys(doc).sort());
			for (const [field, value] of Object.entries(doc))
				expect([field, body[field]]).toEqual([field, value]);
			expect(query).toEqual({ sendToAprove: 'true' });
		},
	);
});

describe('what the user does not type twice', () => {
	it('numbers params, counts them and builds example from the body and the parameter examples', () => {
		const { body } = buildTemplateCreateRequest(valid);
		expect(body.params).toEqual([
			{ param: '1', label: 'customer', example: 'Maria' },
			{ param: '2', label: 'order', example: '71936' },
		]);
		expect(body.paramsNumber).toBe(2);
		expect(body.example).toBe(CREATE_TEMPLATE_DOC_EXAMPLES.textUtility.example);
	});

	it('keeps an example the user wrote', () => {
		const example =
			'Thank you for your order, Ana López! Your confirmation number is A-1. If you have any questions, contact support.';
		expect(buildTemplateCreateRequest({ ...valid, example }).body.example).toBe(example);
	});

	it.each([
		[
			'other text',
			'Thanks Ana, order 1.',
			'"Thanks Ana, order 1." does not fit the body: "Thank you for your order," is missing or out of place',
		],
		[
			'a fixed part missing',
			'Thank you for your order, Ana! Your number is 1. If you have any questions, contact support.',
			'does not fit the body: "! Your confirmation number is" is missing or out of place',
		],
		[
			'an empty placeholder',
			'Thank you for your order, ! Your confirmation number is 1. If you have any questions, contact support.',
			'does not fit the body',
		],
		[
			'the end cut off',
			'Thank you for your order, Ana! Your confirmation number is 1.',
			'does not fit the body: ". If you have any questions, contact support." is missing',
		],
	])('refuses an Example that does not fit the body: %s', (_name, example, problem) => {
		expect(() => buildTemplateCreateRequest({ ...valid, example })).toThrow(problem);
	});

	it('sends params [] and paramsNumber 0 and no example for a body without placeholders', () => {
		const { body } = buildTemplateCreateRequest({
			...valid,
			template: 'We are open on Sunday.',
			params: [],
		});
		expect(body).toMatchObject({ params: [], paramsNumber: 0 });
		expect(body).not.toHaveProperty('example');
	});

	it.each(Object.entries(AUTHENTICATION_BODIES))(
		'fills the fixed authentication body for %s',
		(language, fixed) => {
			const { body } = buildTemplateCreateRequest({ ...authentication, language });
			expect(body).toEqual({
				template: fixed,
				example: fixed.replace('{{1}}', '123456'),
				elementName: 'login_code',
				params: [{ param: '1', label: 'code', example: '123456' }],
				paramsNumber: 1,
				type: 'HSM',
				language,
				category: 'AUTHENTICATION',
				interactiveAction: 'OTP',
				buttons: [{ text: 'COPY CODE', type: 'OTP' }],
				extraSettings: { addSecurityRecommendation: true, codeExpirationMinutes: 10 },
			});
		},
	);

	it('accepts the fixed authentication body typed out, and a body typed for a language without fixed text', () => {
		expect(
			buildTemplateCreateRequest({
				...authentication,
				template: AUTHENTICATION_BODIES.es,
				language: 'es',
			}).body.template,
		).toBe(AUTHENTICATION_BODIES.es);
		expect(
			buildTemplateCreateRequest({
				...authentication,
				template: '{{1}} est votre code.',
				language: 'fr',
			}).body.template,
		).toBe('{{1}} est votre code.');
	});

	it('uses a URL without {{1}} as its own example, and keeps the example of a URL with {{1}}', () => {
		const { body } = buildTemplateCreateRequest({
			...valid,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: [
				{ type: 'PHONE_NUMBER', text: 'Sales', phoneNumber: '+PHONE_NUMBER' },
				{
					type: 'URL',
					text: 'View site',
					url: 'https://apps.jelou.ai/{{1}}',
					example: 'https://apps.jelou.ai/offers',
				},
			],
		});
		// The CALL_TO_ACTION structure of create-template.txt.
		expect(body.buttons).toEqual([
			{ text: 'Sales', phone_number: '+PHONE_NUMBER', type: 'PHONE_NUMBER' },
			{
				type: 'URL',
				text: 'View site',
				url: 'https://apps.jelou.ai/{{1}}',
				example: 'https://apps.jelou.ai/offers',
			},
		]);
	});

	it('builds header, exampleHeader and headerParams from the header and its parameter', () => {
		const { body } = buildTemplateCreateRequest({
			...valid,
			header: 'Order {{1}}',
			headerParam: { label: 'order', example: '71936' },
		});
		expect(body).toMatchObject({
			header: 'Order {{1}}',
			exampleHeader: 'Order 71936',
			headerParams: [{ param: '1', label: 'order', example: '71936' }],
		});
		const plain = buildTemplateCreateRequest({ ...valid, header: 'Your order' }).body;
		expect(plain).toMatchObject({ header: 'Your order', exampleHeader: 'Your order' });
		expect(plain).not.toHaveProperty('headerParams');
	});

	it('sends isVisible and extraSettings only when set, and sendToAprove=false without approval', () => {
		const { body, query } = buildTemplateCreateRequest({
			...valid,
			isVisible: false,
			extraSettings: { allowChangeCategory: true },
			sendToApproval: false,
		});
		expect(body).toMatchObject({ isVisible: false, extraSettings: { allowChangeCategory: true } });
		expect(query).toEqual({ sendToAprove: 'false' });
		expect(buildTemplateCreateRequest(valid).body).not.toHaveProperty('isVisible');
		expect(buildTemplateCreateRequest(valid).body).not.toHaveProperty('extraSettings');
	});

	it('takes category, type and action in any letter case, as expressions may give them', () => {
		const { body } = buildTemplateCreateRequest({
			...valid,
			category: 'utility',
			type: 'hsm',
			interactiveAction: 'none',
		});
		expect(body).toMatchObject({ category: 'UTILITY', type: 'HSM', interactiveAction: 'NONE' });
	});
});

/** Every rule of jelou-api.md "Template create", one bad input each: [rule, input, field, words of the problem]. */
const BAD_TEMPLATES: Array<[string, TemplateCreateInput, string, string]> = [
	[
		'element name with capitals',
		{ ...valid, elementName: 'Order-Confirmation' },
		'Element Name',
		'may only contain lowercase letters, digits and _',
	],
	[
		'element name with a space',
		{ ...valid, elementName: 'order confirmation' },
		'Element Name',
		'may only contain',
	],
	['empty element name', { ...valid, elementName: '' }, 'Element Name', 'is empty'],
	[
		'unknown category',
		{ ...valid, category: 'SALES' },
		'Category',
		'"SALES" is not one of AUTHENTICATION, MARKETING, UTILITY',
	],
	['unknown type', { ...valid, type: 'AUDIO' }, 'Type', '"AUDIO" is not one of'],
	[
		'unknown interactive action',
		{ ...valid, interactiveAction: 'LIST' },
		'Interactive Action',
		'"LIST" is not one of',
	],
	[
		'language that is not a WhatsApp code',
		{ ...valid, language: 'pt-BR' },
		'Language',
		'"pt-BR" is not a WhatsApp language code',
	],
	[
		'image without media URL',
		{ ...fieldsFor(CREATE_TEMPLATE_DOC_EXAMPLES.image), mediaUrl: '' },
		'Media URL',
		'is empty',
	],
	[
		'video with an http media URL',
		{ ...fieldsFor(CREATE_TEMPLATE_DOC_EXAMPLES.video), mediaUrl: 'http://cdn.example.com/v.mp4' },
		'Media URL',
		'does not start with https://',
	],
	[
		'text template with a media URL',
		{ ...valid, mediaUrl: 'https://cdn.example.com/image.jpeg' },
		'Media URL',
		'is set but the template Type is Text',
	],
	[
		'authentication with an image',
		{ ...authentication, type: 'IMAGE', mediaUrl: 'https://cdn.example.com/image.jpeg' },
		'Type',
		'authentication templates cannot have media',
	],
	[
		'authentication with a media URL',
		{ ...authentication, mediaUrl: 'https://cdn.example.com/image.jpeg' },
		'Media URL',
		'authentication templates cannot have media',
	],
	[
		'4 quick replies',
		{
			...valid,
			interactiveAction: 'QUICK_REPLY',
			buttons: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }],
		},
		'Buttons',
		'Quick Reply needs 1 to 3 buttons, 4 given',
	],
	[
		'quick reply without buttons',
		{ ...valid, interactiveAction: 'QUICK_REPLY', buttons: [] },
		'Buttons',
		'Quick Reply needs 1 to 3 buttons, 0 given',
	],
	[
		'button without text',
		{ ...valid, interactiveAction: 'QUICK_REPLY', buttons: [{ text: 'a' }, { text: ' ' }] },
		'Buttons',
		'is empty',
	],
	[
		'3 call-to-action buttons',
		{
			...valid,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: [
				{ type: 'URL', text: 'a', url: 'https://a.example' },
				{ type: 'PHONE_NUMBER', text: 'b', phoneNumber: '+1' },
				{ type: 'URL', text: 'c', url: 'https://c.example' },
			],
		},
		'Buttons',
		'Call To Action needs 1 or 2 buttons, 3 given',
	],
	[
		'two URL buttons',
		{
			...valid,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: [
				{ type: 'URL', text: 'a', url: 'https://a.example' },
				{ type: 'URL', text: 'b', url: 'https://b.example' },
			],
		},
		'Buttons',
		'Call To Action allows one URL button, 2 given',
	],
	[
		'two phone buttons',
		{
			...valid,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: [
				{ type: 'PHONE_NUMBER', text: 'a', phoneNumber: '+1' },
				{ type: 'PHONE_NUMBER', text: 'b', phoneNumber: '+2' },
			],
		},
		'Buttons',
		'Call To Action allows one Phone Number button, 2 given',
	],
	[
		'call to action with a quick-reply button',
		{
			...valid,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: [{ type: 'QUICK_REPLY', text: 'a' }],
		},
		'Buttons',
		'Call To Action buttons are URL or PHONE_NUMBER',
	],
	[
		'URL with {{1}} and no example',
		{
			...valid,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: [{ type: 'URL', text: 'View', url: 'https://apps.jelou.ai/{{1}}' }],
		},
		'Buttons',
		'has a link with {{1}} but no URL example',
	],
	[
		'URL button without URL',
		{ ...valid, interactiveAction: 'CALL_TO_ACTION', buttons: [{ type: 'URL', text: 'View' }] },
		'Buttons',
		'is empty',
	],
	[
		'URL button with a non-web link',
		{
			...valid,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: [{ type: 'URL', text: 'View', url: 'apps.jelou.ai' }],
		},
		'Buttons',
		'is not a web link',
	],
	[
		'phone button without number',
		{
			...valid,
			interactiveAction: 'CALL_TO_ACTION',
			buttons: [{ type: 'PHONE_NUMBER', text: 'Call' }],
		},
		'Buttons',
		'is empty',
	],
	[
		'OTP with 2 buttons',
		{ ...authentication, buttons: [{ text: 'COPY' }, { text: 'COPY 2' }] },
		'Buttons',
		'needs exactly 1 button, 2 given',
	],
	[
		'OTP without button',
		{ ...authentication, buttons: [] },
		'Buttons',
		'needs exactly 1 button, 0 given',
	],
	[
		'buttons with no interactive action',
		{ ...valid, buttons: [{ text: 'a' }] },
		'Buttons',
		'1 given but Interactive Action is None',
	],
	[
		'header of 61 characters',
		{ ...valid, header: 'x'.repeat(61) },
		'Header',
		'has 61 characters, more than 60',
	],
	[
		'header on an image template',
		{ ...fieldsFor(CREATE_TEMPLATE_DOC_EXAMPLES.image), header: 'Offers' },
		'Header',
		'only text templates can have a header; this one is Image',
	],
	[
		'header on an authentication template',
		{ ...authentication, header: 'Your code' },
		'Header',
		'authentication templates cannot have a header',
	],
	[
		'header with {{1}} and no example',
		{ ...valid, header: 'Order {{1}}' },
		'Header Parameter',
		'is empty',
	],
	[
		'header with two parameters',
		{ ...valid, header: 'Order {{1}} for {{2}}' },
		'Header',
		'the header supports at most one parameter',
	],
	[
		'header parameter without {{1}} in the header',
		{ ...valid, header: 'Order', headerParam: { label: 'order', example: '1' } },
		'Header Parameter',
		'is set but the header has no {{1}}',
	],
	[
		'example header without a header',
		{ ...valid, exampleHeader: 'Order 1' },
		'Header',
		'is empty but Example Header or Header Parameter is set',
	],
	[
		'example header with a placeholder',
		{
			...valid,
			header: 'Order {{1}}',
			exampleHeader: 'Order {{1}}',
			headerParam: { label: 'order', example: '1' },
		},
		'Example Header',
		'still contains a placeholder',
	],
	[
		'placeholders with a gap',
		{ ...valid, template: 'Hi {{1}}, order {{3}}.' },
		'Template Body',
		'uses {{1}}, {{3}} but not {{2}}',
	],
	[
		'placeholder starting at 0',
		{ ...valid, template: 'Hi {{0}}, order {{1}}.' },
		'Template Body',
		'uses {{0}}',
	],
	[
		'named placeholder',
		{ ...valid, template: 'Hi {{name}}, order {{1}}.' },
		'Template Body',
		'"{{name}}" is not a placeholder',
	],
	[
		'placeholder with spaces',
		{ ...valid, template: 'Hi {{ 1 }}.' },
		'Template Body',
		'"{{ 1 }}" is not a placeholder',
	],
	[
		'fewer parameters than placeholders',
		{ ...valid, params: [{ label: 'customer', example: 'Maria' }] },
		'Parameters',
		'the body has {{1}}, {{2}} but 1 parameter is given; {{2}} has no label and example',
	],
	[
		'more parameters than placeholders',
		{ ...valid, params: [...valid.params, { label: 'extra', example: 'x' }] },
		'Parameters',
		'3 parameters are given but the body has only {{1}}, {{2}}',
	],
	[
		'parameter without example',
		{
			...valid,
			params: [
				{ label: 'customer', example: 'Maria' },
				{ label: 'order', example: '' },
			],
		},
		'Parameters',
		'is empty',
	],
	[
		'parameter without label',
		{
			...valid,
			params: [
				{ label: '', example: 'Maria' },
				{ label: 'order', example: '1' },
			],
		},
		'Parameters',
		'is empty',
	],
	[
		'example that still has a placeholder',
		{ ...valid, example: 'Thank you, Maria! Number {{2}}.' },
		'Example',
		'still contains {{2}}',
	],
	[
		'authentication with two parameters',
		{
			...authentication,
			language: 'fr',
			template: '{{1}} est votre code, {{2}}.',
			params: [
				{ label: 'a', example: '1' },
				{ label: 'b', example: '2' },
			],
		},
		'Template Body',
		'authentication templates have exactly one, {{1}}',
	],
	[
		'authentication without parameter',
		{ ...authentication, params: [] },
		'Parameters',
		'the body has {{1}} but 0 parameters are given',
	],
	[
		'authentication with its own text in a fixed language',
		{ ...authentication, template: 'Your code is {{1}}.' },
		'Template Body',
		'in en it is "{{1}} is your verification code."',
	],
	[
		'authentication without text in a language the node has no text for',
		{ ...authentication, language: 'fr' },
		'Template Body',
		"the node knows Meta's fixed authentication text only for en, es, pt_BR",
	],
	[
		'code expiration of 0 minutes',
		{ ...authentication, extraSettings: { codeExpirationMinutes: 0 } },
		'Code Expiration Minutes',
		'0 is not a whole number from 1 to 90',
	],
	[
		'code expiration of 91 minutes',
		{ ...authentication, extraSettings: { codeExpirationMinutes: 91 } },
		'Code Expiration Minutes',
		'91 is not a whole number from 1 to 90',
	],
	[
		'body of 1025 characters',
		{ ...valid, template: 'x'.repeat(1025), params: [] },
		'Template Body',
		'has 1025 characters, more than 1024',
	],
	['empty body', { ...valid, template: '  ', params: [] }, 'Template Body', 'is empty'],
];

describe('every rule of "Template create" stops the template with the field and the fix', () => {
	it.each(BAD_TEMPLATES)('%s', (_rule, input, field, problem) => {
		let thrown: unknown;
		try {
			buildTemplateCreateRequest(input);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(InvalidFieldError);
		const error = thrown as InvalidFieldError;
		expect(error.field).toBe(field);
		expect(error.message).toContain(problem);
		expect(error.fix.length).toBeGreaterThan(10);
	});
});

describe('placeholders', () => {
	it('lists distinct numbers in order and fills them', () => {
		expect(placeholderNumbers('{{2}} {{1}} {{2}}')).toEqual([1, 2]);
		expect(fillPlaceholders('{{2}} and {{1}}', ['a', 'b'])).toBe('b and a');
	});
});

describe('template list query and pages', () => {
	it('sends only the filters that are set, status and category in capitals', () => {
		expect(buildTemplateListQuery({})).toEqual({});
		expect(
			buildTemplateListQuery({ status: 'approved', category: 'MARKETING', query: ' promo ' }),
		).toEqual({ status: 'APPROVED', category: 'MARKETING', query: 'promo' });
		expect(() => buildTemplateListQuery({ status: 'DRAFT' })).toThrow(
			'Status: "DRAFT" is not one of APPROVED, PENDING, REJECTED',
		);
	});

	it('asks for the next page only while the paginated answer says there is one', () => {
		expect(nextTemplatePage({ data: [{}] })).toBeUndefined();
		expect(nextTemplatePage({ results: [{}], pagination: { page: 1, totalPages: 3 } })).toBe(2);
		expect(
			nextTemplatePage({ results: [{}], pagination: { page: 3, totalPages: 3 } }),
		).toBeUndefined();
		expect(
			nextTemplatePage({ results: [], pagination: { page: 1, totalPages: 3 } }),
		).toBeUndefined();
	});
});
