/**
 * Browser check: the Jelou WhatsApp node in a real n8n editor, driven by headless Chromium.
 * Run: npm run test:browser   (builds first; exits non-zero when a check fails)
 *
 * Starts a throwaway sandbox (n8n + the fake Jelou API), logs in as its owner, adds the node to a
 * new workflow through the node creator (Message → Send Template), checks the form's fields and
 * that the Template picker lists the fake's approved templates; takes two screenshots (into docs/, for the
 * README, when UPDATE_SCREENSHOTS=1; into the temp folder otherwise).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium, selectors } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';

import { SEED_TEMPLATES } from '../fake-jelou/seed';

interface Sandbox {
	editorUrl: string;
	owner: { email: string; password: string };
	credential: { id: string; name: string };
	logs: { n8n(): string };
	stop(): Promise<void>;
}

interface SandboxOptions {
	userFolder: string;
	port: number;
	brokerPort: number;
	fake: 'spawn';
	fakePort: number;
	importExamples: boolean;
	quiet: boolean;
}

// scripts/sandbox.js is plain CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, freePort } = require('../../scripts/sandbox') as {
	startSandbox(options: SandboxOptions): Promise<Sandbox>;
	freePort(): Promise<number>;
};

const REPO = resolve(__dirname, '../..');
// The README's screenshots are refreshed only on request, so a routine run leaves the work tree clean.
const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS === '1' ? join(REPO, 'docs') : tmpdir();
const FORM_SCREENSHOT = join(SCREENSHOT_DIR, 'send-template.png');
const PICKER_SCREENSHOT = join(SCREENSHOT_DIR, 'send-template-picker.png');
const VARIABLES_SCREENSHOT = join(SCREENSHOT_DIR, 'send-template-variables.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** The form's fields for Send Template, by their n8n test ids. */
const SEND_TEMPLATE_FIELDS: Array<[label: string, testId: string]> = [
	['Template', 'resource-locator-template'],
	['Recipients', 'parameter-input-recipients'],
	['Type', 'parameter-input-type'],
	['Language', 'parameter-input-language'],
	['Parameters', 'fixed-collection-parameters'],
	['Button Parameters', 'fixed-collection-buttonParameters'],
	['Button Payloads', 'fixed-collection-buttonPayloads'],
];

const failures: string[] = [];

function check(condition: boolean, what: string, detail = ''): void {
	console.log(
		`${condition ? 'ok  ' : 'FAIL'}  ${what}${!condition && detail ? ` (${detail})` : ''}`,
	);
	if (!condition) failures.push(what);
}

async function inputValue(field: Locator): Promise<string> {
	return await field.locator('input').first().inputValue();
}

async function addSendTemplateNode(page: Page): Promise<Locator> {
	await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Jelou');
	await page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: /^Jelou WhatsApp$/ })
		.click();
	const action = page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: /^Send a template message$/ });
	// On an empty canvas the creator opens the package's triggers first, with its actions folded.
	await page
		.getByText(/^Actions \(\d+\)$/)
		.first()
		.waitFor();
	if (!(await action.isVisible()))
		await page
			.getByText(/^Actions \(\d+\)$/)
			.first()
			.click();
	await action.click();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	return ndv;
}

