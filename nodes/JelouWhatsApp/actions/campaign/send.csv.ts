import { CsvRecordReader, csvText } from '../../../../vendor/csv';
import {
	describeBinary,
	detectSeparator,
	headerLine,
	separatorName,
	SNIFF_BYTES,
} from './send.csv-sniff';
import type { CsvSeparator } from './send.csv-sniff';
import { normalizePhoneNumber } from '../../shared/phone';
import { InvalidFieldError } from '../../shared/validation';

/**
 * Opens the CSV from its start, as chunks of bytes; called once per pass, so a file is never held in memory whole.
 * n8n's binary stream (a Node Readable) is one too.
 */
export type OpenCsv = () => AsyncIterable<Uint8Array>;

/** Jelou's rule for header names: letters, digits and `_` only. */
export const CSV_HEADER_NAME = /^[A-Za-z0-9_]+$/;
/** How many bad lines an error message lists; the count covers all of them. */
export const LISTED_BAD_LINES = 20;

export interface CsvRules {
	/** The node field the CSV came from, named in errors (e.g. "CSV File"). */
	field: string;
	/** Columns the Parameters mapping uses; each must be in the header. */
	mappedColumns: string[];
	/** Country code put in place of the leading 0 of national numbers. */
	defaultCountryCode?: string;
}

export interface BadLine {
	/** Line of the file where the row starts; the header is line 1. */
	line: number;
	reason: string;
}

interface CsvCheck {
	header: string[];
	/** Data rows that can be sent. */
	validRows: number;
	/** Rows that break a rule, in file order. */
	badLines: BadLine[];
	/** Phone numbers Jelou would refuse as written that the node can write its way (e.g. "+593 99…"). */
	phonesToRewrite: number;
	/** The file's separator; Jelou gets a comma-separated copy of a file that uses another. */
	separator: CsvSeparator;
}

/** Why a whole file cannot be used, whatever Skip Invalid Rows says; `fix` replaces the generic advice. */
class UnusableCsv extends Error {
	constructor(
		message: string,
		readonly fix?: string,
	) {
		super(message);
	}
}

/** How much of the file is read, parsed and, for a cleaned copy, written at a time, however the source hands it over. */
const PIECE_BYTES = 64 * 1024;

/** The file's bytes from its start, in pieces of at most PIECE_BYTES: a file given as one buffer is not parsed at once. */
async function* readPieces(open: OpenCsv): AsyncGenerator<Buffer> {
	for await (const chunk of open()) {
		const buffer = Buffer.isBuffer(chunk)
			? chunk
			: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		for (let at = 0; at < buffer.length; at += PIECE_BYTES)
			yield buffer.subarray(at, at + PIECE_BYTES);
	}
}

/** The start of the file, enough to tell its kind and read its header line. */
async function readStart(open: OpenCsv): Promise<Buffer> {
	const pieces: Buffer[] = [];
	let length = 0;
	for await (const piece of readPieces(open)) {
		pieces.push(piece);
		length += piece.length;
		if (length >= SNIFF_BYTES || piece.includes(0x0a)) break;
	}
	return Buffer.concat(pieces).subarray(0, SNIFF_BYTES);
}

/**
 * The separator of the file, from its header line. A file that is not text (an image, a ZIP, an Excel
 * workbook) or that separates columns with something other than comma, semicolon or tab is unusable.
 */
async function sniffSeparator(open: OpenCsv, field: string): Promise<CsvSeparator> {
	const start = await readStart(open);
	const binary = describeBinary(start);
	if (binary) {
		throw new InvalidFieldError(
			field,
			`the file looks like ${binary}, not a CSV file`,
			binary.includes('Excel')
				? 'Save it as CSV (Excel: File → Save As → CSV UTF-8), or convert it in n8n with Extract From File (XLSX) and Convert to File (CSV).'
				: 'Attach the CSV file itself: text with a header line such as phone_number,customer_name and one recipient per line.',
		);
	}
	const verdict = detectSeparator(headerLine(new TextDecoder('utf-8').decode(start)));
	if ('unsupported' in verdict) {
		throw new InvalidFieldError(
			field,
			`the file separates its columns with ${separatorName(verdict.unsupported)}`,
			'Save it with commas, semicolons or tabs between the columns (a spreadsheet\'s "CSV" or "CSV UTF-8" does), then run again.',
		);
	}
	return verdict.separator;
}

