import { Readable } from 'node:stream';
import { text as readText } from 'node:stream/consumers';

import {
	badLinesError,
	checkCampaignCsv,
	cleanedCampaignCsv,
	csvFromRows,
	LISTED_BAD_LINES,
} from '../../../../nodes/JelouWhatsApp/actions/campaign/send.csv';
import type { CsvRules } from '../../../../nodes/JelouWhatsApp/actions/campaign/send.csv';
import { InvalidFieldError } from '../../../../nodes/JelouWhatsApp/shared/validation';

const rules: CsvRules = { field: 'CSV File', mappedColumns: ['param_1', 'param_2', 'param_3'] };
const DOC_EXAMPLE =
	'phone_number,param_1,param_2,param_3\n593991234567,A12345,$250.00,December 1\n593991234568,B67890,$100.50,December 2\n593991234569,C22345,$50.00,December 3\n';

/** Opens the content in small chunks, so multi-byte characters and records cross chunk boundaries. */
function opener(content: string | Buffer, chunkSize = 7) {
	const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
	return () => {
		const chunks: Buffer[] = [];
		for (let at = 0; at < bytes.length; at += chunkSize)
			chunks.push(bytes.subarray(at, at + chunkSize));
		return Readable.from(chunks);
	};
}

async function fileError(
	content: string | Buffer,
	overrides: Partial<CsvRules> = {},
): Promise<InvalidFieldError> {
	const error = await checkCampaignCsv(opener(content), { ...rules, ...overrides }).then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(InvalidFieldError);
	return error as InvalidFieldError;
}

describe('checkCampaignCsv: files Jelou accepts', () => {
	it('accepts the example file of bulk-send-hsm-overview.txt', async () => {
		expect(await checkCampaignCsv(opener(DOC_EXAMPLE), rules)).toEqual({
			header: ['phone_number', 'param_1', 'param_2', 'param_3'],
			validRows: 3,
			badLines: [],
			phonesToRewrite: 0,
			separator: ',',
		});
	});

	it('accepts a UTF-8 BOM, CRLF line ends and no newline at the end', async () => {
		const check = await checkCampaignCsv(
			opener('\uFEFFphone_number,param_1\r\n593991234567,Muñoz\r\n593991234568,José'),
			{ ...rules, mappedColumns: ['param_1'] },
		);
		expect(check.header).toEqual(['phone_number', 'param_1']);
		expect(check.validRows).toBe(2);
	});

	it('accepts quoted values holding commas, quotes and line breaks', async () => {
		const check = await checkCampaignCsv(
			opener(
				'phone_number,param_1\n593991234567,"Calle 1, piso ""2""\nQuito"\n593991234568,plain\n',
				3,
			),
			{ ...rules, mappedColumns: ['param_1'] },
		);
		expect(check).toMatchObject({ validRows: 2, badLines: [] });
	});

	it('accepts a template without parameters: a file of phone numbers only', async () => {
		expect(
			await checkCampaignCsv(opener('phone\n593991234567\n'), { ...rules, mappedColumns: [] }),
		).toMatchObject({ validRows: 1 });
	});

	it('counts phone numbers it can write Jelou’s way ("+593 99…", national with a default country code)', async () => {
		const check = await checkCampaignCsv(
			opener('phone,name\n+593 99 123 4567,Ana\n0991234568,Luis\n593991234569,Eva\n'),
			{
				...rules,
				mappedColumns: ['name'],
				defaultCountryCode: '593',
			},
		);
		expect(check).toMatchObject({ validRows: 3, phonesToRewrite: 2, badLines: [] });
	});
});

