import {
	resumeAfterSeconds,
	stateOutput,
	userStateBody,
} from '../../../../nodes/JelouWhatsApp/actions/conversation/state.body';
import { InvalidFieldError } from '../../../../nodes/JelouWhatsApp/shared/validation';
import { STATE_BODY, USER_OBJECT } from './conversation.doc-examples';

describe('userStateBody', () => {
	it('is Jelou’s example field by field: {ttl, botId, userId, state}', () => {
		const body = userStateBody({
			botId: 'bot-12345',
			userId: '573001234567',
			state: 'manual',
			ttl: 3600,
		});
		expect(Object.keys(body)).toEqual(Object.keys(STATE_BODY));
		expect(body).toEqual(STATE_BODY);
	});

	it('has no ttl when none is given (Resume Bot, or a pause without end)', () => {
		expect(userStateBody({ botId: 'b', userId: '593991234567', state: 'auto' })).toEqual({
			botId: 'b',
			userId: '593991234567',
			state: 'auto',
		});
	});
});

describe('resumeAfterSeconds: Resume Automatically After as Jelou’s ttl', () => {
	it('turns minutes and hours into seconds, decimals included', () => {
		expect(resumeAfterSeconds(60, 'minutes')).toBe(3600);
		expect(resumeAfterSeconds(1.5, 'hours')).toBe(5400);
		expect(resumeAfterSeconds('30', 'minutes')).toBe(1800);
	});

	it('is undefined when the option is not set', () => {
		expect(resumeAfterSeconds(undefined)).toBeUndefined();
		expect(resumeAfterSeconds('')).toBeUndefined();
	});

	it('refuses zero, a negative or a non-number, and an unknown unit', () => {
		expect(() => resumeAfterSeconds(0, 'minutes')).toThrow(
			'Resume Automatically After: 0 minutes is not a time ahead',
		);
		expect(() => resumeAfterSeconds(-5, 'hours')).toThrow('is not a time ahead');
		expect(() => resumeAfterSeconds('soon', 'hours')).toThrow('"soon" is not a number');
		expect(() => resumeAfterSeconds(5, 'days')).toThrow(
			'Time Unit: "days" is not minutes or hours',
		);
	});

	it('is bounded at 30 days: 30 days in either unit pass, a second more or 3.6e12 s is refused with the bound', () => {
		expect(resumeAfterSeconds(43_200, 'minutes')).toBe(2_592_000);
		expect(resumeAfterSeconds(720, 'hours')).toBe(2_592_000);
		expect(() => resumeAfterSeconds(720.01, 'hours')).toThrow(
			'Resume Automatically After: 720.01 hours is more than 30 days',
		);
		expect(() => resumeAfterSeconds(3.6e12 / 60, 'minutes')).toThrow(
			'Resume Automatically After: 60000000000 minutes is more than 30 days',
		);
		try {
			resumeAfterSeconds(1e6, 'hours');
		} catch (error) {
			expect((error as InvalidFieldError).fix).toBe(
				'Enter at most 30 days (43200 minutes or 720 hours). For a longer pause remove the option: the bot then stays paused until Resume Bot.',
			);
		}
		expect.assertions(5);
	});
});

describe('stateOutput', () => {
	it('keeps Jelou’s user object and adds botAnswers', () => {
		expect(stateOutput(USER_OBJECT)).toEqual({ ...USER_OBJECT, botAnswers: true });
		expect(stateOutput({ ...USER_OBJECT, state: 'manual' }).botAnswers).toBe(false);
	});

	it('a change answered without the user says the state asked for and that it was probably made', () => {
		const output = stateOutput({}, { userId: '593991234567', state: 'manual' });
		expect(output).toEqual(
			expect.objectContaining({ id: '593991234567', state: 'manual', botAnswers: false }),
		);
		expect(output.warning).toMatch(/probably made/);
	});

	it('a read without a state says who answers is unknown', () => {
		expect(stateOutput({ id: '1' })).toEqual(
			expect.objectContaining({
				id: '1',
				botAnswers: null,
				warning: expect.stringMatching(/unknown/),
			}),
		);
	});
});
