import { findApproved } from '../../../nodes/JelouWhatsApp/templates/approved-list';
import {
	orderedVariableValues,
	templateVariableFields,
} from '../../../nodes/JelouWhatsApp/templates/variables';
import type { JelouTemplate } from '../../../nodes/JelouWhatsApp/templates/model';
import { SEED_TEMPLATES } from '../../fake-jelou/seed';

const seed = (elementName: string) =>
	SEED_TEMPLATES.find(
		(template) => template.elementName === elementName,
	) as unknown as JelouTemplate;
const names = (template: JelouTemplate) =>
	templateVariableFields(template).map((field) => field.displayName);

describe('templateVariableFields: one required field per variable, named as Jelou labels it', () => {
	it('text template with two labelled variables', () => {
		expect(templateVariableFields(seed('order_confirmation'))).toEqual([
			{
				id: '1',
				displayName: '{{1}} customer',
				required: true,
				defaultMatch: false,
				canBeUsedToMatch: false,
				display: true,
				type: 'string',
			},
			{
				id: '2',
				displayName: '{{2}} order',
				required: true,
				defaultMatch: false,
				canBeUsedToMatch: false,
				display: true,
				type: 'string',
			},
		]);
	});

	it.each(['promo_image', 'invoice_document', 'welcome_video'])(
		'media header template %s: its body variable',
		(elementName) => {
			expect(names(seed(elementName))).toEqual(['{{1}} customer']);
		},
	);

	it('authentication template: the code', () => {
		expect(names(seed('verification_code'))).toEqual(['{{1}} code']);
	});

	it('template without variables: no field', () => {
		expect(templateVariableFields(seed('appointment_reminder'))).toEqual([]);
	});

	it('template with buttons: the body variables only (button values have their own fields)', () => {
		const withButtons: JelouTemplate = {
			elementName: 'order_shipped',
			template: 'Hi {{1}}, track order {{2}} below.',
			type: 'HSM',
			params: [
				{ param: '1', label: 'name' },
				{ param: '2', label: 'order' },
			],
			paramsNumber: 2,
			buttons: [{ type: 'URL', text: 'Track', url: 'https://example.com/track/{{1}}' }],
		};
		expect(names(withButtons)).toEqual(['{{1}} name', '{{2}} order']);
	});

	it('carousel and catalog templates: the variables of the message body', () => {
		const carousel: JelouTemplate = {
			elementName: 'spring_cards',
			template: 'Hi {{1}}, our picks:',
			type: 'CAROUSEL',
			params: [{ param: '1', label: 'name' }],
			paramsNumber: 1,
		};
		const catalog: JelouTemplate = {
			elementName: 'catalog_offer',
			template: 'Discover {{1}}',
			type: 'CATALOG',
			params: [{ param: '1', label: 'collection' }],
			paramsNumber: 1,
		};
		expect(names(carousel)).toEqual(['{{1}} name']);
		expect(names(catalog)).toEqual(['{{1}} collection']);
	});

	it('a count without labels, or labels out of order: numbered in order, unnamed where Jelou has no label', () => {
		expect(names({ elementName: 'bare', paramsNumber: 2 })).toEqual(['{{1}}', '{{2}}']);
		expect(
			names({
				elementName: 'shuffled',
				paramsNumber: 3,
				params: [
					{ param: '3', label: 'city' },
					{ param: '1', label: 'name' },
					{ param: '2', label: '' },
				],
			}),
		).toEqual(['{{1}} name', '{{2}}', '{{3}} city']);
	});
});

describe('orderedVariableValues', () => {
	it('puts the values in the order of the variables, whatever order the object has', () => {
		expect(orderedVariableValues({ '2': 'A-1', '10': 'j', '1': 'Maria' })).toEqual([
			'Maria',
			'A-1',
			'j',
		]);
	});

	it('turns numbers and objects into text, and nothing into an empty list', () => {
		expect(orderedVariableValues({ '1': 42, '2': null, '3': { a: 1 } })).toEqual([
			'42',
			'',
			'{"a":1}',
		]);
		expect(orderedVariableValues(null)).toEqual([]);
		expect(orderedVariableValues({})).toEqual([]);
	});
});

describe('findApproved: the one look-up of an approved template by name', () => {
	const templates = [
		{ elementName: 'order_update', language: 'es' },
		{ elementName: 'order_update', language: 'en' },
		{ elementName: 'welcome', language: 'en' },
	] as JelouTemplate[];

	it('takes the template in the Language asked for, else the first of that name', () => {
		expect(findApproved(templates, 'order_update', 'en')).toBe(templates[1]);
		expect(findApproved(templates, 'order_update')).toBe(templates[0]);
		expect(findApproved(templates, 'order_update', 'pt')).toBe(templates[0]);
	});

	it('finds nothing for a name that is not in the list', () => {
		expect(findApproved(templates, 'Order_Update')).toBeUndefined();
	});
});
