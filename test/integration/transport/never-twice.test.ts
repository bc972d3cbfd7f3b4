// Never twice: every operation that makes Jelou act, met by the connection faults that look alike from the client's
// side — a reset after Jelou did the work, a reset before it, a close on a request's arrival on a reused connection,
// idle connections closed at 1 s without a Keep-Alive hint. Each request Jelou may have taken is sent once at most:
// 0 accepted twice, 0 items reported sent that Jelou never took, and a failed item only where a fault met a request
// already written, saying it may have been sent and was not repeated.
import type { INodeParameters } from 'n8n-workflow';

import type { RecordedRequest } from '../../fake-jelou/server';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { runJelou, sendTemplateParameters } from '../../helpers/jelou';
import type { HarnessItem } from '../../helpers/n8n-harness';

const fake = useFakeJelou();

const phone = (i: number) => `5939912${String(i).padStart(5, '0')}`;
const MAY_HAVE_BEEN_SENT = /may have been sent, and was not repeated/;
/** The item as a person counts it and, for an operation about a customer, the number. */
const ITEM_AND_PHONE = /\(item \d+, phone \d+\) /;

interface Operation {
	name: string;
	/** The route that makes Jelou act, where the faults are injected. */
	route: string;
	parameters: INodeParameters;
	/** One execution's items; `batch` numbers the executions so their requests differ. */
	items(batch: number): HarnessItem[];
	/** What tells one request apart from another of this operation: the same value twice is a duplicate. */
	identity(request: RecordedRequest): string;
	/** Campaign → Send makes one request per execution: it runs several executions instead of several items. */
	oneRequestPerExecution?: boolean;
	/** Customers, media… the operation needs before it can run. */
	prepare?(items: HarnessItem[]): void;
	/** What a failed item says to check before running it again: words that fit what the operation does. */
	check: string;
	/** How a failed item's error names it: the item and the customer's number, or what the request was for. */
	names: RegExp;
}

const ITEMS = 12;
const perItem = (make: (i: number) => HarnessItem['json']) => (batch: number) =>
	Array.from({ length: ITEMS }, (_, i) => ({ json: make(batch * ITEMS + i) }));
const concurrency = { requestOptions: { concurrency: 3 } };
const conversation = (operation: string, fields: INodeParameters): INodeParameters => ({
	resource: 'conversation',
	operation,
	userId: '={{ $json.phone }}',
	...fields,
	...concurrency,
});
const customersOf = (items: HarnessItem[], write = false) => {
	for (const item of items) {
		const id = String(item.json.phone);
		if (write)
			fake.conversations.customerWrites(id, fake.conversations.incomingBubble('text', 'Hola'));
		else fake.conversations.ensureCustomer(id);
	}
};

const OPERATIONS: Operation[] = [
	{
		name: 'Message → Send Template',
		route: 'POST /v2/whatsapp/:botId/hsm',
		parameters: {
			...sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '={{ $json.phone }}',
				parameters: ['Maria', '71936'],
			}),
			...concurrency,
		},
		items: perItem((i) => ({ phone: phone(i) })),
		identity: (request) => String((request.body as { destinations: string[] }).destinations),
		check: 'Check the message status with Message → Get Status',
		names: ITEM_AND_PHONE,
	},
	{
		name: 'Message → Send',
		route: 'POST /v1/whatsapp/messages',
		parameters: {
			resource: 'message',
			operation: 'send',
			userId: '={{ $json.phone }}',
			messageType: 'text',
			text: 'Your order is on its way',
			...concurrency,
		},
		items: perItem((i) => ({ phone: phone(i) })),
		identity: (request) => String((request.body as { userId: string }).userId),
		check: 'Check the message status with Message → Get Status',
		names: ITEM_AND_PHONE,
	},
	{
		name: 'Campaign → Send',
		route: 'POST /v1/hsm/file',
		parameters: {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'items',
			campaignName: '={{ $json.campaign }}',
			template: { __rl: true, mode: 'name', value: '=order_confirmation' },
			phoneNumber: '={{ $json.phone }}',
			parameterValues: { values: [{ value: 'Maria' }, { value: '71936' }] },
		},
		items: (batch) =>
			[0, 1, 2].map((i) => ({ json: { phone: phone(batch * 3 + i), campaign: `Batch ${batch}` } })),
		identity: (request) => String(request.form?.campaignName),
		oneRequestPerExecution: true,
		check:
			'the campaign may have been created; it was not repeated, since a repeat could create and send the campaign twice. Check with Campaign → Get',
		// one campaign for the execution's 3 items
		names: /\(items 1–3\) /,
	},
	{
		name: 'Conversation → Pause Bot',
		route: 'POST /v1/users/state',
		parameters: conversation('pauseBot', { options: { resumeAfter: 2, resumeAfterUnit: 'hours' } }),
		items: perItem((i) => ({ phone: phone(i) })),
		identity: (request) => String((request.body as { userId: string }).userId),
		prepare: (items) => customersOf(items),
		check:
			'who answers the customer may have changed; it was not repeated, since a repeat could make the change a second time. Check who answers the customer with Conversation → Get State',
		names: ITEM_AND_PHONE,
	},
	{
		name: 'Conversation → Set Memory',
		route: 'POST /v1/users/:userId/cache',
		parameters: conversation('setMemory', {
			valuesInput: 'keyValue',
			values: { pairs: [{ key: 'orderNumber', value: 'ORD-777' }] },
		}),
		items: perItem((i) => ({ phone: phone(i) })),
		identity: (request) => request.path,
		prepare: (items) => customersOf(items),
		check:
			'the values may have been stored; it was not repeated, since a repeat could store them a second time. Check the customer’s memory with Conversation → Get Memory',
		names: ITEM_AND_PHONE,
	},
	{
		name: 'Conversation → Start Bot Flow',
		route: 'POST /v1/bots/:botId/users/:userId/skill/:skillId',
		parameters: conversation('startBotFlow', { skill: { __rl: true, mode: 'id', value: '1' } }),
		items: perItem((i) => ({ phone: phone(i) })),
		identity: (request) => request.path,
		prepare: (items) => customersOf(items, true),
		check:
			'the customer may have been moved to the flow (and its first message sent); it was not repeated, since a repeat could start the flow twice. Check the conversation with Conversation → Get History',
		names: ITEM_AND_PHONE,
	},
	{
		name: 'Message → Download Media',
		route: 'POST /v1/external/assets/refresh',
		parameters: {
			resource: 'message',
			operation: 'downloadMedia',
			mediaUrl: '={{ $json.mediaUrl }}',
			...concurrency,
		},
		items: perItem((i) => ({ mediaUrl: `media-${i}` })),
		identity: (request) => String((request.body as { resourceUrl: string }).resourceUrl),
		prepare: (items) => {
			for (const item of items)
				item.json.mediaUrl = fake.conversations.addMedia({
					fileName: `${String(item.json.mediaUrl)}.png`,
					mimeType: 'image/png',
					content: Buffer.from(String(item.json.mediaUrl)),
				});
		},
		check:
			'It only asks Jelou for a download link, so nothing was sent or changed: run the item again',
		names: /\(item \d+\) /,
	},
];

