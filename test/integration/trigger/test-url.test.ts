// "Listen for test event" and the production URL of the same trigger, one sequence per test, as n8n runs the
// hooks (see test/helpers/trigger-harness.ts): the safe behaviours the trigger chose where n8n gives no way to
// give events back (a restart ends a listening without running its clean-up).
import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsAppTrigger } from '../../../nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node';
import { startFakeJelou, type FakeJelou } from '../../fake-jelou/server';
import { credentialsFor } from '../../helpers/jelou';
import {
	startTriggerHarness,
	type TriggerHarness,
	type UrlMode,
} from '../../helpers/trigger-harness';
import type { INodeParameters } from 'n8n-workflow';

const CRM = 'https://crm.example.org/jelou/read';

let fake: FakeJelou;
let harness: TriggerHarness | undefined;

beforeAll(async () => {
	fake = await startFakeJelou();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

async function trigger(parameters: INodeParameters): Promise<TriggerHarness> {
	harness = await startTriggerHarness({
		nodeType: new JelouWhatsAppTrigger(),
		credentialType: new JelouApi(),
		credentials: credentialsFor(fake),
		parameters,
	});
	return harness;
}

const live = (node: TriggerHarness, event: string, mode: UrlMode = 'production') =>
	`${node.webhookUrl(mode)}?event=${event}&workflow=${node.workflowId}&token=${
		(mode === 'production' ? node.staticData : node.testStaticData).secret as string
	}`;
const released = (node: TriggerHarness, event: string, mode: UrlMode = 'production') =>
	`${node.webhookUrl(mode)}?event=${event}&workflow=${node.workflowId}&inactive=true`;

async function deliver(event: 'read' | 'failed', id: string): Promise<number> {
	await fake.events.deliver(event, { id, sentStatus: event.toUpperCase() });
	await harness?.idle();
	return fake.events.deliveries.at(-1)!.status;
}

describe('Jelou WhatsApp Trigger: Test URL and production URL', () => {
	it('while the workflow is active, listening is refused with production named, and production keeps receiving', async () => {
		const node = await trigger({ events: ['read'] });
		await node.activate();
		const production = fake.events.subscriptions.read;
		const refusal = node.listen();
		await expect(refusal).rejects.toThrow(
			`This workflow is active: Jelou sends "read" of bot ${fake.botId} to its production URL`,
		);
		await expect(refusal).rejects.toMatchObject({
			description: expect.stringContaining("See the events in the workflow's executions"),
		});
		expect(node.listening).toBe(false);
		expect(fake.events.subscriptions.read).toBe(production);
		expect(await deliver('read', 'm-1')).toBe(200);
		expect(node.runs.map((run) => run.mode)).toEqual(['production']);
	});

	it('on an inactive workflow takes the events, starts one run with a delivery and releases them', async () => {
		const node = await trigger({ events: ['read', 'failed'] });
		await node.listen();
		expect(fake.events.subscriptions).toEqual({
			read: live(node, 'read', 'test'),
			failed: live(node, 'failed', 'test'),
		});
		expect(await deliver('read', 'm-1')).toBe(200);
		expect(node.runs).toEqual([{ mode: 'test', items: [expect.anything()] }]);
		expect(node.listening).toBe(false);
		expect(fake.events.subscriptions).toEqual({
			read: released(node, 'read', 'test'),
			failed: released(node, 'failed', 'test'),
		});
	});

	it('stopping (or n8n timing the listening out) puts back exactly the released URL it found', async () => {
		const node = await trigger({ events: ['read'] });
		await node.activate();
		await node.deactivate();
		expect(fake.events.subscriptions.read).toBe(released(node, 'read'));
		await node.listen();
		expect(fake.events.subscriptions.read).toBe(live(node, 'read', 'test'));
		await node.stopListening();
		expect(fake.events.subscriptions.read).toBe(released(node, 'read'));
	});

	it('never takes an event a CRM receives, even with Replace Existing: the CRM keeps it', async () => {
		fake.events.subscriptions.read = CRM;
		const node = await trigger({ events: ['read', 'failed'], replaceExisting: true });
		const refusal = node.listen();
		await expect(refusal).rejects.toThrow(
			`Bot ${fake.botId} already sends events to another URL: "read" goes to crm.example.org`,
		);
		await expect(refusal).rejects.toMatchObject({
			description: expect.stringContaining('Activate the workflow to take them over'),
		});
		expect(fake.events.subscriptions).toEqual({ read: CRM });
	});

	it('deactivating a workflow while it listens: the CRM gets its URL back, and nothing is left at a dead URL', async () => {
		fake.events.subscriptions.read = CRM;
		const node = await trigger({ events: ['read', 'failed'], replaceExisting: true });
		await node.activate();
		await expect(node.listen()).rejects.toThrow('This workflow is active');
		await node.deactivate();
		expect(fake.events.subscriptions).toEqual({ read: CRM, failed: released(node, 'failed') });
	});

	it('activation while listening takes the events from the test URL; stopping then leaves them with production', async () => {
		const node = await trigger({ events: ['failed'] });
		await node.listen();
		await node.activate();
		expect(fake.events.subscriptions.failed).toBe(live(node, 'failed'));
		await node.stopListening();
		expect(fake.events.subscriptions.failed).toBe(live(node, 'failed'));
		expect(await deliver('failed', 'm-2')).toBe(200);
		await node.deactivate();
		expect(fake.events.subscriptions.failed).toBe(released(node, 'failed'));
	});

	it('a restart while listening on an active workflow changes nothing: the listening held no event', async () => {
		const node = await trigger({ events: ['failed'] });
		await node.activate();
		await expect(node.listen()).rejects.toThrow('This workflow is active');
		await node.restart(new JelouWhatsAppTrigger());
		expect(fake.events.subscriptions.failed).toBe(live(node, 'failed'));
		expect(await deliver('failed', 'm-3')).toBe(200);
	});

	it('a restart while listening on an inactive workflow leaves the test URL, which the next listening or activation takes back', async () => {
		const node = await trigger({ events: ['failed'] });
		await node.listen();
		const listening = live(node, 'failed', 'test');
		await node.restart(new JelouWhatsAppTrigger());
		// n8n ran no clean-up: Jelou's deliveries get 404, as they did before the listening (no URL).
		expect(fake.events.subscriptions.failed).toBe(listening);
		expect(await deliver('failed', 'm-4')).toBe(404);
		await node.listen();
		expect(fake.events.subscriptions.failed).toBe(live(node, 'failed', 'test'));
		await node.stopListening();
		expect(fake.events.subscriptions.failed).toBe(released(node, 'failed', 'test'));
		await node.listen();
		await node.restart(new JelouWhatsAppTrigger());
		await node.activate();
		expect(fake.events.subscriptions.failed).toBe(live(node, 'failed'));
		expect(node.staticData.previous).toEqual({ failed: null });
	});
});
