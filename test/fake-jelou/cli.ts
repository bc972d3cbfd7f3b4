// Runs the fake Jelou API as a sandbox a person can point an n8n credential at:
//   npm run fake-jelou -- --port 5679 [--host 127.0.0.1] [--latency 50] [--rate-limit 100]
//     [--client-id ID] [--client-secret SECRET] [--bot-id BOT] [--bots BOT,BOT…] [--foreign-bots BOT,BOT…]
import { startFakeJelou, type FakeJelouOptions } from './server';

const USAGE =
	'usage: fake-jelou [--port N] [--host H] [--latency MS] [--rate-limit PER_SECOND] ' +
	'[--client-id ID] [--client-secret SECRET] [--bot-id BOT] [--bots BOT,BOT…] [--foreign-bots BOT,BOT…]';

function readOptions(args: string[]): FakeJelouOptions {
	const options: FakeJelouOptions = {};
	for (let i = 0; i < args.length; i += 2) {
		const [flag, value] = [args[i], args[i + 1]];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		const number = () => {
			const parsed = Number(value);
			if (!Number.isInteger(parsed) || parsed < 0)
				throw new Error(`${flag} needs a whole number, got ${value}`);
			return parsed;
		};
		switch (flag) {
			case '--port':
				options.port = number();
				break;
			case '--host':
				options.host = value;
				break;
			case '--latency':
				options.latencyMs = number();
				break;
			case '--rate-limit':
				options.rateLimitPerSecond = number();
				break;
			case '--client-id':
				options.clientId = value;
				break;
			case '--client-secret':
				options.clientSecret = value;
				break;
			case '--bot-id':
				options.botId = value;
				break;
			case '--bots':
				// more bots of the same company, each with the seed's templates
				options.bots = value.split(',').map((botId) => ({ botId: botId.trim() }));
				break;
			case '--foreign-bots':
				options.foreignBots = value.split(',').map((botId) => botId.trim());
				break;
			default:
				throw new Error(`unknown option ${flag}`);
		}
	}
	return options;
}

async function main(): Promise<void> {
	let options: FakeJelouOptions;
	try {
		options = readOptions(process.argv.slice(2));
	} catch (error) {
		console.error(`fake-jelou: ${(error as Error).message}\n${USAGE}`);
		process.exit(2);
	}
	const fake = await startFakeJelou(options);
	console.log(`Fake Jelou API listening on ${fake.url}`);
	console.log(`  Base URL:      ${fake.url}`);
	console.log(`  Client ID:     ${fake.clientId}`);
	console.log(`  Client Secret: ${fake.clientSecret}`);
	console.log(`  Bot ID:        ${fake.botId}`);
	for (const bot of options.bots ?? []) console.log(`  Other bot:     ${bot.botId}`);
	console.log('Press Ctrl+C to stop.');

	const stop = () => {
		fake.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error('fake-jelou: could not close cleanly:', error);
				process.exit(1);
			},
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error('fake-jelou:', error);
	process.exit(1);
});
