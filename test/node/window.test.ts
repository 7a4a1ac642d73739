/* eslint-disable @n8n/community-nodes/no-restricted-globals -- settle() waits a turn of the event loop with setImmediate, after the pending I/O callbacks */
import {
	AdaptiveWindow,
	enterWindow,
	forgetAllWindows,
	INITIAL_WINDOW,
	MAX_WINDOW,
	type Slot,
} from '../../nodes/Personr/transport/window';

/*
 * The window's decisions, fed observations directly: no clock, no server. A "round trip" sends as many
 * requests as the window allows and then receives all their answers.
 */

/** One round trip of `window.limit(maximum)` requests, each answered after `answerMs(inFlight)`. */
function roundTrip(
	window: AdaptiveWindow,
	answerMs: (inFlight: number) => number,
	maximum = MAX_WINDOW,
): number {
	const inFlight = window.limit(maximum);
	const generation = window.generation;
	for (let i = 0; i < inFlight; i++)
		window.answered({
			answerMs: answerMs(inFlight),
			inFlight,
			sentWith: inFlight,
			heldBack: true,
			generation,
		});
	return inFlight;
}

const steady = () => 200;
/** The bench's slowing server: 100 ms, and 20 ms more for each request in flight beyond 10. */
const slowingUnderLoad = (inFlight: number) => 100 + 20 * Math.max(0, inFlight - 10);

describe('the adaptive window', () => {
	it(`starts at ${INITIAL_WINDOW} and grows while answers stay quick and the window is full, up to ${MAX_WINDOW}`, () => {
		const window = new AdaptiveWindow();
		expect(window.limit(MAX_WINDOW)).toBe(INITIAL_WINDOW);
		roundTrip(window, steady);
		// Half as many again in the round trips where Bubble's legacy limit would show,
		expect(window.limit(MAX_WINDOW)).toBe(1.5 * INITIAL_WINDOW);
		// then twice as many each round trip until a limit shows.
		roundTrip(window, steady);
		expect(window.limit(MAX_WINDOW)).toBe(3 * INITIAL_WINDOW);
		roundTrip(window, steady);
		expect(window.limit(MAX_WINDOW)).toBe(MAX_WINDOW);
	});

	it('does not grow when no caller was waiting for room', () => {
		const window = new AdaptiveWindow();
		for (let i = 0; i < 50; i++)
			window.answered({ answerMs: 200, inFlight: 3, sentWith: 3, heldBack: false, generation: 0 });
		expect(window.limit(MAX_WINDOW)).toBe(INITIAL_WINDOW);
	});

	it('halves on a 429, once for all the requests sent before it', () => {
		const window = new AdaptiveWindow();
		for (let i = 0; i < 2; i++) roundTrip(window, steady);
		expect(window.limit(MAX_WINDOW)).toBe(30);
		const sentBefore = window.generation;
		window.rateLimited(sentBefore);
		expect(window.limit(MAX_WINDOW)).toBe(15);
		// More 429s to requests already in flight say nothing new.
		for (let i = 0; i < 10; i++) window.rateLimited(sentBefore);
		expect(window.limit(MAX_WINDOW)).toBe(15);
		window.rateLimited(window.generation);
		expect(window.limit(MAX_WINDOW)).toBe(7);
		// And down to one request at a time, if 429s keep coming.
		for (let i = 0; i < 10; i++) window.rateLimited(window.generation);
		expect(window.limit(MAX_WINDOW)).toBe(1);
	});

	it('after a 429, grows back by one request per round trip, not as it did starting up', () => {
		const window = new AdaptiveWindow();
		for (let i = 0; i < 2; i++) roundTrip(window, steady);
		window.rateLimited(window.generation);
		expect(window.limit(MAX_WINDOW)).toBe(15);
		for (let i = 0; i < 3; i++) roundTrip(window, steady);
		// Growing as it did starting up would have reached the maximum.
		expect(window.limit(MAX_WINDOW)).toBeGreaterThan(15);
		expect(window.limit(MAX_WINDOW)).toBeLessThanOrEqual(18);
	});

	it('shrinks when answers get slower as more requests are in flight, and settles near what the app serves best', () => {
		const window = new AdaptiveWindow();
		const sizes: number[] = [];
		for (let i = 0; i < 60; i++) sizes.push(roundTrip(window, slowingUnderLoad));
		// Without the answer times it would have doubled to the maximum and stayed there.
		expect(Math.max(...sizes)).toBeLessThan(MAX_WINDOW);
		// The app serves most at 10 (100 requests a second; 20 in flight would be 67 a second).
		const settled = sizes.slice(-30);
		expect(Math.min(...settled)).toBeGreaterThanOrEqual(INITIAL_WINDOW);
		expect(Math.max(...settled)).toBeLessThanOrEqual(13);
	});

	it('measures the unloaded answer time again when the first answers of a cold process came late, and settles where the app serves best', () => {
		const window = new AdaptiveWindow();
		// The first answers after n8n started came 90 ms later than the app's own time.
		roundTrip(window, (inFlight) => slowingUnderLoad(inFlight) + 90);
		expect(window.unloadedMs).toBe(190);
		const sizes: number[] = [];
		for (let i = 0; i < 60; i++) sizes.push(roundTrip(window, slowingUnderLoad));
		expect(window.unloadedMs).toBe(100);
		// Judged by the 190 ms of the start, the window would settle at up to 19 in flight (285 ms answers).
		expect(sizes).toContain(INITIAL_WINDOW);
		expect(Math.max(...sizes.slice(-30))).toBeLessThanOrEqual(13);
	});

	it('a few late answers while the window is wide cost it one round trip at the start size, not its width', () => {
		const window = new AdaptiveWindow();
		for (let i = 0; i < 6; i++) roundTrip(window, steady);
		expect(window.limit(MAX_WINDOW)).toBe(MAX_WINDOW);
		// A busy n8n host: five answers late, the rest of the round trip on time.
		let answer = 0;
		roundTrip(window, () => (answer++ < 5 ? 600 : 200));
		expect(window.limit(MAX_WINDOW)).toBe(INITIAL_WINDOW);
		roundTrip(window, steady);
		expect(window.limit(MAX_WINDOW)).toBe(MAX_WINDOW);
	});

	it('a sudden slowdown at 30 in flight takes the window, within two round trips, to what the app served at a bearable answer time', () => {
		const window = new AdaptiveWindow();
		for (let i = 0; i < 2; i++) roundTrip(window, () => 100);
		expect(window.limit(MAX_WINDOW)).toBe(30);
		// 30 in flight answered after 400 ms: at 150 ms (1.5 × unloaded) the app served 11. The first round trip
		// at 10 measures the unloaded answer time again.
		roundTrip(window, () => 400);
		roundTrip(window, () => 400);
		expect(window.limit(MAX_WINDOW)).toBe(11);
	});

	it(`slower answers alone never take it below ${INITIAL_WINDOW}: a busy n8n host slows answers too`, () => {
		const window = new AdaptiveWindow();
		roundTrip(window, () => 100);
		for (let i = 0; i < 5; i++) roundTrip(window, () => 1000);
		expect(window.limit(MAX_WINDOW)).toBe(INITIAL_WINDOW);
	});

	it("stays within the caller's maximum however quick the answers", () => {
		const window = new AdaptiveWindow();
		for (let i = 0; i < 20; i++) roundTrip(window, steady, 4);
		expect(window.limit(4)).toBe(4);
		expect(window.limit(1)).toBe(1);
	});
});

