import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import nock from 'nock';

import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { basicAuthorization, PersonrLoginError } from '../../nodes/Personr/session/login';
import { forgetAllAccounts } from '../../nodes/Personr/session/session';
import { n8nHttp } from '../support/n8nHttp';

/*
 * A server (or a proxy in front of it) that quotes the login request back in its error. Each login
 * method writes the password in its own way: the Body Parameters login form-encodes it, the Basic
 * login base64-encodes email:password, and a quoted JSON body escapes it. None may reach the message.
 */

const LOCAL = 'http://personr.test';
const EMAIL = 'ops@example.com';
// Every character class the encodings treat differently: space, form/URL specials, JSON escapes, non-ASCII.
const PASSWORD = 'pä$$"w\\ord: 密码 & <%2F>+/=;\'🔑 end';
const BASIC_VALUE = basicAuthorization(EMAIL, PASSWORD).slice('Basic '.length);

const SPELLINGS: Array<[string, string]> = [
	['as is', PASSWORD],
	['form-encoded', new URLSearchParams({ s: PASSWORD }).toString().slice(2)],
	['percent-encoded', encodeURIComponent(PASSWORD)],
	['JSON-escaped', JSON.stringify(PASSWORD).slice(1, -1)],
	['Basic value', BASIC_VALUE],
	['Basic value, form-encoded', encodeURIComponent(BASIC_VALUE)],
];

type LoginMethod = 'basicAuth' | 'bodyParameters';
const loginPath = (loginMethod: LoginMethod) =>
	`/api/1.1/wf/${loginMethod === 'basicAuth' ? 'api-basic-auth' : 'api-token-generate'}`;

const credentials = (loginMethod: LoginMethod): ICredentialDataDecryptedObject => ({
	email: EMAIL,
	password: PASSWORD,
	environment: 'custom',
	baseUrl: `${LOCAL}/api/1.1/wf`,
	loginMethod,
	token: '',
});

/** What the server quotes back, from the login request as it arrived. */
type Echo = (request: { body: string; authorization: string }) => string;

const QUOTED_LOGIN: Array<[string, Echo]> = [
	[
		'the login as JSON',
		() => `Rejected login ${JSON.stringify({ email: EMAIL, password: PASSWORD })}`,
	],
	['the password percent-encoded', () => `Rejected password=${encodeURIComponent(PASSWORD)}`],
];
/** Per login method: what it sends quoted back as it arrived, then the login quoted in other spellings. */
const ECHOES: Record<LoginMethod, Array<[string, Echo]>> = {
	bodyParameters: [
		['the raw form body', ({ body }) => `Cannot parse body: ${body}`],
		...QUOTED_LOGIN,
	],
	basicAuth: [
		['the Authorization header', ({ authorization }) => `Rejected Authorization: ${authorization}`],
		[
			'the Basic value without its scheme',
			({ authorization }) => `Rejected credentials ${authorization.replace(/^Basic /, '')}`,
		],
		...QUOTED_LOGIN,
	],
};

async function loginMessage(loginMethod: LoginMethod, echo: Echo, status: number): Promise<string> {
	nock(LOCAL)
		.post(loginPath(loginMethod))
		.reply(status, function (_uri, body) {
			const quoted = echo({
				body: typeof body === 'string' ? body : JSON.stringify(body),
				authorization: String(this.req.headers.authorization ?? ''),
			});
			return { statusCode: status, message: quoted };
		});
	const error = await new PersonrApi().preAuthentication
		.call({ helpers: n8nHttp() }, credentials(loginMethod))
		.catch((thrown: unknown) => thrown);
	expect(error).toBeInstanceOf(PersonrLoginError);
	return (error as PersonrLoginError).message;
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => forgetAllAccounts());
afterEach(() => nock.cleanAll());

describe.each(['bodyParameters', 'basicAuth'] as const)(
	'%s login: a server that quotes the request in its error',
	(loginMethod) => {
		it.each(ECHOES[loginMethod])(
			'quoting %s (HTTP 400) shows no spelling of the password or Basic value',
			async (_title, echo) => {
				const message = await loginMessage(loginMethod, echo, 400);
				expect(message).toContain('[redacted]');
				for (const [spelling, secret] of SPELLINGS)
					expect({ spelling, leaked: message.includes(secret) }).toEqual({
						spelling,
						leaked: false,
					});
			},
		);

		it('quoting the raw request body in a server error (HTTP 500) shows none either', async () => {
			const message = await loginMessage(
				loginMethod,
				({ body, authorization }) => `upstream failed on ${body} ${authorization}`,
				500,
			);
			for (const [spelling, secret] of SPELLINGS)
				expect({ spelling, leaked: message.includes(secret) }).toEqual({ spelling, leaked: false });
		});
	},
);

it('the Body Parameters login really sends the password form-encoded (what the redaction must cover)', async () => {
	let received: unknown;
	nock(LOCAL)
		.post(loginPath('bodyParameters'))
		.reply(500, (_uri, body) => {
			received = body;
			return {};
		});
	await new PersonrApi().preAuthentication
		.call({ helpers: n8nHttp() }, credentials('bodyParameters'))
		.catch(() => undefined);
	expect(received).toBe(
		`email=ops%40example.com&password=${new URLSearchParams({ s: PASSWORD }).toString().slice(2)}`,
	);
});
