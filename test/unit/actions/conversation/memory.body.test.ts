import {
	failedAnswerMessage,
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
