import {
	applySendFormat,
	buildHsmBody,
	checkHsmAgainstTemplate,
	checkHsmMessage,
	withButtonOptions,
} from '../../../../nodes/JelouWhatsApp/actions/message/sendTemplate.body';
import type { HsmMessage } from '../../../../nodes/JelouWhatsApp/actions/message/sendTemplate.body';
import { toUnixMilliseconds } from '../../../../nodes/JelouWhatsApp/shared/dates';
import {
	buildActions,
	buildButtonPayloads,
	mergeAdditionalBodyFields,
} from '../../../../nodes/JelouWhatsApp/shared/payloads';
import type { JelouTemplate } from '../../../../nodes/JelouWhatsApp/templates/model';

const base = { elementName: 'ELEMENT_NAME', destinations: ['PHONE_NUMBER'] };

/** The body must equal the doc's --data, with exactly the doc's keys. */
function expectDocBody(
	message: HsmMessage,
	doc: Record<string, unknown>,
	additionalBodyFields?: string,
): void {
	const body = mergeAdditionalBodyFields(buildHsmBody(message), additionalBodyFields);
	expect(Object.keys(body).sort()).toEqual(Object.keys(doc).sort());
	expect(body).toEqual(doc);
}

describe('buildHsmBody reproduces every curl example of send-individual-hsm.txt', () => {
	it('text template', () => {
		expectDocBody(
			{ ...base, parameters: ['PARAMETER_1', 'PARAMETER_2'] },
			{
				parameters: ['PARAMETER_1', 'PARAMETER_2'],
				destinations: ['PHONE_NUMBER'],
				elementName: 'ELEMENT_NAME',
			},
		);
	});

	it('image template', () => {
		expectDocBody(
			{
				...base,
				parameters: ['PARAMETER_1', 'PARAMETER_2'],
				type: 'image',
				mediaUrl: 'https://cdn.example.com/image.jpeg',
			},
			{
				parameters: ['PARAMETER_1', 'PARAMETER_2'],
				mediaUrl: 'https://cdn.example.com/image.jpeg',
				type: 'image',
				destinations: ['PHONE_NUMBER'],
				elementName: 'ELEMENT_NAME',
			},
		);
	});

	it('video template', () => {
		expectDocBody(
			{
				...base,
				parameters: ['PARAMETER_1', 'PARAMETER_2'],
				type: 'video',
				mediaUrl: 'https://cdn.example.com/video.mp4',
			},
			{
				parameters: ['PARAMETER_1', 'PARAMETER_2'],
				mediaUrl: 'https://cdn.example.com/video.mp4',
				type: 'video',
				destinations: ['PHONE_NUMBER'],
				elementName: 'ELEMENT_NAME',
			},
		);
	});

	it('document template', () => {
		expectDocBody(
			{
				...base,
				parameters: ['PARAMETER_1'],
				type: 'document',
				mediaUrl: 'https://cdn.example.com/document.pdf',
			},
			{
				parameters: ['PARAMETER_1'],
				mediaUrl: 'https://cdn.example.com/document.pdf',
				type: 'document',
				destinations: ['PHONE_NUMBER'],
				elementName: 'ELEMENT_NAME',
			},
		);
	});

	it('template with one parameter', () => {
		expectDocBody(
			{ ...base, parameters: ['PARAMETER_1'] },
			{ parameters: ['PARAMETER_1'], destinations: ['PHONE_NUMBER'], elementName: 'ELEMENT_NAME' },
		);
	});

	it('URL button', () => {
		expectDocBody(
			{
				...base,
				parameters: ['PARAMETER_1'],
				buttonParameters: [{ type: 'URL', param: 'PARAM_URL' }],
			},
			{
				destinations: ['PHONE_NUMBER'],
				parameters: ['PARAMETER_1'],
				elementName: 'ELEMENT_NAME',
				buttonParameters: [{ type: 'URL', payload: { param: 'PARAM_URL' } }],
			},
		);
	});

	it('quick replies, with type and language given explicitly', () => {
		expectDocBody(
			{
				...base,
				language: 'en',
				type: 'text',
				parameters: ['param1', 'param2'],
				buttonParameters: [
					{ type: 'QUICK_REPLY', action: 'BTN1', skillId: '1' },
					{ type: 'QUICK_REPLY', action: 'BTN2', skillId: '2', payloadType: 'edge' },
					{ type: 'QUICK_REPLY', action: 'BTN3', skillId: '3' },
				],
			},
			{
				elementName: 'ELEMENT_NAME',
				language: 'en',
				type: 'text',
				parameters: ['param1', 'param2'],
				destinations: ['PHONE_NUMBER'],
				buttonParameters: [
					{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN1', skillId: '1' } },
					{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN2', skillId: '2' } },
					{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN3', skillId: '3' } },
				],
			},
		);
	});

	it('header parameter', () => {
		expectDocBody(
			{
				...base,
				parameters: ['PARAMETER_1', 'PARAMETER_2'],
				headerParameters: ['PARAMETER_VALUE'],
			},
			{
				elementName: 'ELEMENT_NAME',
				destinations: ['PHONE_NUMBER'],
				parameters: ['PARAMETER_1', 'PARAMETER_2'],
				headerParameters: ['PARAMETER_VALUE'],
			},
		);
	});

	it('catalog', () => {
		expectDocBody(
			{
				...base,
				parameters: ['PARAMETER_1'],
				type: 'catalog',
				buttonParameters: [{ type: 'CATALOG', thumbnailProduct: 'productId' }],
			},
			{
				elementName: 'ELEMENT_NAME',
				destinations: ['PHONE_NUMBER'],
				parameters: ['PARAMETER_1'],
				type: 'catalog',
				buttonParameters: [{ type: 'CATALOG', payload: { thumbnailProduct: 'productId' } }],
			},
		);
	});

	it('limited-time offer with a copy-code button (buttonOptions through Additional Body Fields)', () => {
		expectDocBody(
			{
				...base,
				parameters: ['PARAMETER_1', 'PARAMETER_2'],
				type: 'image',
				mediaUrl: 'https://cdn.example.com/image.jpeg',
				ltoExpirationTime: 1733260800000,
				buttonParameters: [{ type: 'COPY_CODE', index: 1, code: '20OFF' }],
			},
			{
				buttonOptions: {},
				elementName: 'ELEMENT_NAME',
				destinations: ['PHONE_NUMBER'],
				parameters: ['PARAMETER_1', 'PARAMETER_2'],
				type: 'image',
				mediaUrl: 'https://cdn.example.com/image.jpeg',
				ltoParams: { expirationTime: 1733260800000 },
				buttonParameters: [{ type: 'COPY_CODE', param: 1, payload: { param: '20OFF' } }],
			},
			'{"buttonOptions": {}}',
		);
	});

	it('hsm type (buttonOptions through Additional Body Fields)', () => {
		expectDocBody(
			{ ...base, parameters: ['PARAMETER_1'], type: 'hsm' },
			{
				buttonOptions: {},
				elementName: 'ELEMENT_NAME',
				destinations: ['PHONE_NUMBER'],
				parameters: ['PARAMETER_1'],
				type: 'hsm',
			},
			'{"buttonOptions": {}}',
		);
	});

	it('the FAQ example: a template without parameters', () => {
		expectDocBody(
			{ elementName: 'your_template_name', destinations: ['PHONE_NUMBER'], parameters: [] },
			{ destinations: ['PHONE_NUMBER'], parameters: [], elementName: 'your_template_name' },
		);
	});

	it('the body schema fields the examples leave out: filename, buttonPayloads, actions, cards, expirationTime, campaignId', () => {
		const body = buildHsmBody({
			...base,
			parameters: ['P1'],
			type: 'carousel',
			filename: 'invoice.pdf',
			buttonPayloads: buildButtonPayloads([{ action: 'Yes', skillId: '1' }]),
			actions: buildActions({
				setSkillId: '2222',
				memoryParams: [{ key: 'url', value: 'https://apps.jelou.ai' }],
			}),
			cards: [
				{
					mediaUrl: 'https://cdn.example.com/1.jpeg',
					params: ['a'],
					buttonParameters: [{ type: 'URL', param: 'p/1' }],
				},
				{ mediaUrl: 'https://cdn.example.com/2.jpeg', params: ['b'], buttonParameters: [] },
			],
			expirationTime: 1733260800000,
			campaignId: 'cmp-1',
		});
		expect(body).toEqual({
			...base,
			parameters: ['P1'],
			type: 'carousel',
			filename: 'invoice.pdf',
			buttonPayloads: [{ type: 'edge', action: 'Yes', skillId: '1' }],
			actions: { setSkill: { id: 2222 }, setMemoryParams: { url: 'https://apps.jelou.ai' } },
			cards: [
				{
					mediaUrl: 'https://cdn.example.com/1.jpeg',
					params: ['a'],
					buttonParameters: [{ type: 'URL', payload: { param: 'p/1' } }],
				},
				{ mediaUrl: 'https://cdn.example.com/2.jpeg', params: ['b'] },
			],
			// The schema documents expirationTime as a string of milliseconds, ltoParams.expirationTime as a number.
			expirationTime: '1733260800000',
			campaignId: 'cmp-1',
		});
	});
});

describe('applySendFormat (node version 2: Jelou’s examples by default, Reply Buttons Sent As and Send as Interactive to override)', () => {
	const replyButtons = buildButtonPayloads([
		{ action: 'BTN1', skillId: '1' },
		{ action: 'BTN2', skillId: '2', type: 'edge' },
	]);
	const asQuickReplies = [
		{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN1', skillId: '1' } },
		{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN2', skillId: '2' } },
	];
	const template = (fields: Partial<JelouTemplate> = {}): JelouTemplate => ({
		elementName: 'ELEMENT_NAME',
		template: 'Hi {{1}}',
		type: 'HSM',
		interactiveAction: 'QUICK_REPLY',
		buttons: [
			{ text: 'BTN1', type: 'QUICK_REPLY' },
			{ text: 'BTN2', type: 'QUICK_REPLY' },
		],
		...fields,
	});
	const bodyOf = (message: HsmMessage, additionalBodyFields?: string) =>
		withButtonOptions(
			mergeAdditionalBodyFields(buildHsmBody(message), additionalBodyFields),
			message,
		);

	it('sends reply buttons with their bot flows as Jelou’s quick-reply example, after the other buttons’ values', () => {
		const message: HsmMessage = {
			...base,
			parameters: ['P1'],
			buttonParameters: [{ type: 'URL', param: 'order/1' }],
			buttonPayloads: replyButtons,
		};
		for (const format of [{}, { replyButtonsAs: 'buttonParameters' as const }])
			expect(bodyOf(applySendFormat(message, format, template()))).toEqual({
				...base,
				parameters: ['P1'],
				buttonParameters: [{ type: 'URL', payload: { param: 'order/1' } }, ...asQuickReplies],
			});
	});

	it('keeps them in buttonPayloads with Reply Buttons Sent As → Button Payloads (an override)', () => {
		const message: HsmMessage = { ...base, parameters: ['P1'], buttonPayloads: replyButtons };
		expect(applySendFormat(message, { replyButtonsAs: 'buttonPayloads' }, template())).toEqual(
			message,
		);
	});

	it('sends an interactive template as approved as Jelou’s "hsm" example, with buttonOptions', () => {
		// {"buttonOptions": {}, "elementName", "destinations", "parameters": ["PARAMETER_1"], "type": "hsm"}
		const message: HsmMessage = { ...base, parameters: ['PARAMETER_1'] };
		const doc = { buttonOptions: {}, ...base, parameters: ['PARAMETER_1'], type: 'hsm' };
		expect(bodyOf(applySendFormat(message, {}, template()))).toEqual(doc);
		// link and call buttons are interactive too; Jelou's list may leave interactiveAction out
		const callToAction = template({
			interactiveAction: 'CALL_TO_ACTION',
			buttons: [{ text: 'Call us', type: 'PHONE_NUMBER' }],
		});
		expect(bodyOf(applySendFormat(message, {}, callToAction))).toEqual(doc);
		expect(
			bodyOf(applySendFormat(message, {}, template({ interactiveAction: undefined }))),
		).toEqual(doc);
		// a buttonOptions of the user's own, in Additional Body Fields, stays
		expect(bodyOf(applySendFormat(message, {}, template()), '{"buttonOptions": {"x": 1}}')).toEqual(
			{ ...doc, buttonOptions: { x: 1 } },
		);
	});

	it('leaves the type to the template when the send gives its buttons values, or it has none', () => {
		const message: HsmMessage = { ...base, parameters: ['P1'] };
		const withFlows = applySendFormat({ ...message, buttonPayloads: replyButtons }, {}, template());
		expect(withFlows.type).toBeUndefined();
		const link = applySendFormat(
			{ ...message, buttonParameters: [{ type: 'URL', param: 'order/1' }] },
			{},
			template({ interactiveAction: 'CALL_TO_ACTION', buttons: [{ type: 'URL' }] }),
		);
		expect(bodyOf(link)).toEqual({
			...message,
			buttonParameters: [{ type: 'URL', payload: { param: 'order/1' } }],
		});
		const plain = template({ interactiveAction: 'NONE', buttons: undefined });
		expect(bodyOf(applySendFormat(message, {}, plain))).toEqual(message);
		expect(bodyOf(applySendFormat({ ...message, type: 'image' }, {}, template()))).toEqual({
			...message,
			type: 'image',
		});
		// a template from an expression: not known, so its type is the Type field's
		expect(bodyOf(applySendFormat(message, {}))).toEqual(message);
	});

	it('Send as Interactive overrides: on sends "hsm", off the template’s own type, as they did before', () => {
		const message: HsmMessage = { ...base, parameters: [] };
		expect(bodyOf(applySendFormat(message, { sendAsHsm: true }))).toEqual({
			...message,
			type: 'hsm',
		});
		expect(bodyOf(applySendFormat(message, { sendAsHsm: false }, template()))).toEqual(message);
		for (const type of ['image', 'video', 'document', 'catalog', 'carousel'])
			expect(() => applySendFormat({ ...message, type }, { sendAsHsm: true })).toThrow(
				`Options: Send as Interactive (HSM Type): "ELEMENT_NAME" is sent with type ${type}, which "hsm" would replace`,
			);
	});

	it('adds buttonOptions to a limited-time offer or a code to copy, as Jelou’s example', () => {
		const offer: HsmMessage = {
			...base,
			parameters: ['P1'],
			type: 'image',
			mediaUrl: 'https://cdn.example.com/image.jpeg',
			ltoExpirationTime: 1733260800000,
			buttonParameters: [{ type: 'COPY_CODE', index: 1, code: '20OFF' }],
		};
		expect(bodyOf(applySendFormat(offer, {}, template({ type: 'IMAGE' })))).toMatchObject({
			buttonOptions: {},
			ltoParams: { expirationTime: 1733260800000 },
		});
		// saved with {"buttonOptions": {}} in Additional Body Fields, as the docs said before: no clash
		expect(
			bodyOf(applySendFormat(offer, {}, template({ type: 'IMAGE' })), '{"buttonOptions": {}}'),
		).toMatchObject({ buttonOptions: {} });
	});
});

describe('checkHsmMessage', () => {
	const good: HsmMessage = { elementName: 'x', destinations: ['593991234567'], parameters: ['a'] };
	const card = { mediaUrl: 'https://cdn.example.com/c.jpeg', params: [], buttonParameters: [] };

	it.each<[string, Partial<HsmMessage>, string]>([
		['unknown type', { type: 'sticker' }, 'Type: "sticker" is not a template type'],
		['unknown language', { language: 'fr' }, 'Language: "fr" is not a language Jelou accepts'],
		['empty parameter', { parameters: ['a', ' '] }, 'Parameters: parameter 2 is empty'],
		['two header parameters', { headerParameters: ['a', 'b'] }, 'Header Parameter: 2 values given'],
		['image without media', { type: 'image' }, 'Media URL: is empty'],
		[
			'video over http',
			{ type: 'video', mediaUrl: 'http://cdn.example.com/v.mp4' },
			'Media URL: "http://cdn.example.com/v.mp4" does not start with https://',
		],
		['carousel of one card', { type: 'carousel', cards: [card] }, 'Carousel Cards: 1 card given'],
		[
			'carousel of eleven cards',
			{ type: 'carousel', cards: Array(11).fill(card) },
			'Carousel Cards: 11 cards given',
		],
		[
			'card media over http',
			{ type: 'carousel', cards: [card, { ...card, mediaUrl: 'http://x.example/1.jpeg' }] },
			'Carousel Cards: card 2 Media URL',
		],
		[
			'copy code of 16 characters',
			{ buttonParameters: [{ type: 'COPY_CODE', index: 1, code: 'ABCDEFGHIJKLMNOP' }] },
			'has 16 characters, more than 15',
		],
		[
			'copy code with negative index',
			{ buttonParameters: [{ type: 'COPY_CODE', index: -1, code: 'X' }] },
			'Button Parameters: button 1 (COPY_CODE) has Button Index -1',
		],
		[
			'catalog without catalog button',
			{ type: 'catalog' },
			'Button Parameters: a catalog template needs a Catalog button',
		],
		[
			'quick reply without skill',
			{ buttonParameters: [{ type: 'QUICK_REPLY', action: 'Yes', skillId: '' }] },
			'Skill ID: is empty',
		],
		[
			'LTO expiration not a date',
			{ ltoExpirationTime: -5 },
			'Limited-Time Offer Expiration: -5 is not a date',
		],
	])('refuses %s', (_name, change, message) => {
		expect(() => checkHsmMessage({ ...good, ...change })).toThrow(message);
	});

	it('accepts a well-formed carousel with two cards', () => {
		expect(() => checkHsmMessage({ ...good, type: 'carousel', cards: [card, card] })).not.toThrow();
		// The doc's own document example has no filename: it is optional.
		expect(() =>
			checkHsmMessage({
				...good,
				parameters: ['PARAMETER_1'],
				type: 'document',
				mediaUrl: 'https://cdn.example.com/document.pdf',
			}),
		).not.toThrow();
	});
});

describe('checkHsmAgainstTemplate', () => {
	const template: JelouTemplate = {
		elementName: 'order_confirmation',
		paramsNumber: 2,
		type: 'HSM',
		category: 'UTILITY',
	};
	const message: HsmMessage = {
		elementName: 'order_confirmation',
		destinations: ['593991234567'],
		parameters: ['Maria', '71936'],
	};

	it('counts parameters against paramsNumber', () => {
		expect(() => checkHsmAgainstTemplate(message, template)).not.toThrow();
		expect(() => checkHsmAgainstTemplate({ ...message, parameters: ['Maria'] }, template)).toThrow(
			'Parameters: the template "order_confirmation" has 2 parameters, 1 given',
		);
	});

	it('wants the media type of a media template', () => {
		expect(() =>
			checkHsmAgainstTemplate(
				{ ...message, parameters: ['a'] },
				{ elementName: 'p', paramsNumber: 1, type: 'IMAGE' },
			),
		).toThrow('Type: the template "p" has a image header but Type is text');
	});

	it('keeps authentication parameters short, without links or media', () => {
		const otp: JelouTemplate = {
			elementName: 'verification_code',
			paramsNumber: 1,
			category: 'AUTHENTICATION',
		};
		expect(() =>
			checkHsmAgainstTemplate({ ...message, parameters: ['123456'] }, otp),
		).not.toThrow();
		expect(() =>
			checkHsmAgainstTemplate({ ...message, parameters: ['1234567890123456'] }, otp),
		).toThrow('more than 15');
		expect(() => checkHsmAgainstTemplate({ ...message, parameters: ['www.x.io'] }, otp)).toThrow(
			'contains a link',
		);
		expect(() =>
			checkHsmAgainstTemplate(
				{ ...message, parameters: ['1'], mediaUrl: 'https://x.io/a.png' },
				otp,
			),
		).toThrow('authentication templates do not allow media');
	});
});

describe('toUnixMilliseconds', () => {
	it('reads the date picker wall-clock time in the workflow time zone', () => {
		expect(toUnixMilliseconds('2024-12-03T21:20:00', 'f', 'UTC')).toBe(
			Date.UTC(2024, 11, 3, 21, 20),
		);
		// Ecuador is UTC-5 all year.
		expect(toUnixMilliseconds('2024-12-03T16:20:00', 'f', 'America/Guayaquil')).toBe(
			Date.UTC(2024, 11, 3, 21, 20),
		);
		// Madrid is UTC+2 in summer.
		expect(toUnixMilliseconds('2024-07-01T12:00:00', 'f', 'Europe/Madrid')).toBe(
			Date.UTC(2024, 6, 1, 10, 0),
		);
	});

	it('takes zoned ISO strings, Dates, Luxon-like objects and milliseconds as they are', () => {
		expect(toUnixMilliseconds('2024-12-03T21:20:00Z', 'f', 'America/Guayaquil')).toBe(
			Date.UTC(2024, 11, 3, 21, 20),
		);
		expect(toUnixMilliseconds(new Date(1733260800000), 'f')).toBe(1733260800000);
		expect(toUnixMilliseconds({ toMillis: () => 1733260800000 }, 'f')).toBe(1733260800000);
		expect(toUnixMilliseconds(1733260800000, 'f')).toBe(1733260800000);
		expect(toUnixMilliseconds('1733260800000', 'f')).toBe(1733260800000);
		expect(toUnixMilliseconds('', 'f')).toBeUndefined();
	});

	it('names the field of a value that is not a date', () => {
		expect(() => toUnixMilliseconds('next tuesday', 'Expiration Time')).toThrow(
			'Expiration Time: "next tuesday" is not a date',
		);
	});
});
