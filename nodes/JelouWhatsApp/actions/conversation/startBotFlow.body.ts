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

/** The flows of a skills answer (a list, or one in `data`); undefined when it holds no list (nothing can be checked then). */
export function listedFlows(answer: unknown): JelouSkill[] | undefined {
	const list = Array.isArray(answer) ? answer : (answer as IDataObject | undefined)?.data;
	if (!Array.isArray(list)) return undefined;
	return list.filter(
		(skill): skill is JelouSkill =>
			typeof skill === 'object' &&
			skill !== null &&
			(typeof (skill as IDataObject).id === 'number' ||
				typeof (skill as IDataObject).id === 'string'),
	);
}

/** Path of `GET /v1/bots/{botId}/skills`: the bot's flows. */
export function botFlowsPath(botId: string): string {
	return `/v1/bots/${encodeURIComponent(botId)}/skills`;
}

const LISTED_FLOWS = 10;
const flowName = (skill: JelouSkill) => `${skill.name || 'Flow'} (${skill.id})`;

/** "Main Skill (1), Orders (2) and 3 more": the active flows a user can pick from. */
function describeFlows(flows: JelouSkill[]): string {
	const names = flows.slice(0, LISTED_FLOWS).map(flowName).join(', ');
	return flows.length > LISTED_FLOWS ? `${names} and ${flows.length - LISTED_FLOWS} more` : names;
}

/**
 * The Bot Flow held against the bot's flows before anything is sent: refused when the bot has no flow of that ID or
 * it is switched off (`state: false`), naming the active flows to pick from.
 */
export function checkActiveFlow(skillId: string, flows: JelouSkill[]): JelouSkill {
	const active = flows.filter((skill) => skill.state === true);
	const pick =
		active.length > 0
			? `pick an active flow from the list, or enter its ID: ${describeFlows(active)}.`
			: undefined;
	const skill = flows.find((candidate) => String(candidate.id) === skillId);
	if (!skill)
		throw new InvalidFieldError(
			'Bot Flow',
			`"${skillId}" is not a flow of this bot`,
			pick
				? `${pick.charAt(0).toUpperCase()}${pick.slice(1)}`
				: 'This bot has no active flow: switch one on in Jelou first.',
		);
	if (skill.state !== true)
		throw new InvalidFieldError(
			'Bot Flow',
			`${flowName(skill)} is switched off in Jelou`,
			pick
				? `Switch it on in Jelou, or ${pick}`
				: 'Switch it on in Jelou: this bot has no active flow.',
		);
	return skill;
}

/** "From List" of the Bot Flow picker: only active flows (`state: true`), filtered by name or description. */
export function skillChoices(answer: unknown, filter = ''): INodeListSearchItems[] {
	const needle = filter.trim().toLowerCase();
	return (listedFlows(answer) ?? [])
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
