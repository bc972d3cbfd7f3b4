import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	anchorsOf,
	brokenLinks,
	githubSlug,
	linksOf,
	repositoryUrlOf,
} from '../../helpers/markdown-links';

const REPO = join(__dirname, '..', '..', '..');
const REPOSITORY_URL = repositoryUrlOf(REPO);
const DOCS = readdirSync(join(REPO, 'docs'));
const PAGES = [
	'README.md',
	'CONTRIBUTING.md',
	'CHANGELOG.md',
	...DOCS.filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`),
];

describe('the links of the documentation', () => {
	it.each(PAGES)('%s: every relative link, anchor and image resolves', (page) => {
		expect(brokenLinks(REPO, page, REPOSITORY_URL)).toEqual([]);
	});

	it('reach every page of docs/ from the README', () => {
		const linked = new Set(
			linksOf(readFileSync(join(REPO, 'README.md'), 'utf8')).map(({ target }) => target.split('#')[0]),
		);
		const pages = DOCS.filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`);
		expect(pages.filter((page) => !linked.has(page))).toEqual([]);
	});

	it('show every screenshot of docs/ on some page', () => {
		const shown = new Set(
			PAGES.flatMap((page) =>
				linksOf(readFileSync(join(REPO, page), 'utf8'))
					.filter(({ image }) => image)
					.map(({ target }) => target.replace(/^(\.\/|docs\/)/, '')),
			),
		);
		expect(DOCS.filter((file) => file.endsWith('.png') && !shown.has(file))).toEqual([]);
	});
});

describe('githubSlug', () => {
	it.each([
		['Message → Send and Wait for Response', 'message--send-and-wait-for-response'],
		['Try it: the sandbox (`npm start`)', 'try-it-the-sandbox-npm-start'],
		['Unverified packages and n8n 3.0', 'unverified-packages-and-n8n-30'],
		['CSV file (e-mail attachment or Drive) → campaign', 'csv-file-e-mail-attachment-or-drive--campaign'],
		['Request options (every operation)', 'request-options-every-operation'],
		['snake_case stays', 'snake_case-stays'],
		['Qué es: teléfono', 'qué-es-teléfono'],
	])('%s → #%s, as GitHub makes it', (heading, slug) => {
		expect(githubSlug(heading)).toBe(slug);
	});

	it('numbers a repeated heading as GitHub does', () => {
		expect([...anchorsOf('# Examples\n## Examples\n```\n# not a heading\n```\n## Examples\n')]).toEqual([
			'examples',
			'examples-1',
			'examples-2',
		]);
	});
});

describe('brokenLinks', () => {
	const root = mkdtempSync(join(tmpdir(), 'jelou-doc-links-'));
	mkdirSync(join(root, 'docs'));
	writeFileSync(join(root, 'docs', 'shot.png'), '');
	writeFileSync(join(root, 'docs', 'page.md'), '# Page\n\n## Message → Send\n');
	writeFileSync(
		join(root, 'README.md'),
		[
			'# Front',
			'[ok](docs/page.md#message--send) [ok](#front) ![ok](docs/shot.png) [ext](https://example.com/x#y)',
			'[no file](docs/gone.md) [no anchor](docs/page.md#send) [no anchor here](#back)',
			'![no image](docs/gone.png) [own repo](https://github.com/o/r/blob/main/docs/page.md#nope)',
			'`[in code](docs/gone.md)`',
			'```',
			'[in a block](docs/gone.md)',
			'```',
		].join('\n'),
	);

	it('finds each kind of broken link and nothing else', () => {
		expect(brokenLinks(root, 'README.md', 'https://github.com/o/r')).toEqual([
			'README.md:3 link docs/gone.md: docs/gone.md does not exist',
			'README.md:3 link docs/page.md#send: no heading of docs/page.md has the anchor #send',
			'README.md:3 link #back: no heading of README.md has the anchor #back',
			'README.md:4 image docs/gone.png: docs/gone.png does not exist',
			'README.md:4 link https://github.com/o/r/blob/main/docs/page.md#nope: no heading of docs/page.md has the anchor #nope',
		]);
	});
});
