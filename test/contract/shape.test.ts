import { shapeMismatches } from './shape';

describe('shapeMismatches', () => {
	const documented = {
		status: 'success',
		response: { id: 'x', labels: ['A'], empty: [], count: 1, nested: { on: true } },
	};

	it('accepts the same keys and value types, whatever the values', () => {
		expect(
			shapeMismatches(documented, {
				status: 'ok',
				response: { id: 'y', labels: [], empty: [3], count: 2, nested: { on: false } },
			}),
		).toEqual([]);
	});

	it('names a missing key, an undocumented key and a changed type', () => {
		expect(
			shapeMismatches(documented, {
				status: 'ok',
				response: { labels: [1], empty: [], count: '1', nested: {}, extra: 0 },
			}),
		).toEqual([
			'$.response.id: missing',
			'$.response.extra: not documented',
			'$.response.labels[0]: expected string, got number 1',
			'$.response.count: expected number, got string "1"',
			'$.response.nested.on: missing',
		]);
	});

	it('lets a partial example leave keys out, and matches list elements against any documented element', () => {
		expect(shapeMismatches({ a: 'x' }, { a: 'y', b: 1 }, true)).toEqual([]);
		expect(shapeMismatches({ list: [['x'], 'y'] }, { list: ['z', ['w']] })).toEqual([]);
		expect(shapeMismatches({ list: ['y'] }, { list: [{}] })).toEqual([
			'$.list[0]: expected string, got object {}',
		]);
	});
});
