import type { INodeProperties } from 'n8n-workflow';

import { description as getHistory } from '../../../../nodes/JelouWhatsApp/actions/conversation/getHistory.operation';
import { description as getMemory } from '../../../../nodes/JelouWhatsApp/actions/conversation/getMemory.operation';
import { description as getState } from '../../../../nodes/JelouWhatsApp/actions/conversation/getState.operation';
import { description as pauseBot } from '../../../../nodes/JelouWhatsApp/actions/conversation/pauseBot.operation';
import { description as resumeBot } from '../../../../nodes/JelouWhatsApp/actions/conversation/resumeBot.operation';
import { description as startBotFlow } from '../../../../nodes/JelouWhatsApp/actions/conversation/startBotFlow.operation';

const byName = (properties: INodeProperties[], name: string) =>
	properties.find((property) => property.name === name) as INodeProperties;
const optionOf = (properties: INodeProperties[], collection: string, name: string) =>
	(byName(properties, collection).options as INodeProperties[]).find(
		(option) => option.name === name,
	) as INodeProperties;

describe('the Conversation forms say what matters where n8n shows it', () => {
	it.each([
		['Pause Bot', pauseBot, /stops answering this customer/],
		['Resume Bot', resumeBot, /answers this customer again/],
		['Get State', getState, /botAnswers/],
		['Get Memory', getMemory, /userId, the customer’s number/],
		['Start Bot Flow', startBotFlow, /last 24 hours/],
	])(
		'%s: a notice above the Phone Number (an expression there replaces any hint)',
		(_operation, properties, text) => {
			const names = properties.map((property) => property.name);
			const notice = byName(properties, 'operationNotice');
			expect(notice.type).toBe('notice');
			expect(notice.displayName).toMatch(text);
			expect(names.indexOf('operationNotice')).toBeLessThan(names.indexOf('userId'));
			expect(byName(properties, 'userId').hint).toBeUndefined();
		},
	);

	it('Pause Bot: Resume Automatically After shows whole hours as they are (8, not 8.00) and says what it does', () => {
		const resumeAfter = optionOf(pauseBot, 'options', 'resumeAfter');
		expect(resumeAfter.typeOptions?.numberPrecision).toBeUndefined();
		expect(resumeAfter.hint).toMatch(/answers this customer again by itself/);
	});

	it('Get History: Direction says it needs a Reference Message ID; Output offers one item for no messages', () => {
		expect(optionOf(getHistory, 'options', 'direction').hint).toBe(
			'Only with a Reference Message ID; without one, the latest messages are read',
		);
		const output = byName(getHistory, 'output');
		expect(output.default).toBe('eachMessage');
		expect(output.hint).toMatch(/also outputs an item for a customer without messages/);
		expect(optionOf(getHistory, 'filters', 'clientId').displayName).toBe('Customer Phone Number');
	});
});
