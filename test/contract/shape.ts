/**
 * Compares a value with a documented example by shape: the same keys (all of them unless the example is partial),
 * the same value types, lists whose elements each match one of the example's elements.
 * Two leniencies follow the pages themselves: an example list with no elements fixes no element type, and a
 * `null` stands for a Bubble field without a value, which may be any type in the example and may stand in for
 * one in an answer.
 */
export function shapeMismatches(
	documented: unknown,
	actual: unknown,
	partial = false,
	path = '$',
): string[] {
	if (documented === null || actual === null) return [];
	if (Array.isArray(documented)) {
		if (!Array.isArray(actual)) return [`${path}: expected a list, got ${describe(actual)}`];
		if (documented.length === 0) return [];
		return actual.flatMap((element, index) => {
			const attempts = documented.map((option) =>
				shapeMismatches(option, element, partial, `${path}[${index}]`),
			);
			return attempts.some((problems) => problems.length === 0) ? [] : (attempts[0] ?? []);
		});
	}
	if (typeof documented === 'object') {
		if (actual === undefined || typeof actual !== 'object' || Array.isArray(actual))
			return [`${path}: expected an object, got ${describe(actual)}`];
		const want = documented as Record<string, unknown>;
		const got = actual as Record<string, unknown>;
		const missing = Object.keys(want)
			.filter((key) => !(key in got))
			.map((key) => `${path}.${key}: missing`);
		const extra = partial
			? []
			: Object.keys(got)
					.filter((key) => !(key in want))
					.map((key) => `${path}.${key}: not documented`);
		const inner = Object.keys(want)
			.filter((key) => key in got)
			.flatMap((key) => shapeMismatches(want[key], got[key], partial, `${path}.${key}`));
		return [...missing, ...extra, ...inner];
	}
	return typeof documented === typeof actual
		? []
		: [`${path}: expected ${typeof documented}, got ${describe(actual)}`];
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	return value === undefined ? 'nothing' : `${typeof value} ${JSON.stringify(value)}`;
}
