import { forgetAllBotPaces, SharedBotPace } from '../../../nodes/JelouWhatsApp/execution/bot-pace';
import { AUTO_START } from '../../../nodes/JelouWhatsApp/execution/concurrency';

const bot = { baseUrl: 'https://api.jelou.ai', clientId: 'client', botId: 'bot-1' };

afterEach(() => forgetAllBotPaces());

describe('one pace per bot, shared by the executions of the n8n process', () => {
	it('gives two executions of the same bot one level: a refusal seen by one slows the other', () => {
		const first = new SharedBotPace(bot);
		const second = new SharedBotPace(bot);
		for (let answer = 0; answer < 12; answer++) first.onSuccess(10);
		expect(second.limit()).toBe(first.limit());
		expect(second.limit()).toBeGreaterThan(AUTO_START);
		first.onThrottle(1_000, 10);
		expect(second.limit()).toBe(first.limit());
		// each execution's hint counts its own refusals
		expect(first.summary().throttled).toBe(1);
		expect(second.summary().throttled).toBe(0);
	});

	it('keeps bots apart: another bot, client or base URL has its own pace', () => {
		const first = new SharedBotPace(bot);
		for (let answer = 0; answer < 12; answer++) first.onSuccess(10);
		for (const other of [
			{ ...bot, botId: 'bot-2' },
			{ ...bot, clientId: 'other' },
			{ ...bot, baseUrl: 'https://eu.jelou.example' },
		])
			expect(new SharedBotPace(other).limit()).toBe(AUTO_START);
	});

	it('counts the bot’s requests in flight together: a request waits for a place, and gets it when one ends', async () => {
		const executions = [new SharedBotPace(bot), new SharedBotPace(bot)];
		for (let place = 0; place < AUTO_START; place++) await executions[place % 2].ready();
		let waited = true;
		const next = executions[0].ready().then(() => (waited = false));
		await new Promise((resolve) => setImmediate(resolve));
		expect(waited).toBe(true);
		executions[1].done();
		await next;
		expect(waited).toBe(false);
	});

	it('stops only the execution Jelou asked to wait longer than the node waits', async () => {
		const stopped = new SharedBotPace(bot);
		const other = new SharedBotPace(bot);
		stopped.stop(3_600_000);
		expect(stopped.stoppedFor).toBe(3_600_000);
		expect(other.stoppedFor).toBeUndefined();
		await other.ready();
	});
});
