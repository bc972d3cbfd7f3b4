/**
 * Browser check: the Jelou WhatsApp node in a real n8n editor, driven by headless Chromium.
 * Run: npm run test:browser   (builds first; exits non-zero when a check fails)
 *
 * Starts a throwaway sandbox (n8n + the fake Jelou API), logs in as its owner, adds the node to a
 * new workflow through the node creator (Message → Send Template), checks the form's fields and
 * that the Template picker lists the fake's approved templates, picks one and checks its variables;
 * runs that node with Dry Run (Send Nothing) and checks its output; runs an imported workflow with two bad
 * items and checks that n8n's error panel shows one line per bad item. Takes screenshots (into docs/, for
 * the README and docs/*.md, when UPDATE_SCREENSHOTS=1 on n8n 2.x; into the temp folder otherwise).
 *
 * JELOU_N8N_LINE=1 runs the same checks against n8n 1.x (scripts/ensure-n8n.js installs it).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium, selectors } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';

import { SEED_TEMPLATES } from '../fake-jelou/seed';
import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { chainWorkflow, itemsNode } from '../e2e/support';

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
	fake: { url: string; clientId: string; clientSecret: string; botId: string };
	importExamples: boolean;
	quiet: boolean;
	workflows: object[];
}

// scripts/sandbox.js is plain CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, freePort } = require('../../scripts/sandbox') as {
	startSandbox(options: SandboxOptions): Promise<Sandbox>;
	freePort(): Promise<number>;
};

const REPO = resolve(__dirname, '../..');
/** The n8n line the sandbox runs (scripts/ensure-n8n.js): 2 by default, 1 with JELOU_N8N_LINE=1. */
const N8N_LINE = (process.env.JELOU_N8N_LINE ?? '2').trim();
// The screenshots in docs/ are refreshed only on request, and only from n8n 2.x, so a routine run leaves the
// work tree clean; a run on 1.x keeps its screenshots in the temp folder.
const SCREENSHOT_DIR =
	process.env.UPDATE_SCREENSHOTS === '1' && N8N_LINE === '2'
		? join(REPO, 'docs')
		: join(tmpdir(), `jelou-browser-n8n${N8N_LINE}`);
const FORM_SCREENSHOT = join(SCREENSHOT_DIR, 'send-template.png');
const PICKER_SCREENSHOT = join(SCREENSHOT_DIR, 'send-template-picker.png');
const VARIABLES_SCREENSHOT = join(SCREENSHOT_DIR, 'send-template-variables.png');
// Not for docs/: kept in the temp folder to look at when a check fails.
const EXPRESSION_SCREENSHOT = join(tmpdir(), 'send-template-expression.png');
const DRY_RUN_SCREENSHOT = join(SCREENSHOT_DIR, 'dry-run-output.png');
const BAD_ITEMS_SCREENSHOT = join(SCREENSHOT_DIR, 'error-several-items.png');
const PAUSE_BOT_SCREENSHOT = join(SCREENSHOT_DIR, 'pause-bot.png');
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
const STARTED = Date.now();
const elapsed = () => `${((Date.now() - STARTED) / 1000).toFixed(1)} s`;

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

// ---------------------------------------------------------------- helpers for the checks below

/**
 * A field of the open node's form, found by the label n8n shows above it (robust to the form's order). The
 * label element also holds the field's Fixed/Expression switch, so the match is on its title text.
 */
function fieldByLabel(scope: Locator, label: string): Locator {
	return scope.locator(
		`xpath=.//label[.//span[normalize-space(.)=${JSON.stringify(label)}]]` +
			'/ancestor::*[@data-test-id="input-label"][1]',
	);
}

/** Types a plain value into a text field found by its label. */
async function fillField(scope: Locator, label: string, value: string): Promise<void> {
	const input = fieldByLabel(scope, label)
		.locator('input, textarea, [contenteditable="true"]')
		.first();
	await input.click();
	await input.fill(value);
	await input.press('Tab');
}

/** Closes n8n's toasts ("Node executed successfully"), which would cover part of a screenshot. */
async function closeToasts(page: Page): Promise<void> {
	const close = page.locator('.el-notification .el-notification__closeBtn');
	for (let shown = await close.count(); shown > 0; shown--) {
		await close
			.first()
			.click()
			.catch(() => undefined);
	}
	await close
		.first()
		.waitFor({ state: 'detached', timeout: 5000 })
		.catch(() => undefined);
}

/** The lines an element shows, as a person reads them (innerText keeps rendered line breaks). */
async function renderedLines(element: Locator): Promise<string[]> {
	return (await element.innerText())
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '');
}

