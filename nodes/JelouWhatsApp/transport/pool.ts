import { EnvHttpProxyAgent } from 'undici';
import type { Dispatcher } from 'undici';

const dispatchers = new Map<string, Dispatcher>();

/**
 * One keep-alive pool per Jelou host and connection cap, kept for the life of the n8n process so executions
 * reuse connections. The cap makes a request wait for a free socket rather than open a new one in the moment
 * between an answer being read and its socket being handed back.
 */
export function dispatcherFor(baseUrl: string, connections: number): Dispatcher {
	const key = `${new URL(baseUrl).origin}#${connections}`;
	let dispatcher = dispatchers.get(key);
	if (!dispatcher) {
		// Reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY the way n8n's own HTTP requests do.
		// Idle sockets live as long as the server's Keep-Alive hint allows (undici's default), never longer.
		dispatcher = new EnvHttpProxyAgent({ connections });
		dispatchers.set(key, dispatcher);
	}
	return dispatcher;
}
