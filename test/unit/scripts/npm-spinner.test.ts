import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');

describe('npm in this repository', () => {
	it('prints no spinner on a terminal, so a logged `npm start` has none before its "sandbox:" lines', () => {
		// `script` gives npm a terminal, as a person running `npm start` has; the step takes longer than npm's spinner
		// needs to show (it was seen as "⠙sandbox: …" in a log).
		const output = execFileSync(
			'script',
			[
				'-qec',
				`npm exec -- node -e "setTimeout(() => console.error('sandbox: ready'), 1500)"`,
				'/dev/null',
			],
			{ cwd: REPO, encoding: 'utf8', env: { ...process.env, CI: '' } },
		);
		expect(output).toContain('sandbox: ready');
		expect(output).not.toMatch(/[\u2800-\u28ff]/);
	});
});