async function main(): Promise<void> {
	const started = Date.now();
	const userFolder = mkdtempSync(join(tmpdir(), 'jelou-browser-n8n-'));
	const profile = mkdtempSync(join(tmpdir(), 'jelou-browser-profile-'));
	const [port, brokerPort, fakePort] = [await freePort(), await freePort(), await freePort()];
	console.log('Starting n8n with the Jelou package and the fake Jelou API…');
	const sandbox = await startSandbox({
		userFolder,
		port,
		brokerPort,
		fake: 'spawn',
		fakePort,
		importExamples: false,
		quiet: true,
	});
	let browser: BrowserContext | undefined;
	try {
		browser = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: { width: 1440, height: 1000 },
		});
		console.log(
			`n8n ready at ${sandbox.editorUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
		selectors.setTestIdAttribute('data-test-id');
		const page = browser.pages()[0] ?? (await browser.newPage());
		page.setDefaultTimeout(30000);

		await page.goto(`${sandbox.editorUrl}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(sandbox.owner.email);
		await page.getByTestId('password').locator('input').fill(sandbox.owner.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		check(true, `logged in as the sandbox owner ${sandbox.owner.email}`);

		await page.goto(`${sandbox.editorUrl}/workflow/new`);
		const ndv = await addSendTemplateNode(page);
		check(true, 'node creator: Jelou WhatsApp → Send a template message opens the node');

		const credential =
			(await ndv.getByTestId('node-credentials-select').innerText()).trim() ||
			(await inputValue(ndv.getByTestId('node-credentials-select')));
		check(
			credential.includes(sandbox.credential.name),
			`credential "${sandbox.credential.name}" is selected`,
			`shows "${credential}"`,
		);
		const resource = await inputValue(ndv.getByTestId('parameter-input-resource'));
		check(resource === 'Message', 'Resource is Message', `shows "${resource}"`);
		const operation = await inputValue(ndv.getByTestId('parameter-input-operation'));
		check(operation === 'Send Template', 'Operation is Send Template', `shows "${operation}"`);
		for (const [label, testId] of SEND_TEMPLATE_FIELDS) {
			const field = ndv.getByTestId(testId);
			check((await field.count()) === 1 && (await field.isVisible()), `field ${label} is shown`);
		}
		const type = await inputValue(ndv.getByTestId('parameter-input-type'));
		check(type === 'Text', 'Type defaults to Text', `shows "${type}"`);
		const language = await inputValue(ndv.getByTestId('parameter-input-language'));
		check(
			language === "Template's Own Language",
			"Language defaults to Template's Own Language",
			`shows "${language}"`,
		);

		await ndv.screenshot({ path: FORM_SCREENSHOT });
		console.log(`Screenshot: ${FORM_SCREENSHOT}`);

		const picker = ndv.getByTestId('resource-locator-template');
		const mode = await inputValue(picker.getByTestId('rlc-mode-selector'));
		check(/from list/i.test(mode), 'Template picker starts in From List mode', `shows "${mode}"`);
		await picker.getByTestId('rlc-input').click();
		// The list is teleported to the end of the page, outside the picker.
		const items = page.getByTestId('rlc-item').filter({ visible: true });
		await items.first().waitFor();
		const listed = (await items.allInnerTexts()).map((text) => text.trim());
		const approved = SEED_TEMPLATES.filter((template) => template.status === 'APPROVED');
		for (const template of approved) {
			const shown = listed.some((text) =>
				text.startsWith(template.displayName ?? template.elementName),
			);
			check(
				shown,
				`From List shows the approved template "${template.displayName}"`,
				`listed: ${listed.join(' / ')}`,
			);
		}
		for (const template of SEED_TEMPLATES.filter((candidate) => candidate.status !== 'APPROVED')) {
			const shown = listed.some((text) =>
				text.startsWith(template.displayName ?? template.elementName),
			);
			check(
				!shown,
				`From List leaves out the ${template.status} template "${template.displayName}"`,
			);
		}
		check(
			listed.length === approved.length,
			`From List has exactly ${approved.length} templates`,
			`has ${listed.length}`,
		);
		await ndv.screenshot({ path: PICKER_SCREENSHOT });
		console.log(`Screenshot: ${PICKER_SCREENSHOT}`);

		await items
			.filter({ hasText: /^Order confirmation/ })
			.first()
			.click();
		const picked = await inputValue(picker.getByTestId('rlc-input-container'));
		check(
			picked.includes('Order confirmation'),
			'picking "Order confirmation" fills the Template field',
			`shows "${picked}"`,
		);

		// Template Variables appear once a template is picked: one field per variable, named as in Jelou.
		for (const variable of ['{{1}} customer', '{{2}} order']) {
			const label = ndv.getByText(variable, { exact: true });
			await label
				.first()
				.waitFor()
				.catch(() => undefined);
			check(
				(await label.count()) > 0 && (await label.first().isVisible()),
				`Template Variables show the field "${variable}"`,
			);
		}
		check(
			(await ndv.getByText('Template Variables', { exact: true }).count()) > 0,
			'the Template Variables section is shown',
		);
		await ndv.screenshot({ path: VARIABLES_SCREENSHOT });
		console.log(`Screenshot: ${VARIABLES_SCREENSHOT}`);
	} catch (error) {
		failures.push((error as Error).message);
		console.error(`FAIL  ${(error as Error).message}`);
		const page = browser?.pages()[0];
		if (page) {
			await page
				.screenshot({ path: join(tmpdir(), 'jelou-browser-failure.png') })
				.catch(() => undefined);
			console.error(`Screenshot of the failure: ${join(tmpdir(), 'jelou-browser-failure.png')}`);
		}
		console.error(
			`Last lines of n8n's log:\n${sandbox.logs.n8n().split('\n').slice(-30).join('\n')}`,
		);
	} finally {
		await browser?.close();
		await sandbox.stop();
		rmSync(profile, { recursive: true, force: true });
		rmSync(userFolder, { recursive: true, force: true });
	}
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	if (failures.length > 0) {
		console.error(
			`\nBrowser check failed (${failures.length}) after ${seconds} s:\n  ${failures.join('\n  ')}`,
		);
		process.exit(1);
	}
	console.log(`\nBrowser check passed in ${seconds} s.`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