/**
 * Checks the bytes are UTF-8 (a BOM is fine); Jelou reads nothing else, and csv-parse would silently turn bad
 * bytes into "�".
 */
class Utf8Check {
	private readonly decoder = new TextDecoder('utf-8', { fatal: true });
	private lines = 1;

	check(piece: Buffer): void {
		const text = this.decode(piece);
		if (text === undefined)
			throw new UnusableCsv(`is not UTF-8 text: invalid bytes on line ${this.badLineIn(piece)}`);
		this.lines += countNewlines(text);
	}

	end(): void {
		if (this.decode() === undefined)
			throw new UnusableCsv(
				`is not UTF-8 text: the file ends in the middle of a character (line ${this.lines})`,
			);
	}

	/** The text of the next piece (none: the end of the file), undefined when the bytes are not UTF-8. */
	private decode(piece?: Buffer): string | undefined {
		try {
			return this.decoder.decode(piece, { stream: piece !== undefined });
		} catch {
			return undefined;
		}
	}

	private badLineIn(piece: Buffer): number {
		const lenient = new TextDecoder('utf-8').decode(piece);
		return this.lines + countNewlines(lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))));
	}
}

function countNewlines(text: string): number {
	let count = 0;
	for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
	return count;
}

interface ParsedRow {
	/** Line where the row starts (1 = header). */
	line: number;
	/** Position among the records, header included (0 = header). */
	index: number;
	cells: string[];
}

/**
 * The file's rows, fed piece by piece: each piece checked as UTF-8, parsed, and each record it completes handed to
 * `visit` with the line it starts on, in file order. Synchronous within a piece: no promise per row, which keeps a
 * million-row file fast.
 */
class RowReader {
	private readonly utf8 = new Utf8Check();
	private readonly records: CsvRecordReader;
	private line = 1;
	private index = 0;

	constructor(visit: (row: ParsedRow) => void, separator: CsvSeparator = ',') {
		this.records = new CsvRecordReader((cells) => {
			visit({ line: this.line, index: this.index++, cells });
			// The record's own line end plus the line breaks inside its quoted values; cheaper than csv-parse's `info`.
			this.line += 1;
			for (const cell of cells) if (cell.includes('\n')) this.line += countNewlines(cell);
		}, separator);
	}

	read(piece: Buffer): void {
		this.utf8.check(piece);
		this.records.write(piece);
	}

	end(): void {
		this.utf8.end();
		this.records.end();
	}
}

function toUnusable(error: unknown): Error {
	if (error instanceof UnusableCsv) return error;
	const { code, lines } = error as { code?: unknown; lines?: number };
	if (typeof code === 'string' && (code.startsWith('CSV_') || code.endsWith('_QUOTE'))) {
		return new UnusableCsv(
			`has a quote (") that is not closed or sits inside a value, around line ${lines ?? '?'}`,
		);
	}
	return error instanceof Error ? error : new Error(String(error));
}

function isBlank(cells: string[]): boolean {
	return cells.length === 1 && cells[0].trim() === '';
}

/** Header problems make the whole file unusable: every row depends on the header. */
function checkHeader(header: string[], rules: CsvRules): string[] {
	const problems: string[] = [];
	header.forEach((name, position) => {
		if (name === '') problems.push(`column ${position + 1} of the header has no name`);
		else if (!CSV_HEADER_NAME.test(name))
			problems.push(`header name "${name}" has characters other than letters, digits and _`);
	});
	const seen = new Set<string>();
	for (const name of header) {
		if (name !== '' && seen.has(name))
			problems.push(`header name "${name}" appears more than once`);
		seen.add(name);
	}
	for (const column of new Set(rules.mappedColumns)) {
		if (!header.includes(column))
			problems.push(
				`the Parameters use column "${column}", which is not in the header (${header.join(', ')})`,
			);
	}
	return problems;
}

