import type { ResourceMapperField } from 'n8n-workflow';

import { parameterCount } from './model';
import type { JelouTemplate } from './model';

/**
 * One field per variable of the template, in order, named after the label Jelou keeps for it
 * (`{{1}} customer`); `{{n}}` alone when the template has no labels. Every variable is required:
 * WhatsApp refuses a template with a value missing.
 */
export function templateVariableFields(template: JelouTemplate): ResourceMapperField[] {
	const labels = new Map(
		(template.params ?? []).map(({ param, label }) => [Number(param), String(label ?? '').trim()]),
	);
	const count = parameterCount(template) ?? 0;
	return Array.from({ length: count }, (_, position) => {
		const number = position + 1;
		const label = labels.get(number);
		return {
			id: String(number),
			displayName: label ? `{{${number}}} ${label}` : `{{${number}}}`,
			required: true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		};
	});
}

/** The mapped values in the order of the template's variables: `{"2": "A1", "1": "Maria"}` → `["Maria", "A1"]`. */
export function orderedVariableValues(
	mapped: Record<string, unknown> | null | undefined,
): string[] {
	return Object.entries(mapped ?? {})
		.filter(([id]) => /^\d+$/.test(id))
		.sort(([a], [b]) => Number(a) - Number(b))
		.map(([, value]) =>
			value === undefined || value === null
				? ''
				: typeof value === 'object'
					? JSON.stringify(value)
					: String(value),
		);
}
