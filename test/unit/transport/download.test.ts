import { describeSize } from '../../../nodes/JelouWhatsApp/transport/download';

describe('describeSize: sizes as the Size Limit option speaks of them', () => {
	it('MB with one decimal from 1 MB up, KB below', () => {
		expect(describeSize(16 * 1024 * 1024)).toBe('16 MB');
		expect(describeSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
		expect(describeSize(2048)).toBe('2 KB');
	});
});
