import type { IDataObject } from 'n8n-workflow';

/** A body read from the raw text, with what a plain JSON.parse would have lost or refused. */
export interface ReceivedJson {
	value: unknown;
	/**
	 * Keys that occur more than once in one object, by path: every value in order (the last one is kept in
	 * `value`, as JSON.parse keeps it).
	 */
	duplicateKeys: IDataObject;
	/** Deviations from JSON that were read past (a trailing comma, a missing comma between members). */
	repairs: string[];
}

class Reader {
	private at = 0;
	readonly duplicateKeys: IDataObject = {};
	readonly repairs: string[] = [];

	constructor(private readonly text: string) {}

	read(): unknown {
		const value = this.value('');
		this.space();
		if (this.at < this.text.length) this.fail('unexpected text after the JSON value');
		return value;
	}

	private fail(why: string): never {
		throw new SyntaxError(`${why} at position ${this.at}`);
	}

	private space(): void {
		while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at] as string))
			this.at++;
	}

	private value(path: string): unknown {
		this.space();
		const char = this.text[this.at];
		if (char === '{') return this.object(path);
		if (char === '[') return this.array(path);
		if (char === '"') return this.string();
		for (const [word, literal] of [
			['true', true],
			['false', false],
			['null', null],
		] as const) {
			if (this.text.startsWith(word, this.at)) {
				this.at += word.length;
				return literal;
			}
		}
		const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.at));
		if (number === null) this.fail('expected a JSON value');
		this.at += number[0].length;
		return Number(number[0]);
	}

	private string(): string {
		const start = this.at++;
		while (this.at < this.text.length && this.text[this.at] !== '"')
			this.at += this.text[this.at] === '\\' ? 2 : 1;
		if (this.at >= this.text.length) this.fail('unterminated string');
		this.at++;
		return JSON.parse(this.text.slice(start, this.at)) as string;
	}

	/** After a member or element: true when another one follows, reading past a missing or trailing comma. */
	private another(close: string, path: string): boolean {
		this.space();
		const char = this.text[this.at];
		if (char === close) return false;
		if (char === ',') {
			this.at++;
			this.space();
			if (this.text[this.at] !== close) return true;
			this.repairs.push(`trailing comma in ${path || 'the body'}`);
			return false;
		}
		if (close === '}' && char === '"') {
			this.repairs.push(
				`missing comma in ${path || 'the body'} before ${this.text.slice(this.at, this.text.indexOf('"', this.at + 1) + 1)}`,
			);
			return true;
		}
		return this.fail(`expected "," or "${close}"`);
	}

	private object(path: string): IDataObject {
		this.at++;
		const object: IDataObject = {};
		this.space();
		if (this.text[this.at] === '}') {
			this.at++;
			return object;
		}
		do {
			this.space();
			if (this.text[this.at] !== '"') this.fail('expected a key');
			const key = this.string();
			this.space();
			if (this.text[this.at] !== ':') this.fail('expected ":"');
			this.at++;
			const keyPath = path === '' ? key : `${path}.${key}`;
			const value = this.value(keyPath) as IDataObject[string];
			if (Object.prototype.hasOwnProperty.call(object, key)) {
				const seen = (this.duplicateKeys[keyPath] as unknown[] | undefined) ?? [object[key]];
				this.duplicateKeys[keyPath] = [...seen, value] as IDataObject[string];
			}
			// Defined, not assigned: a key such as __proto__ is data here.
			Object.defineProperty(object, key, {
				value,
				enumerable: true,
				writable: true,
				configurable: true,
			});
		} while (this.another('}', path));
		this.at++;
		return object;
	}

	private array(path: string): unknown[] {
		this.at++;
		const array: unknown[] = [];
		this.space();
		if (this.text[this.at] === ']') {
			this.at++;
			return array;
		}
		do array.push(this.value(`${path}[${array.length}]`));
		while (this.another(']', path));
		this.at++;
		return array;
	}
}

/** Reads a webhook body from its raw text, keeping every value a plain JSON.parse would drop; undefined when it is no JSON at all. */
export function readReceivedJson(text: string): ReceivedJson | undefined {
	const reader = new Reader(text.replace(/^\uFEFF/, ''));
	try {
		return { value: reader.read(), duplicateKeys: reader.duplicateKeys, repairs: reader.repairs };
	} catch {
		return undefined;
	}
}
