import { Readable } from 'node:stream';
import { text as readText } from 'node:stream/consumers';

import { checkCampaignCsv, cleanedCampaignCsv } from '../../nodes/JelouWhatsApp/helpers/csv';
import type { CsvRules } from '../../nodes/JelouWhatsApp/helpers/csv';
import { InvalidFieldError } from '../../nodes/JelouWhatsApp/helpers/validation';

const rules: CsvRules = { field: 'CSV File', mappedColumns: ['nombre', 'pedido'] };

function opener(content: string | Buffer, chunkSize = 5) {
	const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
	return () => {
		const chunks: Buffer[] = [];
		for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
		return Readable.from(chunks);
	};
}

async function fileError(content: string | Buffer, overrides: Partial<CsvRules> = {}): Promise<InvalidFieldError> {
	const error = await checkCampaignCsv(opener(content), { ...rules, ...overrides }).then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(InvalidFieldError);
	return error as InvalidFieldError;
}

describe('CSV files as spreadsheets save them', () => {
	// Excel in a Spanish or Portuguese locale: semicolons, a BOM and CRLF line ends.
	const EXCEL_ES = '\uFEFFtelefono;nombre;pedido\r\n593991234567;María;A-1\r\n593991234568;"Pérez; José";A-2\r\n';

	it.each([
		['semicolon, BOM and CRLF', EXCEL_ES, ';'],
		['tab', 'telefono\tnombre\tpedido\n593991234567\tMaría\tA-1\n593991234568\tPérez; José\tA-2\n', '\t'],
		['comma', 'telefono,nombre,pedido\n593991234567,María,A-1\n593991234568,Pérez; José,A-2\n', ','],
	])('%s: accepted, and Jelou gets a comma-separated copy', async (_name, content, separator) => {
		const check = await checkCampaignCsv(opener(content), rules);
		expect(check).toMatchObject({ header: ['telefono', 'nombre', 'pedido'], validRows: 2, badLines: [], separator });
		const sent = await readText(cleanedCampaignCsv(opener(content), rules, check.separator));
		expect(sent).toBe('telefono,nombre,pedido\n593991234567,María,A-1\n593991234568,Pérez; José,A-2\n');
	});

	it('refuses a file separated by "|", naming it', async () => {
		const error = await fileError('telefono|nombre|pedido\n593991234567|María|A-1\n');
		expect(error.message).toBe('CSV File: the file separates its columns with "|"');
		expect(error.fix).toContain('commas, semicolons or tabs');
	});
});

describe('files that are not CSV at all', () => {
	it('an Excel workbook says so and how to fix it', async () => {
		const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.from('[Content_Types].xml PK xl/workbook.xml xl/worksheets/sheet1.xml')]);
		const error = await fileError(xlsx);
		expect(error.message).toBe('CSV File: the file looks like an Excel workbook (.xlsx), not a CSV file');
		expect(error.fix).toContain('Save it as CSV');
	});

	it.each([
		['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
		['a PDF document', Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj\n', 'latin1')],
		['a ZIP archive (an Excel workbook is one too)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0])],
	])('%s is named as such', async (kind, bytes) => {
		expect((await fileError(bytes)).message).toBe(`CSV File: the file looks like ${kind}, not a CSV file`);
	});
});

describe('phone numbers not in the first column', () => {
	it('says which column holds them and what to do', async () => {
		const error = await fileError('nombre,pedido,celular\nMaría,A-1,593991234567\nAna,A-2,593991234568\n');
		expect(error.message).toBe('CSV File: the file has the phone numbers in column 3 ("celular"), but Jelou reads them from the first column ("nombre")');
		expect(error.fix).toBe('Move the "celular" column to the front, so it is the first column of the file, and run again.');
	});

	it('a file whose first column simply has a bad number is still a bad line, not a misplaced column', async () => {
		const check = await checkCampaignCsv(opener('telefono,nombre,pedido\n12,María,A-1\n593991234568,Ana,A-2\n'), { ...rules, mappedColumns: ['nombre'] });
		expect(check.badLines).toEqual([{ line: 2, reason: '"12" has 2 digits; a phone number with its country code has 8 to 15' }]);
	});
});
