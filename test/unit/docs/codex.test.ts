import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repositoryUrlOf } from '../../helpers/markdown-links';

const REPO = join(__dirname, '..', '..', '..');
const BLOB = `${repositoryUrlOf(REPO)}/blob/main/`;

// n8n reads resources.primaryDocumentation[0].url of the codex file beside the node (n8n-core's
// DirectoryLoader.getCodex) and the editor's Docs link opens `${url}?utm_source=…` (useNodeDocsUrl in
// n8n-editor-ui, 1.123 and 2.41 alike): a `#anchor` would swallow that query and miss its heading.
describe.each([
	['Jelou WhatsApp', 'nodes/JelouWhatsApp/JelouWhatsApp.node.json', 'README.md'],
	['Jelou WhatsApp Trigger', 'nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node.json', 'docs/trigger.md'],
])('the Docs link of %s', (_node, codexFile, page) => {
	const codex = JSON.parse(readFileSync(join(REPO, codexFile), 'utf8')) as {
		resources: { primaryDocumentation: Array<{ url: string }> };
	};
	const url = codex.resources.primaryDocumentation[0].url;

	it(`opens ${page} of this repository on GitHub`, () => {
		expect(url).toBe(`${BLOB}${page}`);
	});

	it('points at a file that exists, with no anchor or query for n8n to break', () => {
		expect(url).not.toMatch(/[#?]/);
		expect(existsSync(join(REPO, url.slice(BLOB.length)))).toBe(true);
	});
});
