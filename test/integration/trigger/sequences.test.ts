// Every sequence of activation, deactivation, test listening (started, stopped or timed out, ended by a delivery),
// deliveries and n8n restarts, up to four steps, from three starting points; after each step the bot's
// subscriptions must hold the rules: an active workflow receives its events at a URL that answers; an event
// that had a URL before (a CRM's) has it back whenever no workflow takes it; no event is left at a URL of the
// trigger that answers 404 unless it is marked released, or a restart ended a listening that held an event with
// no URL before (put right by the next listening or activation). The CRM is a server on this machine.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsAppTrigger } from '../../../nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node';
import { startFakeJelou, type FakeJelou } from '../../fake-jelou/server';
import type { FakeEvent } from '../../fake-jelou/handlers/events';
import { credentialsFor } from '../../helpers/jelou';
import { startTriggerHarness, type TriggerHarness } from '../../helpers/trigger-harness';

type Action = 'activate' | 'deactivate' | 'listen' | 'stop' | 'deliver' | 'restart';
const EVENTS: FakeEvent[] = ['read', 'failed'];
const DEPTH = 4;

let fake: FakeJelou;
let crm: Server;
let crmUrl: string;
const crmReceived: string[] = [];

beforeAll(async () => {
	fake = await startFakeJelou();
	crm = createServer((req, res) => {
		crmReceived.push(req.url ?? '');
		req.resume();
		res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
	});
	await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
	crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/jelou/read`;
});
afterAll(async () => {
	await fake.close();
	await new Promise((resolve) => crm.close(resolve));
});

interface Start {
	name: string;
	origin: Partial<Record<FakeEvent, 'crm'>>;
	replaceExisting: boolean;
}

const STARTS: Start[] = [
	{ name: 'a fresh bot', origin: {}, replaceExisting: false },
	{ name: '"read" at a CRM, Replace Existing on', origin: { read: 'crm' }, replaceExisting: true },
	{
		name: '"read" at a CRM, Replace Existing off',
		origin: { read: 'crm' },
		replaceExisting: false,
	},
];

/** What the test expects of the trigger, step by step. */
interface Model {
	active: boolean;
	listening: boolean;
	/** The listening holds the events (an activation meanwhile takes them, and releases them when deactivated). */
	testHolds: boolean;
	/** A restart ended a listening: Jelou still sends its events to the test URL, which answers 404. */
	stale: boolean;
}

const INITIAL: Model = { active: false, listening: false, testHolds: false, stale: false };

function allowed(model: Model): Action[] {
	const actions: Action[] = [];
	actions.push(model.active ? 'deactivate' : 'activate');
	actions.push(model.listening ? 'stop' : 'listen');
	if (model.active || model.testHolds) actions.push('deliver');
	actions.push('restart');
	return actions;
}

/**
 * Whether n8n accepts an activation or a listening: a CRM keeps "read" whenever no activation took it, an
 * activation takes it only with Replace Existing on, and a listening takes nothing from the CRM or from production.
 */
function accepts(action: 'activate' | 'listen', model: Model, start: Start): boolean {
	const heldByCrm = start.origin.read === 'crm' && !model.active;
	return action === 'activate' ? !heldByCrm || start.replaceExisting : !heldByCrm && !model.active;
}

function predictAfter(action: Action, model: Model, start: Start): Model {
	switch (action) {
		case 'activate':
			return accepts('activate', model, start)
				? { ...model, active: true, testHolds: false, stale: false }
				: model;
		case 'deactivate':
			return { ...model, active: false };
		case 'listen':
			return accepts('listen', model, start)
				? { ...model, listening: true, testHolds: true, stale: false }
				: model;
		case 'stop':
			return { ...model, listening: false, testHolds: false };
		case 'deliver':
			// A run started by the test URL ends the listening; production keeps its events.
			return model.active ? model : { ...model, listening: false, testHolds: false };
		case 'restart':
			return {
				active: model.active,
				listening: false,
				testHolds: false,
				stale: model.stale || model.testHolds,
			};
	}
}

function sequences(depth: number, start: Start, model = INITIAL): Action[][] {
	if (depth === 0) return [[]];
	return allowed(model).flatMap((action) =>
		sequences(depth - 1, start, predictAfter(action, model, start)).map((rest) => [
			action,
			...rest,
		]),
	);
}

let deliveryCount = 0;

async function runSequence(start: Start, actions: Action[]): Promise<string[]> {
	fake.reset();
	const origin = (event: FakeEvent) => (start.origin[event] ? crmUrl : undefined);
	for (const event of EVENTS) if (origin(event)) fake.events.subscriptions[event] = origin(event);
	const node: TriggerHarness = await startTriggerHarness({
		nodeType: new JelouWhatsAppTrigger(),
		credentialType: new JelouApi(),
		credentials: credentialsFor(fake),
		parameters: { events: EVENTS, replaceExisting: start.replaceExisting },
	});
	const problems: string[] = [];
	let model = INITIAL;
	try {
		for (const [step, action] of actions.entries()) {
			const at = `after ${actions.slice(0, step + 1).join(' → ')}`;
			if (action === 'activate' || action === 'listen') {
				const outcome = await (action === 'activate' ? node.activate() : node.listen()).then(
					() => 'accepted',
					(error: Error) => error.message,
				);
				if ((outcome === 'accepted') !== accepts(action, model, start))
					problems.push(
						`${at}: ${action} ${outcome === 'accepted' ? 'was accepted' : `was refused (${outcome})`}`,
					);
			} else if (action === 'deactivate') await node.deactivate();
			else if (action === 'stop') await node.stopListening();
			else if (action === 'restart') await node.restart(new JelouWhatsAppTrigger());
			else {
				for (const event of EVENTS) {
					const body = { id: `seq-${++deliveryCount}`, sentStatus: event.toUpperCase() };
					await fake.events.deliver(event, body);
					await node.idle();
					const delivery = fake.events.deliveries.at(-1)!;
					if (delivery.status !== 200)
						problems.push(`${at}: Jelou's delivery of "${event}" was answered ${delivery.status}`);
					if (!node.listening && !node.active) break; // the test run ended the listening
				}
			}
			model = predictAfter(action, model, start);
			if (node.active !== model.active || node.listening !== model.listening)
				problems.push(`${at}: n8n has active=${node.active} listening=${node.listening}`);
			problems.push(
				...checkSubscriptions(node, model, origin).map((problem) => `${at}: ${problem}`),
			);
		}
	} finally {
		await node.close();
	}
	return problems;
}