describe('checkCampaignCsv: files that cannot be sent at all', () => {
	it.each([
		['an empty file', '', 'CSV File: the file is empty'],
		[
			'a header and no rows',
			'phone_number,param_1,param_2,param_3\n',
			'CSV File: the file has a header but no recipients',
		],
		[
			'a space in a header name',
			'phone number,param_1,param_2,param_3\n593991234567,a,b,c\n',
			'header name "phone number" has characters other than letters, digits and _',
		],
		[
			'a symbol in a header name',
			'phone_number,param_1,param-2!,param_3\n593991234567,a,b,c\n',
			'header name "param-2!" has characters',
		],
		[
			'an accent in a header name',
			'teléfono,param_1,param_2,param_3\n593991234567,a,b,c\n',
			'header name "teléfono"',
		],
		[
			'a duplicate header name',
			'phone_number,param_1,param_1,param_2,param_3\n593991234567,a,a,b,c\n',
			'header name "param_1" appears more than once',
		],
		[
			'an empty header name',
			'phone_number,,param_1,param_2,param_3\n593991234567,x,a,b,c\n',
			'column 2 of the header has no name',
		],
		[
			'a mapped column missing',
			'phone_number,param_1,param_2\n593991234567,a,b\n',
			'the Parameters use column "param_3", which is not in the header (phone_number, param_1, param_2)',
		],
		[
			'a blank first line',
			'\nphone_number,param_1,param_2,param_3\n593991234567,a,b,c\n',
			'starts with a blank line',
		],
		[
			'an unclosed quote',
			'phone_number,param_1,param_2,param_3\n593991234567,"a,b,c\n',
			'has a quote (") that is not closed',
		],
		[
			'a quote inside an unquoted value',
			'phone_number,param_1,param_2,param_3\n593991234567,a"x,b,c\n',
			'has a quote (")',
		],
	])('refuses %s', async (_name, content, message) => {
		const error = await fileError(content);
		expect(error.message).toContain(message);
		expect(error.field).toBe('CSV File');
		expect(error.fix).not.toBe('');
	});

	it('refuses bytes that are not UTF-8 (a Latin-1 export) and names the line', async () => {
		const latin1 = Buffer.concat([
			Buffer.from('phone_number,param_1\n593991234567,ok\n593991234568,Mu'),
			Buffer.from([0xf1]),
			Buffer.from('oz\n'),
		]);
		const error = await fileError(latin1, { mappedColumns: ['param_1'] });
		expect(error.message).toBe('CSV File: the file is not UTF-8 text: invalid bytes on line 3');
		expect(error.fix).toContain('CSV UTF-8');
	});

	it('refuses a file cut in the middle of a UTF-8 character', async () => {
		const cut = Buffer.from('phone_number,param_1\n593991234567,é', 'utf8').subarray(0, -1);
		expect((await fileError(cut, { mappedColumns: ['param_1'] })).message).toContain(
			'ends in the middle of a character',
		);
	});
});

describe('checkCampaignCsv: bad rows', () => {
	const content = [
		'phone_number,param_1', // line 1
		'593991234567,Ana', // 2 good
		'59399abc4567,Luis', // 3 letters in the phone
		'', // 4 blank line
		'593991234568,Eva,extra', // 5 ragged: too many
		'593991234569', // 6 ragged: too few
		'0991234567,Juan', // 7 national number, no default country code
		'593991234570,', // 8 empty parameter
		'"593991234571","multi', // 9 a value over two lines…
		'line"', // 10
		'12345,Short', // 11 too few digits
		'593991234572,Zoe', // 12 good
	].join('\n');

	it('reports every bad row with the line it starts on and why', async () => {
		const check = await checkCampaignCsv(opener(content), { ...rules, mappedColumns: ['param_1'] });
		expect(check.validRows).toBe(3);
		expect(check.badLines).toEqual([
			{ line: 3, reason: '"59399abc4567" contains characters other than digits' },
			{ line: 4, reason: 'blank line' },
			{ line: 5, reason: 'has 3 values, the header has 2 columns' },
			{ line: 6, reason: 'has 1 values, the header has 2 columns' },
			{ line: 7, reason: '"0991234567" is a national number (it starts with 0)' },
			{ line: 8, reason: '"param_1" is empty; WhatsApp refuses empty parameters' },
			{
				line: 11,
				reason: '"12345" has 5 digits; a phone number with its country code has 8 to 15',
			},
		]);
	});

	it('turns bad rows into one error with the count and the first 20 lines', () => {
		const badLines = Array.from({ length: 25 }, (_, index) => ({
			line: index + 2,
			reason: 'blank line',
		}));
		const error = badLinesError('CSV File', badLines);
		expect(error.message).toBe("CSV File: 25 rows break Jelou's CSV rules; nothing was sent");
		const lines = error.fix.split('\n');
		expect(lines.slice(0, LISTED_BAD_LINES + 1)).toEqual([
			...badLines.slice(0, 20).map(({ line }) => `Line ${line}: blank line`),
			'… and 5 more',
		]);
		expect(error.fix).toContain('Skip Invalid Rows');
	});
});

describe('cleanedCampaignCsv', () => {
	it('drops the bad rows and writes phone numbers as Jelou wants them, quoting where needed', async () => {
		const content =
			'phone,name\n+593 99 123 4567,"Ana, María"\nbad,Luis\n\n0991234568,"Eva ""E"""\n';
		const cleaned = await readText(
			cleanedCampaignCsv(opener(content), {
				field: 'CSV File',
				mappedColumns: ['name'],
				defaultCountryCode: '593',
			}),
		);
		expect(cleaned).toBe('phone,name\n593991234567,"Ana, María"\n593991234568,"Eva ""E"""\n');
	});
});

