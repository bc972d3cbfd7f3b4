import { itemFieldPath, readPath } from '../../../nodes/JelouWhatsApp/shared/item-paths';

describe('itemFieldPath and readPath', () => {
	it('recognises expressions that only read a field of the item', () => {
		expect(itemFieldPath('={{ $json.phone }}')).toEqual(['phone']);
		expect(itemFieldPath('={{$json.customer.phone}}')).toEqual(['customer', 'phone']);
		expect(itemFieldPath('={{ $json["first name"] }}')).toEqual(['first name']);
		expect(itemFieldPath("={{ $json['x'][0] }}")).toEqual(['x', '0']);
	});

	it('leaves every other expression to n8n', () => {
		for (const expression of [
			'={{ $json.name.toUpperCase() }}',
			'={{ $json.a }} {{ $json.b }}',
			'Hello {{ $json.a }}',
			'={{ $("Sheet").item.json.a }}',
			'={{ $json }}',
			'plain text',
			5,
		]) {
			expect(itemFieldPath(expression)).toBeUndefined();
		}
	});

	it('reads the path, undefined when a step is missing', () => {
		expect(readPath({ customer: { phone: '593' } }, ['customer', 'phone'])).toBe('593');
		expect(readPath({ customer: null }, ['customer', 'phone'])).toBeUndefined();
		expect(readPath({ list: [] }, ['list', 'constructor'])).toBeUndefined();
	});
});
