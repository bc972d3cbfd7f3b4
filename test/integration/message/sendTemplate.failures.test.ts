import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

/** The sends; a Send Template execution also reads the approved template list once, to check the parameters. */
const sends = () => fake.requests.filter((request) => request.method === 'POST');

const template = (fields: INodeParameters): INodeParameters => ({
	...sendTemplateParameters({
		template: 'order_confirmation',
		recipients: '593991234567',
		parameters: ['Maria', '71936'],
	}),
	...fields,
});
/** A template from an expression: checked per item against the approved list, its values filled by hand. */
const byExpression = (value: string) => ({ __rl: true, mode: 'name', value: `=${value}` });
const session = (fields: INodeParameters): INodeParameters => ({
	resource: 'message',
	operation: 'send',
	userId: '593991234567',
	messageType: 'text',
	text: 'Hi',
	...fields,
});
const status = (fields: INodeParameters): INodeParameters => ({
	resource: 'message',
	operation: 'getStatus',
	...fields,
});
const card = { mediaUrl: 'https://cdn.example.com/1.jpeg', params: { values: [{ value: 'a' }] } };

/** [what, parameters, error message, the fix's words, requests the check itself needs (the approved list)] */
const badInputs: Array<[string, INodeParameters, string, string, number]> = [
	[
		'recipient with letters',
		template({ recipients: '59399abc4567' }),
		'Recipients: "59399abc4567" contains characters other than digits',
		'digits',
		0,
	],
	[
		'recipient too short',
		template({ recipients: '1234567' }),
		'Recipients: "1234567" has 7 digits',
		'country code',
		0,
	],
	[
		'recipient too long',
		template({ recipients: '5939912345678901' }),
		'Recipients: "5939912345678901" has 16 digits',
		'country code',
		0,
	],
	[
		'national recipient without country code',
		template({ recipients: '0991234567' }),
		'Recipients: "0991234567" is a national number',
		'Default Country Code',
		0,
	],
	[
		'no recipient',
		template({ recipients: ' , ' }),
		'Recipients: no phone number given',
		'at least one',
		0,
	],
	[
		'empty template name',
		template({ template: { __rl: true, mode: 'name', value: ' ' } }),
		'Template: is empty',
		'Pick an approved template',
		0,
	],
	[
		'empty parameter',
		template({ parameters: { values: [{ value: 'Maria' }, { value: '' }] } }),
		'Parameters: parameter 2 is empty',
		'expression',
		0,
	],
	[
		'header parameter array of two',
		template({ sendTemplateOptions: { headerParameter: '={{ ["a", "b"] }}' } }),
		'Header Parameter: 2 values given',
		'at most one',
		0,
	],
	[
		'image without media URL',
		template({ type: 'image', mediaUrl: '={{ $json.missing }}' }),
		'Media URL: is empty',
		'https://',
		0,
	],
	[
		'video over http',
		template({ type: 'video', mediaUrl: 'http://cdn.example.com/v.mp4' }),
		'Media URL: "http://cdn.example.com/v.mp4" does not start with https://',
		'https',
		0,
	],
	[
		'document media that is not a URL',
		template({ type: 'document', mediaUrl: 'invoice.pdf', filename: 'i.pdf' }),
		'Media URL: "invoice.pdf" is not a URL',
		'https://',
		0,
	],
	[
		'parameter entry that is a list among others',
		template({ parameters: { values: [{ value: '={{ ["Ana", "A-1"] }}' }, { value: 'x' }] } }),
		'Parameters: parameter 1 is a list of 2 values (["Ana","A-1"])',
		'single Parameter',
		0,
	],
	[
		'parameter that is an object',
		template({ parameters: { values: [{ value: '={{ { name: "Ana" } }}' }, { value: 'x' }] } }),
		'Parameters: parameter 1 is an object ({"name":"Ana"})',
		'one text value per parameter',
		0,
	],
	[
		'recipient that is an object',
		template({ recipients: '={{ { phone: "593991234567" } }}' }),
		'Recipients: is an object ({"phone":"593991234567"})',
		'phone numbers as text',
		0,
	],
	[
		'copy code button index that is not a number',
		template({
			buttonParameters: { buttons: [{ type: 'COPY_CODE', index: '={{ "first" }}', code: 'A1' }] },
		}),
		'Button Parameters: button 1 (COPY_CODE) Button Index: "first" is not a number',
		'whole number',
		0,
	],
	[
		'carousel with one card',
		template({ type: 'carousel', cards: { card: [card] } }),
		'Carousel Cards: 1 card given',
		'2 to 10',
		0,
	],
	[
		'carousel with eleven cards',
		template({ type: 'carousel', cards: { card: Array(11).fill(card) } }),
		'Carousel Cards: 11 cards given',
		'2 to 10',
		0,
	],
	[
		'copy code longer than 15',
		template({
			buttonParameters: { buttons: [{ type: 'COPY_CODE', index: 1, code: 'SUMMER-SALE-2024' }] },
		}),
		'Button Parameters: button 1 (COPY_CODE) Code: "SUMMER-SALE-2024" has 16 characters, more than 15',
		'at most 15',
		0,
	],
	[
		'URL button without suffix',
		template({ buttonParameters: { buttons: [{ type: 'URL', param: '' }] } }),
		'Button Parameters: button 1 (URL) URL Suffix: is empty',
		'link',
		0,
	],
	[
		'catalog without catalog button',
		template({ type: 'catalog' }),
		'Button Parameters: a catalog template needs a Catalog button',
		'Thumbnail Product',
		0,
	],
	[
		'button payload without skill',
		template({
			sendTemplateOptions: { buttonPayloads: { payloads: [{ action: 'Yes', skillId: '' }] } },
		}),
		'Options: Bot Flow for Each Reply Button: button 1 ("Yes") has no Skill ID',
		'skill',
		0,
	],
	[
		'memory parameter without key',
		template({
			sendTemplateOptions: { setMemoryParams: { params: [{ key: '', value: 'x' }] } },
		}),
		'Options: Values to Remember: a memory parameter has no key',
		'key',
		0,
	],
	[
		'expiration that is not a date',
		template({ sendTemplateOptions: { expirationTime: 'soon' } }),
		'Expiration Time: "soon" is not a date',
		'Pick a date',
		0,
	],
	[
		'additional fields that replace a field',
		template({ sendTemplateOptions: { additionalBodyFields: '{"elementName": "other"}' } }),
		'Additional Body Fields (JSON): sets elementName',
		'node field',
		0,
	],
	[
		'additional fields that are not JSON',
		template({ sendTemplateOptions: { additionalBodyFields: '{oops' } }),
		'Additional Body Fields (JSON): is not a JSON object',
		'object',
		0,
	],
	[
		'wrong parameter count for a listed template',
		template({
			template: byExpression('order_confirmation'),
			parameters: { values: [{ value: 'Maria' }] },
		}),
		'Parameters: the template "order_confirmation" has 2 parameters, 1 given',
		'exactly 2',
		1,
	],
	[
		'template not approved',
		template({
			template: byExpression('spring_sale_pending'),
			parameters: { values: [{ value: 'Maria' }] },
		}),
		'Template: "spring_sale_pending" is not approved or does not exist',
		'approved',
		// a template missing from the list has the list read again once, in case it was approved since
		2,
	],
	[
		'authentication code longer than 15',
		template({
			template: byExpression('verification_code'),
			parameters: { values: [{ value: '1234567890123456' }] },
		}),
		'Parameters: "1234567890123456" has 16 characters, more than 15',
		'at most 15',
		1,
	],
	[
		'authentication parameter with a link',
		template({
			template: byExpression('verification_code'),
			parameters: { values: [{ value: 'https://x.io' }] },
		}),
		'Parameters: "https://x.io" contains a link',
		'without links',
		1,
	],
	[
		'image template sent as text',
		template({
			template: byExpression('promo_image'),
			parameters: { values: [{ value: 'Maria' }] },
		}),
		'Type: the template "promo_image" has a image header but Type is text',
		'Media URL',
		1,
	],
	[
		'session: phone with letters',
		session({ userId: 'call me' }),
		'Phone Number: "call me" contains characters other than digits',
		'digits',
		0,
	],
	[
		'session: empty text',
		session({ text: '={{ $json.missing }}' }),
		'Text: is empty',
		'message text',
		0,
	],
	[
		'session: list without options',
		session({ messageType: 'list', listOptions: {} }),
		'List Options: 0 options given',
		'1 to 10',
		0,
	],
	[
		'session: list option title of 25 characters',
		session({
			messageType: 'list',
			listOptions: { option: [{ title: 'A very long option title!' }] },
		}),
		'List Options: option 1 Title: "A very long option title!" has 25 characters, more than 24',
		'at most 24',
		0,
	],
	[
		'session: list option description of 73 characters',
		session({
			messageType: 'list',
			listOptions: { option: [{ title: 'a', description: 'd'.repeat(73) }] },
		}),
		'List Options: option 1 Description',
		'at most 72',
		0,
	],
	[
		'session: four quick replies',
		session({
			messageType: 'quick_reply',
			quickReplies: { reply: [{ title: 'a' }, { title: 'b' }, { title: 'c' }, { title: 'd' }] },
		}),
		'Quick Replies: 4 replies given',
		'1 to 3',
		0,
	],
	[
		'session: duplicate quick replies',
		session({
			messageType: 'quick_reply',
			quickReplies: { reply: [{ title: 'Yes' }, { title: 'Yes' }] },
		}),
		'Quick Replies: "Yes" appears twice',
		'different',
		0,
	],
	[
		'session: quick reply of 21 characters',
		session({
			messageType: 'quick_reply',
			quickReplies: { reply: [{ title: 'Yes, please call me!!' }] },
		}),
		'Quick Replies: reply 1: "Yes, please call me!!" has 21 characters',
		'at most 20',
		0,
	],
	[
		'session: image over http',
		session({ messageType: 'image', mediaUrl: 'http://cdn.example.com/a.png' }),
		'Media URL: "http://cdn.example.com/a.png" does not start with https://',
		'https',
		0,
	],
	[
		'session: audio without media',
		session({ messageType: 'audio', mediaUrl: '={{ $json.missing }}' }),
		'Media URL: is empty',
		'https://',
		0,
	],
	[
		'session: latitude out of range',
		session({ messageType: 'location', latitude: 91, longitude: 0 }),
		'Latitude: 91 is not between -90 and 90',
		'-90 to 90',
		0,
	],
	[
		'session: latitude that is not a number',
		session({ messageType: 'location', latitude: '={{ "north" }}', longitude: 0 }),
		'Latitude: "north" is not a number',
		'-90 to 90',
		0,
	],
	[
		'session: longitude out of range',
		session({ messageType: 'location', latitude: 0, longitude: 200 }),
		'Longitude: 200 is not between -180 and 180',
		'-180 to 180',
		0,
	],
	[
		'status: empty message ID',
		status({ lookup: 'messageId', messageId: '={{ $json.missing }}' }),
		'Message ID: is empty',
		'By Filters',
		0,
	],
	[
		'status: From after To',
		status({
			lookup: 'filters',
			filters: { from: '2024-02-01T00:00:00Z', to: '2024-01-01T00:00:00Z' },
		}),
		'Filters: From: is after To',
		'before',
		0,
	],
];

