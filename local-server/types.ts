import type { RegisteredWebhook } from './endpoints/webhookConfiguration';

export interface PersonrAccount {
	email: string;
	password: string;
	userId?: string;
	workspaces?: string[];
	/** Personr's user role (default Administrator); any other role is refused the webhook configuration. */
	role?: string;
}

export interface PersonrServerOptions {
	/** 0 or undefined picks a free port. */
	port?: number;
	host?: string;
	accounts?: PersonrAccount[];
	/** The `expires` value returned at login; tokens also stop working after it. */
	tokenLifetimeSeconds?: number;
	/** How long a requested check stays Pending before it is Reviewed. */
	checkDelayMs?: number;
	/** How long every login takes to answer (Personr's take a few hundred ms). */
	loginDelayMs?: number;
	/** Called on each successful login with the client's TCP port, so a caller can tell which process logged in. */
	onLogin?: (clientPort: number | undefined) => void;
	webhookUrl?: string;
	webhookHeaderName?: string;
	webhookToken?: string;
	/** The revision of Personr's webhook body to post: the current flat one (default) or the earlier `{status, response}` one. */
	webhookForm?: 'flat' | 'wrapped';
	/** Every call (not the logins) is answered after this long, as a slow Personr would. */
	answerDelayMs?: number;
	/** Calls (not the logins) beyond this many per minute are answered with HTTP 429; 0 or undefined: no limit. */
	rateLimitPerMinute?: number;
	/** Whether a 429 of the rate limit carries `Retry-After` (default true). */
	rateLimitRetryAfter?: boolean;
	/** A server that slows under load: each open call (this one included) beyond `beyond` when it arrives adds `perCallMs` to its answer delay. */
	loadDelay?: { beyond: number; perCallMs: number };
	/** One line per request; never receives passwords or tokens. */
	log?: (line: string) => void;
}

export type Fault =
	| { kind: 'loginStatus'; status: number; body?: string; contentType?: string }
	| { kind: 'loginHang' }
	/** `endpoint` limits the fault to calls of that endpoint; `times` counts only those. */
	| {
			kind: 'callStatus';
			status: number;
			body?: string;
			retryAfterSeconds?: number;
			times?: number;
			endpoint?: string;
	  }
	| { kind: 'rejectAllTokens' }
	| { kind: 'redirect'; location: string }
	| { kind: 'largeResponse'; bytes: number }
	| { kind: 'slow'; delayMs: number }
	| { kind: 'malformedJson' }
	| { kind: 'statusError'; message: string };

export type ApiVersion = 'live' | 'development';

export interface RecordedRequest {
	method: string;
	path: string;
	endpoint: string;
	version: ApiVersion;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	/** 0 while no answer has been sent (e.g. a hanging login). */
	status: number;
}

export interface PersonrCounters {
	logins: number;
	failedLogins: number;
	calls: Record<string, number>;
	rejectedTokens: number;
	requests: number;
	byVersion: { live: number; development: number };
	/** Calls answered with HTTP 429 by the rate limit. */
	rateLimited: number;
}

export type PaceOptions = Pick<
	PersonrServerOptions,
	'answerDelayMs' | 'rateLimitPerMinute' | 'rateLimitRetryAfter' | 'loadDelay'
>;

export interface PersonrServer {
	url: string;
	liveBaseUrl: string;
	developmentBaseUrl: string;
	counters: PersonrCounters;
	issuedTokens: string[];
	requests: RecordedRequest[];
	currentToken(email: string): string | undefined;
	revokeToken(email: string): void;
	expireToken(email: string): void;
	resetCounters(): void;
	setFault(fault: Fault | undefined): void;
	/** Replaces the answer delay and rate limit the server was started with. */
	setPace(pace: PaceOptions): void;
	/** The webhook every workspace without a registered one posts to (as if entered in Personr's dashboard). */
	setWebhook(url: string | undefined, headerName?: string, token?: string): void;
	setWebhookForm(form: 'flat' | 'wrapped'): void;
	/** Changes a user's role, e.g. to see a non-Administrator refused. */
	setRole(email: string, role: string): void;
	/** What api-webhook-configuration registered for a workspace (the account's current one by default). */
	registeredWebhook(email: string, workspace?: string): RegisteredWebhook | undefined;
	close(): Promise<void>;
}

/** What a handler wants sent back; `raw` bodies are sent byte for byte. */
export interface Reply {
	status: number;
	body?: unknown;
	raw?: string | Buffer;
	contentType?: string;
	headers?: Record<string, string>;
}

/** Thrown by handlers to answer with an error shape. */
export class ReplyError extends Error {
	constructor(readonly reply: Reply) {
		super(`HTTP ${reply.status}`);
	}
}

export type Params = Record<string, unknown>;
