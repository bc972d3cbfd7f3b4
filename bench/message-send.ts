/**
 * Benchmark of Message → Send Template; prints, never asserts.
 * Run: npx ts-node --transpile-only bench/message-send.ts
 *  or, without npm: node -r ts-node/register/transpile-only bench/message-send.ts
 */
// Node looks for `JelouWhatsApp.node` as .json (the codex file) before .ts; put .ts first, as jest does.
const extensions = require.extensions;
const typescript = extensions['.ts'];
const others = Object.entries(extensions).filter(([extension]) => extension !== '.ts');
for (const [extension] of others) delete extensions[extension];
extensions['.ts'] = typescript;
for (const [extension, loader] of others) extensions[extension] = loader;

require('./message-send-run');
