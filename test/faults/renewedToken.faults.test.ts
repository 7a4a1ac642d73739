import type { INodeParameters } from 'n8n-workflow';

import {
	emptyStore,
	FAULT_EMAIL,
	personrNode,
	secretHits,
	serverLog,
	statusParameters,
	storeWithToken,
	useFaultServer,
} from './support';

const context = useFaultServer();

/** Once a login has answered, every call fails with `status`, its message quoting the token just issued. */
function echoTheNewTokenAfterLogin(status: number): { issued: string[] } {
	const issued: string[] = [];
	serverLog.onLine = (line) => {
		if (!line.includes('/api-basic-auth -> 200')) return;
		const token = context.server.currentToken(FAULT_EMAIL);
		if (token === undefined) return;
		issued.push(token);
		context.server.setFault({
			kind: 'callStatus',
			status,
			body: JSON.stringify({
				statusCode: status,
				body: { status: 'INVALID_DATA', message: `Not visible to the token ${token}` },
			}),
		});
	};
	return { issued };
}

const SAVED_TOKEN_REVOKED = async () => {
	const store = await storeWithToken(context);
	context.server.revokeToken(FAULT_EMAIL);
	return store;
};
const NOTHING_SAVED = async () => emptyStore(context.server);

// Verify Token takes any JSON 4xx as acceptance of the token, so its failing answer is a 5xx. A first login's
// token is proved by one read-only call before it is used, so there the 5xx ends the login with the credential's
// own message, which must not quote the token either.
const NO_VERDICT_ON_FIRST_TOKEN =
	"Personr logged in, but its API gave no verdict on the new token (Personr failed with HTTP 503). Check the credential's environment and base URL, or try again later.";
const PATHS: Array<
	[string, () => INodeParameters, number, { renewal: string; firstLogin: string }]
> = [
	[
		'Get Status',
		() => statusParameters(context),
		400,
		{
			renewal:
				'Personr rejected the request to api-applicant-status (HTTP 400): Not visible to the token [redacted] (INVALID_DATA).',
			firstLogin:
				'Personr rejected the request to api-applicant-status (HTTP 400): Not visible to the token [redacted] (INVALID_DATA).',
		},
	],
	[
		'Verify Token',
		() => ({ resource: 'token', operation: 'verifyToken' }),
		503,
		{
			renewal:
				'Personr failed with a server error (HTTP 503): Not visible to the token [redacted] (INVALID_DATA). Try again later.',
			firstLogin: NO_VERDICT_ON_FIRST_TOKEN,
		},
	],
];

describe.each(PATHS)(
	'%s: a token obtained during the call is redacted from the error like a saved one',
	(_path, parameters, status, messages) => {
		it.each([
			['a renewal of a revoked saved token', SAVED_TOKEN_REVOKED, 'renewal' as const],
			['the first login (nothing saved yet)', NOTHING_SAVED, 'firstLogin' as const],
		])('obtained by %s', async (_, prepare, when) => {
			const message = messages[when];
			const store = await prepare();
			const { issued } = echoTheNewTokenAfterLogin(status);

			const run = await personrNode(context.server, parameters(), { credentials: store });

			expect(issued).toHaveLength(1);
			expect(run.error?.message).toBe(message);
			expect(secretHits(`${run.errors}\n${run.runData}\n${run.logs}`, issued)).toEqual([]);
		});
	},
);
