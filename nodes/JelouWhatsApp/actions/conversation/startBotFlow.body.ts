import type { IDataObject, INodeListSearchItems } from 'n8n-workflow';

import { InvalidFieldError, textOf } from '../../shared/validation';

/** Jelou moves a customer to a bot flow only inside the customer's 24-hour session. */
export const ACTIVE_SESSION_RULE =
	'Jelou starts a bot flow only for a customer who wrote to the bot in the last 24 hours (an active session).';

/** The Bot Flow's ID (Jelou's skill ID), from the picker or typed. */
export function readSkillId(raw: unknown): string {
	const id = textOf('Bot Flow', raw).trim();
	if (id === '')
		throw new InvalidFieldError(
			'Bot Flow',
			'is empty',
			'Pick a bot flow from the list, or enter its ID (a number such as 2).',
		);
	if (/[/?#\s]/.test(id))
		throw new InvalidFieldError(
			'Bot Flow',
			`"${id}" is not a bot flow ID`,
			'Enter the ID of the flow as Jelou shows it, e.g. 2, or pick it from the list.',
		);
	return id;
}

/** Path of `POST /v1/bots/{botId}/users/{userId}/skill/{skillId}`. */
export function startBotFlowPath(botId: string, userId: string, skillId: string): string {
	return `/v1/bots/${encodeURIComponent(botId)}/users/${encodeURIComponent(userId)}/skill/${encodeURIComponent(skillId)}`;
}

/** The body: `memoryParams` only when there are values for the flow. */
export function startBotFlowBody(values: IDataObject): IDataObject {
	return Object.keys(values).length > 0 ? { memoryParams: values } : {};
}

/** A skill as `GET /v1/bots/{botId}/skills` lists it. */
export interface JelouSkill extends IDataObject {
	id: number | string;
	name?: string;
	description?: string;
	state?: boolean;
}

export function skillsOf(answer: unknown): JelouSkill[] {
	const list = Array.isArray(answer)
		? answer
		: Array.isArray((answer as IDataObject | undefined)?.data)
			? ((answer as IDataObject).data as unknown[])
			: [];
	return list.filter(
		(skill): skill is JelouSkill =>
			typeof skill === 'object' &&
			skill !== null &&
			(typeof (skill as IDataObject).id === 'number' ||
				typeof (skill as IDataObject).id === 'string'),
	);
}

/** "From List" of the Bot Flow picker: only active flows (`state: true`), filtered by name or description. */
export function skillChoices(answer: unknown, filter = ''): INodeListSearchItems[] {
	const needle = filter.trim().toLowerCase();
	return skillsOf(answer)
		.filter((skill) => skill.state === true)
		.filter(
			(skill) =>
				needle === '' ||
				`${skill.name ?? ''} ${skill.description ?? ''} ${skill.id}`.toLowerCase().includes(needle),
		)
		.sort((a, b) => String(a.name ?? '').localeCompare(String(b.name ?? '')))
		.map((skill) => ({
			name: `${skill.name || `Flow ${skill.id}`}${skill.default === true ? ' (default)' : ''}`,
			value: String(skill.id),
			description: skill.description || undefined,
		}));
}
