import { LruMap } from '../../nodes/Personr/shared/lru';

describe('LruMap', () => {
	it('forgets the least recently used entry once full; reading an entry makes it recent', () => {
		const map = new LruMap<string, number>(2);
		map.set('a', 1);
		map.set('b', 2);
		expect(map.get('a')).toBe(1);
		map.set('c', 3);
		expect(map.size).toBe(2);
		expect(map.get('b')).toBeUndefined();
		expect(map.get('a')).toBe(1);
		expect(map.get('c')).toBe(3);
	});

	it('replaces an entry in place without forgetting another', () => {
		const map = new LruMap<string, number>(2);
		map.set('a', 1);
		map.set('b', 2);
		map.set('a', 10);
		expect([map.get('a'), map.get('b'), map.size]).toEqual([10, 2, 2]);
	});

	it('never forgets an entry in use, and forgets idle ones first even when they are newer', () => {
		const busy = new Set(['a']);
		const map = new LruMap<string, string>(2, (value) => busy.has(value));
		map.set('a', 'a');
		map.set('b', 'b');
		map.set('c', 'c');
		expect([map.get('a'), map.get('b'), map.get('c')]).toEqual(['a', undefined, 'c']);
		busy.add('c');
		map.set('d', 'd');
		expect(map.size).toBe(3);
		expect(map.get('a')).toBe('a');
		expect(map.get('c')).toBe('c');
	});
});
