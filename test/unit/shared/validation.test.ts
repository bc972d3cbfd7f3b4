import { InvalidFieldError, parseJsonText } from '../../../nodes/JelouWhatsApp/shared/validation';

describe('parseJsonText', () => {
	const fix = 'Enter a JSON object such as {"a": 1}.';

	it('parses text', () => {
		expect(parseJsonText('Values (JSON)', '{"orderNumber": "ORD-1", "total": 12.5}', fix)).toEqual({
			orderNumber: 'ORD-1',
			total: 12.5,
		});
		expect(parseJsonText('Values (JSON)', '[1, 2]', fix)).toEqual([1, 2]);
	});

	it('takes what an expression gave as it is', () => {
		const given = { screen: 'RECOMMEND' };
		expect(parseJsonText('Values (JSON)', given, fix)).toBe(given);
		expect(parseJsonText('Values (JSON)', undefined, fix)).toBeUndefined();
	});

	it('refuses text that is not JSON, naming the field and the fix', () => {
		let error: unknown;
		try {
			parseJsonText('Values (JSON)', '{oops', fix);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(InvalidFieldError);
		expect((error as InvalidFieldError).message).toBe('Values (JSON): is not valid JSON');
		expect((error as InvalidFieldError).fix).toBe(fix);
	});
});
