/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test: it inflates the PNGs the local server makes */
import { inflateSync } from 'zlib';

import { crc32, PNG_SIGNATURE, solidPng } from '../../local-server/png';

describe('crc32', () => {
	it('matches the standard check value', () => {
		expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
		expect(crc32(Buffer.alloc(0))).toBe(0);
	});
});

describe('solidPng', () => {
	it('builds signature, IHDR, IDAT and IEND chunks holding the requested pixels', () => {
		const png = solidPng(3, 2, [10, 20, 30]);
		expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
		expect(png.toString('ascii', 12, 16)).toBe('IHDR');
		expect(png.readUInt32BE(16)).toBe(3);
		expect(png.readUInt32BE(20)).toBe(2);
		expect([...png.subarray(24, 29)]).toEqual([8, 2, 0, 0, 0]);
		expect(png.readUInt32BE(29)).toBe(crc32(png.subarray(12, 29)));
		const idatLength = png.readUInt32BE(33);
		expect(png.toString('ascii', 37, 41)).toBe('IDAT');
		const pixels = inflateSync(png.subarray(41, 41 + idatLength));
		const row = [0, 10, 20, 30, 10, 20, 30, 10, 20, 30];
		expect([...pixels]).toEqual([...row, ...row]);
		expect(png.subarray(-12)).toEqual(
			Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]),
		);
	});
});
