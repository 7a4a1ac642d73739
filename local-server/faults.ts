import type { Fault, Reply } from './types';

function guessContentType(body: string): string {
	const start = body.trimStart()[0];
	return start === '{' || start === '[' ? 'application/json' : 'text/html; charset=utf-8';
}

function statusReply(status: number, body: string | undefined, contentType?: string): Reply {
	const text =
		body ??
		JSON.stringify({
			statusCode: status,
			body: { status: 'ERROR', message: `Injected HTTP ${status}` },
		});
	return { status, raw: text, contentType: contentType ?? guessContentType(text) };
}

/** A syntactically valid JSON success body of exactly `bytes` bytes (when that is above its minimum size). */
function largeBody(bytes: number): Buffer {
	const prefix = Buffer.from('{"status":"success","response":{"padding":"');
	const suffix = Buffer.from('"}}');
	const body = Buffer.alloc(Math.max(bytes, prefix.length + suffix.length), 'a');
	prefix.copy(body, 0);
	suffix.copy(body, body.length - suffix.length);
	return body;
}

export interface PreAuthOutcome {
	reply: Reply;
	/** Counted as a rejected token. */
	rejectsToken: boolean;
}

/**
 * The one fault in force. Transport-like faults (status, redirect, token rejection) hit calls
 * before authentication, as a proxy or rate limiter would; body faults replace the answer of an
 * authenticated call, as a broken workflow would.
 */
export class FaultState {
	private fault: Fault | undefined;
	private remaining = Infinity;

	set(fault: Fault | undefined): void {
		// `times: 0` means the fault is already used up.
		this.fault =
			fault?.kind === 'callStatus' && fault.times !== undefined && fault.times <= 0
				? undefined
				: fault;
		this.remaining =
			fault?.kind === 'callStatus' && fault.times !== undefined ? fault.times : Infinity;
	}

	get current(): Fault | undefined {
		return this.fault;
	}

	delayMs(): number {
		return this.fault?.kind === 'slow' ? Math.max(0, this.fault.delayMs) : 0;
	}

	forLogin(): Reply | 'hang' | undefined {
		const fault = this.fault;
		if (fault?.kind === 'loginHang') return 'hang';
		if (fault?.kind === 'loginStatus')
			return statusReply(fault.status, fault.body, fault.contentType);
		return undefined;
	}

	beforeAuth(
		endpoint: string,
		sentToken: string | undefined,
		unauthorized: (token: string | undefined) => Reply,
	): PreAuthOutcome | undefined {
		const fault = this.fault;
		if (
			fault?.kind === 'callStatus' &&
			(fault.endpoint === undefined || fault.endpoint === endpoint)
		) {
			this.remaining -= 1;
			if (this.remaining <= 0) this.set(undefined);
			const reply = statusReply(fault.status, fault.body);
			if (fault.retryAfterSeconds !== undefined)
				reply.headers = { 'Retry-After': String(fault.retryAfterSeconds) };
			return { reply, rejectsToken: false };
		}
		if (fault?.kind === 'redirect') {
			return {
				reply: {
					status: 302,
					raw: '',
					contentType: 'text/plain',
					headers: { Location: fault.location },
				},
				rejectsToken: false,
			};
		}
		if (fault?.kind === 'rejectAllTokens')
			return { reply: unauthorized(sentToken), rejectsToken: true };
		return undefined;
	}

	afterAuth(): Reply | undefined {
		const fault = this.fault;
		if (fault?.kind === 'statusError')
			return { status: 200, body: { status: 'error', response: fault.message } };
		if (fault?.kind === 'malformedJson') {
			return {
				status: 200,
				raw: '{"status":"success","response":{"applicantId":"',
				contentType: 'application/json',
			};
		}
		if (fault?.kind === 'largeResponse')
			return { status: 200, raw: largeBody(fault.bytes), contentType: 'application/json' };
		return undefined;
	}
}
