import type { IDataObject } from 'n8n-workflow';

import { InvalidFieldError } from './validation';

export interface ButtonPayloadEntry {
	type?: string;
	action?: string;
	skillId?: string | number;
}

/**
 * `buttonPayloads` of a template send or campaign: one `{type, action, skillId}` per quick-reply button,
 * so the button the customer taps starts that skill (
 * https://docs.jelou.ai/en/api/campanas/envio-individual, "Button configuration").
 */
export function buildButtonPayloads(
	entries: ButtonPayloadEntry[],
	field = 'Button Payloads',
): IDataObject[] {
	return entries.map((entry, position) => {
		const action = String(entry.action ?? '').trim();
		const skillId = String(entry.skillId ?? '').trim();
		if (action === '') {
			throw new InvalidFieldError(
				field,
				`button ${position + 1} has no Action`,
				'Enter the button text exactly as approved in the template.',
			);
		}
		if (skillId === '') {
			throw new InvalidFieldError(
				field,
				`button ${position + 1} ("${action}") has no Skill ID`,
				'Enter the ID of the skill this button starts.',
			);
		}
		return { type: entry.type || 'edge', action, skillId };
	});
}

export interface ActionsInput {
	setSkillId?: string | number;
	memoryParams?: Array<{ key?: string; value?: unknown }>;
}

/** `actions` of a template send or campaign: `setSkill` and `setMemoryParams` (kept by Jelou for 3 months). */
export function buildActions(input: ActionsInput, field = 'Actions'): IDataObject | undefined {
	const actions: IDataObject = {};
	const skillId = String(input.setSkillId ?? '').trim();
	if (skillId !== '') actions.setSkill = { id: /^\d+$/.test(skillId) ? Number(skillId) : skillId };
	const memory: IDataObject = {};
	for (const { key, value } of input.memoryParams ?? []) {
		const name = String(key ?? '').trim();
		if (name === '')
			throw new InvalidFieldError(
				field,
				'a memory parameter has no key',
				'Give every memory parameter a key, e.g. url.',
			);
		memory[name] = value as IDataObject[string];
	}
	if (Object.keys(memory).length > 0) actions.setMemoryParams = memory;
	return Object.keys(actions).length > 0 ? actions : undefined;
}

/**
 * Extra body fields typed as JSON, for fields Jelou adds after this node was written. They may add
 * fields but not replace one the node already fills, so a checked value cannot be overwritten unseen.
 */
export function mergeAdditionalBodyFields(
	body: IDataObject,
	raw: unknown,
	field = 'Additional Body Fields (JSON)',
): IDataObject {
	if (raw === undefined || raw === null || raw === '') return body;
	let extra: unknown = raw;
	if (typeof raw === 'string') {
		try {
			extra = JSON.parse(raw);
		} catch {
			extra = undefined;
		}
	}
	if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
		throw new InvalidFieldError(
			field,
			'is not a JSON object',
			'Enter an object such as {"buttonOptions": {}}, or leave it empty.',
		);
	}
	const clashes = Object.keys(extra).filter((key) => key in body);
	if (clashes.length > 0) {
		throw new InvalidFieldError(
			field,
			`sets ${clashes.join(', ')}, which the node's own fields already set`,
			'Use the node field for it instead, or remove it from the JSON.',
		);
	}
	return { ...body, ...(extra as IDataObject) };
}
