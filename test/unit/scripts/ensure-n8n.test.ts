import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

// scripts/ is plain CommonJS (npm start runs it without a build of the tests)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { missingBuildTools } = require('../../../scripts/ensure-n8n') as {
	missingBuildTools: (pathEnv: string) => string[];
};

describe('the C/C++ toolchain that compiling sqlite3 for n8n needs', () => {
	let bin: string;
	beforeEach(() => (bin = mkdtempSync(join(tmpdir(), 'jelou-tools-'))));
	afterEach(() => rmSync(bin, { recursive: true, force: true }));
	const tool = (name: string, executable = true) => {
		writeFileSync(join(bin, name), '#!/bin/sh\n');
		chmodSync(join(bin, name), executable ? 0o755 : 0o644);
	};

	it('names every missing tool on a PATH without them', () => {
		expect(missingBuildTools(bin)).toEqual([
			'a C++ compiler (c++ or g++)',
			'a C compiler (cc or gcc)',
			'make',
			'Python 3 (python3)',
		]);
	});

	it('finds the tools in any folder of PATH, and counts only executable files', () => {
		const other = mkdtempSync(join(tmpdir(), 'jelou-tools-'));
		try {
			tool('g++');
			tool('gcc');
			tool('make', false);
			writeFileSync(join(other, 'python3'), '#!/bin/sh\n');
			chmodSync(join(other, 'python3'), 0o755);
			expect(missingBuildTools([bin, other].join(delimiter))).toEqual(['make']);
		} finally {
			rmSync(other, { recursive: true, force: true });
		}
	});
});
