import type { RegisteredWebhook } from './endpoints/webhookConfiguration';
import { bubbleId, newToken } from './ids';
import type { PersonrAccount } from './types';

export type ApplicantStatus = 'Created' | 'Pre-Checked' | 'Pending' | 'Reviewed';
export type ReviewAnswer = 'Approved' | 'Rejected';
export type UboPosition = 'Director' | 'Shareholder' | 'Other';

export interface StoredDocument {
	docType: string;
	docSubType?: string;
	docCountryISO?: string;
	filename: string;
	/** Base64 exactly as uploaded. */
	contents: string;
}

interface SubjectBase {
	id: string;
	owner: string;
	workspace: string;
	flowName: string;
	sourceKey?: string;
	externalUserId: string[];
	status: ApplicantStatus;
	reviewAnswer?: ReviewAnswer;
	rejectLabels: string[];
	createdAt: number;
	modifiedAt: number;
}

export interface Applicant extends SubjectBase {
	kind: 'applicant';
	email?: string;
	phone?: string;
	nameFirst?: string;
	nameLast?: string;
	middleName?: string;
	dob?: string;
	idNumber?: string;
	country?: string;
	documents: StoredDocument[];
}

export interface EntityDocument {
	docSubType?: string;
	fileName?: string;
	url?: string;
	contents?: string;
}

export interface Ubo {
	applicantId: string;
	type: 'Individual' | 'Entity';
	position: UboPosition;
}

export interface Entity extends SubjectBase {
	kind: 'entity';
	companyName: string;
	registrationNumber: string;
	country: string;
	uboFlow?: string;
	createApplicant: boolean;
	applicantFlow?: string;
	documents: EntityDocument[];
	ubos: Ubo[];
}

export type Subject = Applicant | Entity;

export interface AccountState {
	email: string;
	password: string;
	userId: string;
	workspaces: string[];
	currentWorkspace: string;
	token?: { value: string; validUntil: number };
	/** Personr's user role; only an Administrator may configure the webhook. */
	role: string;
	/** The webhook of each workspace, by workspace name. */
	webhooks: Map<string, RegisteredWebhook>;
}

export const DEFAULT_ACCOUNT: PersonrAccount = {
	email: 'demo@personr.local',
	password: 'demo-password',
};
export const DEFAULT_WORKSPACES = ['Main', 'Testing'];

/** All in-memory state of one server instance. */
export class Store {
	private readonly accounts = new Map<string, AccountState>();
	private readonly byToken = new Map<string, AccountState>();
	private readonly subjects = new Map<string, Subject>();
	readonly issuedTokens: string[] = [];

	constructor(
		accounts: PersonrAccount[],
		private readonly tokenLifetimeSeconds: number,
	) {
		for (const account of accounts) {
			const workspaces = account.workspaces?.length
				? [...account.workspaces]
				: [...DEFAULT_WORKSPACES];
			this.accounts.set(account.email.toLowerCase(), {
				email: account.email,
				password: account.password,
				userId: account.userId ?? bubbleId(),
				workspaces,
				currentWorkspace: workspaces[0] as string,
				role: account.role ?? 'Administrator',
				webhooks: new Map(),
			});
		}
	}

	account(email: string): AccountState | undefined {
		return this.accounts.get(email.trim().toLowerCase());
	}

	/** Emails are case-insensitive in Bubble; passwords are compared exactly. */
	checkPassword(email: string, password: string): AccountState | undefined {
		const account = this.accounts.get(email.trim().toLowerCase());
		return account && account.password === password ? account : undefined;
	}

	/** A new token replaces the previous one, which stops working at once. */
	issueToken(account: AccountState): string {
		this.revoke(account.email);
		const value = newToken();
		// A monotonic clock, so tests that mock Date.now cannot expire tokens by accident.
		account.token = { value, validUntil: performance.now() + this.tokenLifetimeSeconds * 1000 };
		this.byToken.set(value, account);
		this.issuedTokens.push(value);
		return value;
	}

	accountForToken(token: string): AccountState | undefined {
		const account = this.byToken.get(token);
		if (!account?.token || account.token.value !== token) return undefined;
		if (performance.now() >= account.token.validUntil) {
			this.revoke(account.email);
			return undefined;
		}
		return account;
	}

	currentToken(email: string): string | undefined {
		const value = this.accounts.get(email.toLowerCase())?.token?.value;
		return value !== undefined && this.accountForToken(value) ? value : undefined;
	}

	revoke(email: string): void {
		const account = this.accounts.get(email.toLowerCase());
		if (!account?.token) return;
		this.byToken.delete(account.token.value);
		account.token = undefined;
	}

	add<T extends Subject>(subject: T): T {
		this.subjects.set(subject.id, subject);
		return subject;
	}

	/** Subjects are visible only to the account that created them. */
	find(account: AccountState, id: string): Subject | undefined {
		const subject = this.subjects.get(id);
		return subject && subject.owner === account.email.toLowerCase() ? subject : undefined;
	}
}

export function newSubjectBase(
	account: AccountState,
	flowName: string,
	sourceKey: string | undefined,
	externalUserId: string[],
): SubjectBase {
	const now = Date.now();
	return {
		id: bubbleId(),
		owner: account.email.toLowerCase(),
		workspace: account.currentWorkspace,
		flowName,
		sourceKey,
		externalUserId,
		status: 'Created',
		rejectLabels: [],
		createdAt: now,
		modifiedAt: now,
	};
}