interface RowVerdict {
	reason?: string;
	/** The phone number as Jelou wants it, when it differs from the file's. */
	rewrittenPhone?: string;
}

function checkRow(
	cells: string[],
	header: string[],
	mappedPositions: Array<[column: string, position: number]>,
	rules: CsvRules,
): RowVerdict {
	if (isBlank(cells)) return { reason: 'blank line' };
	if (cells.length !== header.length)
		return { reason: `has ${cells.length} values, the header has ${header.length} columns` };
	let phone: string;
	try {
		phone = normalizePhoneNumber(cells[0], header[0], rules.defaultCountryCode);
	} catch (error) {
		return { reason: error instanceof InvalidFieldError ? error.problem : String(error) };
	}
	for (const [column, position] of mappedPositions) {
		if (cells[position].trim() === '')
			return { reason: `"${column}" is empty; WhatsApp refuses empty parameters` };
	}
	return phone === cells[0] ? {} : { rewrittenPhone: phone };
}

/**
 * Checks a campaign CSV against Jelou's rules in one streaming pass (memory stays flat however long
 * the file): UTF-8, a header of distinct letter/digit/_ names holding every mapped column, phone
 * numbers in the first column, every row as wide as the header, at least one row.
 * A problem with the file as a whole throws InvalidFieldError; bad rows are returned.
 */
export async function checkCampaignCsv(open: OpenCsv, rules: CsvRules): Promise<CsvCheck> {
	const separator = await sniffSeparator(open, rules.field);
	let header: string[] | undefined;
	let mappedPositions: Array<[string, number]> = [];
	const badLines: BadLine[] = [];
	let validRows = 0;
	let phonesToRewrite = 0;
	let failure: unknown;
	const visit = ({ line, index, cells }: ParsedRow): void => {
		if (index === 0) {
			if (isBlank(cells))
				throw new UnusableCsv('starts with a blank line; the first line must be the header');
			header = cells;
			const problems = checkHeader(header, rules);
			if (problems.length > 0) throw new UnusableCsv(`has a bad header: ${problems.join('; ')}`);
			mappedPositions = [...new Set(rules.mappedColumns)].map((column) => [
				column,
				header!.indexOf(column),
			]);
			return;
		}
		const verdict = checkRow(cells, header!, mappedPositions, rules);
		if (index === 1 && verdict.reason) requirePhonesFirst(cells, header!, rules);
		if (verdict.reason) badLines.push({ line, reason: verdict.reason });
		else {
			validRows++;
			if (verdict.rewrittenPhone) phonesToRewrite++;
		}
	};
	try {
		const rows = new RowReader(visit, separator);
		for await (const piece of readPieces(open)) rows.read(piece);
		rows.end();
	} catch (error) {
		failure = toUnusable(error);
	}
	if (failure instanceof UnusableCsv)
		throw new InvalidFieldError(
			rules.field,
			`the file ${failure.message}`,
			failure.fix ?? unusableFix(rules.field),
		);
	if (failure) throw failure;
	if (!header)
		throw new InvalidFieldError(
			rules.field,
			'the file is empty',
			'Use a CSV whose first line is the header, e.g. phone_number,customer_name, with one recipient per line below it.',
		);
	if (validRows + badLines.length === 0) {
		throw new InvalidFieldError(
			rules.field,
			'the file has a header but no recipients',
			'Add one line per recipient below the header.',
		);
	}
	return { header, validRows, badLines, phonesToRewrite, separator };
}

/**
 * Jelou reads the phone numbers from the first column. When the first data row has none there but another
 * column holds one, the file as a whole is in the wrong shape: say which column and what to do.
 */
function requirePhonesFirst(cells: string[], header: string[], rules: CsvRules): void {
	const position = cells.findIndex((cell, index) => {
		if (index === 0 || cell.trim() === '') return false;
		try {
			normalizePhoneNumber(cell, header[index] ?? '', rules.defaultCountryCode);
			return true;
		} catch {
			return false;
		}
	});
	if (position < 1) return;
	const name = header[position] ?? `column ${position + 1}`;
	throw new UnusableCsv(
		`has the phone numbers in column ${position + 1} ("${name}"), but Jelou reads them from the first column ("${header[0]}")`,
		`Move the "${name}" column to the front, so it is the first column of the file, and run again.`,
	);
}

