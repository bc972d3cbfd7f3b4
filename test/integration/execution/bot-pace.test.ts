import { runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou({ latencyMs: 20, rateLimitPerSecond: 10 });

describe('a burst of executions to one rate-limited bot', () => {
	it('sends every message exactly once and fails no execution: they wait for the bot’s pace', async () => {
		const recipients = Array.from({ length: 60 }, (_, n) => `5939912${String(n).padStart(5, '0')}`);
		const runs = await Promise.all(
			recipients.map((recipient) =>
				runJelou(
					fake,
					sendTemplateParameters({
						template: 'order_confirmation',
						recipients: recipient,
						parameters: ['Maria', '71936'],
					}),
				),
			),
		);
		expect(runs.map((run) => run.error?.message)).toEqual(recipients.map(() => undefined));
		const accepted = fake.sentMessages.map((message) => message.destination).sort();
		expect(accepted).toEqual([...recipients].sort());
	}, 60_000);
});