describe('bad input: a named error and nothing sent', () => {
	it.each(badInputs)('%s', async (_name, parameters, message, fix, lookups) => {
		// Both items are bad: one error lists both, each with its problem and fix, and neither is sent.
		const { error } = await runJelou(fake, parameters, { items: [{ json: {} }, { json: {} }] });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('2 items have bad input, so nothing was sent');
		// The lines name the items as a person counts them, so n8n gets no 0-based index to add as "[item 0]".
		expect((error as NodeOperationError).context.itemIndex).toBeUndefined();
		const lines = String((error as NodeOperationError).description).split('\n');
		expect(lines).toHaveLength(2);
		// n8n's error panel renders HTML: it shows the lines from the template, one per line.
		expect((error as NodeOperationError).context.descriptionTemplate).toBe(
			lines.map((line) => line.replace(/&/g, '&amp;').replace(/</g, '&lt;')).join('<br>'),
		);
		lines.forEach((line, index) => {
			expect(line.startsWith(message)).toBe(true);
			// The customer's number beside the item (every case sends to the same one), unless the number is
			// the bad field itself or the operation (Get Status) has none.
			const numberKnown = !/^(Recipients|Phone Number|Message ID|Filters): /.test(message);
			expect(line).toContain(
				numberKnown ? `(item ${index + 1}, phone 593991234567) → ` : `(item ${index + 1}) → `,
			);
			expect(line).toContain(fix);
		});
		expect(fake.requests).toHaveLength(lookups);
		expect(
			fake.requests.every(
				(request) => request.method === 'GET' && request.path.endsWith('/templates'),
			),
		).toBe(true);
		expect(fake.sentMessages).toHaveLength(0);
	});

	it('names the bad item among good ones', async () => {
		const { error } = await runJelou(fake, template({ recipients: '={{ $json.phone }}' }), {
			items: [
				{ json: { phone: '593991234567' } },
				{ json: { phone: '593987654321' } },
				{ json: { phone: '12' } },
			],
		});
		expect(error?.message).toBe(
			'Recipients: "12" has 2 digits; a phone number with its country code has 8 to 15 (item 3)',
		);
		expect(sends()).toHaveLength(0);
	});
});