// ---------------------------------------------------------------- Dry Run (Send Nothing)

const DRY_RUN_WORKFLOW = { id: 'BrowserDryRun1', name: 'Check an order confirmation' };
const DRY_RUN_NODE = 'Send Order Confirmation';
const DRY_RUN_VALUES = { recipients: '593991234567', customer: 'Maria', order: 'A-1001' };

/** Imported before n8n starts: Send Template (version 2) with Order confirmation, the rest left to the check. */
function dryRunWorkflow(): object {
	return chainWorkflow(DRY_RUN_WORKFLOW.id, DRY_RUN_WORKFLOW.name, [
		{
			name: DRY_RUN_NODE,
			type: 'n8n-nodes-jelou.jelouWhatsApp',
			typeVersion: 2,
			parameters: {
				resource: 'message',
				operation: 'sendTemplate',
				template: { __rl: true, mode: 'name', value: 'order_confirmation' },
			},
		},
	]);
}

/**
 * Opens Send Template with Order confirmation, fills Recipients and the template's variables (by their
 * labels), turns on Dry Run (Send Nothing), runs the step and checks the output: the request Jelou would get
 * (method, path, body) and the preview, and that the fake Jelou received no send at all.
 */
async function checkDryRun(page: Page, sandbox: Sandbox, fake: FakeJelou): Promise<void> {
	await openWorkflow(page, sandbox, DRY_RUN_WORKFLOW.id);
	const ndv = await openNode(page, DRY_RUN_NODE);
	await fieldByLabel(ndv, '{{1}} customer').waitFor();
	await fillField(ndv, 'Recipients', DRY_RUN_VALUES.recipients);
	await fillField(ndv, '{{1}} customer', DRY_RUN_VALUES.customer);
	await fillField(ndv, '{{2}} order', DRY_RUN_VALUES.order);
	const dryRun = fieldByLabel(ndv, 'Dry Run (Send Nothing)');
	check((await dryRun.count()) === 1, 'the option "Dry Run (Send Nothing)" is shown');
	await dryRun.locator('.el-switch').first().click();
	const sendsBefore = fake.sentMessages.length;
	const requestsBefore = fake.requests.length;

	await ndv.getByTestId('node-execute-button').first().click();
	const output = page.getByTestId('output-panel');
	await output.getByTestId('radio-button-json').first().click();
	await output.getByText('"dryRun"', { exact: false }).first().waitFor();
	const shown = await output.innerText();
	const botPath = `/v2/whatsapp/${fake.botId}/hsm`;
	const expected: Array<[what: string, text: string]> = [
		['dryRun: true', '"dryRun": true'],
		['the method POST', '"method": "POST"'],
		[`the path ${botPath}`, `"path": "${botPath}"`],
		["the body's template", '"elementName": "order_confirmation"'],
		["the body's recipient", `"${DRY_RUN_VALUES.recipients}"`],
		["the body's first variable", `"${DRY_RUN_VALUES.customer}"`],
		["the body's second variable", `"${DRY_RUN_VALUES.order}"`],
		[
			'the preview with the values filled in',
			`"preview": "Thank you for your order, ${DRY_RUN_VALUES.customer}! Your confirmation number is ${DRY_RUN_VALUES.order}."`,
		],
	];
	const flat = shown.replace(/\s+/g, ' ');
	for (const [what, text] of expected)
		check(flat.includes(text), `dry run output shows ${what}`, `output: ${flat.slice(0, 400)}`);
	const sends = fake.requests.slice(requestsBefore).filter((request) => request.method !== 'GET');
	check(
		fake.sentMessages.length === sendsBefore && sends.length === 0,
		'the dry run sent nothing to Jelou (only reads)',
		`requests: ${sends.map((request) => `${request.method} ${request.path}`).join(', ')}`,
	);
	await closeToasts(page);
	await ndv.screenshot({ path: DRY_RUN_SCREENSHOT });
	console.log(`Screenshot: ${DRY_RUN_SCREENSHOT} (at ${elapsed()})`);
}

// ---------------------------------------------------------------- several bad items at once

const BAD_ITEMS_WORKFLOW = { id: 'BrowserBadItems1', name: 'Send to two bad numbers' };
const BAD_ITEMS_NODE = 'Send Order Confirmation';
const BAD_ROWS = [
	{ phone: 'call me', name: 'Maria', order: 'A-1001' },
	{ phone: '12', name: 'José', order: 'A-1002' },
];

