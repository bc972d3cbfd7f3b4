import type { IDataObject } from 'n8n-workflow';

import type { JelouClient } from './client';

/** Jelou's paged lists hold at most 50 entries a page. */
const MAX_PAGE_SIZE = 50;
// Bounds a server that never names its last page.
const MAX_PAGES = 1000;

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One page of a Jelou list: its entries and, when Jelou names it, the page count. Jelou's docs show two shapes:
 * `{pagination, results}` and the same inside `data` (`{message, status, data: {results, pagination}}`, the current
 * API reference).
 */
export function resultsPage(answer: unknown): { entries: IDataObject[]; totalPages?: number } {
	const wrapped = isObject(answer) ? answer.data : undefined;
	const body = isObject(wrapped) && Array.isArray(wrapped.results) ? wrapped : answer;
	if (!isObject(body)) return { entries: [] };
	const entries = Array.isArray(body.results) ? body.results.filter(isObject) : [];
	const totalPages = Number(isObject(body.pagination) ? body.pagination.totalPages : undefined);
	return Number.isFinite(totalPages) && totalPages > 0 ? { entries, totalPages } : { entries };
}

/** How to walk one of Jelou's lists: the query of a page, and what a page's answer holds. */
interface PageWalk<T> {
	path: string;
	itemIndex?: number;
	/** `page` is undefined for the first request. */
	query(page: number | undefined): Record<string, string | number> | undefined;
	/** The page's entries and the page to ask for next (undefined on the last page). */
	read(answer: unknown, page: number | undefined): { entries: T[]; next?: number };
}

/**
 * The one pager: the entries of a Jelou list, page after page, up to `limit` (every entry when undefined).
 * `complete` is true when the last page was reached, so the list holds every entry Jelou has.
 */
export async function collectPages<T>(
	client: JelouClient,
	walk: PageWalk<T>,
	limit?: number,
): Promise<{ entries: T[]; complete: boolean }> {
	const entries: T[] = [];
	let page: number | undefined;
	for (let requests = 0; requests < MAX_PAGES; requests++) {
		const answer = await client.request<unknown>({
			method: 'GET',
			path: walk.path,
			query: walk.query(page),
			itemIndex: walk.itemIndex,
		});
		const read = walk.read(answer, page);
		entries.push(...read.entries);
		if (limit !== undefined && entries.length >= limit)
			return { entries: entries.slice(0, limit), complete: read.next === undefined };
		if (read.next === undefined) return { entries, complete: true };
		page = read.next;
	}
	return { entries, complete: false };
}

interface PagedRequest {
	path: string;
	/** The query of one page; `pageSize` is what to ask for as `limit`. */
	query(page: number, pageSize: number): Record<string, string | number>;
	itemIndex?: number;
}

/**
 * The entries of a Jelou list answered as `{pagination, results}` (or that in `data`) and asked for with `page`/`limit`, up to
 * `limit`. Stops at the last page Jelou names or at a short page.
 */
export async function requestPagedResults(
	client: JelouClient,
	request: PagedRequest,
	limit?: number,
): Promise<IDataObject[]> {
	// Every page asks for the same size: Jelou's page N starts at (N − 1) × limit, so a shorter last page would
	// repeat earlier entries. What goes past `limit` is cut off.
	const pageSize = limit === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit);
	const { entries } = await collectPages<IDataObject>(
		client,
		{
			path: request.path,
			itemIndex: request.itemIndex,
			query: (page) => request.query(page ?? 1, pageSize),
			read: (answer, page = 1) => {
				const { entries: pageEntries, totalPages } = resultsPage(answer);
				const last =
					pageEntries.length < pageSize || (totalPages !== undefined && page >= totalPages);
				return { entries: pageEntries, next: last ? undefined : page + 1 };
			},
		},
		limit,
	);
	return entries;
}
