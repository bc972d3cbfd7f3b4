// Many bots, one credential: the Bot field per node and per item. Items of two bots in one execution go to each
// bot's path, each bot's template list is read once, a 429 of one bot does not hold up the other, outputs and dry
// runs say their bot, a malformed Bot ID is refused before anything is sent, and a bot Jelou refuses is named.
import { NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsApp } from '../../../nodes/JelouWhatsApp/JelouWhatsApp.node';
import { SEED_TEMPLATES } from '../../fake-jelou/server';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { credentialsFor, runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { runListSearch, runResourceMapping } from '../../helpers/n8n-harness';

/** The credential's bot is Ecuador's; Colombia's bot belongs to the same company, with fewer templates. */
const fake = useFakeJelou({
	botId: 'bot-ec',
	bots: [
		{
			botId: 'bot-co',
			templates: SEED_TEMPLATES.filter((template) =>
				['order_confirmation', 'appointment_reminder'].includes(template.elementName),
			),
		},
	],
	foreignBots: ['bot-other-company'],
});

const rows = [
	{ phone: '593991234567', country: 'EC', name: 'María' },
	{ phone: '573001234567', country: 'CO', name: 'Andrés' },
	{ phone: '593991234568', country: 'EC', name: 'Luis' },
	{ phone: '573001234568', country: 'CO', name: 'Camila' },
];
const byCountry = "={{ $json.country === 'CO' ? 'bot-co' : 'bot-ec' }}";

const sendTemplate = (fields: Record<string, unknown> = {}): INodeParameters => ({
	...sendTemplateParameters({
		template: 'order_confirmation',
		recipients: '={{ $json.phone }}',
		parameters: ['={{ $json.name }}', '71936'],
	}),
	bot: 'id',
	botId: byCountry,
	...fields,
});

/** Campaign → Send from incoming items, each row's bot by its country. */
const campaignFromRows = (): INodeParameters => ({
	resource: 'campaign',
	operation: 'send',
	recipientsSource: 'items',
	campaignName: 'December orders',
	template: { __rl: true, mode: 'name', value: '=order_confirmation' },
	phoneNumber: '={{ $json.phone }}',
	parameterValues: { values: [{ value: '={{ $json.name }}' }, { value: '71936' }] },
	bot: 'id',
	botId: byCountry,
});

const templateListReads = (botId: string) =>
	fake.requests.filter((request) => request.path === `/v1/bots/${botId}/templates`);

describe('Bot: one credential, several bots, per item', () => {
	it('sends each item from its row’s bot, reads each bot’s template list once, and says the bot on each item', async () => {
		const { items, error } = await runJelou(fake, sendTemplate(), {
			items: rows.map((json) => ({ json })),
		});
		expect(error).toBeUndefined();
		expect(fake.bot('bot-ec').sentMessages.map((message) => message.destination)).toEqual([
			'593991234567',
			'593991234568',
		]);
		expect(fake.bot('bot-co').sentMessages.map((message) => message.destination)).toEqual([
			'573001234567',
			'573001234568',
		]);
		expect(templateListReads('bot-ec')).toHaveLength(1);
		expect(templateListReads('bot-co')).toHaveLength(1);
		expect(items.map((item) => [item.json.destination, item.json.botId, item.pairedItem])).toEqual([
			['593991234567', 'bot-ec', { item: 0 }],
			['573001234567', 'bot-co', { item: 1 }],
			['593991234568', 'bot-ec', { item: 2 }],
			['573001234568', 'bot-co', { item: 3 }],
		]);
	});

	it('From Credential (the default) sends from the credential’s bot, as before', async () => {
		const { items } = await runJelou(fake, sendTemplate({ bot: undefined, botId: undefined }), {
			items: rows.slice(0, 2).map((json) => ({ json })),
		});
		expect(fake.bot('bot-ec').sentMessages).toHaveLength(2);
		expect(fake.bot('bot-co').sentMessages).toHaveLength(0);
		expect(items.map((item) => item.json.botId)).toEqual(['bot-ec', 'bot-ec']);
	});

	it('a 429 of one bot does not hold up the other: the other bot’s items all go while the first waits', async () => {
		fake.bot('bot-co').setRateLimit(1);
		const many = Array.from({ length: 6 }, (_, i) => ({
			json: { ...rows[i % 2], phone: `${rows[i % 2].phone.slice(0, -1)}${i}` },
		}));
		const { error } = await runJelou(fake, sendTemplate({ requestOptions: { concurrency: 3 } }), {
			items: many,
		});
		expect(error).toBeUndefined();
		const sends = fake.requests.filter((request) => request.path.endsWith('/hsm'));
		const firstRefusal = sends.findIndex((request) => request.status === 429);
		expect(firstRefusal).toBeGreaterThanOrEqual(0);
		expect(sends[firstRefusal].botId).toBe('bot-co');
		// every Ecuador send was answered 200, none refused or waiting behind Colombia's pause
		const ec = sends.filter((request) => request.botId === 'bot-ec');
		expect(ec.map((request) => request.status)).toEqual([200, 200, 200]);
		const lastEc = sends.lastIndexOf(ec[ec.length - 1]);
		const lastCo = sends.lastIndexOf(sends.filter((request) => request.botId === 'bot-co').at(-1)!);
		expect(lastEc).toBeLessThan(lastCo);
		expect(fake.bot('bot-co').sentMessages).toHaveLength(3);
		expect(fake.bot('bot-ec').sentMessages).toHaveLength(3);
	});

	it('a Bot ID that is empty or has a space is refused before anything is sent, naming the item and the field', async () => {
		const { error } = await runJelou(
			fake,
			sendTemplate({ botId: "={{ $json.country === 'CO' ? 'bot-co ' : '' }}" }),
			{ items: rows.slice(0, 2).map((json) => ({ json })) },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('2 items have bad input, so nothing was sent');
		const { description } = error as NodeOperationError;
		expect(description).toContain('Bot ID: is empty (item 1, phone 593991234567)');
		expect(description).toContain(
			'Bot ID: "bot-co " has spaces or invisible characters (item 2, phone 573001234567)',
		);
		expect(fake.requests).toHaveLength(0);
	});

	it('a bot of another company: Jelou’s 403 on its items, naming the bot and the fix; the company’s bots go on', async () => {
		const { items, error } = await runJelou(
			fake,
			sendTemplate({
				botId: "={{ $json.country === 'CO' ? 'bot-other-company' : 'bot-ec' }}",
				// one at a time, so the foreign bot's second item is not already on its way when the 403 comes
				requestOptions: { concurrency: 1 },
			}),
			{ items: rows.map((json) => ({ json })), continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(
			expect.objectContaining({ botId: 'bot-ec', destination: rows[0].phone }),
		);
		expect(items[1].json).toEqual(
			expect.objectContaining({
				botId: 'bot-other-company',
				error: expect.stringContaining(
					'Bot not allowed for this company: check Bot ID (bot-other-company)',
				),
				item: 2,
			}),
		);
		expect(String(items[1].json.description)).toContain(
			'A bot of another company needs that company',
		);
		expect(items[3].json).toEqual(
			expect.objectContaining({
				botId: 'bot-other-company',
				error: expect.stringMatching(/^Not sent: Jelou refused bot bot-other-company on item 2/),
			}),
		);
		expect(fake.bot('bot-ec').sentMessages).toHaveLength(2);
		// the foreign bot's template list was asked once; its second item was not sent into the same refusal
		expect(fake.requests.filter((request) => request.botId === 'bot-other-company')).toHaveLength(
			1,
		);
	});

	it('Dry Run shows the bot each item would use, and sends nothing', async () => {
		const { items } = await runJelou(fake, sendTemplate({ dryRun: true }), {
			items: rows.slice(0, 2).map((json) => ({ json })),
		});
		expect(items.map((item) => [item.json.botId, item.json.path])).toEqual([
			['bot-ec', '/v2/whatsapp/bot-ec/hsm'],
			['bot-co', '/v2/whatsapp/bot-co/hsm'],
		]);
		expect(fake.requests.every((request) => request.method === 'GET')).toBe(true);
	});

	it('Campaign → Send from rows of two bots makes one campaign per bot, each paired with its rows', async () => {
		const { items, error } = await runJelou(fake, campaignFromRows(), {
			items: rows.map((json) => ({ json })),
		});
		expect(error).toBeUndefined();
		const uploads = fake.requests.filter((request) => request.path === '/v1/hsm/file');
		expect(uploads.map((upload) => [upload.botId, upload.form?.botId])).toEqual([
			['bot-ec', 'bot-ec'],
			['bot-co', 'bot-co'],
		]);
		expect(uploads[1].file?.content.toString('utf8')).toBe(
			'phone_number,param_1,param_2\n573001234567,Andrés,71936\n573001234568,Camila,71936\n',
		);
		expect(items.map((item) => [item.json.botId, item.pairedItem])).toEqual([
			['bot-ec', [{ item: 0 }, { item: 2 }]],
			['bot-co', [{ item: 1 }, { item: 3 }]],
		]);
	});

	it('Campaign → Send from rows of two bots: a bad row of the second bot sends neither campaign', async () => {
		const badRows = rows.map((json, index) => (index === 3 ? { ...json, phone: 'call me' } : json));
		const { error } = await runJelou(fake, campaignFromRows(), {
			items: badRows.map((json) => ({ json })),
		});
		expect(error?.message).toMatch(/Incoming Items: 1 item has no valid recipient/);
		expect((error as NodeOperationError | undefined)?.description).toMatch(/Item 4: /);
		expect(fake.requests.filter((request) => request.path === '/v1/hsm/file')).toEqual([]);
	});

	it('error items of campaign operations say their bot, as their outputs do', async () => {
		const badRows = rows.map((json, index) => (index === 3 ? { ...json, phone: 'call me' } : json));
		const sent = await runJelou(fake, campaignFromRows(), {
			items: badRows.map((json) => ({ json })),
			continueOnFail: true,
		});
		expect(sent.items.map((item) => [item.json.botId, 'error' in item.json])).toEqual([
			['bot-ec', false],
			['bot-co', true],
		]);
		const asked = await runJelou(
			fake,
			{
				resource: 'campaign',
				operation: 'get',
				findBy: 'id',
				campaignId: 'cmp-not-there',
				bot: 'id',
				botId: 'bot-other-company',
			},
			{ continueOnFail: true },
		);
		expect(asked.items).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ botId: 'bot-other-company', error: expect.any(String) }),
			}),
		]);
	});

	it('the template picker reads the bot the node shows; a Bot ID given by an expression reads the credential’s', async () => {
		const search = (parameters: INodeParameters) =>
			runListSearch({
				nodeType: new JelouWhatsApp(),
				credentialType: new JelouApi(),
				credentials: credentialsFor(fake),
				method: 'searchTemplates',
				parameters,
			});
		const co = await search({ bot: 'id', botId: 'bot-co' });
		expect(co.results.map((result) => result.value)).toEqual([
			'appointment_reminder',
			'order_confirmation',
		]);
		expect(templateListReads('bot-co')).toHaveLength(1);
		const expression = await search({ bot: 'id', botId: byCountry });
		expect(expression.results.length).toBeGreaterThan(2);
		expect(templateListReads('bot-ec')).toHaveLength(1);
	});

	it('Template Variables read the bot the node shows: a template only the credential’s bot has is not this bot’s', async () => {
		const variables = (parameters: INodeParameters) =>
			runResourceMapping({
				nodeType: new JelouWhatsApp(),
				credentialType: new JelouApi(),
				credentials: credentialsFor(fake),
				method: 'getTemplateVariables',
				parameters: {
					resource: 'message',
					operation: 'sendTemplate',
					template: { __rl: true, mode: 'list', value: 'promo_image' },
					...parameters,
				},
			});
		const co = await variables({ bot: 'id', botId: 'bot-co' });
		expect(co.fields).toEqual([]);
		expect(co.emptyFieldsNotice).toBe(
			'"promo_image" is not an approved template of this bot: pick one from the list.',
		);
		const ec = await variables({});
		expect(ec.fields.map((field) => field.id)).toContain('aboutTemplate');
	});
});