/**
 * Imported before n8n starts: two rows whose phone numbers are both bad, into Send Template (version 2) with
 * the template's variables mapped from the rows, so the phone numbers are the only problem.
 */
function badItemsWorkflow(): object {
	return chainWorkflow(BAD_ITEMS_WORKFLOW.id, BAD_ITEMS_WORKFLOW.name, [
		itemsNode('Customer Rows', BAD_ROWS),
		{
			name: BAD_ITEMS_NODE,
			type: 'n8n-nodes-jelou.jelouWhatsApp',
			typeVersion: 2,
			parameters: {
				resource: 'message',
				operation: 'sendTemplate',
				template: { __rl: true, mode: 'name', value: 'order_confirmation' },
				recipients: '={{ $json.phone }}',
				templateVariables: {
					mappingMode: 'defineBelow',
					// As the editor saves it once the template is picked: it shows a saved mapping's values only.
					value: {
						'1': '={{ $json.name }}',
						'2': '={{ $json.order }}',
						aboutTemplate: 'Thank you for your order, {{1}}! Your \nconfirmation number is {{2}}.',
					},
				},
			},
		},
	]);
}

/**
 * Runs the imported workflow from the editor and opens the node's error: one line per bad item, each
 * naming the item as a person counts it, and no n8n "[item 0]" beside the message.
 */
async function checkSeveralBadItems(page: Page, sandbox: Sandbox): Promise<void> {
	await openWorkflow(page, sandbox, BAD_ITEMS_WORKFLOW.id);
	await page.getByTestId('execute-workflow-button').first().click();
	// the run ends with the node's error, announced by n8n's toast
	await page.getByText(`Problem in node ‘${BAD_ITEMS_NODE}‘`).first().waitFor();
	const ndv = await openNode(page, BAD_ITEMS_NODE);
	const description = ndv.getByTestId('node-error-description');
	await description.waitFor();
	const message = (await ndv.getByTestId('node-error-message').innerText()).trim();
	check(
		message === '2 items have bad input, so nothing was sent',
		'the error names how many items are bad, without n8n\'s 0-based "[item 0]"',
		`shows "${message}"`,
	);
	const lines = await renderedLines(description);
	check(
		lines.length === BAD_ROWS.length,
		`the error description shows ${BAD_ROWS.length} lines, one per bad item`,
		`shows ${lines.length}: ${lines.join(' | ')}`,
	);
	BAD_ROWS.forEach(({ phone }, index) => {
		const line = lines[index] ?? '';
		check(
			line.startsWith(`Recipients: "${phone}"`) && line.includes(`(item ${index + 1}) → `),
			`line ${index + 1} names item ${index + 1}, its phone "${phone}" and the fix`,
			`shows "${line}"`,
		);
	});
	await closeToasts(page);
	await ndv.screenshot({ path: BAD_ITEMS_SCREENSHOT });
	console.log(`Screenshot: ${BAD_ITEMS_SCREENSHOT} (at ${elapsed()})`);
}

// ---------------------------------------------------------------- forms of the examples, with expressions

/** An example as the sandbox imports it, unpublished here: the checks only open its nodes. */
function exampleWorkflow(file: string): { id: string; name: string } {
	const workflow = JSON.parse(readFileSync(join(REPO, 'examples', file), 'utf8')) as {
		id: string;
		name: string;
	};
	return { ...workflow, active: false } as { id: string; name: string };
}
const HANDOFF_EXAMPLE = exampleWorkflow('person-takes-over-then-bot-resumes.json');
const CAMPAIGN_EXAMPLE = exampleWorkflow('spreadsheet-rows-to-campaign.json');

/** The text n8n shows under a field of the open node (its hint), found by the field's label. */
async function hintUnder(scope: Locator, label: string): Promise<string> {
	const field = fieldByLabel(scope, label).locator('xpath=..');
	return (await field.innerText().catch(() => '')).replace(/\s+/g, ' ');
}

/**
 * Pause Bot as the hand-off example has it: its Phone Number is an expression, so n8n shows the expression's
 * value where a hint would be; the notice above still says what pausing does. Resume Automatically After shows
 * 8 (hours), with what it does under it. Campaign → Send's Scheduled At says what empty means.
 */