describe('csvFromRows', () => {
	it('writes the header and rows with proper quoting, fresh on every open', async () => {
		const open = csvFromRows(
			['phone_number', 'param_1'],
			[
				['593991234567', 'a, "b"'],
				['593991234568', 'line\nbreak'],
			],
		);
		const expected = 'phone_number,param_1\n593991234567,"a, ""b"""\n593991234568,"line\nbreak"\n';
		expect(await readText(Readable.from(open()))).toBe(expected);
		expect(await readText(Readable.from(open()))).toBe(expected);
	});
});

/** A file as Excel saves it in Spanish: its own column names. */
const esRules: CsvRules = { field: 'CSV File', mappedColumns: ['nombre', 'pedido'] };

describe('CSV files as spreadsheets save them', () => {
	// Excel in a Spanish or Portuguese locale: semicolons, a BOM and CRLF line ends.
	const EXCEL_ES =
		'\uFEFFtelefono;nombre;pedido\r\n593991234567;María;A-1\r\n593991234568;"Pérez; José";A-2\r\n';

	it.each([
		['semicolon, BOM and CRLF', EXCEL_ES, ';'],
		[
			'tab',
			'telefono\tnombre\tpedido\n593991234567\tMaría\tA-1\n593991234568\tPérez; José\tA-2\n',
			'\t',
		],
		[
			'comma',
			'telefono,nombre,pedido\n593991234567,María,A-1\n593991234568,Pérez; José,A-2\n',
			',',
		],
	])('%s: accepted, and Jelou gets a comma-separated copy', async (_name, content, separator) => {
		const check = await checkCampaignCsv(opener(content), esRules);
		expect(check).toMatchObject({
			header: ['telefono', 'nombre', 'pedido'],
			validRows: 2,
			badLines: [],
			separator,
		});
		const sent = await readText(cleanedCampaignCsv(opener(content), esRules, check.separator));
		expect(sent).toBe(
			'telefono,nombre,pedido\n593991234567,María,A-1\n593991234568,Pérez; José,A-2\n',
		);
	});

	it('refuses a file separated by "|", naming it', async () => {
		const error = await fileError('telefono|nombre|pedido\n593991234567|María|A-1\n', esRules);
		expect(error.message).toBe('CSV File: the file separates its columns with "|"');
		expect(error.fix).toContain('commas, semicolons or tabs');
	});
});

describe('files that are not CSV at all', () => {
	it('an Excel workbook says so and how to fix it', async () => {
		const xlsx = Buffer.concat([
			Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
			Buffer.from('[Content_Types].xml PK xl/workbook.xml xl/worksheets/sheet1.xml'),
		]);
		const error = await fileError(xlsx, esRules);
		expect(error.message).toBe(
			'CSV File: the file looks like an Excel workbook (.xlsx), not a CSV file',
		);
		expect(error.fix).toContain('Save it as CSV');
	});

	it.each([
		['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
		['a PDF document', Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj\n', 'latin1')],
		[
			'a ZIP archive (an Excel workbook is one too)',
			Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0]),
		],
	])('%s is named as such', async (kind, bytes) => {
		expect((await fileError(bytes, esRules)).message).toBe(
			`CSV File: the file looks like ${kind}, not a CSV file`,
		);
	});
});

describe('phone numbers not in the first column', () => {
	it('says which column holds them and what to do', async () => {
		const error = await fileError(
			'nombre,pedido,celular\nMaría,A-1,593991234567\nAna,A-2,593991234568\n',
			{ mappedColumns: ['pedido'] },
		);
		expect(error.message).toBe(
			'CSV File: the file has the phone numbers in column 3 ("celular"), but Jelou reads them from the first column ("nombre")',
		);
		expect(error.fix).toBe(
			'Move the "celular" column to the front, so it is the first column of the file, and run again.',
		);
	});

	it('a file whose first column simply has a bad number is still a bad line, not a misplaced column', async () => {
		const check = await checkCampaignCsv(
			opener('telefono,nombre,pedido\n12,María,A-1\n593991234568,Ana,A-2\n'),
			{ ...esRules, mappedColumns: ['nombre'] },
		);
		expect(check.badLines).toEqual([
			{ line: 2, reason: '"12" has 2 digits; a phone number with its country code has 8 to 15' },
		]);
	});
});
