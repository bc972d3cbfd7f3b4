import type { IDataObject } from 'n8n-workflow';

/** WhatsApp's template categories, as the editor offers them. */
export const TEMPLATE_CATEGORIES = [
	{
		name: 'Authentication',
		value: 'AUTHENTICATION',
		description: 'One-time codes; Meta fixes the text',
	},
	{ name: 'Marketing', value: 'MARKETING', description: 'Promotions, offers, news' },
	{
		name: 'Utility',
		value: 'UTILITY',
		description: 'Updates about an order, account or appointment',
	},
] as const;
export const TEMPLATE_CATEGORY_VALUES = TEMPLATE_CATEGORIES.map((category) => category.value);
export const TEMPLATE_STATUSES = ['APPROVED', 'PENDING', 'REJECTED'] as const;

/** A template as Jelou lists it (`GET /v1/bots/{botId}/templates`). */
export interface JelouTemplate extends IDataObject {
	elementName: string;
	displayName?: string;
	template?: string;
	language?: string;
	status?: string;
	category?: string;
	type?: string;
	paramsNumber?: number;
	params?: Array<{ param: string; label?: string }>;
}

/** One entry of a send's `buttonParameters`: the values of the template's buttons, by button kind. */
export type HsmButtonParameter =
	| { type: 'URL'; param: string }
	| { type: 'QUICK_REPLY'; action: string; skillId: string; payloadType?: string }
	| { type: 'CATALOG'; thumbnailProduct: string }
	| { type: 'COPY_CODE'; index: number; code: string };

/** One card of a carousel template, as a send fills it. */
export interface HsmCard {
	mediaUrl: string;
	params: string[];
	buttonParameters: HsmButtonParameter[];
}

/** How many values a template needs: `paramsNumber`, or the length of `params` when that is missing. */
export function parameterCount(template: JelouTemplate): number | undefined {
	if (typeof template.paramsNumber === 'number') return template.paramsNumber;
	if (Array.isArray(template.params)) return template.params.length;
	return undefined;
}

export function describeTemplate(template: JelouTemplate): string {
	const count = parameterCount(template);
	const details = [
		template.elementName,
		template.language,
		count === undefined ? undefined : `${count} parameter${count === 1 ? '' : 's'}`,
	];
	return `${template.displayName || template.elementName} (${details.filter(Boolean).join(', ')})`;
}

const PLACEHOLDER = /\{\{(\d+)\}\}/g;

/** The distinct `{{n}}` numbers of a text, in ascending order. */
export function placeholderNumbers(value: string): number[] {
	return [...new Set([...value.matchAll(PLACEHOLDER)].map((match) => Number(match[1])))].sort(
		(a, b) => a - b,
	);
}

/** `text` with every `{{n}}` replaced by `examples[n - 1]`. */
export function fillPlaceholders(value: string, examples: string[]): string {
	return value.replace(PLACEHOLDER, (whole, n: string) => examples[Number(n) - 1] ?? whole);
}
