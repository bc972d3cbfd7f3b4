// Send and Wait for Response in queue mode (redis, one main, one worker): the question is sent on the worker, the
// tap arrives at the main process, and the waiting execution is resumed on the worker.
import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import {
	ask,
	askingWorkflow,
	executionOf,
	PROXY_ENV,
	startRecorder,
	tap,
} from './send-and-wait.support';
import type { Recorder } from './send-and-wait.support';
import { startE2eSandbox } from './support';
import type { Sandbox } from './support';

let fake: FakeJelou;
let recorder: Recorder;
let sandbox: Sandbox;

beforeAll(async () => {
	fake = await startFakeJelou({
		clientId: 'wait-queue-client-id',
		clientSecret: 'wait-queue-client-secret',
		botId: 'wait-queue-bot',
	});
	recorder = await startRecorder();
	sandbox = await startE2eSandbox(fake, {
		serve: true,
		queueMode: true,
		importExamples: false,
		workflows: [askingWorkflow('E2eWaitQueue0001', 'wait-queue', recorder.url, {})],
		env: PROXY_ENV,
	});
}, 600000);

afterAll(async () => {
	await sandbox?.stop();
	await fake?.close();
	await recorder?.close();
});

const finishedOnWorker = () =>
	[...sandbox.logs.worker().matchAll(/Worker finished execution (\d+)/g)].map((m) => m[1]);

it('the question is sent on the worker, and the tap resumes the waiting execution on the worker', async () => {
	const [approve] = await ask(sandbox, fake, 'wait-queue', '593990003001');
	const execution = executionOf(approve.url);
	await tap(sandbox, approve.url);
	expect(await recorder.next('wait-queue')).toEqual({
		data: { approved: true, respondedAt: expect.any(String) },
	});
	const runsOnWorker = () => finishedOnWorker().filter((id) => id === execution).length;
	for (let wait = 0; wait < 150 && runsOnWorker() < 2; wait++)
		await new Promise((resolve) => setTimeout(resolve, 200));
	// Once for the part before the wait, once for the resumed part.
	expect(runsOnWorker()).toBe(2);
	expect(sandbox.logs.n8n()).not.toMatch(new RegExp(`Worker finished execution ${execution}\\b`));
});
