import type * as session from '../../nodes/Personr/session/session';

export type Session = typeof session;

/**
 * A second copy of the token module, with its own memory: another n8n process (a queue-mode worker) sharing the
 * database with this one. `renewalJitterMs` is its random wait before a login.
 */
export function otherProcessSession(renewalJitterMs: number): Session {
	let copy: Session | undefined;
	jest.isolateModules(() => {
		copy = jest.requireActual<Session>('../../nodes/Personr/session/session');
	});
	(copy as Session).setRenewalJitter(renewalJitterMs, renewalJitterMs);
	return copy as Session;
}
