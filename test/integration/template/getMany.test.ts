import { NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { SEED_TEMPLATES } from '../../fake-jelou/server';
import type { FakeTemplate } from '../../fake-jelou/server';
import { runJelou } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const getMany = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'template',
	operation: 'getMany',
	...parameters,
});
const seededNames = SEED_TEMPLATES.map((template) => template.elementName);

/** Adds `count` approved marketing templates, so the list spans several pages of the fake's 10. */
function addTemplates(count: number): string[] {
	const names = Array.from({ length: count }, (_, i) => `bulk_${String(i).padStart(2, '0')}`);
	for (const elementName of names) {
		fake.templates.push({
			...(structuredClone(SEED_TEMPLATES[1]) as FakeTemplate),
			elementName,
			displayName: elementName,
		});
	}
	return names;
}

describe.each(['data', 'paginated'] as const)(
	'Template → Get Many, Jelou answering the %s shape',
	(shape) => {
		beforeEach(() => fake.setTemplateListShape(shape));

		it('gives one item per template, with the fields Jelou lists', async () => {
			const { items, error } = await runJelou(fake, getMany());
			expect(error).toBeUndefined();
			// The twelve seeds: one answer in the data shape, two pages of 10 in the paginated one.
			expect(fake.requests).toHaveLength(shape === 'data' ? 1 : 2);
			expect(fake.requests[0]).toMatchObject({
				method: 'GET',
				path: `/v1/bots/${fake.botId}/templates`,
				query: {},
			});
			expect(items.map((item) => item.json.elementName)).toEqual(seededNames);
			expect(
				items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
			).toBe(true);
			expect(items[0].json).toMatchObject({
				elementName: 'order_confirmation',
				displayName: 'Order confirmation',
				params: [
					{ param: '1', label: 'customer', example: 'Maria' },
					{ param: '2', label: 'order', example: '71936' },
				],
				paramsNumber: 2,
				status: 'APPROVED',
				category: 'UTILITY',
			});
		});

		it('sends status, category and search to Jelou and returns only what matches', async () => {
			const pending = await runJelou(fake, getMany({ filters: { status: 'PENDING' } }));
			expect(fake.requests[0].query).toEqual({ status: 'PENDING' });
			expect(pending.items.map((item) => item.json.elementName)).toEqual(['spring_sale_pending']);

			const marketing = await runJelou(
				fake,
				getMany({ filters: { status: 'APPROVED', category: 'MARKETING' } }),
			);
			expect(fake.requests[1].query).toEqual({ status: 'APPROVED', category: 'MARKETING' });
			expect(marketing.items.map((item) => item.json.elementName)).toEqual([
				'promo_image',
				'welcome_video',
				'spring_offer',
				'catalog_offer',
				'spring_picks',
			]);

			const search = await runJelou(fake, getMany({ filters: { query: 'order' } }));
			expect(fake.requests[2].query).toEqual({ query: 'order' });
			expect(search.items.map((item) => item.json.elementName)).toEqual([
				'order_confirmation',
				'order_shipped',
			]);
		});

		it('stops at Limit', async () => {
			addTemplates(25);
			const { items } = await runJelou(fake, getMany({ limit: 3 }));
			expect(items.map((item) => item.json.elementName)).toEqual(seededNames.slice(0, 3));
			expect(fake.requests).toHaveLength(1);
		});

		it('with Return All, returns every template', async () => {
			const added = addTemplates(25);
			const { items } = await runJelou(fake, getMany({ returnAll: true }));
			expect(items.map((item) => item.json.elementName)).toEqual([...seededNames, ...added]);
		});
	},
);

describe('Template → Get Many follows pages of the paginated answer', () => {
	beforeEach(() => fake.setTemplateListShape('paginated'));

	it('asks for the following pages with the same filters when Return All is on', async () => {
		const added = addTemplates(25);
		const { items } = await runJelou(
			fake,
			getMany({ returnAll: true, filters: { category: 'MARKETING' } }),
		);
		expect(fake.requests.map((request) => request.query)).toEqual([
			{ category: 'MARKETING' },
			{ category: 'MARKETING', page: '2' },
			{ category: 'MARKETING', page: '3' },
			{ category: 'MARKETING', page: '4' },
		]);
		expect(items.map((item) => item.json.elementName)).toEqual([
			'promo_image',
			'welcome_video',
			'spring_sale_pending',
			'spring_offer',
			'catalog_offer',
			'spring_picks',
			...added,
		]);
	});

	it('asks for the next page only while Limit is not reached', async () => {
		addTemplates(25);
		const { items } = await runJelou(fake, getMany({ limit: 12 }));
		expect(fake.requests.map((request) => request.query)).toEqual([{}, { page: '2' }]);
		expect(items).toHaveLength(12);
	});
});

describe('Template → Get Many per input item', () => {
	it('lists once per input item with that item’s search, output in input order', async () => {
		const { items } = await runJelou(fake, getMany({ filters: { query: '={{ $json.search }}' } }), {
			items: [{ json: { search: 'video' } }, { json: { search: 'order' } }],
		});
		expect(items.map((item) => [item.json.elementName, item.pairedItem])).toEqual([
			['welcome_video', { item: 0 }],
			['order_confirmation', { item: 1 }],
			['order_shipped', { item: 1 }],
		]);
	});

	it('refuses a status from an expression that Jelou does not know, before any request', async () => {
		const { error } = await runJelou(fake, getMany({ filters: { status: '={{ "DRAFT" }}' } }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			'Status: "DRAFT" is not one of APPROVED, PENDING, REJECTED (item 1)',
		);
		expect(fake.requests).toHaveLength(0);
	});
});
