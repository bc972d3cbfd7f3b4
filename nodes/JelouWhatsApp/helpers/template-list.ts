import { InvalidFieldError } from './validation';

const STATUSES = ['APPROVED', 'PENDING', 'REJECTED'];
const CATEGORIES = ['AUTHENTICATION', 'MARKETING', 'UTILITY'];

export interface TemplateListFilters {
	status?: string;
	category?: string;
	query?: string;
}

function choice(field: string, value: string | undefined, allowed: string[]): string | undefined {
	const text = String(value ?? '')
		.trim()
		.toUpperCase();
	if (text === '') return undefined;
	if (!allowed.includes(text)) {
		throw new InvalidFieldError(
			field,
			`"${String(value)}" is not one of ${allowed.join(', ')}`,
			`Use one of: ${allowed.join(', ')}.`,
		);
	}
	return text;
}

/** The query of `GET /v1/bots/{botId}/templates` with only the filters that are set. */
export function buildTemplateListQuery(filters: TemplateListFilters): Record<string, string> {
	const query: Record<string, string> = {};
	const status = choice('Status', filters.status, STATUSES);
	const category = choice('Category', filters.category, CATEGORIES);
	const search = String(filters.query ?? '').trim();
	if (search !== '') query.query = search;
	if (status) query.status = status;
	if (category) query.category = category;
	return query;
}

/** The next page to ask for when Jelou answered `{results, pagination}` and there is more; else undefined. */
export function nextTemplatePage(answer: unknown): number | undefined {
	if (typeof answer !== 'object' || answer === null) return undefined;
	const { pagination, results } = answer as {
		pagination?: { page?: unknown; totalPages?: unknown };
		results?: unknown;
	};
	if (!pagination || !Array.isArray(results) || results.length === 0) return undefined;
	const page = Number(pagination.page);
	const totalPages = Number(pagination.totalPages);
	if (!Number.isInteger(page) || !Number.isInteger(totalPages) || page >= totalPages)
		return undefined;
	return page + 1;
}
