/**
 * Browser check of Send and Wait for Response, in a real n8n driven by headless Chromium.
 * Run: npm run test:browser   (after the editor check; exits non-zero when a check fails)
 *
 * The editor: the operation's form for each response type (Approval, Free Text, Custom Form) and each Send As
 * (Text with Links, URL Button, Template), with the fields each one shows and hides; switching Response Type
 * in the form. The pages a person sees: a question is sent (the fake Jelou API records it), the Free Text page
 * opens on a phone-sized window, the answer is sent, and the confirmation shows; a tap on Approve shows its
 * confirmation. Screenshots go into docs/ with UPDATE_SCREENSHOTS=1 on n8n 2.x, into the temp folder otherwise.
 *
 * JELOU_N8N_LINE=1 runs the same checks against n8n 1.x.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium, devices, selectors } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';

import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import {
	askingWorkflow,
	linksTo,
	PROXY_ENV,
	PROXY_HEADERS,
	startRecorder,
	untilWaiting,
} from '../e2e/send-and-wait.support';

interface Sandbox {
	editorUrl: string;
	owner: { email: string; password: string };
	logs: { n8n(): string };
	stop(): Promise<void>;
}

// scripts/sandbox.js is plain CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, freePort, request } = require('../../scripts/sandbox') as {
	startSandbox(options: object): Promise<Sandbox>;
	freePort(): Promise<number>;
	request(
		url: string,
		options?: { method?: string; body?: unknown },
	): Promise<{ status: number; text: string }>;
};

const REPO = resolve(__dirname, '../..');
const N8N_LINE = (process.env.JELOU_N8N_LINE ?? '2').trim();
const SCREENSHOT_DIR =
	process.env.UPDATE_SCREENSHOTS === '1' && N8N_LINE === '2'
		? join(REPO, 'docs')
		: join(tmpdir(), `jelou-browser-send-and-wait-n8n${N8N_LINE}`);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
const WORKFLOW_ID = 'BrowserSendWait1';
const JELOU = 'n8n-nodes-jelou.jelouWhatsApp';
const FORMS_IN_DOCS = ['Approval as Text with Links', 'Approval as Template'];

const failures: string[] = [];
function check(condition: boolean, what: string, detail = ''): void {
	console.log(
		`${condition ? 'ok  ' : 'FAIL'}  ${what}${!condition && detail ? ` (${detail})` : ''}`,
	);
	if (!condition) failures.push(what);
}

/** One node per response type and Send As, each as the editor saves it. */
const NODES: Array<{ name: string; parameters: Record<string, unknown> }> = [
	{
		name: 'Approval as Text with Links',
		parameters: { approvalOptions: { values: { approvalType: 'double' } } },
	},
	{
		name: 'Free Text as URL Button',
		parameters: { responseType: 'freeText', sendAs: 'urlButton' },
	},
	{ name: 'Custom Form', parameters: { responseType: 'customForm' } },
	{
		name: 'Approval as Template',
		parameters: { sendAs: 'template', template: { __rl: true, mode: 'list', value: '' } },
	},
];

/** What each node's form shows (by n8n's test ids) and hides. */
const EXPECTED: Record<string, { shown: string[]; hidden: string[] }> = {
	'Approval as Text with Links': {
		shown: [
			'parameter-input-userId',
			'parameter-input-sendAs',
			'parameter-input-message',
			'parameter-input-responseType',
			'fixed-collection-approvalOptions',
		],
		hidden: [
			'resource-locator-template',
			'fixed-collection-formFields',
			'parameter-input-defineForm',
		],
	},
	'Free Text as URL Button': {
		shown: ['parameter-input-message', 'parameter-input-responseType'],
		hidden: ['fixed-collection-approvalOptions', 'fixed-collection-formFields'],
	},
	'Custom Form': {
		shown: ['parameter-input-defineForm', 'fixed-collection-formFields'],
		hidden: ['fixed-collection-approvalOptions'],
	},
	'Approval as Template': {
		shown: [
			'resource-locator-template',
			'fixed-collection-templateParameters',
			'fixed-collection-approvalOptions',
		],
		hidden: ['fixed-collection-formFields'],
	},
};

