import { sleep } from 'n8n-workflow';

import { LruMap } from '../shared/lru';
import { forgetAllWindows } from './window';

/*
 * Personr (a Bubble app) limits an app to about 1,000 requests a minute and answers HTTP 429 beyond.
 * Every caller for one account in this n8n process (parallel items, concurrent executions, other nodes)
 * draws its turns from one pacer, so a 429 met by one request slows all the others down too, instead of
 * each of them hitting the limit on its own.
 */

/**
 * Longest single Retry-After a request waits out itself: a per-minute limit never needs more than a minute to
 * clear. A longer one fails that request at once, and pauses the account's other requests up to
 * MAX_RATE_LIMIT_WAIT_SECONDS, after which one of them asks Personr again.
 */
export const MAX_RETRY_AFTER_SECONDS = 60;
/** Longest time one request keeps waiting out 429s before it is reported as failed. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 180;
/** Pause after a 429 without Retry-After; doubles while 429s keep coming, up to MAX_RETRY_AFTER_SECONDS. */
const PAUSE_WITHOUT_RETRY_AFTER_MS = 1_000;
/** Spacing taken at the first 429: about 1,000 requests a minute, Bubble's legacy limit (Personr documents none). */
const SPACING_AT_FIRST_LIMIT_MS = 60;
/** Each further 429 widens the spacing by this factor, until the requests fit under the limit. */
const SLOWDOWN_FACTOR = 1.25;
/** After this long without a 429 the learned spacing is dropped: the limit may have been shared with a burst elsewhere. */
const FORGET_LIMIT_AFTER_MS = 60_000;
const MAX_ACCOUNTS = 100;

interface PacerState {
	/** No request starts before this (epoch ms): set by a 429. */
	pausedUntil: number;
	/** The next request may start at this time (epoch ms) at the earliest. */
	nextStartAt: number;
	/** Learned spacing between request starts, in ms; 0 until a 429 is met. */
	spacingMs: number;
	lastLimitedAt: number;
	/** Pause to take on the next 429 without Retry-After. */
	nextPauseMs: number;
	/** Counts slowdowns, so that the 429s of requests started before one do not slow down again. */
	generation: number;
}

/** A turn handed out by the pacer: which pacing generation the request was sent under. */
export interface Turn {
	generation: number;
}

/** Re-set on every use, so the least recently paced account is forgotten first. */
const pacers = new LruMap<string, PacerState>(MAX_ACCOUNTS);

/** Pacing is per Personr account: the base URL and the email, case-insensitive, as Bubble counts one app's user. */
export function pacingKey(baseUrl: string, email: string): string {
	return JSON.stringify([baseUrl, email.trim().toLowerCase()]);
}

function pacerFor(key: string): PacerState {
	let state = pacers.get(key);
	if (state === undefined) {
		state = {
			pausedUntil: 0,
			nextStartAt: 0,
			spacingMs: 0,
			lastLimitedAt: 0,
			nextPauseMs: PAUSE_WITHOUT_RETRY_AFTER_MS,
			generation: 0,
		};
		pacers.set(key, state);
	}
	return state;
}

/**
 * Waits until a request for this account may start. `maxPerMinute` (0 = none) is the caller's own ceiling,
 * on top of what 429s taught the pacer.
 */
export async function takeTurn(key: string, maxPerMinute = 0): Promise<Turn> {
	const state = pacerFor(key);
	for (;;) {
		const now = Date.now();
		if (state.spacingMs > 0 && now - state.lastLimitedAt > FORGET_LIMIT_AFTER_MS) {
			state.spacingMs = 0;
			state.nextPauseMs = PAUSE_WITHOUT_RETRY_AFTER_MS;
		}
		const spacing = Math.max(state.spacingMs, maxPerMinute > 0 ? 60_000 / maxPerMinute : 0);
		const startAt = Math.max(now, state.pausedUntil, state.nextStartAt);
		// Reserved before waiting, so that waiters start in the order they asked.
		state.nextStartAt = startAt + spacing;
		if (startAt > now) await sleep(startAt - now);
		// A 429 met while this request waited moves the pause past its reserved time.
		if (state.pausedUntil <= Date.now()) return { generation: state.generation };
	}
}

/**
 * Records a 429 met by a request sent under `turn` and pauses every request for the account.
 * Returns how long the pause lasts from now, in ms.
 */
export function rateLimited(
	key: string,
	turn: Turn,
	retryAfterSeconds: number | undefined,
): number {
	const state = pacerFor(key);
	const now = Date.now();
	// A Retry-After beyond what any request waits out still pauses the account, as long as a request would wait.
	const pauseMs = Math.min(
		retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : state.nextPauseMs,
		MAX_RATE_LIMIT_WAIT_SECONDS * 1000,
	);
	state.pausedUntil = Math.max(state.pausedUntil, now + pauseMs);
	state.lastLimitedAt = now;
	// Requests already in flight when the pacer slowed down were sent at the old pace: their 429s say nothing new.
	if (turn.generation === state.generation) {
		state.generation += 1;
		state.spacingMs =
			state.spacingMs === 0 ? SPACING_AT_FIRST_LIMIT_MS : state.spacingMs * SLOWDOWN_FACTOR;
		if (retryAfterSeconds === undefined)
			state.nextPauseMs = Math.min(state.nextPauseMs * 2, MAX_RETRY_AFTER_SECONDS * 1000);
	}
	return state.pausedUntil - now;
}

/** Tests and benchmarks start as a fresh n8n process would: no pacing and no request window learned yet. */
export function forgetAllPacing(): void {
	pacers.clear();
	forgetAllWindows();
}
