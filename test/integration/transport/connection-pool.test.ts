import { startFakeJelou } from '../../fake-jelou/server';
import type { FakeJelou } from '../../fake-jelou/server';
import { runJelou, sendTemplateParameters } from '../../helpers/jelou';

let fake: FakeJelou;
beforeAll(async () => (fake = await startFakeJelou()));
afterAll(async () => await fake.close());

const items = (count: number) =>
	Array.from({ length: count }, (_, i) => ({
		json: { phone: `5939912${String(i).padStart(5, '0')}` },
	}));
const parameters = {
	...sendTemplateParameters({
		template: 'order_confirmation',
		recipients: '={{ $json.phone }}',
		parameters: ['Maria', '71936'],
	}),
	requestOptions: { concurrency: 5 },
};

it('sends a batch over kept-alive connections, a few per request in flight, and the next execution reuses them', async () => {
	const first = await runJelou(fake, parameters, { items: items(60) });
	expect(first.error).toBeUndefined();
	expect(fake.sentMessages).toHaveLength(60);
	// Node's fetch may open a connection before the one that just answered is back in its pool: at most twice
	// the requests in flight, never one per request.
	expect(fake.connectionCount).toBeGreaterThan(0);
	expect(fake.connectionCount).toBeLessThanOrEqual(10);
	const afterFirst = fake.connectionCount;

	const second = await runJelou(fake, parameters, { items: items(60) });
	expect(second.error).toBeUndefined();
	expect(fake.sentMessages).toHaveLength(120);
	expect(fake.connectionCount - afterFirst).toBeLessThan(5);
	expect(fake.requests.length / fake.connectionCount).toBeGreaterThanOrEqual(8);
});
