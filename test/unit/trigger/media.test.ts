import { carriesMedia } from '../../../nodes/JelouWhatsAppTrigger/media';

describe('carriesMedia: which trigger items get their file downloaded', () => {
	const reply = { event: 'reply', mediaUrl: 'https://cdn.jelou.ai/a.ogg' };

	it('a Reply with a link and a media type, or no type at all', () => {
		for (const messageType of ['image', 'audio', 'video', 'file', 'sticker', undefined])
			expect(carriesMedia({ ...reply, messageType })).toBe(true);
	});

	it('not a text or location reply, not a status event, not a reply without a link', () => {
		expect(carriesMedia({ ...reply, messageType: 'location' })).toBe(false);
		expect(carriesMedia({ ...reply, messageType: 'text' })).toBe(false);
		expect(carriesMedia({ ...reply, event: 'read' })).toBe(false);
		expect(carriesMedia({ event: 'reply', messageType: 'image', mediaUrl: null })).toBe(false);
	});
});