function editorWorkflow(): object {
	const nodes = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		...NODES.map((node) => ({
			name: node.name,
			type: JELOU,
			typeVersion: 2,
			parameters: {
				resource: 'message',
				operation: 'sendAndWait',
				userId: '593991234567',
				message: 'Approve the refund of $120 for order A-1001?',
				...node.parameters,
			},
		})),
	].map((node, index) => ({
		id: `${WORKFLOW_ID}-node-${index}`,
		position: [index * 240, 0],
		...node,
	}));
	return {
		id: WORKFLOW_ID,
		name: 'Send and Wait forms',
		nodes,
		connections: { Start: { main: [[{ node: NODES[0].name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

async function signIn(page: Page, sandbox: Sandbox): Promise<void> {
	await page.goto(`${sandbox.editorUrl}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(sandbox.owner.email);
	await page.getByTestId('password').locator('input').fill(sandbox.owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

async function openNode(page: Page, name: string): Promise<Locator> {
	await page
		.locator(
			`[data-test-id="canvas-node"][data-node-name="${name}"], [data-test-id="canvas-node"][data-name="${name}"]`,
		)
		.first()
		.dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	return ndv;
}

/** Back to the canvas: Escape (n8n 2.x and 1.x), else 1.x's Back to Canvas. */
async function closeNdv(page: Page, ndv: Locator): Promise<void> {
	for (let tries = 0; tries < 2 && (await ndv.isVisible()); tries++) {
		await page.keyboard.press('Escape');
		await ndv.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
	}
	if (await ndv.isVisible()) await page.getByTestId('back-to-canvas').first().click();
	await ndv.waitFor({ state: 'hidden' });
}

async function isShown(ndv: Locator, testId: string): Promise<boolean> {
	const field = ndv.getByTestId(testId);
	return (await field.count()) > 0 && (await field.first().isVisible());
}

async function checkEditor(page: Page, sandbox: Sandbox): Promise<void> {
	await page.goto(`${sandbox.editorUrl}/workflow/${WORKFLOW_ID}`);
	await page.getByTestId('canvas-node').first().waitFor({ timeout: 90000 });
	for (const { name } of NODES) {
		const ndv = await openNode(page, name);
		await ndv.getByTestId('parameter-input-responseType').waitFor();
		const operation = await ndv
			.getByTestId('parameter-input-operation')
			.locator('input')
			.first()
			.inputValue();
		check(
			operation === 'Send and Wait for Response',
			`${name}: Operation is Send and Wait for Response`,
			`shows "${operation}"`,
		);
		for (const testId of EXPECTED[name].shown)
			check(await isShown(ndv, testId), `${name}: ${testId} is shown`);
		for (const testId of EXPECTED[name].hidden)
			check(!(await isShown(ndv, testId)), `${name}: ${testId} is hidden`);
		// What a person must choose, said on the form: the 24-hour rule (it decides Send As), and one line under
		// Send As and Response Type.
		const form = (await ndv.innerText()).replace(/\s+/g, ' ');
		check(
			form.includes('WhatsApp’s 24-hour rule'),
			`${name}: the form states WhatsApp’s 24-hour rule`,
		);
		check(
			form.includes('Template if the person may not have written in the last 24 hours'),
			`${name}: Send As says under it which to pick`,
		);
		check(
			form.includes('Approval: a tap on Approve or Decline'),
			`${name}: Response Type says under it what each means`,
		);
		if (name === 'Approval as Template')
			check(
				(await ndv
					.getByText(/whose link is your n8n’s address followed by \/webhook-waiting\/\{\{1\}\}/)
					.count()) > 0,
				`${name}: the notice says which link the template's buttons need`,
			);
		const file = `send-and-wait-${name.toLowerCase().replace(/\s+/g, '-')}.png`;
		// docs/message.md shows two of the forms; the others stay in the temp folder.
		const folder = FORMS_IN_DOCS.includes(name) ? SCREENSHOT_DIR : tmpdir();
		await ndv.screenshot({ path: join(folder, file) });
		console.log(`Screenshot: ${join(folder, file)}`);
		await closeNdv(page, ndv);
	}
	// Last, as it leaves the workflow changed: switching Response Type in the form shows that type's fields.
	const ndv = await openNode(page, NODES[0].name);
	await ndv.getByTestId('parameter-input-responseType').click();
	await page
		.locator('.el-select-dropdown__item')
		.filter({ hasText: 'Custom Form' })
		.filter({ visible: true })
		.first()
		.click();
	await ndv
		.getByTestId('fixed-collection-formFields')
		.waitFor()
		.catch(() => undefined);
	check(
		(await isShown(ndv, 'fixed-collection-formFields')) &&
			!(await isShown(ndv, 'fixed-collection-approvalOptions')),
		'switching Response Type to Custom Form shows Form Fields and hides Approval Options',
	);
}

/** The Free Text page and the confirmations, on a phone-sized window, as the person sees them. */
async function checkPages(sandbox: Sandbox, fake: FakeJelou): Promise<void> {
	// A browser of its own: a phone's screen, touch and user agent need a context of their own.
	const phoneBrowser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const phone = await phoneBrowser.newContext({
		...devices['Pixel 7'],
		// As a reverse proxy passes the public host on (n8n 1.x checks it in the link's signature).
		extraHTTPHeaders: PROXY_HEADERS,
	});
	try {
		const page = await phone.newPage();
		const local = (link: string) => {
			const url = new URL(link);
			return `${sandbox.editorUrl}${url.pathname}${url.search}`;
		};
		const start = async (path: string, number: string) => {
			for (let tries = 0; tries < 120; tries++) {
				const answer = await request(`${sandbox.editorUrl}/webhook/${path}`, {
					method: 'POST',
					body: { phone: number, order: 'A-1001' },
				});
				if (answer.status === 200) break;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			const links = await linksTo(fake, number);
			await untilWaiting(sandbox, links[0].url);
			return links;
		};
		const [respond] = await start('browser-free-text', '593990004001');
		await page.goto(local(respond.url));
		const box = page.locator('textarea[name="field-0"]');
		await box.waitFor();
		const width = await page.evaluate(
			() =>
				(globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
					.document.documentElement.scrollWidth,
		);
		check(
			width <= 412,
			'the Free Text page fits the phone’s width (no sideways scrolling)',
			`${width}px`,
		);
		check(
			(await page.locator('h1').innerText()) === 'Refund & return',
			'the Free Text page shows its title',
		);
		await box.fill('The box arrived damaged, please refund to my card.');
		await page.screenshot({ path: join(SCREENSHOT_DIR, 'send-and-wait-free-text-page.png') });
		await page.getByRole('button', { name: 'Submit' }).click();
		await page.locator('h1', { hasText: 'Response sent' }).waitFor();
		check(true, 'sending the Free Text page shows "Response sent"');

		const [approve] = await start('browser-approve', '593990004002');
		await page.goto(local(approve.url));
		await page.locator('h1', { hasText: 'Approved' }).waitFor();
		check(true, 'a tap on Approve shows "Approved"');
		await page.screenshot({ path: join(SCREENSHOT_DIR, 'send-and-wait-confirmation.png') });
		console.log(
			`Screenshots: ${SCREENSHOT_DIR}/send-and-wait-free-text-page.png, send-and-wait-confirmation.png`,
		);
	} finally {
		await phoneBrowser.close();
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const userFolder = mkdtempSync(join(tmpdir(), 'jelou-browser-wait-'));
	const profile = mkdtempSync(join(tmpdir(), 'jelou-browser-wait-profile-'));
	const fake = await startFakeJelou({
		clientId: 'browser-client-id',
		clientSecret: 'browser-client-secret',
		botId: 'sandbox-bot',
	});
	const recorder = await startRecorder();
	console.log(`Starting n8n ${N8N_LINE}.x for the Send and Wait browser check…`);
	const sandbox = await startSandbox({
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		fake: {
			url: fake.url,
			clientId: fake.clientId,
			clientSecret: fake.clientSecret,
			botId: fake.botId,
		},
		importExamples: false,
		quiet: true,
		env: PROXY_ENV,
		workflows: [
			editorWorkflow(),
			askingWorkflow('BrowserWaitText1', 'browser-free-text', recorder.url, {
				responseType: 'freeText',
				options: { responseFormTitle: 'Refund & return' },
			}),
			askingWorkflow('BrowserWaitOk001', 'browser-approve', recorder.url, {}),
		],
	});
	let browser: BrowserContext | undefined;
	try {
		browser = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: { width: 1440, height: 1000 },
		});
		selectors.setTestIdAttribute('data-test-id');
		const page = browser.pages()[0] ?? (await browser.newPage());
		page.setDefaultTimeout(30000);
		await signIn(page, sandbox);
		for (const [what, run] of [
			['editor', () => checkEditor(page, sandbox)],
			['pages', () => checkPages(sandbox, fake)],
		] as const) {
			try {
				await run();
			} catch (error) {
				failures.push(`${what}: ${(error as Error).message}`);
				console.error(`FAIL  ${what}: ${(error as Error).message}`);
				await page
					.screenshot({ path: join(tmpdir(), `jelou-browser-wait-${what}.png`) })
					.catch(() => undefined);
				console.error(sandbox.logs.n8n().split('\n').slice(-20).join('\n'));
			}
		}
	} finally {
		await browser?.close();
		await sandbox.stop();
		await fake.close();
		await recorder.close();
		rmSync(profile, { recursive: true, force: true });
		rmSync(userFolder, { recursive: true, force: true });
	}
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	if (failures.length > 0) {
		console.error(
			`\nSend and Wait browser check failed (${failures.length}) after ${seconds} s:\n  ${failures.join('\n  ')}`,
		);
		process.exit(1);
	}
	console.log(`\nSend and Wait browser check passed in ${seconds} s.`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
