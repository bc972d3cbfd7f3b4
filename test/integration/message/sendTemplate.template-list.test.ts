import { credentialsFor, runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const listReads = () =>
	fake.requests.filter(
		(request) => request.method === 'GET' && request.path.endsWith('/templates'),
	);
const sends = () => fake.requests.filter((request) => request.method === 'POST');
const orderConfirmation = (recipient = '593991234567') =>
	sendTemplateParameters({
		template: 'order_confirmation',
		recipients: recipient,
		parameters: ['Maria', '71936'],
	});

describe('the approved template list, kept by the n8n process for a minute', () => {
	it('is read once for many executions of single sends with one credential', async () => {
		for (let execution = 0; execution < 20; execution++) {
			const { error } = await runJelou(fake, orderConfirmation(`59399123${4000 + execution}`));
			expect(error).toBeUndefined();
		}
		expect(sends()).toHaveLength(20);
		expect(listReads()).toHaveLength(1);
	});

	it('is read once when executions start together', async () => {
		const runs = await Promise.all(
			Array.from({ length: 10 }, (_, execution) =>
				runJelou(fake, orderConfirmation(`59399123${5000 + execution}`)),
			),
		);
		expect(runs.map((run) => run.error)).toEqual(runs.map(() => undefined));
		expect(listReads()).toHaveLength(1);
	});

	it('is kept per bot: another bot of the same client gets its own list', async () => {
		await runJelou(fake, orderConfirmation());
		const otherBot = await runJelou(fake, orderConfirmation(), {
			credentials: credentialsFor(fake, { botId: 'another-bot' }),
		});
		// the fake knows one bot only: the other bot's list read is its own request, answered "bot not found"
		expect(otherBot.error?.message).toMatch(/Bot not found/);
		expect(listReads()).toHaveLength(2);
	});

	it('is read again at once when the template is missing from it (approved since), and then sent', async () => {
		await runJelou(fake, orderConfirmation());
		fake.templates.find((template) => template.elementName === 'spring_sale_pending')!.status =
			'APPROVED';
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'spring_sale_pending',
				recipients: '593991234567',
				parameters: ['Maria'],
			}),
		);
		expect(error).toBeUndefined();
		expect(listReads()).toHaveLength(2);
		expect(sends().map((request) => (request.body as { elementName: string }).elementName)).toEqual(
			['order_confirmation', 'spring_sale_pending'],
		);
	});

	it('is read again once per execution, however many items name a missing template', async () => {
		await runJelou(fake, orderConfirmation());
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'no_such_template',
				recipients: '593991234567',
				parameters: ['Maria'],
			}),
			{ items: Array.from({ length: 5 }, () => ({ json: {} })) },
		);
		expect(error?.message).toBe('5 items have bad input, so nothing was sent');
		expect((error as { description?: string } | undefined)?.description).toContain(
			'"no_such_template" is not approved or does not exist',
		);
		expect(listReads()).toHaveLength(2);
		expect(sends()).toHaveLength(1);
	});

	it('is read again after Jelou refuses a send for its content, before the next execution checks against it', async () => {
		await runJelou(fake, orderConfirmation());
		fake.injectFault('POST /v2/whatsapp/:botId/hsm', {
			kind: 'status',
			status: 400,
			body: { message: ['Template does not exist'], status: 'failed' },
		});
		const refused = await runJelou(fake, orderConfirmation());
		expect(refused.error?.message).toContain('Template does not exist');
		expect(listReads()).toHaveLength(2);
	});

	it('is read again after Template → Create', async () => {
		await runJelou(fake, orderConfirmation());
		const created = await runJelou(fake, {
			resource: 'template',
			operation: 'create',
			category: 'UTILITY',
			templateLanguage: 'en',
			elementName: 'shipping_update',
			displayName: 'Shipping update',
			templateBody: 'Your order has shipped.',
		});
		expect(created.error).toBeUndefined();
		await runJelou(fake, orderConfirmation());
		expect(listReads()).toHaveLength(2);
	});
});
