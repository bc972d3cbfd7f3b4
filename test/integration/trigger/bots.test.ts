// Two triggers of two bots on one credential: each registers, receives and releases its own bot's events, and
// never touches the other bot's subscriptions. A bot the company may not use is refused at activation.
import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsAppTrigger } from '../../../nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node';
import { sendOrderConfirmation, startFakeJelou, type FakeJelou } from '../../fake-jelou/server';
import { credentialsFor } from '../../helpers/jelou';
import { startTriggerHarness, type TriggerHarness } from '../../helpers/trigger-harness';
import type { INodeParameters } from 'n8n-workflow';

let fake: FakeJelou;
const harnesses: TriggerHarness[] = [];

beforeAll(async () => {
	fake = await startFakeJelou({
		botId: 'bot-ec',
		bots: [{ botId: 'bot-co' }],
		foreignBots: ['bot-other-company'],
	});
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());
afterEach(async () => {
	for (const harness of harnesses.splice(0)) await harness.close();
});

async function trigger(parameters: INodeParameters, sameN8nAs?: TriggerHarness) {
	const harness = await startTriggerHarness({
		nodeType: new JelouWhatsAppTrigger(),
		credentialType: new JelouApi(),
		credentials: credentialsFor(fake),
		parameters,
		sameN8nAs,
		webhookId: sameN8nAs ? '11111111-2222-4333-8444-555555555555' : undefined,
	});
	harnesses.push(harness);
	return harness;
}

async function sendFrom(botId: string, destination: string): Promise<void> {
	expect((await sendOrderConfirmation(fake, botId, destination)).status).toBe(200);
}

async function until(condition: () => boolean): Promise<void> {
	for (let waited = 0; !condition(); waited += 20) {
		if (waited > 5_000) throw new Error('timed out waiting');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('Jelou WhatsApp Trigger: one bot per trigger, several bots per credential', () => {
	it('two triggers of two bots each hold their own bot’s event, get its deliveries with the bot named, and release only it', async () => {
		const ec = await trigger({ events: ['delivered_user'] });
		const co = await trigger({ bot: 'id', botId: 'bot-co', events: ['delivered_user'] }, ec);
		await ec.activate();
		await co.activate();
		expect(Object.keys(fake.bot('bot-ec').events.subscriptions)).toEqual(['delivered_user']);
		expect(Object.keys(fake.bot('bot-co').events.subscriptions)).toEqual(['delivered_user']);
		const ecUrl = fake.bot('bot-ec').events.subscriptions.delivered_user;
		const coUrl = fake.bot('bot-co').events.subscriptions.delivered_user;
		expect(ecUrl).toContain(`workflow=${ec.workflowId}`);
		expect(coUrl).toContain(`workflow=${co.workflowId}`);

		await sendFrom('bot-co', '573001234567');
		await until(() => co.runs.length === 1);
		await ec.idle();
		expect(ec.runs).toHaveLength(0);
		expect(co.runs[0].items[0].json).toEqual(
			expect.objectContaining({ event: 'delivered_user', botId: 'bot-co' }),
		);

		await sendFrom('bot-ec', '593991234567');
		await until(() => ec.runs.length === 1);
		expect(ec.runs[0].items[0].json).toEqual(expect.objectContaining({ botId: 'bot-ec' }));

		const ecRequestsBefore = fake.bot('bot-ec').requests.length;
		await co.deactivate();
		expect(fake.bot('bot-ec').events.subscriptions.delivered_user).toBe(ecUrl);
		expect(fake.bot('bot-ec').requests).toHaveLength(ecRequestsBefore);
		expect(fake.bot('bot-co').events.subscriptions.delivered_user).toContain('inactive=true');
	});

	it('deactivation releases the bot the registration was made for, as its registration data keeps it', async () => {
		const node = await trigger({ bot: 'id', botId: 'bot-co', events: ['read'] });
		await node.activate();
		expect(node.staticData.botId).toBe('bot-co');
		expect(Object.keys(fake.bot('bot-co').events.subscriptions)).toEqual(['read']);
		// the registration data says which bot to give the event back on
		await node.deactivate();
		expect(fake.bot('bot-co').events.subscriptions.read).toContain('inactive=true');
		expect(fake.bot('bot-ec').events.subscriptions).toEqual({});
	});

	it('a bot ID with a space is refused before anything is sent', async () => {
		const node = await trigger({ bot: 'id', botId: 'bot-co ', events: ['read'] });
		await expect(node.activate()).rejects.toThrow(
			'Bot ID: "bot-co " has spaces or invisible characters',
		);
		expect(fake.requests).toHaveLength(0);
	});

	it('Registration Manual: a bot ID with a space fails activation, not every delivery', async () => {
		const node = await trigger({
			bot: 'id',
			botId: 'bot-co ',
			events: ['read'],
			registration: 'manual',
		});
		await expect(node.activate()).rejects.toThrow(
			'Bot ID: "bot-co " has spaces or invisible characters',
		);
		expect(fake.requests).toHaveLength(0);
	});

	it('a bot of another company: activation fails with Jelou’s refusal, the bot and the fix', async () => {
		const node = await trigger({ bot: 'id', botId: 'bot-other-company', events: ['read'] });
		const failure = await node.activate().then(
			() => undefined,
			(error: unknown) => error as { message: string; description?: string },
		);
		expect(failure?.message).toContain('bot-other-company');
		expect(failure?.description).toMatch(/Bot ID/);
	});
});
