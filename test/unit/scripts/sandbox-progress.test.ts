// scripts/sandbox.js is plain CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { withProgress } = require('../../../scripts/sandbox') as {
	withProgress<T>(
		say: (line: string) => void,
		what: string,
		work: () => Promise<T>,
		everyMs?: number,
	): Promise<T>;
};

describe('the sandbox’s progress lines', () => {
	it('a step says what it does, then that it is still going, until it ends, and then nothing more', async () => {
		const lines: string[] = [];
		let finish = () => {};
		const work = () =>
			new Promise<string>((resolve) => {
				finish = () => resolve('the editor answered');
			});
		const result = withProgress(
			(line) => {
				lines.push(line);
				// The step ends once it has said twice that it is still going.
				if (lines.length === 3) finish();
			},
			'starting n8n on http://127.0.0.1:5678',
			work,
			5,
		);
		await expect(result).resolves.toBe('the editor answered');
		expect(lines[0]).toBe('starting n8n on http://127.0.0.1:5678');
		expect(lines.slice(1)).toEqual([
			expect.stringMatching(
				/^… still starting n8n on http:\/\/127\.0\.0\.1:5678 \(\d+ s so far\)$/,
			),
			expect.stringMatching(
				/^… still starting n8n on http:\/\/127\.0\.0\.1:5678 \(\d+ s so far\)$/,
			),
		]);
		const said = lines.length;
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(lines).toHaveLength(said);
	});

	it('a step that fails stops its progress lines and fails as it did', async () => {
		const lines: string[] = [];
		await expect(
			withProgress(
				(line) => lines.push(line),
				'importing 12 workflow(s)',
				async () => {
					throw new Error('import:workflow failed');
				},
			),
		).rejects.toThrow('import:workflow failed');
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(lines).toEqual(['importing 12 workflow(s)']);
	});
});
