import {
	readSkillId,
	skillChoices,
	startBotFlowBody,
	startBotFlowPath,
} from '../../../../nodes/JelouWhatsApp/actions/conversation/startBotFlow.body';
import { SKILL_BODY, SKILLS_ANSWER } from './conversation.doc-examples';

describe('Start Bot Flow request', () => {
	it('body is Jelou’s example: {memoryParams}', () => {
		expect(startBotFlowBody({ test: 1 })).toEqual(SKILL_BODY);
	});

	it('sends no memoryParams without values', () => {
		expect(startBotFlowBody({})).toEqual({});
	});

	it('path: /v1/bots/{botId}/users/{userId}/skill/{skillId}', () => {
		expect(startBotFlowPath('bot-12345', '573001234567', '1')).toBe(
			'/v1/bots/bot-12345/users/573001234567/skill/1',
		);
	});

	it('refuses an empty flow and an ID that would change the path', () => {
		expect(() => readSkillId('')).toThrow('Bot Flow: is empty');
		expect(() => readSkillId('1/../2')).toThrow('is not a bot flow ID');
		expect(readSkillId(2)).toBe('2');
	});
});

describe('skillChoices: the Bot Flow picker', () => {
	const answer = {
		...SKILLS_ANSWER,
		data: [
			...SKILLS_ANSWER.data,
			{ id: 2, name: 'Order Status', description: 'Where is my order', state: true },
			{ id: 3, name: 'Old Promotion', description: 'Switched off', state: false },
		],
	};

	it('lists only active flows with name and description, sorted by name', () => {
		expect(skillChoices(answer)).toEqual([
			{ name: 'Main Skill (default)', value: '1', description: 'Welcome skill' },
			{ name: 'Order Status', value: '2', description: 'Where is my order' },
		]);
	});

	it('filters by name or description', () => {
		expect(skillChoices(answer, 'order').map((choice) => choice.value)).toEqual(['2']);
		expect(skillChoices(answer, 'welcome').map((choice) => choice.value)).toEqual(['1']);
	});

	it('reads nothing from an answer without data', () => {
		expect(skillChoices({ message: ['x'] })).toEqual([]);
	});
});
