import type { ServerResponse } from 'node:http';

/**
 * Answers that break the HTTP exchange itself, as gateways, proxies and broken servers do:
 * - `raw`: any status with a body that is not Jelou's JSON (truncated JSON, text/plain "OK", an HTML 502 page, a binary);
 * - `stall`: the status line and headers, optionally the start of a body, then nothing more;
 * - `drip`: the body one byte at a time, `intervalMs` apart, so each chunk arrives well within a per-chunk timeout.
 */
export type WireFault =
	| { kind: 'raw'; status: number; contentType: string; body: string | Buffer }
	| { kind: 'stall'; status?: number; partialBody?: string }
	| { kind: 'drip'; status?: number; body: string; intervalMs: number };

export function isWireFault(fault: { kind: string }): fault is WireFault {
	return fault.kind === 'raw' || fault.kind === 'stall' || fault.kind === 'drip';
}

/** Plays the fault on `res` and returns the status written; `wait` is the fake's cancellable timer. */
export async function playWireFault(
	res: ServerResponse,
	fault: WireFault,
	wait: (ms: number) => Promise<void>,
): Promise<number> {
	if (fault.kind === 'raw') {
		res.writeHead(fault.status, { 'content-type': fault.contentType });
		res.end(fault.body);
		return fault.status;
	}
	const status = fault.status ?? 200;
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	if (fault.kind === 'stall') {
		// Flushes the headers (and the partial body) now; the rest never comes.
		res.write(fault.partialBody ?? '');
		return status;
	}
	const bytes = Buffer.from(fault.body);
	void (async () => {
		for (const byte of bytes) {
			if (res.destroyed) return;
			res.write(Buffer.from([byte]));
			await wait(fault.intervalMs);
		}
		if (!res.destroyed) res.end();
	})();
	return status;
}
