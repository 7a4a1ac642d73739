/*
 * How many requests an account has in flight, found from Personr's own answers rather than set by hand.
 * Personr's rate limit is undocumented and differs by Bubble plan, and a Bubble app can slow down under load
 * before it limits anything, so the window is steered by what the answers say:
 * - it grows while answers come back quickly and callers are waiting for room;
 * - it halves on a 429;
 * - it shrinks when answers get slower than the account's unloaded answer time as more requests are in
 *   flight, to the number the app was still serving at that answer time.
 * The unloaded answer time can only be seen with few requests in flight. When it has not been seen since
 * start-up, or for long, a shrink for slowness first measures it again with INITIAL_WINDOW in flight (the first
 * answers of a cold n8n process come late, and an estimate they inflated would let the window settle too high).
 * Like the pacer, one window serves every caller for one account in this n8n process.
 */

import { LruMap } from '../shared/lru';

/**
 * Where the window starts: the fixed window of earlier versions, near Bubble's legacy ~1,000 requests a
 * minute at Personr's answer times.
 */
export const INITIAL_WINDOW = 10;
/** The most requests in flight the node allows at all (and its default maximum): at 200 ms answers, 15,000 a minute. */
export const MAX_WINDOW = 50;
/** An answer slower than this many times the unloaded answer time says the app is slowing under the load. */
const SLOWER_THAN_UNLOADED = 1.5;
/** Answer times are judged by their mean over the last few, so that one late answer on a busy n8n host is no signal. */
const RECENT_ANSWERS = 5;
/**
 * The unloaded answer time is the fastest answer to a request sent with no more than INITIAL_WINDOW in flight, of
 * the current and the previous batch of this many such answers. Answers under more load are left out: they would
 * let it creep up.
 */
const UNLOADED_SAMPLES = 50;
/** After this many answers without an unloaded one, the unloaded answer time is measured again before it is used. */
const REMEASURE_AFTER = 200;
/**
 * Growth per answer while starting up. Before the first 429 nothing says where the limit is, and every request sent
 * beyond it in that round trip is answered with a 429. Bubble's legacy limit of about 1,000 a minute shows within the
 * first two round trips, so those grow by half (doubling met twice as many 429s there). An app that answered them
 * without a 429 allows more than that, and from there the window doubles each round trip.
 */
const CAUTIOUS_GROWTH = 0.5;
const CAUTIOUS_UNTIL = 1.5 * INITIAL_WINDOW;
const MAX_ACCOUNTS = 100;

/** What one request saw, told when its answer came. */
export interface Observation {
	answerMs: number;
	/** Requests of the account in flight when the answer came, this one included. */
	inFlight: number;
	/** Requests of the account in flight when this one was sent, this one included: the load the app met. */
	sentWith: number;
	/** Whether callers were waiting for room: the window, not the items, held requests back. */
	heldBack: boolean;
	/** The window's generation when the request was sent. */
	generation: number;
}

/** The window's decisions, with no clock of its own: everything it knows comes in as observations. */
export class AdaptiveWindow {
	private size = INITIAL_WINDOW;
	/** Growing as CAUTIOUS_GROWTH says until the first sign of a limit, then by one request per round trip. */
	private startingUp = true;
	/** Counts shrinks, so that answers to requests sent before one do not shrink the window again. */
	generation = 0;
	private fastest = Number.POSITIVE_INFINITY;
	private fastestBefore = Number.POSITIVE_INFINITY;
	private samples = 0;
	/** Answers since an unloaded one that came after start-up: start-up answers of a cold process come late. */
	private sinceUnloaded = Number.POSITIVE_INFINITY;
	/** A shrink for slowness waiting for the unloaded answer time to be measured again. */
	private remeasuring: Remeasuring | undefined;
	private recent: number[] = [];

	/** Requests that may be in flight for a caller whose own maximum is `maximum`. */
	limit(maximum: number): number {
		return Math.max(1, Math.min(Math.floor(this.size), maximum));
	}

	/** The answer time of the app under no load, as far as seen. */
	get unloadedMs(): number {
		return Math.min(this.fastest, this.fastestBefore);
	}

	answered({ answerMs, inFlight, sentWith, heldBack, generation }: Observation): void {
		const unloaded = sentWith <= INITIAL_WINDOW;
		if (unloaded) this.noteUnloaded(answerMs);
		this.sinceUnloaded = unloaded && !this.startingUp ? 0 : this.sinceUnloaded + 1;
		if (this.remeasuring !== undefined) {
			this.remeasure(this.remeasuring, { answerMs, sentWith, generation });
			return;
		}
		this.recent.push(answerMs);
		if (this.recent.length > RECENT_ANSWERS) this.recent.shift();
		const recentMs = this.recent.reduce((sum, ms) => sum + ms, 0) / this.recent.length;
		if (recentMs > this.bearableMs) {
			if (generation !== this.generation) return;
			if (this.sinceUnloaded > REMEASURE_AFTER) {
				const sizeBefore = this.size;
				this.shrinkTo(Math.min(INITIAL_WINDOW, this.size));
				this.remeasuring = {
					sizeBefore,
					unloadedLeft: Math.floor(this.size),
					loaded: { answers: 1, sentWith, answerMs },
				};
				return;
			}
			this.shrinkTo(this.servedAt(inFlight, recentMs, this.size));
			return;
		}
		if (!heldBack) return;
		this.size = Math.min(MAX_WINDOW, this.size + this.growthPerAnswer());
	}

