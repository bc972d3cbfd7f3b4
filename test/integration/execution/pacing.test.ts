import { NodeApiError } from 'n8n-workflow';
import type { INodeExecutionData, INodeParameters, IRunData } from 'n8n-workflow';

import { runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { NODE_UNDER_TEST } from '../../helpers/n8n-harness';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const HSM_ROUTE = 'POST /v2/whatsapp/:botId/hsm';
const phoneOf = (index: number) => `5939${String(10_000_000 + index).slice(-8)}`;
const itemsOf = (count: number) =>
	Array.from({ length: count }, (_, index) => ({
		json: { phone: phoneOf(index), name: `Customer ${index}` },
	}));

function sendTemplate(requestOptions?: INodeParameters): INodeParameters {
	return {
		...sendTemplateParameters({
			template: 'order_confirmation',
			recipients: '={{ $json.phone }}',
			parameters: ['={{ $json.name }}', '71936'],
		}),
		...(requestOptions ? { requestOptions } : {}),
	};
}

/** Every item answered once, in input order, paired with its input; every phone recorded once by Jelou. */
function expectEachSentOnceInOrder(output: INodeExecutionData[], count: number): void {
	expect(output.map((item) => [item.json.destination, item.pairedItem])).toEqual(
		itemsOf(count).map((item, index) => [item.json.phone, { item: index }]),
	);
	const recorded = fake.sentMessages.map((message) => message.destination);
	expect(recorded).toHaveLength(count);
	expect(new Set(recorded).size).toBe(count);
}

const sends = () => fake.requests.filter((request) => request.method === 'POST');
const itemOfPhone = (phone: unknown) =>
	itemsOf(1000).findIndex((item) => item.json.phone === phone);
/** The item whose send Jelou refused (sends leave in input order but may arrive a little out of it). */
const refusedItem = () =>
	itemOfPhone(
		(sends().find((request) => request.status === 429)?.body as { destinations: string[] })
			.destinations[0],
	);
const hintsOf = (runData: IRunData) =>
	(runData[NODE_UNDER_TEST]?.[0]?.hints ?? []).map((hint) => hint.message);

describe('Concurrency Auto (the default) against the fake with latency', () => {
	it('sends every item once, in order, with pairedItem, and never opens more than 64 connections', async () => {
		fake.setLatency(10);
		// Slow answers now and then, so answers come back out of order and Auto sees latency climb.
		fake.injectFault(HSM_ROUTE, { kind: 'latency', ms: 120 }, 20);
		const {
			items: output,
			error,
			runData,
		} = await runJelou(fake, sendTemplate(), { items: itemsOf(400) });
		expect(error).toBeUndefined();
		expectEachSentOnceInOrder(output, 400);
		expect(fake.connectionCount).toBeLessThanOrEqual(64);
		expect(hintsOf(runData)).toEqual([
			expect.stringMatching(/^Concurrency Auto reached \d+ requests at a time \(\d+ at the end\)$/),
		]);
	});
});

describe('Dry Run (Send Nothing)', () => {
	it('reports no sending pace: nothing was sent, only the template list was read', async () => {
		const {
			items: output,
			error,
			runData,
		} = await runJelou(fake, { ...sendTemplate(), dryRun: true }, { items: itemsOf(50) });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(50);
		expect(fake.sentMessages).toHaveLength(0);
		expect(hintsOf(runData)).toEqual([]);
	});
});

describe('pacing after 429s against the fake rate limit', () => {
	it('on Auto, sends every item once and in order through a rate limit, and says how it paced', async () => {
		fake.setLatency(10);
		fake.setRateLimit(40);
		const {
			items: output,
			error,
			runData,
		} = await runJelou(fake, sendTemplate(), { items: itemsOf(150) });
		expect(error).toBeUndefined();
		expectEachSentOnceInOrder(output, 150);
		const refused = sends().filter((request) => request.status === 429).length;
		expect(refused).toBeGreaterThan(0);
		expect(sends()).toHaveLength(150 + refused);
		expect(hintsOf(runData)).toEqual([
			expect.stringMatching(
				new RegExp(
					`^Concurrency Auto reached \\d+ requests at a time \\(\\d+ at the end\\); Jelou asked to slow down ${refused} time\\(s\\) \\(HTTP 429/503\\); requests were then paced at (\\d{2,}|\\d(\\.\\d)?) per second$`,
				),
			),
		]);
	});

	it('with a fixed Concurrency, also sends every item once and in order through a rate limit', async () => {
		fake.setLatency(5);
		fake.setRateLimit(30);
		const {
			items: output,
			error,
			runData,
		} = await runJelou(fake, sendTemplate({ concurrency: 8 }), { items: itemsOf(100) });
		expect(error).toBeUndefined();
		expectEachSentOnceInOrder(output, 100);
		expect(fake.requests.some((request) => request.status === 429)).toBe(true);
		expect(hintsOf(runData)).toEqual([
			expect.stringMatching(
				/^Concurrency 8; Jelou asked to slow down \d+ time\(s\) .*paced at (\d{2,}|\d(\.\d)?) per second$/,
			),
		]);
	});

	it('reads the approved template list and sends, all through one pacer, without losing a request', async () => {
		fake.setRateLimit(25);
		const listed = {
			...sendTemplate(),
			template: { __rl: true, mode: 'list', value: 'order_confirmation' },
			templateVariables: {
				mappingMode: 'defineBelow',
				value: { '1': '={{ $json.name }}', '2': '71936' },
				matchingColumns: [],
				schema: [],
			},
		};
		const { items: output, error } = await runJelou(fake, listed, { items: itemsOf(60) });
		expect(error).toBeUndefined();
		expectEachSentOnceInOrder(output, 60);
	});
});

describe('a Retry-After longer than the node waits', () => {
	it('stops the run at once, saying how long Jelou asked to wait and which items went out', async () => {
		fake.setLatency(20);
		// The first send is refused for an hour; the few sent alongside it (Auto starts with 4) go through.
		fake.injectFault(HSM_ROUTE, { kind: 'status', status: 429, retryAfterSeconds: 3600 });
		const { error } = await runJelou(fake, sendTemplate(), { items: itemsOf(200) });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error!.message).toBe(
			`Jelou asked to wait 1 h before the next request, longer than the node waits (60 s) (item ${refusedItem() + 1}, phone ${phoneOf(refusedItem())})`,
		);
		const sent = fake.sentMessages.map((message) => message.destination);
		expect(sent.length).toBeLessThan(10);
		expect(sends()).toHaveLength(sent.length + 1);
		// Errors count items from 1, as the editor shows them.
		const sentItems = sent.map((phone) => itemOfPhone(phone) + 1).sort((a, b) => a - b);
		expect((error as NodeApiError).description).toContain(`Failed on item ${refusedItem() + 1}.`);
		if (sentItems.length > 0)
			expect((error as NodeApiError).description).toContain(
				`do not send them again: items ${sentItems.join(', ')}.`,
			);
	});

	it('with Continue On Fail, every item not yet sent becomes an error item at once, and the sent ones keep their answers', async () => {
		fake.setLatency(20);
		fake.injectFault(HSM_ROUTE, { kind: 'status', status: 429, retryAfterSeconds: 3600 });
		const { items: output, error } = await runJelou(fake, sendTemplate(), {
			items: itemsOf(200),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(200);
		expect(output.map((item) => item.pairedItem)).toEqual(
			itemsOf(200).map((_, index) => ({ item: index })),
		);
		expect(output[refusedItem()].json).toMatchObject({
			error: `Jelou asked to wait 1 h before the next request, longer than the node waits (60 s) (item ${refusedItem() + 1}, phone ${phoneOf(refusedItem())})`,
			httpCode: '429',
			item: refusedItem() + 1,
			phone: phoneOf(refusedItem()),
		});
		const sentOutputs = output.filter((item) => item.json.error === undefined);
		expect(sentOutputs.map((item) => item.json.destination).sort()).toEqual(
			fake.sentMessages.map((message) => message.destination).sort(),
		);
		const notSent = output.filter((item) =>
			String(item.json.error).startsWith('Not sent: Jelou asked to wait 1 h'),
		);
		expect(1 + sentOutputs.length + notSent.length).toBe(200);
		expect(sends()).toHaveLength(1 + sentOutputs.length);
	});
});
