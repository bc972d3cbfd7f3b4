/**
 * Browser check: the campaign results example (examples/campaign-results-back-to-sheet.json) in a real n8n editor,
 * driven by headless Chromium. Opens the workflow, checks Get Results' form (the campaign fields and Pair With Input
 * Rows, its Row Phone Number shown and Return All hidden), runs the whole workflow from the editor (the Wait loop
 * included) and checks that every row got its result; then screenshots the canvas (into docs/, for
 * docs/campaign-results.md, when UPDATE_SCREENSHOTS=1 on n8n 2.x; into the temp folder otherwise). The forms of
 * Send Campaign, Get Campaign and Get Results are screenshotted into the temp folder, for a person to read.
 *
 * Run: npm run build && ts-node --transpile-only test/browser/campaign-results.browser.ts
 * JELOU_N8N_LINE=1 runs the same checks against n8n 1.x.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium, selectors } from 'playwright-core';
import type { Page } from 'playwright-core';

import { startFakeJelou } from '../fake-jelou/server';

interface Sandbox {
	editorUrl: string;
	owner: { email: string; password: string };
	logs: { n8n(): string };
	stop(): Promise<void>;
}

// scripts/sandbox.js is plain CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, freePort } = require('../../scripts/sandbox') as {
	startSandbox(options: object): Promise<Sandbox>;
	freePort(): Promise<number>;
};

const REPO = resolve(__dirname, '../..');
const N8N_LINE = (process.env.JELOU_N8N_LINE ?? '2').trim();
const SCREENSHOT =
	process.env.UPDATE_SCREENSHOTS === '1' && N8N_LINE === '2'
		? join(REPO, 'docs', 'campaign-results-example.png')
		: join(tmpdir(), `jelou-browser-n8n${N8N_LINE}-campaign-results-example.png`);
const EXAMPLE = JSON.parse(
	readFileSync(join(REPO, 'examples', 'campaign-results-back-to-sheet.json'), 'utf8'),
) as { id: string; nodes: Array<{ name: string }> };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const failures: string[] = [];
function check(condition: boolean, what: string, detail = ''): void {
	console.log(
		`${condition ? 'ok  ' : 'FAIL'}  ${what}${!condition && detail ? ` (${detail})` : ''}`,
	);
	if (!condition) failures.push(what);
}

function canvasNode(page: Page, name: string) {
	// n8n 2.x's canvas names the node in data-node-name, 1.x's old canvas in data-name
	return page
		.locator(
			`[data-test-id="canvas-node"][data-node-name="${name}"], [data-test-id="canvas-node"][data-name="${name}"]`,
		)
		.first();
}

/** A field of the open node's form, by the label n8n shows above it. */
function fieldByLabel(page: Page, label: string) {
	return page
		.getByTestId('ndv')
		.locator(
			`xpath=.//label[.//span[normalize-space(.)=${JSON.stringify(label)}]]/ancestor::*[@data-test-id="input-label"][1]`,
		);
}

/** Where a screenshot of a node's form goes, for a person to read the form as its user would. */
const formScreenshot = (name: string) =>
	join(
		tmpdir(),
		`jelou-browser-n8n${N8N_LINE}-${name.toLowerCase().replace(/\W+/g, '-')}-form.png`,
	);

/** Screenshots the open form whole (a taller window for the moment), as a user first sees it. */
async function screenshotOpenForm(page: Page, name: string): Promise<void> {
	const viewport = page.viewportSize();
	await page.setViewportSize({ width: 1600, height: 1500 });
	await page.waitForTimeout(1000);
	await page.screenshot({ path: formScreenshot(name) });
	console.log(`Screenshot: ${formScreenshot(name)}`);
	if (viewport) await page.setViewportSize(viewport);
}

