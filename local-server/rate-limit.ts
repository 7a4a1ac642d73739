import type { Reply } from './types';

/**
 * A per-minute limit as Bubble applies one: a bucket of one second's worth of requests, refilled steadily.
 * Requests beyond it get HTTP 429, with `Retry-After` in whole seconds unless told to leave it out.
 */
export class RateLimiter {
	private tokens: number;
	private refilledAt = Date.now();

	constructor(
		readonly perMinute: number,
		private readonly sendRetryAfter: boolean,
	) {
		this.tokens = this.capacity;
	}

	private get capacity(): number {
		return Math.max(1, this.perMinute / 60);
	}

	/** A 429 reply when the request is over the limit, undefined when it may go through. */
	take(): Reply | undefined {
		const now = Date.now();
		const perMs = this.perMinute / 60_000;
		this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * perMs);
		this.refilledAt = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return undefined;
		}
		const body = {
			statusCode: 429,
			body: {
				status: 'RATE_LIMIT',
				message: `Rate limit of ${this.perMinute} requests per minute reached`,
			},
		};
		const waitSeconds = Math.max(1, Math.ceil((1 - this.tokens) / perMs / 1000));
		return {
			status: 429,
			body,
			headers: this.sendRetryAfter ? { 'Retry-After': String(waitSeconds) } : {},
		};
	}
}
