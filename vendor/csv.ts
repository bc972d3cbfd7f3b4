/**
 * CSV reading and writing for campaign files, on csv-parse's record parser and csv-stringify's synchronous writer:
 * no Node stream. The libraries come in through csv-parse.js and csv-stringify.js beside this file; `npm run build`
 * writes them to dist/vendor/ as bundles of the libraries themselves (scripts/bundle-vendor.js), so
 * the package has no runtime dependency and its code imports only relative paths. The node's code imports this
 * file as `../../../../vendor/csv`: the same path from nodes/ in the sources and from dist/nodes/ once built.
 */
import { stringify } from './csv-stringify';
import { transform } from './csv-parse';
import type { CsvParseApi } from './csv-parse';

/**
 * Parses CSV bytes fed chunk by chunk, handing each record (its cells) to `onRecord` as soon as it is complete.
 * A UTF-8 BOM is skipped; a row may have any number of cells; a blank line is a record of one empty cell.
 * A quote that is not closed or sits inside a value throws csv-parse's error: its `code` and `lines` (where it stopped).
 */
export class CsvRecordReader {
	private readonly parser: CsvParseApi;

	constructor(
		private readonly onRecord: (cells: string[]) => void,
		delimiter = ',',
	) {
		this.parser = transform({
			bom: true,
			delimiter,
			relax_column_count: true,
			skip_empty_lines: false,
		});
	}

	write(chunk: Buffer): void {
		this.parse(chunk, false);
	}

	/** The end of the input: the last record, when the file does not end with a line break. */
	end(): void {
		this.parse(undefined, true);
	}

	private parse(chunk: Buffer | undefined, end: boolean): void {
		const error = this.parser.parse(chunk, end, this.onRecord, () => undefined);
		if (error) throw error;
	}
}

/** Records as CSV text: comma-separated, one line each ending in "\n", values quoted where they need it. */
export function csvText(records: string[][]): string {
	return stringify(records);
}
