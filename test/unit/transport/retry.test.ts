import { decideRetry, MAX_ATTEMPTS } from '../../../nodes/JelouWhatsApp/transport/retry';

const MAX_WAIT = 60_000;
const connection = (code: string | undefined, answerStatus?: number) =>
	({ kind: 'connection', code, answerStatus }) as const;
const answer = (status: number, retryAfter?: string) =>
	({ kind: 'answer', status, retryAfter }) as const;

describe('decideRetry: a request is sent again only when it surely did not reach Jelou or Jelou said so', () => {
	it('retries a refused connection, then gives up after the last attempt', () => {
		expect(decideRetry(connection('ECONNREFUSED'), 1, MAX_WAIT)).toEqual({
			action: 'retry',
			waitMs: 250,
			throttled: false,
		});
		expect(decideRetry(connection('ECONNREFUSED'), MAX_ATTEMPTS, MAX_WAIT)).toEqual({
			action: 'fail',
		});
	});

	it('does not try again a port fetch refuses: it would be refused the same way', () => {
		expect(decideRetry(connection('BAD_PORT'), 1, MAX_WAIT)).toEqual({ action: 'fail' });
	});

	it('never retries a timeout, a broken connection or one that broke after Jelou answered', () => {
		expect(decideRetry(connection('UND_ERR_HEADERS_TIMEOUT'), 1, MAX_WAIT).action).toBe('fail');
		expect(decideRetry(connection('ECONNRESET'), 1, MAX_WAIT).action).toBe('fail');
		expect(decideRetry(connection(undefined), 1, MAX_WAIT).action).toBe('fail');
		expect(decideRetry(connection('ECONNREFUSED', 200), 1, MAX_WAIT).action).toBe('fail');
	});

	it('never retries a 500 or a 4xx other than 429', () => {
		for (const status of [400, 401, 404, 422, 500, 502])
			expect(decideRetry(answer(status, '1'), 1, MAX_WAIT)).toEqual({ action: 'fail' });
	});

	it('waits out a 429/503 Retry-After (seconds or HTTP date), one second per attempt without one', () => {
		expect(decideRetry(answer(429, '2'), 1, MAX_WAIT)).toEqual({
			action: 'retry',
			waitMs: 2_000,
			throttled: true,
		});
		const now = Date.parse('2026-12-03T10:00:00Z');
		expect(decideRetry(answer(503, 'Thu, 03 Dec 2026 10:00:05 GMT'), 1, MAX_WAIT, now)).toEqual({
			action: 'retry',
			waitMs: 5_000,
			throttled: true,
		});
		expect(decideRetry(answer(503), 2, MAX_WAIT)).toEqual({
			action: 'retry',
			waitMs: 2_000,
			throttled: true,
		});
	});

	it('sends a refused request again as often as it takes, until its own deadline: its time so far and the next wait pass what the node waits', () => {
		expect(decideRetry({ ...answer(429, '1'), elapsedMs: 20_000 }, 12, MAX_WAIT)).toEqual({
			action: 'retry',
			waitMs: 1_000,
			throttled: true,
		});
		expect(decideRetry({ ...answer(429, '1'), elapsedMs: 59_500 }, 30, MAX_WAIT)).toEqual({
			action: 'fail',
		});
		// Without a Retry-After the waits grow by a second per attempt, up to 5 s.
		expect(decideRetry({ ...answer(503), elapsedMs: 0 }, 9, MAX_WAIT)).toMatchObject({
			waitMs: 5_000,
		});
	});

	it('never sends a refused request again at once, even when told Retry-After: 0', () => {
		expect(decideRetry(answer(429, '0'), 1, MAX_WAIT)).toEqual({
			action: 'retry',
			waitMs: 100,
			throttled: true,
		});
	});

	it('stops the run when Jelou asks for a longer wait than the node waits', () => {
		expect(decideRetry(answer(429, '3600'), 1, MAX_WAIT)).toEqual({
			action: 'stop',
			waitMs: 3_600_000,
		});
	});

	it('never sends again a request whose connection closed or reset once it was written, however soon', () => {
		for (const code of ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', undefined])
			expect(decideRetry(connection(code), 1, MAX_WAIT)).toEqual({ action: 'fail' });
	});
});
