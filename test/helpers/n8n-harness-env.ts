/**
 * Environment for running n8n-core inside jest. Imported first by n8n-harness.ts so that every
 * n8n config class (read lazily from process.env when first taken from the DI container) sees it.
 *
 * - N8N_USER_FOLDER: a fresh temp dir per test file, so n8n never touches ~/.n8n. n8n-core keeps
 *   its config file (encryption key) in <folder>/.n8n and binary data in <folder>/.n8n/storage.
 * - A fixed encryption key, so InstanceSettings does not generate and log one.
 * - Diagnostics, version notifications and logging off; SSRF protection left at n8n's default (off)
 *   so nodes may call a fake server on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HARNESS_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-harness-'));

process.env.N8N_USER_FOLDER = HARNESS_USER_FOLDER;
// Storage path must follow the temp user folder, never an inherited one.
delete process.env.N8N_STORAGE_PATH;
delete process.env.N8N_BINARY_DATA_STORAGE_PATH;

const defaults: Record<string, string> = {
	N8N_ENCRYPTION_KEY: 'n8n-harness-test-encryption-key',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_LOG_LEVEL: 'silent',
	N8N_SSRF_PROTECTION_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	GENERIC_TIMEZONE: 'UTC',
};
for (const [key, value] of Object.entries(defaults)) {
	if (process.env[key] === undefined) process.env[key] = value;
}

function cleanup(): void {
	try {
		rmSync(HARNESS_USER_FOLDER, { recursive: true, force: true });
	} catch {
		// best effort
	}
}
// Under jest each test file gets its own module registry, hence its own folder: remove it when
// the file's tests are done. Outside jest (bench scripts), remove it when the process exits.
if (typeof afterAll === 'function') afterAll(cleanup);
else process.once('exit', cleanup);
