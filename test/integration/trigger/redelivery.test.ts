// What Jelou gets back from the trigger, and the memory of deliveries: kept in the n8n process, per workflow and
// trigger node. The restarted n8n loads a fresh copy of the node's modules (as a new process does) and knows no
// earlier delivery: repeats across a restart are for n8n's Remove Duplicates node (see the README).
import type { INodeType } from 'n8n-workflow';

import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { startFakeJelou, type FakeJelou } from '../../fake-jelou/server';
import { credentialsFor } from '../../helpers/jelou';
import { startTriggerHarness, type TriggerHarness } from '../../helpers/trigger-harness';

/** The trigger as a freshly started n8n process loads it: its own copy of every module. */
function freshTrigger(): INodeType {
	let trigger: INodeType | undefined;
	jest.isolateModules(() => {
		const module =
			require('../../../nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node') as typeof import('../../../nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node');
		trigger = new module.JelouWhatsAppTrigger();
	});
	return trigger!;
}

let fake: FakeJelou;
let node: TriggerHarness;

beforeAll(async () => {
	fake = await startFakeJelou();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(async () => {
	fake.reset();
	node = await startTriggerHarness({
		nodeType: freshTrigger(),
		credentialType: new JelouApi(),
		credentials: credentialsFor(fake),
		parameters: { events: ['read', 'failed'] },
	});
	await node.activate();
});
afterEach(async () => {
	await node.close();
});

async function deliver(
	event: 'read' | 'failed',
	body: unknown,
): Promise<{ status: number; type: string | null; body: string }> {
	const response = await fetch(fake.events.subscriptions[event]!, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return {
		status: response.status,
		type: response.headers.get('content-type'),
		body: await response.text(),
	};
}

describe('Jelou WhatsApp Trigger: answers and redeliveries', () => {
	it('answers Jelou 200 with a small JSON body of its own: started, or not for a repeat', async () => {
		expect(await deliver('read', { id: 'r-1', sentStatus: 'READ' })).toEqual({
			status: 200,
			type: 'application/json; charset=utf-8',
			body: '{"received":true,"started":true}',
		});
		expect(await deliver('read', { id: 'r-1', sentStatus: 'READ' })).toEqual({
			status: 200,
			type: 'application/json; charset=utf-8',
			body: '{"received":true,"started":false}',
		});
		expect(node.executions).toHaveLength(1);
	});

	it('a redelivery within the process starts nothing, however many deliveries came between', async () => {
		for (let i = 0; i < 20; i++) await deliver('read', { id: `r-many-${i}`, sentStatus: 'READ' });
		for (let i = 0; i < 20; i++)
			expect((await deliver('read', { id: `r-many-${i}`, sentStatus: 'READ' })).body).toBe(
				'{"received":true,"started":false}',
			);
		expect(node.executions).toHaveLength(20);
	});

	it('the memory is per process: after a restart a redelivery starts a run again', async () => {
		await deliver('read', { id: 'r-2', sentStatus: 'READ' });
		await deliver('failed', { id: 'r-2', sentStatus: 'FAILED' });
		await node.restart(freshTrigger());
		expect((await deliver('read', { id: 'r-2', sentStatus: 'READ' })).body).toBe(
			'{"received":true,"started":true}',
		);
		expect((await deliver('read', { id: 'r-2', sentStatus: 'READ' })).body).toBe(
			'{"received":true,"started":false}',
		);
		expect(node.executions.map((items) => items[0].json.messageId)).toEqual(['r-2', 'r-2', 'r-2']);
	});

	it('does not remember what a test listening received: production still starts it', async () => {
		await node.deactivate();
		await node.listen();
		await fake.events.deliver('read', { id: 'r-5', sentStatus: 'READ' });
		await node.idle();
		await node.activate();
		expect((await deliver('read', { id: 'r-5', sentStatus: 'READ' })).body).toBe(
			'{"received":true,"started":true}',
		);
		expect(node.runs.map((run) => run.mode)).toEqual(['test', 'production']);
	});
});
