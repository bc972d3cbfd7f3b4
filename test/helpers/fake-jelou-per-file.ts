import { forgetAllBotPaces } from '../../nodes/JelouWhatsApp/execution/bot-pace';
import { forgetAllApprovedTemplates } from '../../nodes/JelouWhatsApp/templates/approved-list';
import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou, FakeJelouOptions } from '../fake-jelou/server';

/**
 * The fake Jelou API for one test file: started before its first test, reset after each test, closed after
 * the last; after each test the node's per-process template lists and bot paces are forgotten too. Call it at the top level of the file; the returned object stands for the running fake.
 */
export function useFakeJelou(options: FakeJelouOptions = {}): FakeJelou {
	let running: FakeJelou | undefined;
	beforeAll(async () => {
		running = await startFakeJelou(options);
	});
	afterEach(() => {
		running?.reset();
		// The fake starts over, so the node's per-process template lists and bot paces do too.
		forgetAllApprovedTemplates();
		forgetAllBotPaces();
	});
	afterAll(async () => await running?.close());
	return new Proxy({} as FakeJelou, {
		get(_target, property) {
			if (!running) throw new Error('The fake Jelou API is not started yet: use it inside a test');
			const value = Reflect.get(running, property, running) as unknown;
			return typeof value === 'function' ? value.bind(running) : value;
		},
	});
}
