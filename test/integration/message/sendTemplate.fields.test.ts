import type { INodeParameters } from 'n8n-workflow';

import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsApp } from '../../../nodes/JelouWhatsApp/JelouWhatsApp.node';
import { credentialsFor, runJelou } from '../../helpers/jelou';
import { runResourceMapping } from '../../helpers/n8n-harness';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const posts = () => fake.requests.filter((request) => request.method === 'POST');
const mapper = (value: Record<string, string>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: [],
});
/** Send Template (node version 2) with the template picked from the list and its fields mapped. */
const picked = (
	template: string,
	variables: Record<string, string>,
	rest: INodeParameters = {},
): INodeParameters => ({
	resource: 'message',
	operation: 'sendTemplate',
	template: { __rl: true, mode: 'list', value: template },
	recipients: '593991234567',
	templateVariables: mapper(variables),
	...rest,
});
const sendOne = async (parameters: INodeParameters) => {
	const { error } = await runJelou(fake, parameters);
	expect(error).toBeUndefined();
	expect(posts()).toHaveLength(1);
	expect(fake.sentMessages).toHaveLength(1);
	return posts()[0].body;
};

// Each body is the example of send-individual-hsm.txt for that kind of template, with the seed's template
// name and a phone number in place of ELEMENT_NAME and PHONE_NUMBER. Type, media and buttons come from the
// picked template and Template Variables, none from the fields filled by hand.
describe('Send Template version 2 with a picked template: the bodies of the docs’ examples', () => {
	it.each([
		['promo_image', 'image', 'https://cdn.example.com/image.jpeg'],
		['welcome_video', 'video', 'https://cdn.example.com/video.mp4'],
	])('%s: type %s and its Media URL', async (template, type, mediaUrl) => {
		// {"parameters": [...], "mediaUrl": "https://cdn.example.com/image.jpeg", "type": "image", "destinations": [...], "elementName": ...}
		expect(await sendOne(picked(template, { '1': 'Maria', mediaUrl }))).toEqual({
			parameters: ['Maria'],
			mediaUrl,
			type,
			destinations: ['593991234567'],
			elementName: template,
		});
	});

	it('document: type, Media URL and the filename', async () => {
		expect(
			await sendOne(
				picked('invoice_document', {
					'1': 'Maria',
					mediaUrl: 'https://cdn.example.com/document.pdf',
					filename: 'invoice.pdf',
				}),
			),
		).toEqual({
			parameters: ['Maria'],
			mediaUrl: 'https://cdn.example.com/document.pdf',
			filename: 'invoice.pdf',
			type: 'document',
			destinations: ['593991234567'],
			elementName: 'invoice_document',
		});
	});

	it('header variable and a link button (the docs’ "header" and "URL button" examples together)', async () => {
		expect(
			await sendOne(
				picked('order_shipped', {
					headerParameter: 'PARAMETER_VALUE',
					'1': 'Maria',
					button1: 'PARAM_URL',
				}),
			),
		).toEqual({
			elementName: 'order_shipped',
			destinations: ['593991234567'],
			parameters: ['Maria'],
			headerParameters: ['PARAMETER_VALUE'],
			buttonParameters: [{ type: 'URL', payload: { param: 'PARAM_URL' } }],
		});
	});

	it('catalog: type catalog and the thumbnail product', async () => {
		expect(await sendOne(picked('catalog_offer', { '1': 'summer', button1: 'productId' }))).toEqual(
			{
				elementName: 'catalog_offer',
				destinations: ['593991234567'],
				parameters: ['summer'],
				type: 'catalog',
				buttonParameters: [{ type: 'CATALOG', payload: { thumbnailProduct: 'productId' } }],
			},
		);
	});

	it('limited-time offer with a code to copy: image, ltoParams and COPY_CODE param 1', async () => {
		const body = await sendOne(
			picked(
				'spring_offer',
				{
					'1': 'Maria',
					'2': '20%',
					mediaUrl: 'https://cdn.example.com/image.jpeg',
					button1: '20OFF',
				},
				{
					sendTemplateOptions: { ltoExpirationTime: '2034-12-03T21:20:00Z' },
				},
			),
		);
		expect(body).toEqual({
			buttonOptions: {},
			elementName: 'spring_offer',
			destinations: ['593991234567'],
			parameters: ['Maria', '20%'],
			type: 'image',
			mediaUrl: 'https://cdn.example.com/image.jpeg',
			ltoParams: { expirationTime: Date.UTC(2034, 11, 3, 21, 20) },
			buttonParameters: [{ type: 'COPY_CODE', param: 1, payload: { param: '20OFF' } }],
		});
	});

	it('reply buttons as Button Payloads and what Jelou does next, from Options in plain words (overrides)', async () => {
		// "Button configuration" and "actions" of the docs: buttonPayloads, setSkill and setMemoryParams.
		expect(
			await sendOne(
				picked(
					'appointment_confirm',
					{ '1': 'Maria', '2': 'May 2' },
					{
						language: 'en',
						sendTemplateOptions: {
							replyButtonsAs: 'buttonPayloads',
							buttonPayloads: {
								payloads: [
									{ type: 'edge', action: 'Yes', skillId: '1' },
									{ type: 'edge', action: 'Reschedule', skillId: '2' },
									{ type: 'edge', action: 'Cancel', skillId: '3' },
								],
							},
							setSkillId: '2222',
							setMemoryParams: { params: [{ key: 'url', value: 'https://apps.jelou.ai' }] },
						},
					},
				),
			),
		).toEqual({
			elementName: 'appointment_confirm',
			language: 'en',
			parameters: ['Maria', 'May 2'],
			destinations: ['593991234567'],
			buttonPayloads: [
				{ type: 'edge', action: 'Yes', skillId: '1' },
				{ type: 'edge', action: 'Reschedule', skillId: '2' },
				{ type: 'edge', action: 'Cancel', skillId: '3' },
			],
			actions: { setSkill: { id: 2222 }, setMemoryParams: { url: 'https://apps.jelou.ai' } },
		});
	});

	it('reply buttons with their bot flows, no other option: the docs’ QUICK_REPLY example', async () => {
		// {"elementName", "language": "en", "type": "text", "parameters": ["param1", "param2"], "destinations",
		//  "buttonParameters": [{"type": "QUICK_REPLY", "payload": {"type": "edge", "action": "BTN1", "skillId": "1"}}, …]}
		// "type": "text" is Jelou's default, which the node leaves out as for every text template.
		expect(
			await sendOne(
				picked(
					'appointment_confirm',
					{ '1': 'param1', '2': 'param2' },
					{
						language: 'en',
						sendTemplateOptions: {
							buttonPayloads: {
								payloads: [
									{ type: 'edge', action: 'BTN1', skillId: '1' },
									{ type: 'edge', action: 'BTN2', skillId: '2' },
									{ type: 'edge', action: 'BTN3', skillId: '3' },
								],
							},
						},
					},
				),
			),
		).toEqual({
			elementName: 'appointment_confirm',
			language: 'en',
			parameters: ['param1', 'param2'],
			destinations: ['593991234567'],
			buttonParameters: [
				{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN1', skillId: '1' } },
				{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN2', skillId: '2' } },
				{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN3', skillId: '3' } },
			],
		});
	});

	it('an interactive template sent as approved, no option: the docs’ hsm example', async () => {
		// {"buttonOptions": {}, "elementName", "destinations", "parameters": ["PARAMETER_1"], "type": "hsm"}
		expect(await sendOne(picked('appointment_confirm', { '1': 'Maria', '2': 'May 2' }))).toEqual({
			buttonOptions: {},
			elementName: 'appointment_confirm',
			destinations: ['593991234567'],
			parameters: ['Maria', 'May 2'],
			type: 'hsm',
		});
	});

	it('workflows saved with the options keep their bodies: Send as Interactive off, or on with Additional Body Fields', async () => {
		const saved = (sendTemplateOptions: INodeParameters) =>
			picked('appointment_confirm', { '1': 'Maria', '2': 'May 2' }, { sendTemplateOptions });
		expect(await sendOne(saved({ sendAsHsm: false }))).toEqual({
			elementName: 'appointment_confirm',
			destinations: ['593991234567'],
			parameters: ['Maria', 'May 2'],
		});
		fake.reset();
		expect(
			await sendOne(saved({ sendAsHsm: true, additionalBodyFields: '{"buttonOptions": {}}' })),
		).toEqual({
			buttonOptions: {},
			elementName: 'appointment_confirm',
			destinations: ['593991234567'],
			parameters: ['Maria', 'May 2'],
			type: 'hsm',
		});
	});

	it('refuses "hsm" for a template with a header image, naming the option, and sends nothing', async () => {
		const { error } = await runJelou(
			fake,
			picked(
				'promo_image',
				{ '1': 'Maria', mediaUrl: 'https://cdn.example.com/image.jpeg' },
				{ sendTemplateOptions: { sendAsHsm: true } },
			),
		);
		expect(error?.message).toBe(
			'Options: Send as Interactive (HSM Type): "promo_image" is sent with type image, which "hsm" would replace (item 1, phone 593991234567)',
		);
		expect((error as { description?: string }).description).toBe(
			'Turn the option off: image templates are sent with their own type.',
		);
		expect(posts()).toHaveLength(0);
	});

	it('carousel: type carousel and the cards as Jelou takes them, from the JSON field', async () => {
		const cards = [1, 2].map((card) => ({
			mediaUrl: `https://cdn.example.com/card${card}.jpeg`,
			params: [`Product ${card}`, `$${card}9`],
			buttonParameters: [{ type: 'URL', payload: { param: `p/${card}` } }],
		}));
		expect(
			await sendOne(picked('spring_picks', { '1': 'Maria', cards: JSON.stringify(cards) })),
		).toEqual({
			elementName: 'spring_picks',
			destinations: ['593991234567'],
			parameters: ['Maria'],
			type: 'carousel',
			cards,
		});
	});

	it('the text shown in the editor is not sent, and Type or Parameters left from before are ignored', async () => {
		expect(
			await sendOne(
				picked(
					'promo_image',
					{
						aboutTemplate: 'Hello {{1}}. We invite you to check out our promotions.',
						'1': '={{ "Maria" }}',
						mediaUrl: 'https://cdn.example.com/image.jpeg',
					},
					{ type: 'video', parameters: { values: [{ value: 'x' }, { value: 'y' }] } },
				),
			),
		).toEqual({
			parameters: ['Maria'],
			mediaUrl: 'https://cdn.example.com/image.jpeg',
			type: 'image',
			destinations: ['593991234567'],
			elementName: 'promo_image',
		});
	});
});

describe('Send Template version 2 with a picked template: refused before sending', () => {
	it('names the Template Variables field that is missing, for every bad item', async () => {
		const { error } = await runJelou(fake, picked('promo_image', { '1': '={{ $json.name }}' }), {
			items: [{ json: { name: 'Maria' } }, { json: { name: 'Luis' } }],
		});
		expect(error?.message).toBe('2 items have bad input, so nothing was sent');
		expect(String((error as { description?: string }).description).split('\n')).toEqual([
			'Template Variables: Header Image URL: is empty (item 1, phone 593991234567) → Enter a public https:// link straight to the file.',
			'Template Variables: Header Image URL: is empty (item 2, phone 593991234567) → Enter a public https:// link straight to the file.',
		]);
		expect(posts()).toHaveLength(0);
	});

	it('needs the approved list to know the template: Jelou’s error when it cannot give it, and nothing sent', async () => {
		fake.injectFault(`GET /v1/bots/${fake.botId}/templates`, { kind: 'status', status: 500 });
		const { error } = await runJelou(fake, picked('order_confirmation', { '1': 'M', '2': 'A' }));
		expect(error?.message).toBe(
			'Unexpected error occurred, check logs. (item 1, phone 593991234567)',
		);
		// Reading the list changes nothing: run it again later, no message status to check
		expect((error as { description?: string }).description).toContain(
			'It only reads, so nothing was sent or changed: run it again later.',
		);
		expect(posts()).toHaveLength(0);
	});

	it('a template no longer approved is named', async () => {
		const { error } = await runJelou(fake, picked('spring_sale_pending', { '1': 'Maria' }));
		expect(error?.message).toBe(
			'Template: "spring_sale_pending" is not approved or does not exist (item 1, phone 593991234567)',
		);
		expect(posts()).toHaveLength(0);
	});
});

describe('the fields filled by hand', () => {
	const manual: INodeParameters = {
		resource: 'message',
		operation: 'sendTemplate',
		recipients: '593991234567',
		type: 'image',
		mediaUrl: 'https://cdn.example.com/image.jpeg',
		parameters: { values: [{ value: 'Maria' }] },
		buttonPayloads: { payloads: [{ action: 'Yes', skillId: '1' }] },
	};
	const imageBody = {
		parameters: ['Maria'],
		mediaUrl: 'https://cdn.example.com/image.jpeg',
		type: 'image',
		destinations: ['593991234567'],
		elementName: 'promo_image',
	};

	it('version 1 workflows send as before: Type, Media URL, Parameters and Button Payloads as saved', async () => {
		const { error } = await runJelou(
			fake,
			{ ...manual, template: { __rl: true, mode: 'list', value: 'promo_image' } },
			{ nodeTypeVersion: 1 },
		);
		expect(error).toBeUndefined();
		expect(posts().map((request) => request.body)).toEqual([
			{ ...imageBody, buttonPayloads: [{ type: 'edge', action: 'Yes', skillId: '1' }] },
		]);
	});

	it('version 2 with a template from an expression uses them, a different template per item', async () => {
		const { error } = await runJelou(
			fake,
			{
				...manual,
				template: { __rl: true, mode: 'list', value: '={{ $json.template }}' },
				type: '={{ $json.type }}',
				buttonPayloads: {},
			},
			{
				items: [
					{ json: { template: 'promo_image', type: 'image' } },
					{ json: { template: 'welcome_video', type: 'video' } },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(posts().map((request) => request.body)).toEqual([
			imageBody,
			{ ...imageBody, type: 'video', elementName: 'welcome_video' },
		]);
	});
});

describe('Campaign → Send version 2 with a picked template', () => {
	it('takes the type from the template and the header media from Template Variables', async () => {
		const { items, error } = await runJelou(
			fake,
			{
				resource: 'campaign',
				operation: 'send',
				campaignName: 'December orders',
				template: { __rl: true, mode: 'list', value: 'welcome_video' },
				phoneNumber: '={{ $json.phone }}',
				templateVariables: mapper({
					'1': '={{ $json.name }}',
					mediaUrl: 'https://cdn.example.com/video.mp4',
				}),
				dryRun: true,
			},
			{ items: [{ json: { phone: '593991234567', name: 'Maria' } }] },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			body: {
				campaignName: 'December orders',
				botId: fake.botId,
				elementName: 'welcome_video',
				// A dry run shows the form fields as they are uploaded: lists as JSON text.
				params: '[{"param":1,"column":"param_1"}]',
				mediaUrl: 'https://cdn.example.com/video.mp4',
				type: 'video',
			},
			firstRows: [{ phone_number: '593991234567', param_1: 'Maria' }],
			preview: 'Hello Maria. Watch our new video.',
		});
	});
});

describe('Campaign → Send version 2 refuses what Jelou’s bulk send cannot carry', () => {
	it('a carousel template, naming the operation that sends it', async () => {
		const { error } = await runJelou(
			fake,
			{
				resource: 'campaign',
				operation: 'send',
				campaignName: 'Picks',
				template: { __rl: true, mode: 'list', value: 'spring_picks' },
				phoneNumber: '={{ $json.phone }}',
				templateVariables: mapper({ '1': '={{ $json.name }}' }),
			},
			{ items: [{ json: { phone: '593991234567', name: 'Maria' } }] },
		);
		expect(error?.message).toBe(
			'Template: "spring_picks" is a carousel template, which Jelou\'s campaigns do not send (item 1)',
		);
		expect(posts()).toHaveLength(0);
	});
});

describe('Template Variables in the editor (resource mapping)', () => {
	const fieldsOf = async (parameters: INodeParameters) =>
		(
			await runResourceMapping({
				nodeType: new JelouWhatsApp(),
				credentialType: new JelouApi(),
				credentials: credentialsFor(fake),
				method: 'getTemplateVariables',
				parameters,
			})
		).fields.map((field) => field.id);

	it('Send Template gets every value the template leaves open', async () => {
		expect(
			await fieldsOf({
				resource: 'message',
				operation: 'sendTemplate',
				template: { __rl: true, mode: 'list', value: 'spring_offer' },
			}),
		).toEqual(['aboutTemplate', '1', '2', 'mediaUrl', 'button1']);
	});

	it('Campaign → Send gets the variables with Incoming Items, and only the text and media with a CSV', async () => {
		const campaign = (recipientsSource: string) => ({
			resource: 'campaign',
			operation: 'send',
			recipientsSource,
			template: { __rl: true, mode: 'list', value: 'promo_image' },
		});
		expect(await fieldsOf(campaign('items'))).toEqual(['aboutTemplate', '1', 'mediaUrl']);
		expect(await fieldsOf(campaign('binary'))).toEqual(['aboutTemplate', 'mediaUrl']);
	});
});
