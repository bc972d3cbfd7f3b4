import {
	failedAnswerMessage,
	nestingDepth,
	readMemoryValues,
	setMemoryBody,
} from '../../../../nodes/JelouWhatsApp/actions/conversation/memory.body';
import { CACHE_BODY, CACHE_SET_ANSWER } from './conversation.doc-examples';

describe('setMemoryBody', () => {
	it('is Jelou’s example field by field: {params, botId}', () => {
		const body = setMemoryBody('bot-12345', { groupId: 'grp-67890', orderNumber: 'ORD-12345' });
		expect(Object.keys(body)).toEqual(Object.keys(CACHE_BODY));
		expect(body).toEqual(CACHE_BODY);
	});
});

describe('readMemoryValues', () => {
	it('key/value pairs: keys trimmed, values as typed', () => {
		expect(
			readMemoryValues('Values', {
				input: 'keyValue',
				pairs: [
					{ key: ' orderNumber ', value: 'ORD-12345' },
					{ key: 'groupId', value: 'grp-67890' },
				],
			}),
		).toEqual({ orderNumber: 'ORD-12345', groupId: 'grp-67890' });
	});

	it('refuses a pair without a key and a key given twice', () => {
		expect(() =>
			readMemoryValues('Values', { input: 'keyValue', pairs: [{ key: '', value: 'x' }] }),
		).toThrow('Values: value 1 has no key');
		expect(() =>
			readMemoryValues('Values', {
				input: 'keyValue',
				pairs: [
					{ key: 'a', value: '1' },
					{ key: 'a ', value: '2' },
				],
			}),
		).toThrow('Values: the key "a" is given twice');
	});

	it('JSON: text or an object from an expression, types kept; a list, a number or bad JSON refused', () => {
		expect(readMemoryValues('Values (JSON)', { input: 'json', json: '{"test": 1}' })).toEqual({
			test: 1,
		});
		expect(readMemoryValues('Values (JSON)', { input: 'json', json: { vip: true } })).toEqual({
			vip: true,
		});
		expect(readMemoryValues('Values (JSON)', { input: 'json', json: '' })).toEqual({});
		expect(() => readMemoryValues('Values (JSON)', { input: 'json', json: '[1]' })).toThrow(
			'Values (JSON): is a list, not an object',
		);
		expect(() => readMemoryValues('Values (JSON)', { input: 'json', json: '5' })).toThrow(
			'is a number, not an object',
		);
		expect(() => readMemoryValues('Values (JSON)', { input: 'json', json: '{a:1}' })).toThrow(
			'is not valid JSON',
		);
	});
});

describe('bounds of the values: 64 KB as JSON, 10 levels deep', () => {
	const nestedObject = (levels: number): unknown => {
		let value: unknown = 'leaf';
		for (let level = 0; level < levels; level++) value = { next: value };
		return value;
	};

	it('nestingDepth counts the levels of objects and lists, stopping past the bound', () => {
		expect(nestingDepth('text', 10)).toBe(0);
		expect(nestingDepth({}, 10)).toBe(1);
		expect(nestingDepth({ a: 1, b: [1, { c: 2 }] }, 10)).toBe(3);
		expect(nestingDepth(nestedObject(10), 10)).toBe(10);
		expect(nestingDepth(nestedObject(200), 10)).toBe(11);
	});

	it('takes values up to 10 levels and 64 KB, as JSON or as pairs', () => {
		const ten = { a: nestedObject(9) };
		expect(readMemoryValues('Values to Remember (JSON)', { input: 'json', json: ten })).toEqual(
			ten,
		);
		// 64 KB exactly: {"v":"…"} is 8 bytes around the text
		const full = { v: 'x'.repeat(64 * 1024 - 8) };
		expect(readMemoryValues('Values to Remember (JSON)', { input: 'json', json: full })).toEqual(
			full,
		);
	});

	it('refuses JSON nested 200 deep, a 2 MB value, and pairs over 64 KB, naming the field and the limits', () => {
		expect(() =>
			readMemoryValues('Values to Remember (JSON)', {
				input: 'json',
				json: JSON.stringify({ chain: nestedObject(200) }),
			}),
		).toThrow('Values to Remember (JSON): the values are nested more than 10 levels deep');
		expect(() =>
			readMemoryValues('Values to Remember (JSON)', {
				input: 'json',
				json: { transcript: 'x'.repeat(2 * 1024 * 1024) },
			}),
		).toThrow('Values to Remember (JSON): the values take 2 MB as JSON, more than 64 KB');
		expect(() =>
			readMemoryValues('Values for the Flow', {
				input: 'keyValue',
				pairs: [{ key: 'notes', value: 'é'.repeat(40 * 1024) }],
			}),
		).toThrow('Values for the Flow: the values take 81 KB as JSON, more than 64 KB');
		expect(() =>
			readMemoryValues('Values to Remember (JSON)', {
				input: 'json',
				json: { v: 'x'.repeat(64 * 1024 - 7) },
			}),
		).toThrow('more than 64 KB');
	});
});

describe('failedAnswerMessage: a 200 with "status": "failed" is a failure', () => {
	it('is undefined for Jelou’s success answer', () => {
		expect(failedAnswerMessage(CACHE_SET_ANSWER)).toBeUndefined();
		expect(failedAnswerMessage(undefined)).toBeUndefined();
	});

	it('gives Jelou’s message of a failed answer', () => {
		expect(
			failedAnswerMessage({ message: ['User cache could not be set.'], status: 'failed' }),
		).toBe('User cache could not be set.');
		expect(failedAnswerMessage({ status: 'failed' })).toMatch(/without a message/);
	});
});
