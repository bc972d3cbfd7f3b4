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
// Not for the README: kept in the temp folder to look at when a check fails.
const EXPRESSION_SCREENSHOT = join(tmpdir(), 'send-template-expression.png');
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
/** The form's fields for Send Template (node version 2), by their n8n test ids. */
const SEND_TEMPLATE_FIELDS: Array<[label: string, testId: string]> = [
	['Template', 'resource-locator-template'],
	['Recipients', 'parameter-input-recipients'],
	['Language', 'parameter-input-language'],
];
/** The fields filled by hand: in version 2 only for a template given by an expression. */
const MANUAL_FIELDS: Array<[label: string, testId: string]> = [
	['Type', 'parameter-input-type'],
	['Parameters', 'fixed-collection-parameters'],
	['Button Parameters', 'fixed-collection-buttonParameters'],
];
/** Version 1's Button Payloads and Actions, under Options in version 2. */
const VERSION_1_FIELDS: Array<[label: string, testId: string]> = [
	['Button Payloads', 'fixed-collection-buttonPayloads'],
	['Actions', 'collection-actions'],
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

async function expectHidden(
	ndv: Locator,
	fields: Array<[label: string, testId: string]>,
	when: string,
): Promise<void> {
	for (const [label, testId] of fields) {
		const field = ndv.getByTestId(testId);
		check(
			(await field.count()) === 0 || !(await field.first().isVisible()),
			`field ${label} is hidden ${when}`,
		);
	}
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
		await expectHidden(ndv, [...MANUAL_FIELDS, ...VERSION_1_FIELDS], 'before a template is picked');
		const language = await inputValue(ndv.getByTestId('parameter-input-language'));
		check(
			language === "Template's Own Language",
			"Language defaults to Template's Own Language",
			`shows "${language}"`,
		);
		const notice = ndv.getByTestId('empty-fields-notice');
		await notice.waitFor().catch(() => undefined);
		check(
			(await notice.count()) > 0 && /Pick a template/.test(await notice.first().innerText()),
			'Template Variables ask for a template first',
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
			.filter({ hasText: /^Promotion with image/ })
			.first()
			.click();
		const picked = await inputValue(picker.getByTestId('rlc-input-container'));
		check(
			picked.includes('Promotion with image'),
			'picking "Promotion with image" fills the Template field',
			`shows "${picked}"`,
		);

		// Template Variables follow the template: its text (read only), its variable, its header image.
		const about = 'What the customer reads (en · MARKETING)';
		for (const label of [about, '{{1}} customer', 'Header Image URL']) {
			const shown = ndv.getByText(label, { exact: true });
			await shown
				.first()
				.waitFor()
				.catch(() => undefined);
			check(
				(await shown.count()) > 0 && (await shown.first().isVisible()),
				`Template Variables show the field "${label}"`,
			);
		}
		const aboutField = ndv.getByTestId('mapping-fields-container').getByTestId(/aboutTemplate/);
		const aboutInput = aboutField.locator('input, textarea, .cm-content').first();
		const aboutText = (await aboutInput.count())
			? (await aboutInput.inputValue().catch(() => '')) || (await aboutInput.innerText())
			: '';
		check(
			aboutText.includes('[Image]') &&
				aboutText.includes('Hello {{1}}. We invite you to check out our promotions.'),
			'the template text is shown in the read-only field, below its image',
			`shows "${aboutText}"`,
		);
		const editable =
			(await aboutInput.count()) > 0 && (await aboutInput.isEditable().catch(() => false));
		check(!editable, 'the template text cannot be edited');
		await expectHidden(ndv, [...MANUAL_FIELDS, ...VERSION_1_FIELDS], 'with a template picked');
		// One Media URL: the mapper's Header Image URL (its field id is mediaUrl), not the field filled by hand.
		check(
			(await ndv.getByTestId('parameter-input-mediaUrl').count()) === 1,
			'field Media URL is hidden with a template picked (only Header Image URL)',
		);
		await ndv.screenshot({ path: VARIABLES_SCREENSHOT });
		console.log(`Screenshot: ${VARIABLES_SCREENSHOT}`);

		// A template from an expression (a different one per item): the fields filled by hand come back.
		await picker.getByTestId('rlc-mode-selector').click();
		await page.getByRole('option', { name: 'By Name' }).click();
		const nameInput = picker
			.locator('[data-test-id="rlc-input"] input, input[data-test-id="rlc-input"]')
			.first();
		await nameInput.click();
		await nameInput.press('ControlOrMeta+a');
		await nameInput.pressSequentially('{{ $json.template }}');
		await page.keyboard.press('Tab');
		for (const [label, testId] of MANUAL_FIELDS) {
			const field = ndv.getByTestId(testId);
			await field.waitFor().catch(() => undefined);
			check(
				(await field.count()) === 1 && (await field.isVisible()),
				`field ${label} is shown for a template from an expression`,
			);
		}
		await expectHidden(
			ndv,
			[['Template Variables', 'mapping-fields-container']],
			'for a template from an expression',
		);
		await ndv.screenshot({ path: EXPRESSION_SCREENSHOT });
		console.log(`Screenshot: ${EXPRESSION_SCREENSHOT}`);
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
