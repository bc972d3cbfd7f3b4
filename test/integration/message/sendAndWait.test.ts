import { NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { JelouWhatsApp } from '../../../nodes/JelouWhatsApp/JelouWhatsApp.node';
import type { FakeTemplate } from '../../fake-jelou/server';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { runJelou } from '../../helpers/jelou';
import type { RunNodeResult } from '../../helpers/n8n-harness';
import { startWaitingHarness } from '../../helpers/waiting-harness';
import type { WaitingHarness } from '../../helpers/waiting-harness';

const PHONE = '593991234567';
const HTTPS_BASE = 'https://n8n.example.test/webhook-waiting';
const PHONE_BROWSER =
	'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

const fake = useFakeJelou();
const harnesses: WaitingHarness[] = [];
afterEach(async () => {
	await Promise.all(harnesses.splice(0).map(async (harness) => await harness.close()));
});

const sendAndWait = (fields: INodeParameters): INodeParameters => ({
	resource: 'message',
	operation: 'sendAndWait',
	userId: '+593 99 123 4567',
	message: 'Approve the refund of $120 for order A-1001?',
	...fields,
});

/** What n8n's signed link looks like for this run: its waiting address, execution, node, answer and signature. */
const linkPattern = (
	run: RunNodeResult,
	approved: boolean,
	base = 'http://localhost:5678/webhook-waiting',
) =>
	new RegExp(
		`^${base.replace(/[./]/g, '\\$&')}/${run.executionId}/${run.node.id}\\?approved=${approved}&signature=[0-9a-f]{64}$`,
	);

async function waitingSide(run: RunNodeResult): Promise<WaitingHarness> {
	const harness = await startWaitingHarness({
		nodeType: new JelouWhatsApp(),
		node: run.node,
		executionId: run.executionId,
	});
	harnesses.push(harness);
	return harness;
}

/** The links of the last message the fake recorded for the number, as a test "taps" them. */
async function linksOfLastMessage(): Promise<Array<{ text: string; url: string }>> {
	const response = await fetch(
		`${fake.url}/fake/v1/bots/${fake.botId}/users/${PHONE}/last-message/links`,
		{ headers: { authorization: fake.authorization } },
	);
	return ((await response.json()) as { links: Array<{ text: string; url: string }> }).links;
}

async function tap(
	harness: WaitingHarness,
	link: string,
	init: { method?: string; userAgent?: string; body?: FormData } = {},
) {
	const response = await fetch(harness.local(link), {
		method: init.method ?? 'GET',
		headers: { 'user-agent': init.userAgent ?? PHONE_BROWSER },
		body: init.body,
	});
	return { status: response.status, html: await response.text() };
}

const ISO_NOW = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

describe('Send and Wait for Response: Approval as Text with Links', () => {
	it('sends the question with a signed link per choice, waits without limit, and a tap on Decline answers {data: {approved: false, respondedAt}}', async () => {
		const run = await runJelou(
			fake,
			sendAndWait({ approvalOptions: { values: { approvalType: 'double' } } }),
			{ items: [{ json: { order: 'A-1001' } }] },
		);
		expect(run.error).toBeUndefined();
		expect(run.waitTill).toEqual(WAIT_INDEFINITELY);
		expect(run.items.map((item) => item.json)).toEqual([{ order: 'A-1001' }]);

		const [sent] = fake.requests.filter((request) => request.method === 'POST');
		expect(sent.path).toBe('/v1/whatsapp/messages');
		const body = sent.body as Record<string, string>;
		expect(Object.keys(body).sort()).toEqual(['botId', 'text', 'type', 'userId']);
		expect([body.botId, body.userId, body.type]).toEqual([fake.botId, PHONE, 'text']);
		const [question, approveLine, declineLine] = body.text.split('\n\n');
		expect(question).toBe('Approve the refund of $120 for order A-1001?');
		const [approveLabel, approveLink] = approveLine.split('\n');
		const [declineLabel, declineLink] = declineLine.split('\n');
		expect([approveLabel, declineLabel]).toEqual(['*✓ Approve:*', '*✗ Decline:*']);
		expect(approveLink).toMatch(linkPattern(run, true));
		expect(declineLink).toMatch(linkPattern(run, false));

		const links = await linksOfLastMessage();
		expect(links).toEqual([
			{ text: '✓ Approve', url: approveLink },
			{ text: '✗ Decline', url: declineLink },
		]);
		const harness = await waitingSide(run);
		const page = await tap(harness, links[1].url);
		expect(page.status).toBe(200);
		expect(page.html).toContain('<h1>Declined</h1>');
		expect(harness.resumed).toEqual([
			[{ json: { data: { approved: false, respondedAt: ISO_NOW } } }],
		]);
	});

	it('a tap on Approve answers {data: {approved: true, respondedAt}}', async () => {
		const run = await runJelou(fake, sendAndWait({}));
		const harness = await waitingSide(run);
		const [approve] = await linksOfLastMessage();
		expect(approve.text).toBe('✓ Approve');
		expect((await tap(harness, approve.url)).html).toContain('<h1>Approved</h1>');
		expect(harness.resumed).toEqual([
			[{ json: { data: { approved: true, respondedAt: ISO_NOW } } }],
		]);
	});

	it.each([
		['WhatsApp’s own preview fetcher', 'WhatsApp/2.24.6.77 A'],
		[
			'facebookexternalhit',
			'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
		],
		[
			'a search crawler',
			'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
		],
		['Slack’s unfurler', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
		['no user agent', ''],
	])('a link opened by %s gets an empty 200 and answers nothing', async (_, userAgent) => {
		const run = await runJelou(fake, sendAndWait({}));
		const harness = await waitingSide(run);
		const [approve] = await linksOfLastMessage();
		const response = await fetch(harness.local(approve.url), {
			headers: { 'user-agent': userAgent },
		});
		expect([response.status, await response.text()]).toEqual([200, '']);
		expect(harness.resumed).toEqual([]);
	});

	it('a link whose signature was changed is refused (401) and answers nothing', async () => {
		const run = await runJelou(fake, sendAndWait({}));
		const harness = await waitingSide(run);
		const [approve] = await linksOfLastMessage();
		const tampered = approve.url.replace('approved=true', 'approved=false');
		expect((await tap(harness, tampered)).status).toBe(401);
		const forged = approve.url.replace(/signature=[0-9a-f]{64}/, `signature=${'0'.repeat(64)}`);
		expect((await tap(harness, forged)).status).toBe(401);
		expect(harness.resumed).toEqual([]);
	});
});

describe('Send and Wait for Response: URL Button', () => {
	it('sends a cta_url message whose button opens the signed link (n8n behind https)', async () => {
		const run = await runJelou(
			fake,
			sendAndWait({ sendAs: 'urlButton', options: { header: 'Refund', footer: 'Jelou Store' } }),
			{ urls: { webhookWaitingBaseUrl: HTTPS_BASE } },
		);
		expect(run.error).toBeUndefined();
		const [sent] = fake.requests.filter((request) => request.method === 'POST');
		expect(sent.path).toBe(`/v1/bots/${fake.botId}/messages`);
		const body = sent.body as { parameters: { url: string; display_text: string } };
		expect(body).toEqual({
			type: 'cta_url',
			userId: PHONE,
			title: 'Refund',
			text: 'Approve the refund of $120 for order A-1001?',
			caption: 'Jelou Store',
			parameters: { url: body.parameters.url, display_text: '✓ Approve' },
		});
		expect(body.parameters.url).toMatch(linkPattern(run, true, HTTPS_BASE));
		const harness = await waitingSide(run);
		await tap(harness, (await linksOfLastMessage())[0].url);
		expect(harness.resumed).toEqual([
			[{ json: { data: { approved: true, respondedAt: ISO_NOW } } }],
		]);
	});

	it.each<[string, INodeParameters, string | undefined, RegExp]>([
		[
			'n8n’s address is http',
			{ sendAs: 'urlButton' },
			undefined,
			/URL Button opens https links only, and this n8n's response address is http:\/\/localhost:5678\/webhook-waiting/,
		],
		[
			'Approve and Decline needs two buttons',
			{ sendAs: 'urlButton', approvalOptions: { values: { approvalType: 'double' } } },
			HTTPS_BASE,
			/^Send As: URL Button shows one button, but Approve and Decline needs two \(item 1, phone 593991234567\)$/,
		],
		[
			'the button label is longer than 20 characters',
			{
				sendAs: 'urlButton',
				approvalOptions: { values: { approveLabel: 'Yes, refund the whole order' } },
			},
			HTTPS_BASE,
			/^Approval Options: Approve Button Label: "Yes, refund the whole order" has 27 characters, more than 20/,
		],
	])('is refused before sending when %s', async (_, fields, base, message) => {
		const run = await runJelou(fake, sendAndWait(fields), {
			urls: base ? { webhookWaitingBaseUrl: base } : undefined,
		});
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error?.message).toMatch(message);
		expect(run.waitTill).toBeUndefined();
		expect(fake.requests).toEqual([]);
	});
});

describe('Send and Wait for Response: Free Text and Custom Form', () => {
	it('Free Text: the link opens a page with a text box, everything escaped; an empty answer is asked again; the answer is {data: {text, respondedAt}}', async () => {
		const run = await runJelou(
			fake,
			sendAndWait({
				responseType: 'freeText',
				message: 'Why was order <b>A-1001</b> returned? "Tell us"',
				options: { messageButtonLabel: 'Answer', responseFormTitle: 'Return & refund' },
			}),
		);
		expect(run.error).toBeUndefined();
		const [link] = await linksOfLastMessage();
		expect(link.text).toBe('Answer');
		expect(link.url).toMatch(linkPattern(run, true));
		const harness = await waitingSide(run);

		const page = await tap(harness, link.url);
		expect(page.status).toBe(200);
		expect(page.html).toContain('<title>Return &amp; refund</title>');
		expect(page.html).toContain(
			'<p>Why was order &lt;b&gt;A-1001&lt;/b&gt; returned? &quot;Tell us&quot;</p>',
		);
		expect(page.html).toContain('<textarea id="field-0" name="field-0" required></textarea>');
		expect(page.html).not.toMatch(/<(script|link|img)\b|https?:\/\//);

		const empty = new FormData();
		empty.append('field-0', '   ');
		const again = await tap(harness, link.url, { method: 'POST', body: empty });
		expect(again.status).toBe(400);
		expect(again.html).toContain('Please fill this in.');
		expect(harness.resumed).toEqual([]);

		const answer = new FormData();
		answer.append('field-0', 'The box arrived <damaged>');
		const sent = await tap(harness, link.url, { method: 'POST', body: answer });
		expect(sent.html).toContain('<h1>Response sent</h1>');
		expect(harness.resumed).toEqual([
			[{ json: { data: { text: 'The box arrived <damaged>', respondedAt: ISO_NOW } } }],
		]);
	});

	it('Custom Form (fields defined as JSON): the answer is each field by its label, typed as n8n’s forms type it', async () => {
		const fields = [
			{
				fieldLabel: 'Reason',
				fieldType: 'dropdown',
				requiredField: true,
				fieldOptions: { values: [{ option: 'Damaged' }, { option: 'Late' }] },
			},
			{ fieldLabel: 'Amount', fieldType: 'number' },
			{
				fieldLabel: 'Contact',
				fieldType: 'checkbox',
				fieldOptions: { values: [{ option: 'Email' }, { option: 'Call' }] },
			},
			{ fieldLabel: 'Note', fieldType: 'text' },
		];
		const run = await runJelou(
			fake,
			sendAndWait({
				responseType: 'customForm',
				defineForm: 'json',
				jsonOutput: JSON.stringify(fields),
			}),
		);
		expect(run.error).toBeUndefined();
		const harness = await waitingSide(run);
		const [link] = await linksOfLastMessage();
		expect(link.text).toBe('Respond');
		const page = await tap(harness, link.url);
		expect(page.html).toContain('<option value="Damaged">Damaged</option>');
		expect(page.html).toContain('<input type="checkbox" name="field-2" value="Call">');

		const form = new FormData();
		form.append('field-0', 'Damaged');
		form.append('field-1', '120.5');
		form.append('field-2', 'Email');
		form.append('field-2', 'Call');
		form.append('field-3', '  ');
		await tap(harness, link.url, { method: 'POST', body: form });
		expect(harness.resumed).toEqual([
			[
				{
					json: {
						data: {
							Reason: 'Damaged',
							Amount: 120.5,
							Contact: ['Email', 'Call'],
							Note: null,
							respondedAt: ISO_NOW,
						},
					},
				},
			],
		]);
	});

	it('Custom Form: a form that cannot be built is refused before anything is sent', async () => {
		const run = await runJelou(
			fake,
			sendAndWait({
				responseType: 'customForm',
				defineForm: 'json',
				jsonOutput: '[{"fieldLabel": "Photo", "fieldType": "file"}]',
			}),
		);
		expect(run.error?.message).toBe(
			'Form Fields (JSON): field 1 ("Photo"): "file" is not a field type a response page offers (item 1, phone 593991234567)',
		);
		expect(fake.requests).toEqual([]);
	});
});

/** An approved template whose URL buttons link to `link`, as Template → Create makes it. */
function waitingTemplate(elementName: string, links: string[]): FakeTemplate {
	return {
		elementName,
		displayName: 'Refund approval',
		template: 'Hi {{1}}, approve the refund of {{2}}?',
		params: [
			{ param: '1', label: 'name' },
			{ param: '2', label: 'amount' },
		],
		paramsNumber: 2,
		language: 'en',
		status: 'APPROVED',
		category: 'UTILITY',
		type: 'HSM',
		interactiveAction: 'CALL_TO_ACTION',
		buttons: links.map((url, index) => ({
			text: index === 0 ? 'Approve' : 'Decline',
			type: 'URL' as const,
			url,
			example: url.replace('{{1}}', 'example'),
		})),
	};
}

describe('Send and Wait for Response: Template (outside the 24-hour window)', () => {
	const templateFields = (elementName: string, extra: INodeParameters = {}) =>
		sendAndWait({
			sendAs: 'template',
			template: { __rl: true, mode: 'list', value: elementName },
			templateParameters: { values: [{ value: 'Maria' }, { value: '$120' }] },
			approvalOptions: { values: { approvalType: 'double' } },
			...extra,
		});

	it('fills each URL button’s {{1}} with the rest of its signed link; a tap on the template’s Decline button answers', async () => {
		fake.templates.push(
			waitingTemplate('refund_approval', [`${HTTPS_BASE}/{{1}}`, `${HTTPS_BASE}/{{1}}`]),
		);
		const run = await runJelou(fake, templateFields('refund_approval'), {
			urls: { webhookWaitingBaseUrl: HTTPS_BASE },
		});
		expect(run.error).toBeUndefined();
		const [sent] = fake.requests.filter((request) => request.method === 'POST');
		expect(sent.path).toBe(`/v2/whatsapp/${fake.botId}/hsm`);
		const body = sent.body as { buttonParameters: Array<{ payload: { param: string } }> };
		const suffix = (approved: boolean) =>
			new RegExp(
				`^${run.executionId}/${run.node.id}\\?approved=${approved}&signature=[0-9a-f]{64}$`,
			);
		expect(body).toEqual({
			elementName: 'refund_approval',
			destinations: [PHONE],
			parameters: ['Maria', '$120'],
			buttonParameters: [
				{ type: 'URL', payload: { param: expect.stringMatching(suffix(true)) } },
				{ type: 'URL', payload: { param: expect.stringMatching(suffix(false)) } },
			],
		});
		const links = await linksOfLastMessage();
		expect(links.map((link) => link.text)).toEqual(['Approve', 'Decline']);
		expect(links[1].url).toBe(`${HTTPS_BASE}/${body.buttonParameters[1].payload.param}`);
		const harness = await waitingSide(run);
		await tap(harness, links[1].url);
		expect(harness.resumed).toEqual([
			[{ json: { data: { approved: false, respondedAt: ISO_NOW } } }],
		]);
	});

	it.each<[string, string[], INodeParameters, string]>([
		[
			'its URL button links elsewhere',
			['https://shop.example.com/{{1}}', 'https://shop.example.com/{{1}}'],
			{},
			`Template: URL button 1 ("Approve") of the template "refund_elsewhere" links to https://shop.example.com/{{1}} (item 1, phone 593991234567)`,
		],
		[
			'it has one URL button and the response needs two',
			[`${HTTPS_BASE}/{{1}}`],
			{},
			'Template: the template "refund_elsewhere" has 1 URL button, this response needs 2 (item 1, phone 593991234567)',
		],
	])(
		'is refused before sending when %s, naming the link it must have',
		async (_, links, extra, message) => {
			fake.templates.push(waitingTemplate('refund_elsewhere', links));
			const run = await runJelou(fake, templateFields('refund_elsewhere', extra), {
				urls: { webhookWaitingBaseUrl: HTTPS_BASE },
			});
			expect(run.error?.message).toBe(message);
			expect((run.error as NodeOperationError).description).toContain(`${HTTPS_BASE}/{{1}}`);
			expect(fake.requests.filter((request) => request.method === 'POST')).toEqual([]);
		},
	);
});

describe('Send and Wait for Response: Dry Run, limits and failures', () => {
	it('Dry Run checks everything, shows the message with placeholders for the links, sends nothing and does not wait', async () => {
		const run = await runJelou(
			fake,
			sendAndWait({ approvalOptions: { values: { approvalType: 'double' } }, dryRun: true }),
		);
		expect(run.error).toBeUndefined();
		expect(run.waitTill).toBeUndefined();
		expect(fake.requests).toEqual([]);
		expect(run.items.map((item) => item.json)).toEqual([
			{
				dryRun: true,
				method: 'POST',
				path: '/v1/whatsapp/messages',
				body: {
					botId: fake.botId,
					userId: PHONE,
					type: 'text',
					text: 'Approve the refund of $120 for order A-1001?\n\n*✓ Approve:*\n[link to ✓ Approve, made when the message is sent]\n\n*✗ Decline:*\n[link to ✗ Decline, made when the message is sent]',
				},
				botId: fake.botId,
				choices: [
					{ label: '✓ Approve', approved: true },
					{ label: '✗ Decline', approved: false },
				],
				note: 'Dry Run: nothing was sent and the execution did not wait. The links are made when the message is sent.',
			},
		]);
	});

	it('Limit Wait Time: after 1.5 hours the execution stops waiting', async () => {
		const before = Date.now();
		const run = await runJelou(
			fake,
			sendAndWait({
				options: {
					limitWaitTime: {
						values: { limitType: 'afterTimeInterval', resumeAmount: 1.5, resumeUnit: 'hours' },
					},
				},
			}),
		);
		const waited = run.waitTill!.getTime() - before;
		expect(waited).toBeGreaterThanOrEqual(90 * 60_000);
		expect(waited).toBeLessThan(91 * 60_000);
	});

	it('Limit Wait Time already past: the question is sent and the wait ends at that date, so n8n goes on with the input, as its own send-and-wait nodes do', async () => {
		const input = { json: { order: 'A-1001' } };
		const run = await runJelou(
			fake,
			sendAndWait({
				options: {
					limitWaitTime: {
						values: { limitType: 'atSpecifiedTime', maxDateAndTime: '2020-01-01T00:00:00Z' },
					},
				},
			}),
			{ items: [input] },
		);
		expect(run.error).toBeUndefined();
		expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(fake.sentMessages.map((message) => message.destination)).toEqual([PHONE]);
		// n8n's own nodes put the execution to wait until the given date: one already past is due at once.
		expect(run.waitTill?.toISOString()).toBe('2020-01-01T00:00:00.000Z');
		expect(run.items.map((item) => [item.json, item.pairedItem])).toEqual([
			[input.json, { item: 0 }],
		]);
	});

	it('a bad phone number is refused naming the field, and nothing is sent', async () => {
		const run = await runJelou(fake, sendAndWait({ userId: 'call me' }));
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error?.message).toMatch(/^Phone Number: /);
		expect(fake.requests).toEqual([]);
	});

	it('with Continue On Fail, a send Jelou refuses becomes an error item and the execution does not wait', async () => {
		fake.injectFault('POST /v1/whatsapp/messages', { kind: 'status', status: 422 });
		const run = await runJelou(fake, sendAndWait({}), { continueOnFail: true });
		expect(run.waitTill).toBeUndefined();
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toEqual({
			error: `Request failed with status 422 (item 1, phone ${PHONE})`,
			description: expect.any(String),
			httpCode: '422',
			item: 1,
			phone: PHONE,
		});
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
	});
});
