import {
	countResults,
	furthestStatus,
	MESSAGE_STATUSES,
	recipientResults,
	statusRank,
} from '../../../../nodes/JelouWhatsApp/actions/campaign/getResults.status';

/** The notification of Jelou's "Get Notification by ID" example (docs.jelou.ai/whatsapp/hsm/messages). */
const DOC_NOTIFICATION = {
	wasRead: true,
	destination: '593999999999',
	sentStatus: 'DELIVERED_USER',
	origin: 'BULK',
	createdAt: '2021-07-08T16:55:37.953Z',
	sentDate: '2021-07-08T16:55:37.953Z',
	elementName: 'notification_example',
	campaignId: 'someId',
	error: null,
	internalId: 'someInternalId',
	id: 'notificationId',
};

const record = (id: string, sentStatus: string, extra: Record<string, unknown> = {}) => ({
	id,
	destination: '593991234567',
	sentStatus,
	createdAt: '2024-05-01T10:00:00.000Z',
	error: null,
	...extra,
});

describe('the order of a message’s statuses', () => {
	it('goes CREATED, DELIVERED_CHANNEL, FAILED, DELIVERED_USER, READ, REPLY', () => {
		expect(MESSAGE_STATUSES).toEqual([
			'CREATED',
			'DELIVERED_CHANNEL',
			'FAILED',
			'DELIVERED_USER',
			'READ',
			'REPLY',
		]);
	});

	it.each([
		['READ', 'DELIVERED_USER', 'READ'],
		['DELIVERED_USER', 'DELIVERED_CHANNEL', 'DELIVERED_USER'],
		['DELIVERED_CHANNEL', 'CREATED', 'DELIVERED_CHANNEL'],
		['REPLY', 'READ', 'REPLY'],
		['FAILED', 'DELIVERED_CHANNEL', 'FAILED'],
		['FAILED', 'CREATED', 'FAILED'],
		// a message that reached the phone did not fail
		['DELIVERED_USER', 'FAILED', 'DELIVERED_USER'],
		// a status Jelou has not documented is kept only when nothing documented is known
		['SENT', 'CREATED', 'CREATED'],
	])('the furthest of %s and %s is %s, in either order', (a, b, furthest) => {
		expect(furthestStatus(a, b)).toBe(furthest);
		expect(furthestStatus(b, a)).toBe(furthest);
	});

	it('ranks an undocumented status below every documented one', () => {
		expect(statusRank('SENT')).toBe(-1);
		expect(statusRank('CREATED')).toBe(0);
	});
});

describe('recipientResults', () => {
	it('reads Jelou’s documented notification: its read flag makes it READ', () => {
		expect(recipientResults([DOC_NOTIFICATION])).toEqual([
			{
				messageId: 'notificationId',
				destination: '593999999999',
				status: 'READ',
				error: null,
				createdAt: '2021-07-08T16:55:37.953Z',
				deliveredChannelAt: null,
				deliveredUserAt: null,
				readAt: null,
				failedAt: null,
				repliedAt: null,
			},
		]);
	});

	it('takes each step’s time from the record’s documented fields', () => {
		const [result] = recipientResults([
			record('m1', 'READ', {
				deliveryChannelAt: '2024-05-01T10:00:01.000Z',
				deliveryUserAt: '2024-05-01T10:00:02.000Z',
				readAt: '2024-05-01T10:05:00.000Z',
			}),
		]);
		expect(result).toMatchObject({
			status: 'READ',
			deliveredChannelAt: '2024-05-01T10:00:01.000Z',
			deliveredUserAt: '2024-05-01T10:00:02.000Z',
			readAt: '2024-05-01T10:05:00.000Z',
		});
	});

	it('keeps Jelou’s error for a FAILED message, with the time of its last change', () => {
		const error = { code: 131026, message: 'Message undeliverable' };
		const [result] = recipientResults([
			record('m1', 'FAILED', { error, updatedAt: '2024-05-01T10:00:03.000Z' }),
		]);
		expect(result).toMatchObject({ status: 'FAILED', error, failedAt: '2024-05-01T10:00:03.000Z' });
	});

	it('merges one record per status change into one result per message, at its furthest status', () => {
		const results = recipientResults([
			record('m1', 'CREATED'),
			record('m2', 'DELIVERED_CHANNEL', { destination: '593991234568' }),
			record('m1', 'DELIVERED_USER', { deliveryUserAt: '2024-05-01T10:00:02.000Z' }),
			record('m1', 'DELIVERED_CHANNEL', { deliveryChannelAt: '2024-05-01T10:00:01.000Z' }),
			record('m1', 'REPLY', { updatedAt: '2024-05-01T11:00:00.000Z' }),
		]);
		expect(results.map(({ messageId, status }) => [messageId, status])).toEqual([
			['m1', 'REPLY'],
			['m2', 'DELIVERED_CHANNEL'],
		]);
		expect(results[0]).toMatchObject({
			deliveredChannelAt: '2024-05-01T10:00:01.000Z',
			deliveredUserAt: '2024-05-01T10:00:02.000Z',
			repliedAt: '2024-05-01T11:00:00.000Z',
		});
	});

	it('orders results as the messages were created, whatever order Jelou listed them in', () => {
		const results = recipientResults([
			record('late', 'READ', { createdAt: '2024-05-01T10:00:02.000Z' }),
			record('early', 'READ', { createdAt: '2024-05-01T10:00:01.000Z' }),
		]);
		expect(results.map(({ messageId }) => messageId)).toEqual(['early', 'late']);
	});

	it('reads `status` and `_id` when a record has no `sentStatus` and `id`', () => {
		expect(
			recipientResults([{ _id: 'x', destination: '593991234567', status: 'DELIVERED_USER' }]),
		).toMatchObject([{ messageId: 'x', status: 'DELIVERED_USER' }]);
	});
});

describe('countResults', () => {
	it('counts delivered (on the phone, read or answered), read, replied, failed and still going', () => {
		const results = recipientResults(
			['CREATED', 'DELIVERED_CHANNEL', 'DELIVERED_USER', 'READ', 'REPLY', 'FAILED', 'FAILED'].map(
				(status, index) => record(`m${index}`, status),
			),
		);
		expect(countResults(results)).toEqual({
			totalMessages: 7,
			deliveredMessages: 3,
			failedMessages: 2,
			readMessages: 2,
			repliedMessages: 1,
			pendingMessages: 2,
		});
	});
});
