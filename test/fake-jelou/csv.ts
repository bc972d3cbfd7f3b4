export interface CsvTable {
	header: string[];
	rows: string[][];
}

const HEADER_NAME = /^[A-Za-z0-9_]+$/;

/**
 * Parses an uploaded campaign CSV the way Jelou's rules read it: UTF-8 (a BOM is fine), RFC 4180 quoting,
 * a header of letters, digits and `_`, every row as wide as the header. Undefined when it breaks any of that.
 */
export function parseCampaignCsv(content: Buffer): CsvTable | undefined {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(content);
	} catch {
		return undefined;
	}
	const records = parseRecords(text);
	if (!records || records.length === 0) return undefined;
	const [header, ...rows] = records;
	if (!header.every((name) => HEADER_NAME.test(name))) return undefined;
	if (new Set(header).size !== header.length) return undefined;
	if (!rows.every((row) => row.length === header.length)) return undefined;
	return { header, rows };
}

// Found by a regex rather than a character loop: a 10 MB upload must parse quickly.
const FIELD_END = /[,\r\n"]/g;

function isLineEnd(char: string | undefined): boolean {
	return char === '\n' || char === '\r';
}

/** RFC 4180 records with blank lines dropped; undefined on a stray or unterminated quote. */
function parseRecords(input: string): string[][] | undefined {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const records: string[][] = [];
	let record: string[] = [];
	let i = 0;
	while (i < text.length) {
		let value = '';
		if (text[i] === '"') {
			let from = i + 1;
			for (;;) {
				const quote = text.indexOf('"', from);
				if (quote === -1) return undefined;
				value += text.slice(from, quote);
				if (text[quote + 1] === '"') {
					value += '"';
					from = quote + 2;
					continue;
				}
				i = quote + 1;
				break;
			}
			if (i < text.length && text[i] !== ',' && !isLineEnd(text[i])) return undefined;
		} else {
			FIELD_END.lastIndex = i;
			const end = FIELD_END.exec(text)?.index ?? text.length;
			if (text[end] === '"') return undefined;
			value = text.slice(i, end);
			i = end;
		}
		record.push(value);
		if (text[i] === ',') {
			i++;
			// A trailing comma at the very end still closes one last, empty field.
			if (i === text.length) record.push('');
			else continue;
		} else if (text[i] === '\r' && text[i + 1] === '\n') {
			i += 2;
		} else {
			i++;
		}
		records.push(record);
		record = [];
	}
	return records.filter((row) => !(row.length === 1 && row[0] === ''));
}
