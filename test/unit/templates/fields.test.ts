import {
	campaignTypeOf,
	readCards,
	readTemplateValues,
	templateFields,
	templateLines,
	templateSendType,
	templateText,
} from '../../../nodes/JelouWhatsApp/templates/fields';
import { InvalidFieldError } from '../../../nodes/JelouWhatsApp/shared/validation';
import type { JelouTemplate } from '../../../nodes/JelouWhatsApp/templates/model';
import { SEED_TEMPLATES } from '../../fake-jelou/seed';

const seed = (elementName: string) =>
	SEED_TEMPLATES.find(
		(template) => template.elementName === elementName,
	) as unknown as JelouTemplate;
/** [id, display name, required, read only] of each field. */
const shapeOf = (template: JelouTemplate, fieldsFor?: Parameters<typeof templateFields>[1]) =>
	templateFields(template, fieldsFor).map((field) => [
		field.id,
		field.displayName,
		field.required,
		field.readOnly ?? false,
	]);

describe('templateFields: what a template leaves open, one field each, only what it has', () => {
	it('text template: its text (read only), then its variables', () => {
		expect(shapeOf(seed('order_confirmation'))).toEqual([
			['aboutTemplate', 'What the customer reads (en · UTILITY)', true, true],
			['1', '{{1}} customer', true, false],
			['2', '{{2}} order', true, false],
		]);
		// Plain text as the customer reads it: no JSON, no quotes; required so the editor offers no trash icon.
		expect(templateFields(seed('order_confirmation'))[0]).toMatchObject({
			type: 'string',
			display: true,
			defaultValue: templateText(seed('order_confirmation')),
		});
	});

	it('the text breaks lines as a phone does (about 40 characters), a space kept before each break', () => {
		// n8n 2.x sizes the box by the breaks; n8n 1.x shows one line without them, where the spaces keep words apart.
		expect(templateText(seed('promo_image')).split('\n')).toEqual([
			'[Image] ',
			'Hello {{1}}. We invite you to check out ',
			'our promotions.',
		]);
		expect(templateText(seed('promo_image')).replace(/\n/g, '')).toBe(
			'[Image] Hello {{1}}. We invite you to check out our promotions.',
		);
		const long = { elementName: 'x', template: `${'a'.repeat(50)} b` };
		expect(templateText(long).split('\n')).toEqual([`${'a'.repeat(50)} `, 'b']);
	});

	it.each([
		['promo_image', 'MARKETING', 'image', 'Image'],
		['welcome_video', 'MARKETING', 'video', 'Video'],
	])('%s: a required header media URL', (name, category, _type, noun) => {
		expect(shapeOf(seed(name))).toEqual([
			['aboutTemplate', `What the customer reads (en · ${category})`, true, true],
			['1', '{{1}} customer', true, false],
			['mediaUrl', `Header ${noun} URL`, true, false],
		]);
	});

	it('document template: the media URL and an optional filename', () => {
		expect(shapeOf(seed('invoice_document')).slice(1)).toEqual([
			['1', '{{1}} customer', true, false],
			['mediaUrl', 'Header Document URL', true, false],
			['filename', 'Document Filename', false, false],
		]);
	});

	it('header variable and a link button with an open end; a call button needs nothing', () => {
		expect(shapeOf(seed('order_shipped'))).toEqual([
			['aboutTemplate', 'What the customer reads (en · UTILITY)', true, true],
			['headerParameter', 'Header {{1}} order', true, false],
			['1', '{{1}} customer', true, false],
			['button1', 'Button “Track order”: end of the link', true, false],
		]);
		// As WhatsApp lays the message out: header, body, buttons.
		expect(templateLines(seed('order_shipped'))).toEqual([
			'Order {{1}} shipped',
			'Hi {{1}}, your order is on its way. Track it below.',
			'[Button: Track order]',
			'[Button: Call us]',
		]);
	});

	it('reply buttons: no field (their bot flows are options), the buttons named in the label', () => {
		expect(shapeOf(seed('appointment_confirm'))).toEqual([
			['aboutTemplate', 'What the customer reads (en · UTILITY)', true, true],
			['1', '{{1}} customer', true, false],
			['2', '{{2}} date', true, false],
		]);
	});

	it('limited-time offer: image, the code to copy; a fixed link needs nothing', () => {
		expect(shapeOf(seed('spring_offer')).slice(1)).toEqual([
			['1', '{{1}} customer', true, false],
			['2', '{{2}} discount', true, false],
			['mediaUrl', 'Header Image URL', true, false],
			['button1', 'Button “Copy code”: code to copy', true, false],
		]);
	});

	it('catalog: the thumbnail product', () => {
		expect(shapeOf(seed('catalog_offer'))).toEqual([
			['aboutTemplate', 'What the customer reads (en · MARKETING)', true, true],
			['1', '{{1}} collection', true, false],
			['button1', 'Button “View catalog”: thumbnail product ID', true, false],
		]);
	});

	it('the text shows the header media and a carousel’s cards where WhatsApp shows them', () => {
		expect(templateLines(seed('invoice_document'))).toEqual([
			'[Document]',
			'Hello {{1}}. Please find your invoice attached.',
		]);
		expect(templateLines(seed('spring_picks'))).toEqual([
			'Hi {{1}}, these are our picks for you:',
			'[Carousel cards]',
		]);
	});

	it('carousel: one JSON field for the cards, started with one blank card per card of the template', () => {
		const fields = templateFields(seed('spring_picks'));
		expect(shapeOf(seed('spring_picks')).slice(1)).toEqual([
			['1', '{{1}} customer', true, false],
			['cards', 'Carousel Cards (JSON)', true, false],
		]);
		const cards = fields.find((field) => field.id === 'cards')!;
		expect(cards.type).toBe('array');
		expect(JSON.parse(String(cards.defaultValue))).toEqual([
			{
				mediaUrl: '',
				params: ['', ''],
				buttonParameters: [{ type: 'URL', payload: { param: '' } }],
			},
			{
				mediaUrl: '',
				params: ['', ''],
				buttonParameters: [{ type: 'URL', payload: { param: '' } }],
			},
		]);
		// Without cards in the list: two blank cards with one value each.
		expect(
			JSON.parse(
				String(
					templateFields({ elementName: 'c', type: 'CAROUSEL', template: 'Hi' }).find(
						(field) => field.id === 'cards',
					)!.defaultValue,
				),
			),
		).toEqual([
			{ mediaUrl: '', params: [''] },
			{ mediaUrl: '', params: [''] },
		]);
	});

	it('authentication: the code only (the OTP button is filled by Jelou)', () => {
		expect(shapeOf(seed('verification_code'))).toEqual([
			['aboutTemplate', 'What the customer reads (en · AUTHENTICATION)', true, true],
			['1', '{{1}} code', true, false],
		]);
	});

	it('no ids of other fields are digits only, so they never mix with the variables', () => {
		const ids = SEED_TEMPLATES.flatMap((template) =>
			templateFields(template as unknown as JelouTemplate).map((field) => field.id),
		);
		expect(ids.filter((id) => !/^\d+$/.test(id)).length).toBeGreaterThan(10);
		expect(new Set(ids.filter((id) => !/^\d+$/.test(id)))).toEqual(
			new Set(['aboutTemplate', 'headerParameter', 'mediaUrl', 'filename', 'button1', 'cards']),
		);
	});

	it('Campaign → Send: the variables with Incoming Items, never buttons or cards; with a CSV the text and media only', () => {
		expect(shapeOf(seed('spring_offer'), 'campaignItems').map(([id]) => id)).toEqual([
			'aboutTemplate',
			'1',
			'2',
			'mediaUrl',
		]);
		expect(shapeOf(seed('spring_offer'), 'campaignFile').map(([id]) => id)).toEqual([
			'aboutTemplate',
			'mediaUrl',
		]);
		expect(shapeOf(seed('invoice_document'), 'campaignItems').map(([id]) => id)).toEqual([
			'aboutTemplate',
			'1',
			'mediaUrl',
		]);
	});
});