interface Outcome {
	sent: number;
	failed: string[];
}

/** Runs the operation (several items in one execution, or one execution per batch) and checks the rule. */
async function runAndCheck(operation: Operation, batches: HarnessItem[][]): Promise<Outcome> {
	const outcome: Outcome = { sent: 0, failed: [] };
	const succeeded: string[] = [];
	for (const items of batches) {
		operation.prepare?.(items);
		const before = fake.requests.length;
		const { items: output, error } = await runJelou(fake, operation.parameters, {
			items,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		// Campaign → Send: one request, one output item paired with every row
		if (operation.oneRequestPerExecution)
			expect(output.map((item) => item.pairedItem)).toEqual([items.map((_, item) => ({ item }))]);
		else output.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
		for (const item of output) {
			if (item.json.error === undefined) outcome.sent++;
			else outcome.failed.push(`${String(item.json.error)} ${String(item.json.description ?? '')}`);
		}
		for (const request of fake.requests.slice(before))
			if (routeOf(operation, request) && request.processed)
				succeeded.push(operation.identity(request));
	}
	// 0 accepted twice
	const counts = new Map<string, number>();
	for (const identity of succeeded) counts.set(identity, (counts.get(identity) ?? 0) + 1);
	expect([...counts.entries()].filter(([, count]) => count > 1)).toEqual([]);
	// 0 lost: every item reported sent was taken by Jelou (the processed requests hold at least those)
	expect(counts.size).toBeGreaterThanOrEqual(outcome.sent);
	return outcome;
}

const routeOf = (operation: Operation, request: RecordedRequest) => {
	const [method, pattern] = operation.route.split(' ');
	const expression = new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
	return request.method === method && expression.test(request.path);
};

/** Each failed item says it may have been sent and was not repeated, what to check, and which item it was. */
const expectEachSaysMayHaveBeenSent = (failed: string[], operation: Operation) => {
	for (const text of failed) {
		expect(text).toMatch(MAY_HAVE_BEEN_SENT);
		expect(text).toContain(operation.check);
		expect(text).toMatch(operation.names);
	}
};

const batchesOf = (operation: Operation, count: number) =>
	Array.from({ length: count }, (_, batch) => operation.items(batch));

describe.each(OPERATIONS)('$name: never twice', (operation) => {
	const batches = operation.oneRequestPerExecution ? 5 : 1;
	const total = operation.oneRequestPerExecution ? batches : ITEMS;

	it.each(['reset-after', 'reset-before'] as const)(
		'a %s on 2 requests: those 2 items fail as "may have been sent", the rest once each',
		async (kind) => {
			fake.injectFault(operation.route, { kind }, 2, 1);
			const outcome = await runAndCheck(operation, batchesOf(operation, batches));
			expect(outcome.failed).toHaveLength(2);
			expectEachSaysMayHaveBeenSent(outcome.failed, operation);
			expect(outcome.sent).toBe(total - 2);
			const processed = fake.requests.filter(
				(request) => routeOf(operation, request) && request.processed,
			);
			// reset-after: Jelou took all of them, each once; reset-before: it took the others, each once
			expect(processed).toHaveLength(kind === 'reset-after' ? total : total - 2);
		},
	);

	it('a close on arrival on a reused connection, twice: 2 items fail, nothing is taken twice', async () => {
		fake.injectFault(operation.route, { kind: 'close-on-arrival' }, 2);
		const outcome = await runAndCheck(operation, batchesOf(operation, batches));
		expect(fake.connectionStats.closedOnArrival).toBe(2);
		expect(outcome.failed).toHaveLength(2);
		expectEachSaysMayHaveBeenSent(outcome.failed, operation);
		expect(outcome.sent).toBe(total - 2);
	});

	it('idle connections closed at 1 s without a hint: a later run opens new ones, and nothing fails', async () => {
		fake.setIdleClose(1_000);
		const first = await runAndCheck(operation, batchesOf(operation, batches));
		expect(first.failed).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(fake.connectionStats.closedWhileIdle).toBeGreaterThan(0);
		const later = operation.oneRequestPerExecution
			? [operation.items(batches + 1)]
			: [operation.items(1)];
		const second = await runAndCheck(operation, later);
		expect(second.failed).toEqual([]);
	});
});
