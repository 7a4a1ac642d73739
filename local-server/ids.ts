import { randomBytes } from 'crypto';

const EIGHTEEN_DIGITS = 10n ** 18n;
// Only ids from the current millisecond can collide, so only those need remembering.
let currentTime = '';
let issuedThisMillisecond = new Set<string>();

/** A Bubble-style unique id: 13-digit creation time, `x`, 18 random digits. */
export function bubbleId(): string {
	const time = String(Math.trunc(Date.now())).padStart(13, '0').slice(-13);
	if (time !== currentTime) {
		currentTime = time;
		issuedThisMillisecond = new Set();
	}
	for (;;) {
		const random = (BigInt(`0x${randomBytes(8).toString('hex')}`) % EIGHTEEN_DIGITS)
			.toString()
			.padStart(18, '0');
		if (!issuedThisMillisecond.has(random)) {
			issuedThisMillisecond.add(random);
			return `${time}x${random}`;
		}
	}
}

/** The current Bubble token shape; callers must treat it as opaque. */
export function newToken(): string {
	return `bus|${bubbleId()}|${bubbleId()}`;
}
