// What Jelou gets back from the trigger, and the memory of deliveries across an n8n restart: the restarted n8n
// loads a fresh copy of the node's modules (as a new process does), so only the file under n8n's user folder
// can tell it what was delivered before.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { MEMORY_FOLDER_NAME } from '../../../nodes/JelouWhatsAppTrigger/recent-deliveries';
import { startFakeJelou, type FakeJelou } from '../../fake-jelou/server';
import { credentialsFor } from '../../helpers/jelou';
import { harnessUserFolder } from '../../helpers/n8n-harness';
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

const memoryFile = () =>
	join(harnessUserFolder, '.n8n', MEMORY_FOLDER_NAME, `${node.workflowId}-trigger-node-1.log`);

/** Waits until the memory wrote `lines` keys to its file (it writes after answering). */
async function written(lines: number): Promise<string> {
	for (let attempt = 0; ; attempt++) {
		const text = existsSync(memoryFile()) ? readFileSync(memoryFile(), 'utf8') : '';
		if (text.split('\n').length - 1 >= lines) return text;
		if (attempt > 200) throw new Error(`the memory file holds ${JSON.stringify(text)}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
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

	it('a redelivery after a restart starts nothing; a new message does', async () => {
		await deliver('read', { id: 'r-2', sentStatus: 'READ' });
		await deliver('failed', { id: 'r-2', sentStatus: 'FAILED' });
		await written(2);
		await node.restart(freshTrigger());
		expect((await deliver('read', { id: 'r-2', sentStatus: 'READ' })).body).toBe(
			'{"received":true,"started":false}',
		);
		expect((await deliver('failed', { id: 'r-2', sentStatus: 'FAILED' })).body).toBe(
			'{"received":true,"started":false}',
		);
		expect((await deliver('read', { id: 'r-3', sentStatus: 'READ' })).body).toBe(
			'{"received":true,"started":true}',
		);
		expect(node.executions.map((items) => items[0].json.messageId)).toEqual(['r-2', 'r-2', 'r-3']);
	});

	it("keeps the memory in one file per workflow and trigger node under n8n's user folder", async () => {
		await deliver('read', { id: 'r-4', sentStatus: 'READ' });
		expect(await written(1)).toMatch(/^\d{13} "read:r-4"\n$/);
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
