/** The part of csv-parse's lib/api/index.js (6.x) that csv.ts uses. */
export interface CsvParseOptions {
	bom?: boolean;
	delimiter?: string;
	relax_column_count?: boolean;
	skip_empty_lines?: boolean;
}

export interface CsvParseApi {
	/**
	 * Parses `chunk` on from what earlier calls left (`undefined` with `end` = the end of the input), handing each
	 * record to `push`; returns csv-parse's error (`code`, `lines`) instead of throwing it.
	 */
	parse(
		chunk: Buffer | undefined,
		end: boolean,
		push: (record: string[]) => void,
		close: () => void,
	): Error | undefined;
}

export function transform(options: CsvParseOptions): CsvParseApi;
