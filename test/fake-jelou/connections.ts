import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the fake's TCP connections went through since the start or the last reset(). */
export interface ConnectionStats {
	/** TCP connections clients opened. */
	opened: number;
	/** Requests the fake read and handled: each is in `requests`. */
	processed: number;
	/** Connections the fake closed because they stayed idle for `idleCloseMs`. */
	closedWhileIdle: number;
	/** Requests met by a 'close-on-arrival' fault: connection closed before the request was read. */
	closedOnArrival: number;
}

interface SocketState {
	/** Requests that arrived on this socket before the current one. */
	served: number;
	inFlight: number;
	idleTimer?: NodeJS.Timeout;
}

/**
 * Watches the server's sockets. With `idleCloseMs` set it acts like a proxy with a short idle timeout: a
 * keep-alive connection that carries no request for that long is closed by the server, and no `Keep-Alive:
 * timeout=` hint tells the client beforehand (Node's own idle timeout is turned off meanwhile).
 */
export function watchConnections(server: Server, initialIdleCloseMs: number | undefined) {
	const sockets = new Map<Socket, SocketState>();
	const nodeKeepAliveTimeout = server.keepAliveTimeout;
	let idleCloseMs: number | undefined;
	let opened = 0;
	let closedWhileIdle = 0;
	let closedOnArrival = 0;

	function armIdleTimer(socket: Socket, state: SocketState): void {
		clearTimeout(state.idleTimer);
		state.idleTimer = undefined;
		if (idleCloseMs === undefined || state.inFlight > 0 || socket.destroyed) return;
		state.idleTimer = setTimeout(() => {
			if (state.inFlight > 0 || socket.destroyed) return;
			closedWhileIdle++;
			socket.destroy();
		}, idleCloseMs);
	}

	function setIdleClose(ms: number | undefined): void {
		idleCloseMs = ms;
		server.keepAliveTimeout = ms === undefined ? nodeKeepAliveTimeout : 0;
		for (const [socket, state] of sockets) armIdleTimer(socket, state);
	}

	server.on('connection', (socket: Socket) => {
		opened++;
		const state: SocketState = { served: 0, inFlight: 0 };
		sockets.set(socket, state);
		socket.once('close', () => {
			clearTimeout(state.idleTimer);
			sockets.delete(socket);
		});
		armIdleTimer(socket, state);
	});
	setIdleClose(initialIdleCloseMs);

	return {
		/** Call first for each request: true when it arrived on a connection that already carried one. */
		requestArrived(req: IncomingMessage, res: ServerResponse): boolean {
			const state = sockets.get(req.socket);
			if (!state) return false;
			const reused = state.served > 0;
			state.served++;
			state.inFlight++;
			clearTimeout(state.idleTimer);
			res.once('close', () => {
				state.inFlight--;
				armIdleTimer(req.socket, state);
			});
			return reused;
		},
		/** The request reached a socket the server had already decided to close: closed unread, nothing processed. */
		closeUnread(req: IncomingMessage): void {
			closedOnArrival++;
			req.socket.destroy();
		},
		stats(processed: number): ConnectionStats {
			return { opened, processed, closedWhileIdle, closedOnArrival };
		},
		setIdleClose,
		reset(): void {
			opened = 0;
			closedWhileIdle = 0;
			closedOnArrival = 0;
			setIdleClose(initialIdleCloseMs);
		},
		/** Stops the idle timers so a closing fake leaves none behind. */
		close(): void {
			for (const state of sockets.values()) clearTimeout(state.idleTimer);
			idleCloseMs = undefined;
		},
	};
}
