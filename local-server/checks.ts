/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- the local server: it delivers result notifications over HTTP and completes checks on timers that do not keep the process alive */
import { request, type ClientRequest } from 'http';

import type { WebhookForm } from './contract';
import { webhookPayload } from './results';
import type { Subject } from './state';

export interface WebhookConfig {
	url?: string;
	headerName?: string;
	token?: string;
}

const REJECT_LABELS = { applicant: ['FORGERY'], entity: ['SANCTIONS', 'WATCHLIST'] };

/** The test convention for a rejection: an applicant whose last name (or an entity whose name) is "Reject". */
function shouldReject(subject: Subject): boolean {
	const name = subject.kind === 'applicant' ? subject.nameLast : subject.companyName;
	return name?.trim().toLowerCase() === 'reject';
}

/** Moves requested checks from Pending to Reviewed after a delay and announces them by webhook. */
export class CheckRunner {
	private readonly timers = new Map<string, NodeJS.Timeout>();
	private readonly deliveries = new Set<ClientRequest>();
	private closed = false;
	/** Which documented revision of the webhook body is posted. */
	payloadForm: WebhookForm = 'flat';
	/** The webhook a subject's workspace registered through api-webhook-configuration; it wins over `webhook`. */
	registered: (subject: Subject) => WebhookConfig | undefined = () => undefined;

	constructor(
		private readonly delayMs: number,
		public webhook: WebhookConfig,
		private readonly log: (line: string) => void,
	) {}

	start(subject: Subject): void {
		if (this.closed) return;
		subject.status = 'Pending';
		subject.reviewAnswer = undefined;
		subject.rejectLabels = [];
		subject.modifiedAt = Date.now();
		clearTimeout(this.timers.get(subject.id));
		const timer = setTimeout(() => this.complete(subject), this.delayMs);
		// A pending check must never keep a test run or the CLI alive.
		timer.unref();
		this.timers.set(subject.id, timer);
	}

	private complete(subject: Subject): void {
		this.timers.delete(subject.id);
		if (this.closed) return;
		const rejected = shouldReject(subject);
		subject.status = 'Reviewed';
		subject.reviewAnswer = rejected ? 'Rejected' : 'Approved';
		subject.rejectLabels = rejected ? [...REJECT_LABELS[subject.kind]] : [];
		subject.modifiedAt = Date.now();
		this.deliver(subject);
	}

	private deliver(subject: Subject): void {
		const { url, headerName, token } = this.registered(subject) ?? this.webhook;
		if (!url) return;
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			this.log(`webhook skipped: invalid URL`);
			return;
		}
		if (target.protocol !== 'http:') {
			this.log(`webhook skipped: only http:// targets are supported locally`);
			return;
		}
		const body = JSON.stringify(webhookPayload(subject, this.payloadForm));
		const headers: Record<string, string | number> = {
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(body),
		};
		if (headerName && token !== undefined) headers[headerName] = token;
		const outgoing = request(target, { method: 'POST', headers, agent: false }, (response) => {
			response.resume();
			response.on('end', () =>
				this.log(`webhook ${subject.kind} ${subject.id} -> ${response.statusCode ?? 0}`),
			);
		});
		this.deliveries.add(outgoing);
		outgoing.on('close', () => this.deliveries.delete(outgoing));
		outgoing.on('error', (error) =>
			this.log(`webhook ${subject.kind} ${subject.id} failed: ${error.message}`),
		);
		outgoing.end(body);
	}

	close(): void {
		this.closed = true;
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		for (const delivery of this.deliveries) delivery.destroy();
		this.deliveries.clear();
	}
}
