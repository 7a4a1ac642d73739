import { missingParameter, notFound } from '../bubble-errors';
import type { CheckRunner } from '../checks';
import { requiredParams } from '../contract';
import type { AccountState, Applicant, Entity, Store } from '../state';
import type { Params, Reply } from '../types';

export interface CallContext {
	endpoint: string;
	params: Params;
	account: AccountState;
	store: Store;
	checks: CheckRunner;
	/** Root URL of this server, for links it hands out. */
	publicUrl: string;
}

export type Handler = (ctx: CallContext) => Reply;

export function success(response: unknown): Reply {
	return { status: 200, body: { status: 'success', response } };
}

/** A parameter as Bubble sees it: empty strings and nulls count as missing. */
export function text(params: Params, name: string): string | undefined {
	const value = params[name];
	if (typeof value === 'string') return value === '' ? undefined : value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

function present(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

/**
 * Refuses the call as Bubble does when a parameter the contract marks required is absent; the name in the
 * message is the one the page's examples send, since that is the workflow's own parameter.
 */
export function refuseMissing(endpoint: string, params: Params): void {
	for (const param of requiredParams(endpoint)) {
		const sent = param.examplesSend ?? param.name;
		if (!present(params[sent]) && !present(params[param.name]))
			throw missingParameter(endpoint, sent);
	}
}

/** A documented-required text parameter; `refuseMissing` has already run, so absence is a server bug. */
export function given(ctx: CallContext, name: string): string {
	const value = text(ctx.params, name);
	if (value === undefined)
		throw new Error(`${ctx.endpoint}: ${name} is not a required parameter of the contract`);
	return value;
}

/** Lists arrive as JSON arrays, repeated form keys, a JSON-encoded string (as in Personr's curl examples) or one value. */
export function list(params: Params, name: string): string[] {
	let value = params[name];
	if (typeof value === 'string' && value.trim().startsWith('[')) {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			// not JSON after all: keep it as a single value
		}
	}
	const values = Array.isArray(value)
		? value
		: value === undefined || value === null || value === ''
			? []
			: [value];
	return values.filter((item) => item !== null && item !== undefined && item !== '').map(String);
}

export function flag(params: Params, name: string): boolean {
	const value = params[name];
	return (
		value === true ||
		(typeof value === 'string' && ['true', 'yes', '1'].includes(value.toLowerCase()))
	);
}

export function findApplicant(ctx: CallContext, id: string): Applicant {
	const subject = ctx.store.find(ctx.account, id);
	if (subject?.kind !== 'applicant') throw notFound();
	return subject;
}

export function findEntity(ctx: CallContext, id: string): Entity {
	const subject = ctx.store.find(ctx.account, id);
	if (subject?.kind !== 'entity') throw notFound();
	return subject;
}

export function findSubject(ctx: CallContext, id: string): Applicant | Entity {
	const subject = ctx.store.find(ctx.account, id);
	if (!subject) throw notFound();
	return subject;
}

const ALLOWED_EXTENSIONS = ['jpg', 'jpeg', 'png', 'pdf'];

/** What is wrong with a document's name or contents, in words Personr's upload answers could carry. */
export function fileProblems(fileName: string, contents: string): string[] {
	const problems: string[] = [];
	const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
	if (!extension || !ALLOWED_EXTENSIONS.includes(extension))
		problems.push(`Unsupported file type for ${fileName}: use jpg, jpeg, png or pdf`);
	const compact = contents.replace(/\s+/g, '');
	if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
		problems.push('The file contents are not valid base64');
	}
	return problems;
}