describe('failures while sending', () => {
	const fiveItems = Array.from({ length: 5 }, (_, i) => ({ json: { phone: `59399123456${i}` } }));
	const hsmRoute = () => `POST /v2/whatsapp/${fake.botId}/hsm`;

	it('a 500 on the 3rd request of 5 at concurrency 1 stops the run and lists the items already sent', async () => {
		// Two pass-through faults first, so the 500 lands exactly on the third request.
		fake.injectFault(hsmRoute(), { kind: 'latency', ms: 0 }, 2);
		fake.injectFault(hsmRoute(), { kind: 'status', status: 500 });
		const { error } = await runJelou(
			fake,
			template({ recipients: '={{ $json.phone }}', requestOptions: { concurrency: 1 } }),
			{ items: fiveItems },
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Unexpected error occurred, check logs. (item 3, phone 593991234562)',
		);
		// The description names the failed item as a person counts it ("item 3"), not n8n's 0-based index.
		expect((error as NodeApiError).context.itemIndex).toBeUndefined();
		expect((error as NodeApiError).description).toContain(
			'Failed on item 3. Already sent before the failure, do not send them again: items 1, 2.',
		);
		expect((error as NodeApiError).description).toContain(
			'Jelou failed while handling the request, after it had arrived, so the message may have gone out; it was not repeated',
		);
		// Not repeated (a 500 may have sent), and nothing after it was started.
		expect(sends()).toHaveLength(3);
		expect(fake.sentMessages.map((message) => message.destination)).toEqual([
			'593991234560',
			'593991234561',
		]);
	});

	it('with Continue On Fail, the failed item becomes an error item and the others are sent', async () => {
		fake.injectFault(hsmRoute(), { kind: 'latency', ms: 0 }, 2);
		fake.injectFault(hsmRoute(), { kind: 'status', status: 500 });
		const { items, error } = await runJelou(
			fake,
			template({ recipients: '={{ $json.phone }}', requestOptions: { concurrency: 1 } }),
			{
				items: fiveItems,
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(items[2].json).toEqual({
			botId: fake.botId,
			error: 'Unexpected error occurred, check logs. (item 3, phone 593991234562)',
			description: expect.stringContaining('so the message may have gone out'),
			httpCode: '500',
			item: 3,
			phone: '593991234562',
		});
		expect(
			items.filter((item) => item.json.destination).map((item) => item.json.destination),
		).toEqual(['593991234560', '593991234561', '593991234563', '593991234564']);
		expect(fake.sentMessages).toHaveLength(4);
	});

	it('with Continue On Fail, bad input items become error items for session messages too', async () => {
		const { items } = await runJelou(fake, session({ userId: '={{ $json.phone }}' }), {
			items: [{ json: { phone: 'abc' } }, { json: { phone: '593991234567' } }],
			continueOnFail: true,
		});
		expect(items[0]).toEqual({
			json: {
				botId: fake.botId,
				error: 'Phone Number: "abc" contains characters other than digits (item 1)',
				description: expect.any(String),
				item: 1,
			},
			pairedItem: { item: 0 },
		});
		expect(items[1]).toMatchObject({
			json: { userId: '593991234567', status: 'DELIVERED_CHANNEL' },
			pairedItem: { item: 1 },
		});
		expect(fake.requests).toHaveLength(1);
	});

	it('a 429 is waited out and retried once, and the message is recorded exactly once', async () => {
		fake.injectFault(hsmRoute(), { kind: 'status', status: 429, retryAfterSeconds: 0 });
		const { items, error } = await runJelou(fake, template({}));
		expect(error).toBeUndefined();
		expect(sends().map((request) => request.status)).toEqual([429, 200]);
		expect(fake.sentMessages).toHaveLength(1);
		expect(items).toHaveLength(1);
	});

	it('keeps output in input order under concurrency while answers arrive out of order', async () => {
		fake.setLatency(5);
		// The first items answer last.
		fake.injectFault(hsmRoute(), { kind: 'latency', ms: 80 }, 3);
		const items = Array.from({ length: 30 }, (_, i) => ({
			json: { phone: `5939912345${String(i).padStart(2, '0')}` },
		}));
		const { items: output } = await runJelou(
			fake,
			template({ recipients: '={{ $json.phone }}', requestOptions: { concurrency: 10 } }),
			{ items },
		);
		expect(output.map((item) => [item.json.destination, item.pairedItem])).toEqual(
			items.map((item, index) => [item.json.phone, { item: index }]),
		);
		const recordedOrder = fake.sentMessages.map((message) => message.destination);
		expect(recordedOrder.slice(0, 3)).not.toEqual(['593991234500', '593991234501', '593991234502']);
		expect(fake.sentMessages).toHaveLength(30);
	});

	it('a batch over the rate limit goes through without a failed item or a duplicate', async () => {
		fake.setRateLimit(20);
		const items = Array.from({ length: 60 }, (_, i) => ({
			json: { phone: `5939912345${String(i).padStart(2, '0')}` },
		}));
		const { items: output, error } = await runJelou(
			fake,
			template({ recipients: '={{ $json.phone }}', requestOptions: { concurrency: 20 } }),
			{ items },
		);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(60);
		expect(fake.requests.some((request) => request.status === 429)).toBe(true);
		expect(fake.sentMessages).toHaveLength(60);
		expect(new Set(fake.sentMessages.map((message) => message.destination)).size).toBe(60);
	});
});
