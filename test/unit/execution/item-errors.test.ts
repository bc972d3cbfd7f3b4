import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { JsonObject } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import {
	errorItem,
	forErrorPanel,
	namingItem,
	toNodeError,
} from '../../../nodes/JelouWhatsApp/execution/item-errors';

const node: INode = {
	id: 'jelou',
	name: 'Jelou WhatsApp',
	type: 'n8n-nodes-jelou.jelouWhatsApp',
	typeVersion: 2,
	position: [0, 0],
	parameters: {},
};

const error = (message: string, description: string, itemIndex?: number) =>
	new NodeOperationError(node, message, { description, itemIndex });

describe("errors readied for n8n's error panel", () => {
	it('gives a description of several lines to the panel with <br> between the lines, and keeps the plain text', () => {
		const description =
			'Recipients: "call me" (item 1) → Use digits\nRecipients: "12" (item 2) → Check';
		const readied = forErrorPanel(error('2 items have bad input', description));
		expect(readied.description).toBe(description);
		expect(readied.context.descriptionTemplate).toBe(
			'Recipients: "call me" (item 1) → Use digits<br>Recipients: "12" (item 2) → Check',
		);
	});

	it('escapes the text, so a value quoted in the description shows as typed', () => {
		const readied = forErrorPanel(error('bad', 'Name: "<b>Ana</b> & Co" (item 1)\nsecond line'));
		expect(readied.context.descriptionTemplate).toBe(
			'Name: "&lt;b&gt;Ana&lt;/b&gt; &amp; Co" (item 1)<br>second line',
		);
	});

	it('leaves a one-line description to n8n as it is', () => {
		const readied = forErrorPanel(error('bad', 'Use digits only.'));
		expect(readied.context.descriptionTemplate).toBeUndefined();
	});

	it('drops the 0-based item index when the text names the item as a person counts it', () => {
		expect(
			forErrorPanel(error('Recipients: "12" has 2 digits (item 3)', 'Check it.', 2)).context
				.itemIndex,
		).toBeUndefined();
		expect(
			forErrorPanel(error('Jelou refused', 'Failed on item 3. No item was sent.', 2)).context
				.itemIndex,
		).toBeUndefined();
	});

	it('keeps the item index when the text does not name that item', () => {
		expect(forErrorPanel(error('Jelou refused the send', 'Try again.', 2)).context.itemIndex).toBe(
			2,
		);
		// "item 2" is another item than the third (index 2)
		expect(forErrorPanel(error('Failed', 'Same as item 2.', 2)).context.itemIndex).toBe(2);
		expect(forErrorPanel(error('Failed', 'See item 30.', 2)).context.itemIndex).toBe(2);
	});

	it('passes anything that is not an n8n node error through unchanged', () => {
		const plain = new Error('a\nb');
		expect(forErrorPanel(plain)).toBe(plain);
		expect(forErrorPanel('text')).toBe('text');
	});
});

describe('every error names its item and the customer’s number', () => {
	const apiError = () =>
		new NodeApiError(node, {} as JsonObject, {
			message: 'Jelou did not answer within 30 s',
			description: 'The request may have reached Jelou.',
			httpCode: '500',
		});

	it('an error item carries the item as a person counts it and the phone, beside the named error', () => {
		expect(errorItem(apiError(), 2, '593991234567')).toEqual({
			json: {
				error: 'Jelou did not answer within 30 s (item 3, phone 593991234567)',
				description: 'The request may have reached Jelou.',
				httpCode: '500',
				item: 3,
				phone: '593991234567',
			},
			pairedItem: { item: 2 },
		});
		expect(errorItem(apiError(), 0).json).toEqual({
			error: 'Jelou did not answer within 30 s (item 1)',
			description: 'The request may have reached Jelou.',
			httpCode: '500',
			item: 1,
		});
	});

	it('one error shared by several items names each in its own error item, and is left as it was', () => {
		const shared = apiError();
		expect(errorItem(shared, 0, '593991234567').json.error).toBe(
			'Jelou did not answer within 30 s (item 1, phone 593991234567)',
		);
		expect(errorItem(shared, 1, '593991234568').json.error).toBe(
			'Jelou did not answer within 30 s (item 2, phone 593991234568)',
		);
		expect(shared.message).toBe('Jelou did not answer within 30 s');
	});

	it('one error reaching two executions (a look-up they share) is named in each for its own item only', () => {
		const shared = apiError();
		const executionOf = { getNode: () => node } as unknown as Parameters<typeof toNodeError>[0];
		const first = namingItem(
			toNodeError(executionOf, shared, 2, '593991234567'),
			2,
			'593991234567',
		);
		const second = namingItem(toNodeError(executionOf, shared, 0), 0);
		expect(first.message).toBe('Jelou did not answer within 30 s (item 3, phone 593991234567)');
		expect(second.message).toBe('Jelou did not answer within 30 s (item 1)');
		expect([first.context.itemIndex, second.context.itemIndex]).toEqual([2, 0]);
		expect(second).toBeInstanceOf(NodeApiError);
		expect((second as NodeApiError).httpCode).toBe('500');
		expect(second.description).toBe('The request may have reached Jelou.');
		expect(shared.message).toBe('Jelou did not answer within 30 s');
		expect(shared.context.itemIndex).toBeUndefined();
	});

	it('namingItem names the item once; a message that names it already is kept', () => {
		const error = namingItem(apiError(), 9, '593991234567');
		expect(error.message).toBe('Jelou did not answer within 30 s (item 10, phone 593991234567)');
		expect(namingItem(error, 9, '593991234567').message).toBe(error.message);
		const named = error.message;
		expect(namingItem(error, 0).message).toBe(`${named} (item 1)`);
	});

	it('many recipients are cut in the message, kept whole in the error item', () => {
		const phones = Array.from({ length: 8 }, (_, i) => `59399123456${i}`).join(', ');
		const item = errorItem(apiError(), 0, phones);
		expect(item.json.error).toBe(
			`Jelou did not answer within 30 s (item 1, phone ${phones.slice(0, 60)}…)`,
		);
		expect(item.json.phone).toBe(phones);
	});
});
