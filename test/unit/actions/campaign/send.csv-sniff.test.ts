import {
	describeBinary,
	detectSeparator,
	headerLine,
} from '../../../../nodes/JelouWhatsApp/actions/campaign/send.csv-sniff';

describe('detectSeparator', () => {
	it.each([
		['phone_number,customer_name,order', ','],
		['phone_number;customer_name;order', ';'],
		['phone_number\tcustomer_name\torder', '\t'],
		['phone_number', ','],
		// A quoted comma in a semicolon header does not count.
		['phone_number;"name, full";order', ';'],
	])('%j → %j', (line, separator) => {
		expect(detectSeparator(line)).toEqual({ separator });
	});

	it('names a separator Jelou does not read', () => {
		expect(detectSeparator('phone_number|customer_name|order')).toEqual({ unsupported: '|' });
	});
});

describe('headerLine', () => {
	it('drops the BOM and stops at CRLF', () => {
		expect(headerLine('\uFEFFphone;name\r\n593991234567;Ana\r\n')).toBe('phone;name');
	});
	it('keeps a line break inside quotes', () => {
		expect(headerLine('"a\nb",c\n1,2')).toBe('"a\nb",c');
	});
});

describe('describeBinary', () => {
	it.each([
		[
			Buffer.concat([
				Buffer.from([0x50, 0x4b, 0x03, 0x04]),
				Buffer.from('....[Content_Types].xml....xl/workbook.xml'),
			]),
			'an Excel workbook (.xlsx)',
		],
		[
			Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
			'a ZIP archive (an Excel workbook is one too)',
		],
		[
			Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]),
			'an Excel 97-2003 workbook (.xls) or another Office file',
		],
		[Buffer.from('%PDF-1.7\n'), 'a PDF document'],
		[Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'a PNG image'],
		[Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'a JPEG image'],
		[Buffer.from([0x41, 0x00, 0x42]), 'a binary file, not text'],
	])('%#: %s', (bytes, kind) => {
		expect(describeBinary(bytes)).toBe(kind);
	});

	it('says nothing about text, BOM or not', () => {
		expect(describeBinary(Buffer.from('\uFEFFphone;name\r\n593991234567;Ana\r\n'))).toBeUndefined();
	});
});
