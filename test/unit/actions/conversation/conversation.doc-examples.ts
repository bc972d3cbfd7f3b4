// Jelou's examples of jelou-api.md, section "Conversations" (Users, Conversations, Resources, Configure skill).

export const STATE_BODY = {
	ttl: 3600,
	botId: 'bot-12345',
	userId: '573001234567',
	state: 'manual',
};

export const USER_OBJECT = {
	id: '573001234567',
	names: 'John Doe',
	botId: 'bot-12345',
	groupId: 'grp-67890',
	state: 'auto',
};

export const CACHE_BODY = {
	params: { groupId: 'grp-67890', orderNumber: 'ORD-12345' },
	botId: 'bot-12345',
};

export const CACHE_SET_ANSWER = { message: ['User cache set successfully.'], status: 'success' };

export const SKILLS_ANSWER = {
	message: ['Skills retrieved successfully!'],
	statusMessage: 'success',
	status: 1,
	data: [
		{
			id: 1,
			name: 'Main Skill',
			description: 'Welcome skill',
			type: 'BRAIN',
			createdAt: '2024-01-01T00:00:00.000Z',
			updatedAt: '2024-01-01T00:00:00.000Z',
			state: true,
			default: true,
		},
	],
};

export const SKILL_BODY = { memoryParams: { test: 1 } };

export const HISTORY_MESSAGE = {
	recipient: { id: '593991234567', names: 'María Pérez' },
	sender: { id: 'bot-12345', name: 'Bot', type: 'bot' },
	by: 'bot',
	messageId: 'msg-1',
	status: 'DELIVERED_USER',
	bubble: { type: 'text', text: 'Hola', mediaUrl: null },
	createdAt: '2024-05-01T10:00:00.000Z',
};

export const REFRESH_BODY = {
	resourceUrl: 'https://cdn.example.com/media/documento-confidencial.pdf',
	ttl: 900,
};