async function checkExampleForms(page: Page, sandbox: Sandbox): Promise<void> {
	await openWorkflow(page, sandbox, HANDOFF_EXAMPLE.id);
	const ndv = await openNode(page, 'Pause the Bot');
	const notice = ndv.getByText(/Jelou’s bot stops answering this customer/);
	await notice
		.first()
		.waitFor()
		.catch(() => undefined);
	check(
		(await notice.count()) > 0 && (await notice.first().isVisible()),
		'Pause Bot says what pausing does, although its Phone Number is an expression',
	);
	const resumeAfter = fieldByLabel(ndv, 'Resume Automatically After');
	await resumeAfter.waitFor();
	const hours = await resumeAfter.locator('input').first().inputValue();
	check(hours === '8', 'Resume Automatically After shows 8, not 8.00', `shows "${hours}"`);
	const under = await hintUnder(ndv, 'Resume Automatically After');
	check(
		under.includes('The bot answers this customer again by itself after this time'),
		'Resume Automatically After says what it does under the field',
		`shows "${under}"`,
	);
	await closeToasts(page);
	await ndv.screenshot({ path: PAUSE_BOT_SCREENSHOT });
	console.log(`Screenshot: ${PAUSE_BOT_SCREENSHOT} (at ${elapsed()})`);

	await openWorkflow(page, sandbox, CAMPAIGN_EXAMPLE.id);
	const campaign = await openNode(page, 'Send Campaign');
	await fieldByLabel(campaign, 'Scheduled At').waitFor();
	const scheduled = await hintUnder(campaign, 'Scheduled At');
	check(
		scheduled.includes('Empty: Jelou sends the campaign now'),
		'Campaign → Send: Scheduled At says what empty means under the field',
		`shows "${scheduled}"`,
	);
}

// ---------------------------------------------------------------- running the checks

/** Records a check that threw, with a screenshot of its page and the end of n8n's log. */
async function reportFailure(
	error: unknown,
	page: Page | undefined,
	sandbox: Sandbox,
	screenshot: string,
): Promise<void> {
	failures.push((error as Error).message);
	console.error(`FAIL  ${(error as Error).message}`);
	if (page) {
		await page.screenshot({ path: join(tmpdir(), screenshot) }).catch(() => undefined);
		console.error(`Screenshot of the failure: ${join(tmpdir(), screenshot)}`);
	}
	console.error(
		`Last lines of n8n's log:\n${sandbox.logs.n8n().split('\n').slice(-30).join('\n')}`,
	);
}