/** The rules every moment must hold, read from the bot's subscriptions. */
function checkSubscriptions(
	node: TriggerHarness,
	model: Model,
	origin: (event: FakeEvent) => string | undefined,
): string[] {
	const problems: string[] = [];
	const production = node.webhookUrl('production');
	const test = node.webhookUrl('test');
	const live = (base: string, secret: unknown) => (event: FakeEvent) =>
		`${base}?event=${event}&workflow=${node.workflowId}&token=${secret as string}`;
	for (const event of EVENTS) {
		const url = fake.events.subscriptions[event];
		const path = url?.split('?')[0];
		const released = url !== undefined && url.endsWith('&inactive=true');
		if (model.active) {
			if (url !== live(production, node.staticData.secret)(event))
				problems.push(`"${event}" is at ${url} while the workflow is active`);
			continue;
		}
		if (model.testHolds && url === live(test, node.testStaticData.secret)(event)) continue;
		if (origin(event)) {
			if (url !== origin(event)) problems.push(`"${event}" lost its CRM URL: it is at ${url}`);
			continue;
		}
		if (url === undefined || released) continue;
		if (model.stale && path === test) continue;
		if (model.testHolds) problems.push(`"${event}" is at ${url} while the test URL listens`);
		else problems.push(`"${event}" is left at ${url}, which answers 404`);
	}
	return problems;
}

describe.each(STARTS)(
	'Jelou WhatsApp Trigger, every sequence of up to four steps from $name',
	(start) => {
		it('keeps every event at a URL that answers, or at the URL it had before, or released', async () => {
			const all = sequences(DEPTH, start);
			const problems: string[] = [];
			for (const actions of all) problems.push(...(await runSequence(start, actions)));
			expect(all.length).toBeGreaterThan(50);
			expect(problems).toEqual([]);
		}, 300_000);
	},
);