	rateLimited(generation: number): void {
		if (generation !== this.generation) return;
		this.shrinkTo(Math.max(1, this.size / 2));
	}

	private growthPerAnswer(): number {
		if (!this.startingUp) return 1 / this.size;
		return this.size < CAUTIOUS_UNTIL ? CAUTIOUS_GROWTH : 1;
	}

	private get bearableMs(): number {
		return this.unloadedMs * SLOWER_THAN_UNLOADED;
	}

	/**
	 * Little's law: at the bearable answer time the app served this many at once. Slowness alone never takes the
	 * window below where it started: a busy n8n host slows answers too.
	 */
	private servedAt(inFlight: number, recentMs: number, size: number): number {
		return Math.max(Math.min(INITIAL_WINDOW, size), (inFlight * this.bearableMs) / recentMs);
	}

	/**
	 * Answers to requests sent before the shrink tell how the app answered under that load; once a window's worth of
	 * unloaded answers came, the window takes the size the app served at the bearable answer time.
	 */
	private remeasure(
		remeasuring: Remeasuring,
		{ answerMs, sentWith, generation }: Pick<Observation, 'answerMs' | 'sentWith' | 'generation'>,
	): void {
		const { loaded } = remeasuring;
		if (generation !== this.generation) {
			loaded.answers += 1;
			loaded.sentWith += sentWith;
			loaded.answerMs += answerMs;
			return;
		}
		if (sentWith > INITIAL_WINDOW || --remeasuring.unloadedLeft > 0) return;
		this.remeasuring = undefined;
		const served = this.servedAt(
			loaded.sentWith / loaded.answers,
			loaded.answerMs / loaded.answers,
			remeasuring.sizeBefore,
		);
		this.size = Math.min(remeasuring.sizeBefore, served);
		this.recent = [];
	}

	private shrinkTo(size: number): void {
		this.size = Math.min(this.size, size);
		this.startingUp = false;
		this.remeasuring = undefined;
		this.generation += 1;
		this.recent = [];
	}

	private noteUnloaded(answerMs: number): void {
		// Two batches kept, so that the fastest answer is forgotten gradually when the app gets slower for good.
		if (this.samples >= UNLOADED_SAMPLES) {
			this.fastestBefore = this.fastest;
			this.fastest = Number.POSITIVE_INFINITY;
			this.samples = 0;
		}
		this.fastest = Math.min(this.fastest, answerMs);
		this.samples += 1;
	}
}

interface Remeasuring {
	sizeBefore: number;
	/** Unloaded answers still to come before the window is sized again. */
	unloadedLeft: number;
	/** Sums over the answers to requests sent before the shrink. */
	loaded: { answers: number; sentWith: number; answerMs: number };
}

interface Account {
	window: AdaptiveWindow;
	inFlight: number;
	/** Callers waiting for room, first come first served. */
	waiting: Array<{ maximum: number; admit: (sentWith: number) => void }>;
}

/** A place in the window: `leave` hands it back, with what the answer said when there was one. */
export interface Slot {
	leave(outcome?: { answerMs: number } | 'rateLimited'): void;
}

// Only an idle account is forgotten: a busy one's callers still hold places in it.
const accounts = new LruMap<string, Account>(
	MAX_ACCOUNTS,
	(account) => account.inFlight > 0 || account.waiting.length > 0,
);

function accountFor(key: string): Account {
	let account = accounts.get(key);
	if (account === undefined) {
		account = { window: new AdaptiveWindow(), inFlight: 0, waiting: [] };
		accounts.set(key, account);
	}
	return account;
}

function admitWaiting(account: Account): void {
	for (;;) {
		const first = account.waiting[0];
		if (first === undefined || account.inFlight >= account.window.limit(first.maximum)) return;
		account.waiting.shift();
		account.inFlight += 1;
		first.admit(account.inFlight);
	}
}

/** Waits for room in the account's window (key: `pacingKey`), never more than `maximum` in flight for this caller. */
export async function enterWindow(key: string, maximum: number): Promise<Slot> {
	const account = accountFor(key);
	const sentWith = await new Promise<number>((admit) => {
		account.waiting.push({ maximum, admit });
		admitWaiting(account);
	});
	const { window } = account;
	const generation = window.generation;
	let left = false;
	return {
		leave(outcome) {
			if (left) return;
			left = true;
			if (outcome === 'rateLimited') window.rateLimited(generation);
			else if (outcome !== undefined) {
				window.answered({
					answerMs: outcome.answerMs,
					inFlight: account.inFlight,
					sentWith,
					heldBack: account.waiting.length > 0,
					generation,
				});
			}
			account.inFlight -= 1;
			admitWaiting(account);
		},
	};
}

/** Tests and benchmarks start as a fresh n8n process would. */
export function forgetAllWindows(): void {
	accounts.clear();
}