describe('templateSendType: the type a send of the template needs', () => {
	it.each([
		['order_confirmation', 'text'],
		['promo_image', 'image'],
		['welcome_video', 'video'],
		['invoice_document', 'document'],
		['verification_code', 'text'],
		['order_shipped', 'text'],
		['appointment_confirm', 'text'],
		['spring_offer', 'image'],
		['catalog_offer', 'catalog'],
		['spring_picks', 'carousel'],
	])('%s → %s', (name, type) => {
		expect(templateSendType(seed(name))).toBe(type);
	});

	it('a Catalog button makes a catalog even when the list says HSM; campaigns know text and media only', () => {
		expect(
			templateSendType({
				elementName: 'x',
				type: 'HSM',
				buttons: [{ type: 'CATALOG', text: 'View' }],
			}),
		).toBe('catalog');
		expect(campaignTypeOf(seed('invoice_document'))).toBe('document');
		expect(campaignTypeOf(seed('spring_picks'))).toBe('text');
	});
});

describe('readTemplateValues: the send from the mapped fields of a known template', () => {
	it('matches button values to the template’s open buttons, by their position', () => {
		expect(
			readTemplateValues(
				seed('spring_offer'),
				{
					'1': 'Maria',
					'2': '20%',
					mediaUrl: 'https://cdn.example.com/image.jpeg',
					button1: '20OFF',
				},
				['Maria', '20%'],
			),
		).toEqual({
			type: 'image',
			parameters: ['Maria', '20%'],
			mediaUrl: 'https://cdn.example.com/image.jpeg',
			buttonParameters: [{ type: 'COPY_CODE', index: 1, code: '20OFF' }],
			cards: [],
		});
		expect(
			readTemplateValues(
				seed('order_shipped'),
				{ headerParameter: '71936', '1': 'Maria', button1: 'order/71936' },
				['Maria'],
			),
		).toMatchObject({
			type: 'text',
			headerParameters: ['71936'],
			buttonParameters: [{ type: 'URL', param: 'order/71936' }],
		});
	});

	it('names the field that is missing, as the editor shows it', () => {
		const missing = (template: string, mapped: Record<string, unknown>, parameters: string[]) => {
			try {
				readTemplateValues(seed(template), mapped, parameters);
			} catch (error) {
				expect(error).toBeInstanceOf(InvalidFieldError);
				return (error as Error).message;
			}
			return 'no error';
		};
		expect(missing('promo_image', { '1': 'Maria' }, ['Maria'])).toBe(
			'Template Variables: Header Image URL: is empty',
		);
		expect(missing('order_confirmation', { '1': 'Maria', '2': ' ' }, ['Maria', ' '])).toBe(
			'Template Variables: {{2}} order: is empty',
		);
		expect(missing('catalog_offer', { '1': 'summer' }, ['summer'])).toBe(
			'Template Variables: Button “View catalog”: thumbnail product ID: is empty',
		);
		expect(
			missing('invoice_document', { '1': 'M', mediaUrl: 'http://cdn.example.com/a.pdf' }, ['M']),
		).toBe(
			'Template Variables: Header Document URL: "http://cdn.example.com/a.pdf" does not start with https://',
		);
	});
});

