/**
 * Imported first by benchmarks run with ts-node: Node resolves `JelouWhatsApp.node` to the codex file
 * `JelouWhatsApp.node.json` before the `.ts` source; this puts `.ts` first, as jest does.
 */
const extensions = require.extensions;
const typescript = extensions['.ts'];
const others = Object.entries(extensions).filter(([extension]) => extension !== '.ts');
for (const [extension] of others) delete extensions[extension];
extensions['.ts'] = typescript;
for (const [extension, loader] of others) extensions[extension] = loader;

export {};
