/**
 * n8n's SSRF protection on for one test file, as an instance would set it. Imported before the n8n harness, so
 * n8n's config (read from process.env when first taken from its container) sees it: loopback is blocked by
 * n8n's default ranges except 127.0.0.1 (where the allowed fake listens), and the name `localhost` is blocked
 * whatever it resolves to.
 */
process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
process.env.N8N_SSRF_ALLOWED_IP_RANGES = '127.0.0.1/32';
process.env.N8N_SSRF_BLOCKED_HOSTNAMES = 'localhost';

export {};