/** Opens an imported workflow, logging in first when the editor asks for it. */
async function openWorkflow(page: Page, sandbox: Sandbox, id: string): Promise<void> {
	await page.goto(`${sandbox.editorUrl}/workflow/${id}`);
	await page.waitForURL(
		(url) => url.pathname.includes('/workflow/') || url.pathname.startsWith('/signin'),
	);
	if (new URL(page.url()).pathname.startsWith('/signin')) {
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(sandbox.owner.email);
		await page.getByTestId('password').locator('input').fill(sandbox.owner.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		await page.goto(`${sandbox.editorUrl}/workflow/${id}`);
	}
	// a busy machine can take longer than the default 30 s to draw the first canvas
	await page.getByTestId('canvas-node').first().waitFor({ timeout: 90000 });
}

function canvasNode(page: Page, name: string): Locator {
	// n8n 2.x's canvas names the node in data-node-name, 1.x's old canvas in data-name
	return page
		.locator(
			`[data-test-id="canvas-node"][data-node-name="${name}"], [data-test-id="canvas-node"][data-name="${name}"]`,
		)
		.first();
}

/** Opens a node of the open workflow by double-clicking it on the canvas; returns its panel. */
async function openNode(page: Page, name: string): Promise<Locator> {
	await canvasNode(page, name).dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	return ndv;
}

/**
 * The checks that work on workflows of their own (imported before n8n started), each in a page of its own,
 * so each runs, and reports, even when an earlier check failed.
 */
async function checkOnOwnWorkflows(
	browser: BrowserContext,
	sandbox: Sandbox,
	fake: FakeJelou,
): Promise<void> {
	const checks: Array<[failureScreenshot: string, run: (page: Page) => Promise<void>]> = [
		['jelou-browser-failure-dry-run.png', (page) => checkDryRun(page, sandbox, fake)],
		['jelou-browser-failure-bad-items.png', (page) => checkSeveralBadItems(page, sandbox)],
		['jelou-browser-failure-example-forms.png', (page) => checkExampleForms(page, sandbox)],
	];
	for (const [failureScreenshot, run] of checks) {
		const page = await browser.newPage();
		page.setDefaultTimeout(30000);
		try {
			await run(page);
		} catch (error) {
			await reportFailure(error, page, sandbox, failureScreenshot);
		} finally {
			await page.close();
		}
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const userFolder = mkdtempSync(join(tmpdir(), 'jelou-browser-n8n-'));
	const profile = mkdtempSync(join(tmpdir(), 'jelou-browser-profile-'));
	const [port, brokerPort] = [await freePort(), await freePort()];
	console.log(`Starting n8n ${N8N_LINE}.x with the Jelou package and the fake Jelou API…`);
	// The fake runs in this process, so the checks can read what it received.
	const fake = await startFakeJelou({
		host: '127.0.0.1',
		clientId: 'browser-client-id',
		clientSecret: 'browser-client-secret',
		botId: 'sandbox-bot',
	});
	const sandbox = await startSandbox({
		userFolder,
		port,
		brokerPort,
		fake: {
			url: fake.url,
			clientId: fake.clientId,
			clientSecret: fake.clientSecret,
			botId: fake.botId,
		},
		importExamples: false,
		quiet: true,
		workflows: [dryRunWorkflow(), badItemsWorkflow(), HANDOFF_EXAMPLE, CAMPAIGN_EXAMPLE],
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
			`n8n ${N8N_LINE}.x ready at ${sandbox.editorUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
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
		console.log(`Screenshot: ${FORM_SCREENSHOT} (at ${elapsed()})`);

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
		console.log(`Screenshot: ${PICKER_SCREENSHOT} (at ${elapsed()})`);

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
		const mapping = ndv.getByTestId('mapping-fields-container');
		const aboutField = mapping.getByTestId(/aboutTemplate/);
		const aboutInput = aboutField.locator('input, textarea, .cm-content').first();
		const aboutText = (await aboutInput.count())
			? (await aboutInput.inputValue().catch(() => '')) || (await aboutInput.innerText())
			: '';
		check(
			aboutText.includes('[Image]') &&
				aboutText
					.replace(/\s+/g, ' ')
					.includes('Hello {{1}}. We invite you to check out our promotions.'),
			'the template text is shown in the read-only field, below its image',
			`shows "${aboutText}"`,
		);
		// As the customer reads it: plain text, not a JSON list with quotes and line numbers.
		check(
			!aboutText.includes('"') && !/^\s*\[\s*$/m.test(aboutText),
			'the template text is plain text, without JSON brackets or quotes',
			`shows "${aboutText}"`,
		);
		check(
			(await aboutField.locator('.cm-gutters, .cm-lineNumbers').count()) === 0,
			'the template text has no line numbers (no code editor)',
		);
		if (N8N_LINE === '2')
			check(
				(await aboutInput.evaluate((element) => element.tagName)) === 'TEXTAREA' &&
					aboutText.split('\n').length === 3 &&
					// every line shown whole: the box is as tall as its text
					(await aboutInput.evaluate((box) => box.scrollHeight <= box.clientHeight + 1)),
				'n8n 2.x shows the template text line by line in a text box',
				`shows "${aboutText}"`,
			);
		check(
			(await mapping.getByTestId('remove-field-button-aboutTemplate').count()) === 0,
			'the template text has no trash icon (it cannot be removed)',
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
		console.log(`Screenshot: ${VARIABLES_SCREENSHOT} (at ${elapsed()})`);

		// A template from an expression (a different one per item): the fields filled by hand come back.
		// The Fixed/Expression switch shows while the pointer is over the field (n8n 1.x and 2.x alike).
		await picker.hover();
		await ndv.getByText('Expression', { exact: true }).filter({ visible: true }).first().click();
		const expression = picker.locator('.cm-content').first();
		await expression.click();
		await page.keyboard.press('ControlOrMeta+a');
		await page.keyboard.type('{{ $json.template ');
		await page.keyboard.press('Escape');
		await ndv.getByText('Recipients', { exact: true }).first().click();
		for (const [label, testId] of MANUAL_FIELDS) {
			const field = ndv.getByTestId(testId);
			await field.waitFor().catch(() => undefined);
			check(
				(await field.count()) === 1 && (await field.isVisible()),
				`field ${label} is shown for a template from an expression`,
			);
		}
		check(
			(await ndv.getByText('Template Variables', { exact: true }).count()) === 0 &&
				(await ndv.getByTestId('empty-fields-notice').count()) === 0,
			'Template Variables are hidden for a template from an expression',
		);
		await ndv.screenshot({ path: EXPRESSION_SCREENSHOT });
		console.log(`Screenshot: ${EXPRESSION_SCREENSHOT} (at ${elapsed()})`);
	} catch (error) {
		await reportFailure(error, browser?.pages()[0], sandbox, 'jelou-browser-failure.png');
	}
	try {
		if (browser) await checkOnOwnWorkflows(browser, sandbox, fake);
	} finally {
		await browser?.close();
		await sandbox.stop();
		await fake.close();
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
