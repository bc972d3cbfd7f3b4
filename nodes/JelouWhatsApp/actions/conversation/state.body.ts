import type { IDataObject } from 'n8n-workflow';

import { InvalidFieldError, numberOf } from '../../shared/validation';

/** Who answers the customer: Jelou's bot (`auto`) or a person or outside system (`manual`). */
export type BotState = 'auto' | 'manual';
export type ResumeUnit = 'minutes' | 'hours';

const SECONDS_PER: Record<ResumeUnit, number> = { minutes: 60, hours: 3600 };
export const RESUME_AFTER_FIELD = 'Resume Automatically After';
/**
 * The longest pause the node sends as a ttl. Jelou documents no bound; no real pause needs more than 30 days, and a
 * longer one is a mistake (a date or a number of seconds typed as minutes). Longer: no ttl, paused until Resume Bot.
 */
export const MAX_RESUME_AFTER_DAYS = 30;
const MAX_RESUME_AFTER_SECONDS = MAX_RESUME_AFTER_DAYS * 86_400;

/**
 * Jelou's `ttl` (seconds until the manual state ends by itself) from Resume Automatically After and its unit;
 * undefined when the option is not set (the bot stays paused until Resume Bot).
 */
export function resumeAfterSeconds(amount: unknown, unit: unknown = 'minutes'): number | undefined {
	if (amount === undefined || amount === null || amount === '') return undefined;
	const fix =
		'Enter how long until the bot answers again, e.g. 30 (minutes), or remove the option.';
	const value = numberOf(RESUME_AFTER_FIELD, amount, fix);
	if (unit !== 'minutes' && unit !== 'hours')
		throw new InvalidFieldError(
			'Time Unit',
			`"${String(unit)}" is not minutes or hours`,
			'Pick Minutes or Hours.',
		);
	const seconds = Math.round(value * SECONDS_PER[unit]);
	if (!(seconds >= 1))
		throw new InvalidFieldError(RESUME_AFTER_FIELD, `${value} ${unit} is not a time ahead`, fix);
	if (seconds > MAX_RESUME_AFTER_SECONDS)
		throw new InvalidFieldError(
			RESUME_AFTER_FIELD,
			`${value} ${unit} is more than ${MAX_RESUME_AFTER_DAYS} days`,
			`Enter at most ${MAX_RESUME_AFTER_DAYS} days (${MAX_RESUME_AFTER_SECONDS / 60} minutes or ${MAX_RESUME_AFTER_SECONDS / 3600} hours). For a longer pause remove the option: the bot then stays paused until Resume Bot.`,
		);
	return seconds;
}

/** The body of `POST /v1/users/state`, in the order of Jelou's example. */
export function userStateBody(change: {
	botId: string;
	userId: string;
	state: BotState;
	ttl?: number;
}): IDataObject {
	const body: IDataObject = {};
	if (change.ttl !== undefined) body.ttl = change.ttl;
	return { ...body, botId: change.botId, userId: change.userId, state: change.state };
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The user object Jelou answers, with `botAnswers` beside its fields: true when the bot answers (`auto`),
 * false when a person does (`manual`). When a state change is answered without the user object, the item
 * shows the state asked for and says so.
 */
export function stateOutput(
	answer: unknown,
	requested?: { userId: string; state: BotState },
): IDataObject {
	if (isObject(answer) && (answer.state === 'auto' || answer.state === 'manual'))
		return { ...answer, botAnswers: answer.state === 'auto' };
	const jelouAnswer = answer === undefined ? '' : JSON.stringify(answer);
	if (requested)
		return {
			id: requested.userId,
			state: requested.state,
			botAnswers: requested.state === 'auto',
			warning: `Jelou answered with success but without the customer's state, so the change was probably made. Check it with Conversation → Get State.`,
			jelouAnswer,
		};
	return {
		...(isObject(answer) ? answer : {}),
		botAnswers: null,
		warning:
			'Jelou answered without a state of auto or manual, so who answers the customer is unknown.',
		jelouAnswer,
	};
}