/** Opens a node's form, screenshots it and closes it. */
async function screenshotForm(page: Page, name: string): Promise<void> {
	await canvasNode(page, name).dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	await screenshotOpenForm(page, name);
	await page.keyboard.press('Escape');
	await ndv.waitFor({ state: 'hidden' });
}

async function checkGetResultsForm(page: Page): Promise<void> {
	await canvasNode(page, 'Get Results').dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	await screenshotOpenForm(page, 'Get Results');
	for (const label of [
		'Find Campaign By',
		'Campaign ID',
		'Pair With Input Rows',
		'Row Phone Number',
	])
		check((await fieldByLabel(page, label).count()) === 1, `Get Results shows the field ${label}`);
	check(
		(await fieldByLabel(page, 'Return All').count()) === 0,
		'Get Results hides Return All while it pairs rows (it reads every result)',
	);
	await page.keyboard.press('Escape');
	await ndv.waitFor({ state: 'hidden' });
}

async function main(): Promise<void> {
	const userFolder = mkdtempSync(join(tmpdir(), 'jelou-browser-results-'));
	const profile = mkdtempSync(join(tmpdir(), 'jelou-browser-profile-'));
	const fake = await startFakeJelou({
		host: '127.0.0.1',
		clientId: 'browser-client-id',
		clientSecret: 'browser-client-secret',
		botId: 'sandbox-bot',
	});
	// Slower than the sandbox's pace, so the run goes round the Wait loop once before the campaign completes.
	fake.campaignPlayer.setPace({ startAfterMs: 7_000 });
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
		workflows: [EXAMPLE],
	});
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
		viewport: { width: 1600, height: 760 },
	});
	try {
		selectors.setTestIdAttribute('data-test-id');
		const page = browser.pages()[0] ?? (await browser.newPage());
		page.setDefaultTimeout(30000);
		await page.goto(`${sandbox.editorUrl}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(sandbox.owner.email);
		await page.getByTestId('password').locator('input').fill(sandbox.owner.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		await page.goto(`${sandbox.editorUrl}/workflow/${EXAMPLE.id}`);
		await page.getByTestId('canvas-node').first().waitFor({ timeout: 90000 });
		for (const { name } of EXAMPLE.nodes.filter(({ name }) => !name.startsWith('Note')))
			check((await canvasNode(page, name).count()) === 1, `the canvas shows ${name}`);

		await checkGetResultsForm(page);
		for (const name of ['Send Campaign', 'Get Campaign']) await screenshotForm(page, name);

		await page.getByTestId('execute-workflow-button').first().click();
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			const updated = fake.requests.filter((request) => request.path.endsWith('/notifications'));
			if (updated.length >= 2) break;
			await page.waitForTimeout(500);
		}
		await page
			.getByText(/Workflow executed successfully/)
			.first()
			.waitFor({ timeout: 60000 });
		const checks = fake.requests.filter((request) => request.path === '/v1/campaigns').length;
		check(
			checks >= 3,
			'the run asked for the campaign again after a Wait (Send’s look-up and 2 checks or more)',
			`${checks} campaign requests`,
		);
		await page
			.locator('.el-notification .el-notification__closeBtn')
			.first()
			.click()
			.catch(() => undefined);
		await page
			.getByTestId('zoom-to-fit')
			.first()
			.click()
			.catch(() => undefined);
		await page.waitForTimeout(1000);
		await page.screenshot({ path: SCREENSHOT });
		console.log(`Screenshot: ${SCREENSHOT}`);
	} catch (error) {
		failures.push((error as Error).message);
		console.error(`FAIL  ${(error as Error).message}`);
		console.error(sandbox.logs.n8n().split('\n').slice(-30).join('\n'));
	} finally {
		await browser.close();
		await sandbox.stop();
		await fake.close();
		rmSync(userFolder, { recursive: true, force: true });
		rmSync(profile, { recursive: true, force: true });
	}
	if (failures.length > 0) {
		console.error(`${failures.length} check(s) failed`);
		process.exitCode = 1;
	}
}

void main();