describe('places in the window, per account', () => {
	beforeEach(() => forgetAllWindows());

	interface Callers {
		admitted: Slot[];
		count: number;
	}
	const settle = async () => await new Promise(setImmediate);

	/** Starts `count` callers; `admitted` fills as they get their place. */
	async function callers(key: string, count: number, maximum: number): Promise<Callers> {
		const admitted: Slot[] = [];
		for (let i = 0; i < count; i++)
			void enterWindow(key, maximum).then((slot) => admitted.push(slot));
		await settle();
		return { admitted, count };
	}

	/** Lets every caller in and out, so that no promise is left pending. */
	async function drain(...groups: Callers[]): Promise<void> {
		for (const group of groups) {
			while (group.admitted.length < group.count) {
				for (const slot of group.admitted) slot.leave();
				await settle();
			}
			for (const slot of group.admitted) slot.leave();
		}
	}

	it("admits no more than the caller's maximum, the next one as soon as a place is handed back", async () => {
		const group = await callers('account', 5, 3);
		expect(group.admitted).toHaveLength(3);
		group.admitted[0]?.leave({ answerMs: 200 });
		await settle();
		expect(group.admitted).toHaveLength(4);
		await drain(group);
	});

	it(`admits ${INITIAL_WINDOW} at first by default, and more once quick answers grew the window`, async () => {
		const first = await callers('account', 2 * INITIAL_WINDOW, MAX_WINDOW);
		expect(first.admitted).toHaveLength(INITIAL_WINDOW);
		// Each quick answer while callers wait makes room for one and a half more.
		for (const slot of first.admitted.slice(0, 4)) slot.leave({ answerMs: 200 });
		await settle();
		expect(first.admitted).toHaveLength(INITIAL_WINDOW + 6);
		await drain(first);
	});

	it('judges an answer by the requests in flight when it was sent, not when it came', async () => {
		// 25 callers: the first 10, then the 15 the grown window lets in, with 10 to 15 in flight when sent.
		const first = await callers('account', 25, MAX_WINDOW);
		for (const slot of first.admitted.slice(0, INITIAL_WINDOW)) {
			slot.leave({ answerMs: 100 });
			await settle();
		}
		expect(first.admitted).toHaveLength(25);
		// As the last 15 come back, fewer are in flight. The last 10 come quickly, with 10 or fewer in flight, but
		// each was sent with more than 10: the app met load, so none of them says its unloaded answer time is 50 ms.
		for (const slot of first.admitted.slice(10, 15)) slot.leave({ answerMs: 100 });
		for (const slot of first.admitted.slice(15)) slot.leave({ answerMs: 50 });
		// Answers at 100 ms are then no slower than the app's unloaded answer time, and the window keeps growing.
		const next = await callers('account', 40, MAX_WINDOW);
		expect(next.admitted).toHaveLength(15);
		for (const slot of next.admitted.slice(0, 15)) {
			slot.leave({ answerMs: 100 });
			await settle();
		}
		expect(next.admitted).toHaveLength(40);
		await drain(next);
	});

	it('a 429 leaves less room for everyone waiting on the account, and none taken from another account', async () => {
		const limited = await callers('account', 20, MAX_WINDOW);
		const other = await callers('other account', 20, MAX_WINDOW);
		limited.admitted[0]?.leave('rateLimited');
		await settle();
		// Halved to 5 with 9 still in flight: no one more is admitted.
		expect(limited.admitted).toHaveLength(INITIAL_WINDOW);
		for (const slot of limited.admitted.slice(1, 6)) slot.leave();
		await settle();
		expect(limited.admitted).toHaveLength(INITIAL_WINDOW + 1);
		expect(other.admitted).toHaveLength(INITIAL_WINDOW);
		await drain(limited, other);
	});
});
