/**
 * A map that holds at most `capacity` entries and forgets the least recently used one first; `get` and `set`
 * make an entry the most recent. An entry `inUse` reports is never forgotten (its holders still rely on it),
 * so while many are in use the map may hold more.
 */
export class LruMap<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(
		private readonly capacity: number,
		private readonly inUse: (value: V) => boolean = () => false,
	) {}

	get size(): number {
		return this.entries.size;
	}

	get(key: K): V | undefined {
		const value = this.entries.get(key);
		if (value !== undefined) {
			this.entries.delete(key);
			this.entries.set(key, value);
		}
		return value;
	}

	set(key: K, value: V): void {
		this.entries.delete(key);
		for (const [oldKey, old] of this.entries) {
			if (this.entries.size < this.capacity) break;
			if (!this.inUse(old)) this.entries.delete(oldKey);
		}
		this.entries.set(key, value);
	}

	clear(): void {
		this.entries.clear();
	}
}
