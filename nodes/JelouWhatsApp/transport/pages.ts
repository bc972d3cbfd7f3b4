import type { IDataObject } from 'n8n-workflow';

import type { JelouClient } from './client';

/** Jelou's paged lists hold at most 50 entries a page. */
const MAX_PAGE_SIZE = 50;

interface ResultsPage {
	pagination?: { totalPages?: number };
	results?: IDataObject[];
}

interface PagedRequest {
	path: string;
	/** The query of one page; `pageSize` is what to ask for as `limit`. */
	query(page: number, pageSize: number): Record<string, string | number>;
	itemIndex?: number;
}

/**
 * The entries of a Jelou list answered as `{pagination, results}`, page after page, up to `limit`
 * (every entry when undefined). Stops at the last page Jelou names or at a short page.
 */
export async function requestPagedResults(
	client: JelouClient,
	request: PagedRequest,
	limit?: number,
): Promise<IDataObject[]> {
	const entries: IDataObject[] = [];
	for (let page = 1; limit === undefined || entries.length < limit; page++) {
		const pageSize =
			limit === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit - entries.length);
		const answer = await client.request<ResultsPage>({
			method: 'GET',
			path: request.path,
			query: request.query(page, pageSize),
			itemIndex: request.itemIndex,
		});
		const results = Array.isArray(answer?.results) ? answer.results : [];
		entries.push(...results);
		const totalPages = answer?.pagination?.totalPages;
		if (results.length < pageSize || (typeof totalPages === 'number' && page >= totalPages)) break;
	}
	return limit === undefined ? entries : entries.slice(0, limit);
}
