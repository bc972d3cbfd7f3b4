import type { IDataObject } from 'n8n-workflow';

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

/** Jelou answers the template list as `{data: [...]}` or as `{results: [...], pagination}`; both mean the same. */
export function extractTemplates(body: unknown): JelouTemplate[] {
	if (Array.isArray(body)) return body as JelouTemplate[];
	if (typeof body !== 'object' || body === null) return [];
	const { data, results } = body as { data?: unknown; results?: unknown };
	if (Array.isArray(data)) return data as JelouTemplate[];
	if (Array.isArray(results)) return results as JelouTemplate[];
	return [];
}

/** How many values a template needs: `paramsNumber`, or the length of `params` when that is missing. */
export function parameterCount(template: JelouTemplate): number | undefined {
	if (typeof template.paramsNumber === 'number') return template.paramsNumber;
	if (Array.isArray(template.params)) return template.params.length;
	return undefined;
}
