import { subscribe } from 'node:diagnostics_channel';

/**
 * Tells a keep-alive connection the server had closed while idle (a request written to it got no byte back)
 * from a request the server received. undici reports, through Node's diagnostics channels, the socket each
 * request's headers went out on; what that socket had read then and what it had read when it failed show
 * whether any answer to this request began.
 */
interface SentOn {
	socket: { bytesRead: number };
	bytesReadBefore: number;
	sentAt: number;
}

const sentOn = new WeakMap<object, SentOn>();
const failedAfterSending = new WeakMap<object, SentOn>();
/**
 * An idle close meets the request as it arrives. A connection that breaks later may have been carried to Jelou
 * by a proxy that then gave up: that one is never sent again.
 */
const IDLE_CLOSE_WITHIN_MS = 1_000;
/** What undici says when the other side closed the connection, or reset it, while it waited for an answer. */
const CLOSED_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

subscribe('undici:client:sendHeaders', (message) => {
	const { request, socket } = message as { request: object; socket: { bytesRead: number } };
	sentOn.set(request, { socket, bytesReadBefore: socket.bytesRead, sentAt: performance.now() });
});
subscribe('undici:request:error', (message) => {
	const { request, error } = message as { request: object; error: unknown };
	const sent = sentOn.get(request);
	if (sent && typeof error === 'object' && error !== null) failedAfterSending.set(error, sent);
});

/**
 * True when `error` ended a request written to a connection that had already answered earlier requests and then
 * read nothing more, at once: the server (or a proxy) had closed it while idle, so it did not take the request.
 * The same test HTTP clients use to resend on a fresh connection (Go's errServerClosedIdle).
 */
export function closedWhileIdle(error: unknown, code: string | undefined): boolean {
	if (!code || !CLOSED_CODES.has(code) || typeof error !== 'object' || error === null) return false;
	const sent = failedAfterSending.get(error);
	return (
		sent !== undefined &&
		sent.bytesReadBefore > 0 &&
		sent.socket.bytesRead === sent.bytesReadBefore &&
		performance.now() - sent.sentAt < IDLE_CLOSE_WITHIN_MS
	);
}