describe('readCards: a carousel’s cards in Jelou’s shape', () => {
	it('reads JSON text or a list from an expression', () => {
		const cards = [
			{
				mediaUrl: 'https://cdn.example.com/1.jpeg',
				params: ['Sneakers', 49],
				buttonParameters: [{ type: 'URL', payload: { param: 'sneakers' } }],
			},
			{ mediaUrl: 'https://cdn.example.com/2.jpeg' },
		];
		const expected = [
			{
				mediaUrl: 'https://cdn.example.com/1.jpeg',
				params: ['Sneakers', '49'],
				buttonParameters: [{ type: 'URL', param: 'sneakers' }],
			},
			{ mediaUrl: 'https://cdn.example.com/2.jpeg', params: [], buttonParameters: [] },
		];
		expect(readCards(JSON.stringify(cards))).toEqual(expected);
		expect(readCards(cards)).toEqual(expected);
		expect(readCards('')).toEqual([]);
	});

	it('says what is wrong and how Jelou wants the cards', () => {
		expect(() => readCards('[{')).toThrow('Template Variables: Carousel Cards: is not valid JSON');
		expect(() => readCards({ mediaUrl: 'x' })).toThrow('is not a list');
		expect(() => readCards([{ params: 'a' }])).toThrow('card 1 "params" is not a list');
		expect(() => readCards([{ buttonParameters: [{ type: 'PHONE' }] }])).toThrow(
			'card 1 button 1 has type "PHONE"',
		);
	});
});
