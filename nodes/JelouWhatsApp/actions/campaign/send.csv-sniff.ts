/** The separators a CSV saved by a spreadsheet uses: comma, semicolon (Excel in Spanish or Portuguese), tab. */
const CSV_SEPARATORS = [',', ';', '\t'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

/** Characters people or tools use to separate columns that Jelou does not read. */
const OTHER_SEPARATORS = ['|', ':', '^', '~', '#', '/'];

/** How much of the file's start is read to find its kind and its header line. */
export const SNIFF_BYTES = 64 * 1024;

const SEPARATOR_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
export const separatorName = (separator: string): string =>
	SEPARATOR_NAMES[separator] ?? `"${separator}"`;

/** Files people attach by mistake, told apart by their first bytes. */
const SIGNATURES: Array<{ bytes: number[]; kind: (start: Buffer) => string }> = [
	{
		bytes: [0x50, 0x4b, 0x03, 0x04],
		kind: (start) =>
			start.includes('xl/')
				? 'an Excel workbook (.xlsx)'
				: start.includes('word/')
					? 'a Word document (.docx)'
					: 'a ZIP archive (an Excel workbook is one too)',
	},
	{
		bytes: [0xd0, 0xcf, 0x11, 0xe0],
		kind: () => 'an Excel 97-2003 workbook (.xls) or another Office file',
	},
	{ bytes: [0x25, 0x50, 0x44, 0x46], kind: () => 'a PDF document' },
	{ bytes: [0x89, 0x50, 0x4e, 0x47], kind: () => 'a PNG image' },
	{ bytes: [0xff, 0xd8, 0xff], kind: () => 'a JPEG image' },
	{ bytes: [0x47, 0x49, 0x46, 0x38], kind: () => 'a GIF image' },
	{ bytes: [0x1f, 0x8b], kind: () => 'a gzip archive' },
];

/**
 * What the file looks like when it is not text at all ("an Excel workbook (.xlsx)"), from its first bytes;
 * undefined when it may be text. A NUL byte never occurs in a text CSV.
 */
export function describeBinary(start: Buffer): string | undefined {
	for (const { bytes, kind } of SIGNATURES) {
		if (start.length >= bytes.length && bytes.every((byte, index) => start[index] === byte))
			return kind(start);
	}
	if (start.subarray(0, 8192).includes(0)) return 'a binary file, not text';
	return undefined;
}

/** The first line of the text, ignoring line breaks inside quoted values; a leading BOM removed. */
export function headerLine(text: string): string {
	const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
	let quoted = false;
	for (let index = 0; index < body.length; index++) {
		const char = body[index];
		if (char === '"') quoted = !quoted;
		else if (!quoted && (char === '\n' || char === '\r')) return body.slice(0, index);
	}
	return body;
}

/** How often each character occurs in `line` outside quoted values. */
function countOutsideQuotes(line: string, characters: string[]): Map<string, number> {
	const counts = new Map(characters.map((character) => [character, 0]));
	let quoted = false;
	for (const char of line) {
		if (char === '"') quoted = !quoted;
		else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
	}
	return counts;
}

type SeparatorVerdict = { separator: CsvSeparator } | { unsupported: string };

/**
 * The separator of a CSV, read off its header line: the most frequent of comma, semicolon and tab. A header
 * of one column has none and reads as comma. A header split by anything else (say "|") names what it found.
 */
export function detectSeparator(line: string): SeparatorVerdict {
	const counts = countOutsideQuotes(line, [...CSV_SEPARATORS, ...OTHER_SEPARATORS]);
	let best: CsvSeparator | undefined;
	for (const separator of CSV_SEPARATORS) {
		if (
			counts.get(separator)! > 0 &&
			(best === undefined || counts.get(separator)! > counts.get(best)!)
		)
			best = separator;
	}
	if (best) return { separator: best };
	const other = OTHER_SEPARATORS.filter((separator) => counts.get(separator)! > 0).sort(
		(a, b) => counts.get(b)! - counts.get(a)!,
	)[0];
	return other ? { unsupported: other } : { separator: ',' };
}
