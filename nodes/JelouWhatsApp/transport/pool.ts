import type { LookupFunction } from 'node:net';
import { EnvHttpProxyAgent } from 'undici';
import type { Dispatcher } from 'undici';

/** How long an idle connection to Jelou is kept open for the next request. */
export const IDLE_TIMEOUT_MS = 4_000;

const dispatchers = new Map<string, Dispatcher>();

/**
 * One keep-alive pool per Jelou host and connection cap, kept for the life of the n8n process so executions
 * reuse connections. The cap makes a request wait for a free socket rather than open a new one in the moment
 * between an answer being read and its socket being handed back. With n8n's secure lookup (egress.ts) every
 * new connection resolves its host through it, as n8n's own clients do; such pools are kept apart.
 */
export function dispatcherFor(
	baseUrl: string,
	connections: number,
	secureLookup?: LookupFunction,
): Dispatcher {
	const key = `${new URL(baseUrl).origin}#${connections}${secureLookup ? '#guarded' : ''}`;
	let dispatcher = dispatchers.get(key);
	if (!dispatcher) {
		// Reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY the way n8n's own HTTP requests do.
		// Idle sockets are closed by us before servers and proxies commonly close theirs (5 s and up), and never
		// kept longer than a server's Keep-Alive hint allows: a request is never written to a connection the server
		// may be closing, since a request that met such a close cannot be sent again (retry.ts).
		dispatcher = new EnvHttpProxyAgent({
			connections,
			keepAliveTimeout: IDLE_TIMEOUT_MS,
			keepAliveMaxTimeout: IDLE_TIMEOUT_MS,
			keepAliveTimeoutThreshold: 1_000,
			...connectThrough(secureLookup),
		});
		dispatchers.set(key, dispatcher);
	}
	return dispatcher;
}

const connectThrough = (lookup?: LookupFunction) => (lookup ? { connect: { lookup } } : {});
