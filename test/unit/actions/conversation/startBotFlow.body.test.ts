import {
	checkActiveFlow,
	listedFlows,
	readSkillId,
	skillChoices,
	startBotFlowBody,
	startBotFlowPath,
} from '../../../../nodes/JelouWhatsApp/actions/conversation/startBotFlow.body';
import { InvalidFieldError } from '../../../../nodes/JelouWhatsApp/shared/validation';
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

describe('checkActiveFlow: the Bot Flow against the bot’s flows', () => {
	const flows = listedFlows({
		...SKILLS_ANSWER,
		data: [
			...SKILLS_ANSWER.data,
			{ id: 2, name: 'Order Status', state: true },
			{ id: 3, name: 'Old Promotion', state: false },
		],
	})!;

	it('takes an active flow by its ID', () => {
		expect(checkActiveFlow('2', flows)).toEqual(expect.objectContaining({ name: 'Order Status' }));
	});

	it('refuses an unknown ID and a switched-off flow, naming the active ones', () => {
		expect.assertions(3);
		expect(() => checkActiveFlow('9', flows)).toThrow('Bot Flow: "9" is not a flow of this bot');
		expect(() => checkActiveFlow('3', flows)).toThrow(
			'Bot Flow: Old Promotion (3) is switched off in Jelou',
		);
		try {
			checkActiveFlow('9', flows);
		} catch (error) {
			expect((error as InvalidFieldError).fix).toBe(
				'Pick an active flow from the list, or enter its ID: Main Skill (1), Order Status (2).',
			);
		}
	});

	it('lists at most 10 active flows, and says when the bot has none', () => {
		expect.assertions(3);
		const many = Array.from({ length: 12 }, (_, i) => ({
			id: i + 1,
			name: `F${i + 1}`,
			state: true,
		}));
		expect(() => checkActiveFlow('99', many)).toThrow();
		try {
			checkActiveFlow('99', many);
		} catch (error) {
			expect((error as InvalidFieldError).fix).toMatch(/F10 \(10\) and 2 more\.$/);
		}
		try {
			checkActiveFlow('1', [{ id: 1, name: 'Off', state: false }]);
		} catch (error) {
			expect((error as InvalidFieldError).fix).toBe(
				'Switch it on in Jelou: this bot has no active flow.',
			);
		}
	});

	it('listedFlows is undefined for an answer that holds no list, so nothing is refused on it', () => {
		expect(listedFlows({ message: ['x'] })).toBeUndefined();
		expect(listedFlows({ data: [] })).toEqual([]);
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
