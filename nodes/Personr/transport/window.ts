/*
 * How many requests an account has in flight, found from Personr's own answers rather than set by hand.
 * Personr's rate limit is undocumented and differs by Bubble plan, and a Bubble app can slow down under load
 * before it limits anything, so the window is steered by what the answers say:
 * - it grows while answers come back quickly and callers are waiting for room;
 * - it halves on a 429;
 * - it shrinks when answers get slower than the account's unloaded answer time as more requests are in
 *   flight, to the number the app was still serving at that answer time.
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
 * The unloaded answer time is the fastest answer with no more than INITIAL_WINDOW in flight, of the current and the
 * previous batch of this many such answers. Answers under more load are left out: they would let it creep up.
 */
const UNLOADED_SAMPLES = 50;
/**
 * Growth per answer while starting up: 1.5 × per round trip. Before the first 429 nothing says where the limit
 * is, and every request sent beyond it in that round trip is answered with a 429 (doubling met twice as many).
 */
const STARTUP_GROWTH = 0.5;
const MAX_ACCOUNTS = 100;

/** What one request saw, told when its answer came. */
export interface Observation {
	answerMs: number;
	/** Requests of the account in flight when the answer came, this one included. */
	inFlight: number;
	/** Whether callers were waiting for room: the window, not the items, held requests back. */
	heldBack: boolean;
	/** The window's generation when the request was sent. */
	generation: number;
}

/** The window's decisions, with no clock of its own: everything it knows comes in as observations. */
export class AdaptiveWindow {
	private size = INITIAL_WINDOW;
	/** Half as many again each round trip until the first sign of a limit, then one more request per round trip. */
	private startingUp = true;
	/** Counts shrinks, so that answers to requests sent before one do not shrink the window again. */
	generation = 0;
	private fastest = Number.POSITIVE_INFINITY;
	private fastestBefore = Number.POSITIVE_INFINITY;
	private samples = 0;
	private recent: number[] = [];

	/** Requests that may be in flight for a caller whose own maximum is `maximum`. */
	limit(maximum: number): number {
		return Math.max(1, Math.min(Math.floor(this.size), maximum));
	}

	/** The answer time of the app under no load, as far as seen. */
	get unloadedMs(): number {
		return Math.min(this.fastest, this.fastestBefore);
	}

	answered({ answerMs, inFlight, heldBack, generation }: Observation): void {
		if (inFlight <= INITIAL_WINDOW) this.noteUnloaded(answerMs);
		this.recent.push(answerMs);
		if (this.recent.length > RECENT_ANSWERS) this.recent.shift();
		const recentMs = this.recent.reduce((sum, ms) => sum + ms, 0) / this.recent.length;
		const bearable = this.unloadedMs * SLOWER_THAN_UNLOADED;
		if (recentMs > bearable) {
			if (generation !== this.generation) return;
			// Little's law: at the bearable answer time the app served this many at once.
			const served = (inFlight * bearable) / recentMs;
			// Slowness alone never takes the window below where it started: a busy n8n host slows answers too.
			this.shrinkTo(Math.max(Math.min(INITIAL_WINDOW, this.size), served));
			return;
		}
		if (!heldBack) return;
		this.size = Math.min(
			MAX_WINDOW,
			this.size + (this.startingUp ? STARTUP_GROWTH : 1 / this.size),
		);
	}

	rateLimited(generation: number): void {
		if (generation !== this.generation) return;
		this.shrinkTo(Math.max(1, this.size / 2));
	}

	private shrinkTo(size: number): void {
		this.size = Math.min(this.size, size);
		this.startingUp = false;
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

interface Account {
	window: AdaptiveWindow;
	inFlight: number;
	/** Callers waiting for room, first come first served. */
	waiting: Array<{ maximum: number; admit: () => void }>;
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
		first.admit();
	}
}

/** Waits for room in the account's window (key: `pacingKey`), never more than `maximum` in flight for this caller. */
export async function enterWindow(key: string, maximum: number): Promise<Slot> {
	const account = accountFor(key);
	await new Promise<void>((admit) => {
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