function unusableFix(field: string): string {
	return `Save the ${field} as "CSV UTF-8" with a header of letters, digits and _ only (e.g. phone_number,customer_name), and map the Parameters to its column names.`;
}

/** "Line 3: …" for the first LISTED_BAD_LINES bad lines, and how many more there are. */
export function listBadLines(badLines: BadLine[]): string {
	const listed = badLines
		.slice(0, LISTED_BAD_LINES)
		.map(({ line, reason }) => `Line ${line}: ${reason}`);
	if (badLines.length > LISTED_BAD_LINES)
		listed.push(`… and ${badLines.length - LISTED_BAD_LINES} more`);
	return listed.join('\n');
}

/** The error for a file with bad rows when Skip Invalid Rows is off: the count, the first lines, the fix. */
export function badLinesError(field: string, badLines: BadLine[]): InvalidFieldError {
	const rows = badLines.length === 1 ? '1 row breaks' : `${badLines.length} rows break`;
	return new InvalidFieldError(
		field,
		`${rows} Jelou's CSV rules; nothing was sent`,
		`${listBadLines(badLines)}\n\nCorrect these lines, or turn on Options → Skip Invalid Rows to send the other rows only.`,
	);
}

/**
 * The CSV to upload when the file itself cannot go as it is: bad rows dropped and phone numbers written
 * as Jelou wants them. A second pass over a fresh read of the file, written (re-quoted) piece by piece as
 * the upload reads it.
 */
export async function* cleanedCampaignCsv(
	open: OpenCsv,
	rules: CsvRules,
	separator: CsvSeparator = ',',
): AsyncGenerator<Buffer> {
	let header: string[] = [];
	let mappedPositions: Array<[string, number]> = [];
	let kept: string[][] = [];
	const keep = ({ index, cells }: ParsedRow): void => {
		if (index === 0) {
			header = cells;
			mappedPositions = [...new Set(rules.mappedColumns)].map((column) => [
				column,
				header.indexOf(column),
			]);
			kept.push(header);
			return;
		}
		const verdict = checkRow(cells, header, mappedPositions, rules);
		if (!verdict.reason)
			kept.push(verdict.rewrittenPhone ? [verdict.rewrittenPhone, ...cells.slice(1)] : cells);
	};
	const rows = new RowReader(keep, separator);
	const written = (): Buffer => {
		const text = csvText(kept);
		kept = [];
		return Buffer.from(text);
	};
	for await (const piece of readPieces(open)) {
		rows.read(piece);
		if (kept.length > 0) yield written();
	}
	rows.end();
	if (kept.length > 0) yield written();
}

/** Rows per chunk of a CSV built from rows: about 64 KB of typical recipients. */
const ROWS_PER_CHUNK = 1000;

/** A CSV built from rows already checked (Campaign from Incoming Items), written a thousand rows at a time. */
export function csvFromRows(header: string[], rows: string[][]): OpenCsv {
	return async function* () {
		yield Buffer.from(csvText([header]));
		for (let at = 0; at < rows.length; at += ROWS_PER_CHUNK)
			yield Buffer.from(csvText(rows.slice(at, at + ROWS_PER_CHUNK)));
	};
}

/** The first `count` rows after the header, as objects keyed by the header: what a dry run shows of the file. */
export async function firstCsvRows(
	open: OpenCsv,
	count: number,
): Promise<Array<Record<string, string>>> {
	const records: string[][] = [];
	const reader = new CsvRecordReader((cells) => records.push(cells));
	for await (const piece of readPieces(open)) {
		reader.write(piece);
		// Stops reading (and closes the file) once the header and `count` rows are in.
		if (records.length > count) break;
	}
	if (records.length <= count) reader.end();
	const [header = [], ...rows] = records.slice(0, count + 1);
	return rows.map((cells) =>
		Object.fromEntries(header.map((name, position) => [name, cells[position] ?? ''])),
	);
}
