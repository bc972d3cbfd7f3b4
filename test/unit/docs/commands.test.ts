import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { curlCommandsIn, parseCurl } from '../../helpers/doc-commands';

const REPO = join(__dirname, '..', '..', '..');
// scripts/sandbox.js is plain CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SANDBOX_FAKE } = require('../../../scripts/sandbox') as {
	SANDBOX_FAKE: { clientId: string; clientSecret: string; botId: string };
};
/** Where `npm start` serves, by default: the editor and its webhooks, and the fake Jelou API. */
const N8N = 'http://127.0.0.1:5678';
const FAKE = 'http://127.0.0.1:5680';
const LOGIN = `${SANDBOX_FAKE.clientId}:${SANDBOX_FAKE.clientSecret}`;

const pages = [
	'README.md',
	...readdirSync(join(REPO, 'docs'))
		.filter((file) => file.endsWith('.md'))
		.map((file) => `docs/${file}`),
].map((page) => ({ where: page, text: readFileSync(join(REPO, page), 'utf8') }));
const notes = readdirSync(join(REPO, 'examples'))
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) =>
		(
			JSON.parse(readFileSync(join(REPO, 'examples', file), 'utf8')) as {
				nodes: Array<{ type: string; parameters: { content?: string } }>;
			}
		).nodes
			.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
			.map((node) => ({ where: `examples/${file} (canvas note)`, text: node.parameters.content! })),
	);
const commands = [...pages, ...notes].flatMap(({ where, text }) =>
	curlCommandsIn(text).map((command) => ({ where, command })),
);

describe('the commands the docs and the canvas notes give to copy', () => {
	it('are there (the checks below see them)', () => {
		expect(commands.length).toBeGreaterThan(8);
		expect(commands.some(({ where }) => where.endsWith('(canvas note)'))).toBe(true);
	});

	it.each(commands.map(({ where, command }) => [where, command.slice(0, 90), command]))(
		'%s: %s… is whole: host, port and, for the fake Jelou API, the sandbox’s login',
		(_where, _start, text) => {
			const command = parseCurl(text);
			const { origin } = new URL(command.url.replace(/<[^>]+>/g, 'placeholder'));
			expect([N8N, FAKE]).toContain(origin);
			if (origin === FAKE) {
				expect(command.user).toBe(LOGIN);
				expect(command.url).toContain(`/bots/${SANDBOX_FAKE.botId}/`);
			}
			if (command.body !== undefined) {
				expect(command.headers['content-type']).toBe('application/json');
				expect(() => JSON.parse(command.body!)).not.toThrow();
			}
		},
	);

	it.each([...pages, ...notes].map(({ where, text }) => [where, text]))(
		'%s names no request of the sandbox without its host (as `GET /fake/…` would)',
		(_where, text) => {
			expect(text.match(/`(GET|POST|PUT|DELETE) \/(fake|webhook|form)\/[^`]*`/g) ?? []).toEqual(
				[],
			);
		},
	);
});
