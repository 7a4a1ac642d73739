import {
	CONTRACT_ENDPOINTS,
	CONTRACT_WEBHOOKS,
	requiredParams,
	type DocumentedEndpoint,
	type DocumentedExchange,
} from '../../local-server/contract';
import { ENDPOINTS, LOGIN_ENDPOINTS } from '../../local-server/endpoints';
import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import {
	at,
	eventually,
	readAnswer as read,
	startReceiver,
	textAt,
	type Answer,
} from '../local-server/helpers';
import { shapeMismatches } from './shape';

/**
 * Proves the bundled server against contract/: every documented request is answered in the documented shape,
 * every parameter a page marks required is refused as Bubble does when left out, and each documented revision of
 * the webhook body is what the server posts.
 */

/** The examples' placeholder ids, replaced by real ones. */
const PLACEHOLDER_ID = /^4242424242424x(42)+$/;
/** The examples' file contents end in "..."; a real upload needs real base64. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]).toString('base64');

const ENTITY_ENDPOINTS = new Set([
	'api-entity-verificationlink-create',
	'api-entity-document-upload',
	'api-entity-document-upload-encoded',
	'api-add-ubo',
	'api-entity-status',
	'api-retrieve-ubo',
	'api-entity-questionnaire',
	'api-aml-results',
]);

let server: PersonrServer;
let token: string;
const subjects = { applicant: '', entity: '', fresh: '' };
const loginAnswers = new Map<string, Answer>();

function endpoint(name: string): DocumentedEndpoint {
	const found = CONTRACT_ENDPOINTS.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`${name} is not in the contract`);
	return found;
}

/** Which subject an example's id stands for: the fresh applicant for a check request, so the reviewed ones stay reviewed. */
function idFor(name: string, key: string): string {
	if (key === 'uboApplicantId') return subjects.applicant;
	if (name === 'api-request-applicant-check') return subjects.fresh;
	return ENTITY_ENDPOINTS.has(name) ? subjects.entity : subjects.applicant;
}

function realBody(name: string, body: unknown): Record<string, unknown> {
	const real: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
		if (typeof value === 'string' && PLACEHOLDER_ID.test(value)) real[key] = idFor(name, key);
		else if (key === 'docFile' && typeof value === 'string' && value.endsWith('...'))
			real[key] = JPEG;
		else if (key === 'docFile' && value !== null && typeof value === 'object')
			real[key] = { ...(value as object), contents: JPEG };
		else real[key] = value;
	}
	return real;
}

/** Sends a body the way the page's examples do: a multipart form, or JSON text (curl --data sends it as a form type). */
async function send(
	name: string,
	encoding: string | undefined,
	body: Record<string, unknown>,
	jsonType = 'application/x-www-form-urlencoded',
): Promise<Answer> {
	const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
	let payload: FormData | string;
	if (encoding === 'application/json') {
		headers['Content-Type'] = jsonType;
		payload = JSON.stringify(body);
	} else {
		payload = new FormData();
		for (const [key, value] of Object.entries(body))
			payload.append(key, typeof value === 'string' ? value : JSON.stringify(value));
	}
	return read(
		await fetch(`${server.liveBaseUrl}/${name}`, { method: 'POST', headers, body: payload }),
	);
}

function sendExample(name: string, request: DocumentedExchange): Promise<Answer> {
	return send(name, request.encoding, realBody(name, request.body));
}

/** The answers the server must match: the newest revision of each page (older ones stay recorded for clients). */
function currentAnswers(documented: DocumentedEndpoint): DocumentedExchange[] {
	return documented.answers.filter(
		(answer) => answer.revision !== 'earlier' && answer.body !== null,
	);
}

async function reviewed(name: string, applicantId: string): Promise<void> {
	const done = await eventually(
		() => send(name, 'multipart/form-data', { applicantId }),
		(answer) => at(answer.json, 'response', 'applicantStatus') === 'Reviewed',
	);
	expect(at(done.json, 'response', 'applicantStatus')).toBe('Reviewed');
}

beforeAll(async () => {
	server = await startPersonrServer({
		checkDelayMs: 30,
		// The accounts of the examples: Basic dXNlcm5hbWU6cGFzc3dvcmQ= is username:password.
		accounts: [
			{ email: 'username', password: 'password', workspaces: ['Main', 'XYZ Co'] },
			{ email: 'example@personr.co', password: 'example123' },
		],
	});
	const generate = endpoint('api-token-generate').requests[0] as DocumentedExchange;
	const form = new FormData();
	for (const [key, value] of Object.entries(generate.body as Record<string, string>))
		form.append(key, value);
	loginAnswers.set(
		'api-token-generate',
		await read(
			await fetch(`${server.liveBaseUrl}/api-token-generate`, { method: 'POST', body: form }),
		),
	);
	const basic = endpoint('api-basic-auth').requests[0] as DocumentedExchange & {
		headers: Record<string, string>;
	};
	const basicAnswer = await read(
		await fetch(`${server.liveBaseUrl}/api-basic-auth`, { method: 'POST', headers: basic.headers }),
	);
	loginAnswers.set('api-basic-auth', basicAnswer);
	token = textAt(basicAnswer.json, 'response', 'token');

	// Subjects as the examples create them, with the optional keys the result answers echo.
	const extra = { sourceKey: 'Example Source Key', externalUserId: '["UUID1"]' };
	const applicant = await send('api-applicant-create', 'multipart/form-data', {
		...(endpoint('api-applicant-create').requests[0]?.body as object),
		...extra,
	});
	subjects.applicant = textAt(applicant.json, 'response', 'applicantId');
	const fresh = await send(
		'api-applicant-create',
		'multipart/form-data',
		endpoint('api-applicant-create').requests[0]?.body as Record<string, unknown>,
	);
	subjects.fresh = textAt(fresh.json, 'response', 'applicantId');
	const entity = await send('api-entity-create', 'multipart/form-data', {
		...(endpoint('api-entity-create').requests[0]?.body as object),
		...extra,
	});
	subjects.entity = textAt(entity.json, 'response', 'applicantId');
	for (const request of endpoint('api-document-upload').requests)
		await sendExample('api-document-upload', request);
	await sendExample('api-add-ubo', endpoint('api-add-ubo').requests[0] as DocumentedExchange);
	for (const applicantId of [subjects.applicant, subjects.entity])
		await send('api-request-applicant-check', 'multipart/form-data', { applicantId });
	await reviewed('api-applicant-status', subjects.applicant);
	await reviewed('api-entity-status', subjects.entity);
});
afterAll(() => server.close());

describe('the contract', () => {
	it('names every endpoint the server serves, and the server serves every documented one', () => {
		const documented = CONTRACT_ENDPOINTS.map((entry) => entry.name).filter(
			(name) => !LOGIN_ENDPOINTS.has(name),
		);
		const served = Object.keys(ENDPOINTS);
		expect(served.filter((name) => !documented.includes(name))).toEqual([]);
		expect(documented.filter((name) => !served.includes(name))).toEqual([]);
	});

	it('records a page for every endpoint but the one no Personr page documents', () => {
		const undocumented = CONTRACT_ENDPOINTS.filter((entry) => entry.pages.length === 0).map(
			(entry) => entry.name,
		);
		expect(undocumented).toEqual(['api-applicant-details']);
		for (const entry of CONTRACT_ENDPOINTS)
			for (const page of entry.pages)
				expect(page).toMatch(/^https:\/\/manual\.personr\.co\/api-documentation\//);
	});
});

describe.each(['api-basic-auth', 'api-token-generate'])('%s', (name) => {
	it.each(currentAnswers(endpoint(name)).map((answer) => [answer.revision, answer] as const))(
		'answers the documented example in the %s shape',
		(_revision, documented) => {
			const answer = loginAnswers.get(name) as Answer;
			expect(answer.status).toBe(200);
			expect(shapeMismatches(documented.body, answer.json)).toEqual([]);
		},
	);
});

const served = CONTRACT_ENDPOINTS.filter((entry) => entry.auth === 'bearer');

describe.each(
	served.filter((entry) => entry.requests.length > 0).map((entry) => [entry.name, entry] as const),
)('%s', (name, documented) => {
	it('accepts every documented request', async () => {
		for (const request of documented.requests) {
			const answer = await sendExample(name, request);
			expect({ request: request.body, status: answer.status, body: answer.json }).toMatchObject({
				status: 200,
			});
		}
	});

	const answers = currentAnswers(documented);
	if (answers.length > 0) {
		it.each(answers.map((answer) => [answer.revision, answer] as const))(
			'answers its example in the documented (%s) shape',
			async (_revision, answer) => {
				const request = documented.requests[0] as DocumentedExchange;
				const got = await sendExample(name, request);
				if (answer.status !== null && answer.status !== undefined)
					expect(got.status).toBe(answer.status);
				else expect(got.status).toBe(200);
				expect(shapeMismatches(answer.body, got.json, answer.partial === true)).toEqual([]);
			},
		);
	}

	if (request0IsJson(documented)) {
		it('reads the JSON example whether it arrives as curl --data sends it or typed application/json', async () => {
			const request = documented.requests[0] as DocumentedExchange;
			const body = realBody(name, request.body);
			const asCurl = await send(name, 'application/json', body);
			const typed = await send(name, 'application/json', body, 'application/json');
			expect(asCurl.status).toBe(200);
			expect(typed.status).toBe(200);
			expect(shapeMismatches(asCurl.json, typed.json)).toEqual([]);
		});
	}

	const required = requiredParams(name);
	if (required.length > 0) {
		it.each(required.map((param) => [param.examplesSend ?? param.name, param] as const))(
			'refuses the example without %s as Bubble does (MISSING_DATA)',
			async (sentName, param) => {
				const request = documented.requests[0] as DocumentedExchange;
				const body = realBody(name, request.body);
				delete body[param.name];
				delete body[sentName];
				const got = await send(name, request.encoding, body);
				expect(got.status).toBe(400);
				expect(got.json).toEqual({
					statusCode: 400,
					body: {
						status: 'MISSING_DATA',
						message: `Missing parameter for workflow ${name}: parameter ${sentName}`,
					},
				});
			},
		);
	}
});

describe('api-change-workspace', () => {
	it('answers an unknown workspace with the documented "200 - Error"', async () => {
		const [error] = endpoint('api-change-workspace').errors;
		const got = await send('api-change-workspace', 'multipart/form-data', {
			workspace: 'No such workspace',
		});
		expect(got.status).toBe(error?.status);
		expect(got.json).toEqual(error?.body);
	});
});

function request0IsJson(documented: DocumentedEndpoint): boolean {
	return documented.requests[0]?.encoding === 'application/json';
}

describe.each([
	['applicant', 'flat'],
	['applicant', 'wrapped'],
	['entity', 'flat'],
	['entity', 'wrapped'],
] as const)('the %s webhook, %s revision', (kind, form) => {
	it('is posted in the documented shape', async () => {
		const documented = CONTRACT_WEBHOOKS[kind].find((revision) => revision.form === form);
		if (!documented) throw new Error(`no ${form} ${kind} webhook in the contract`);
		const receiver = await startReceiver();
		// Registered as the documented endpoint does it; the URL it replaces is the one the endpoint's own example set.
		const registered = await send('api-webhook-configuration', 'multipart/form-data', {
			webhookUrl: receiver.url,
			generateToken: 'true',
			headerToken: 'true',
		});
		expect(registered.status).toBe(200);
		server.setWebhookForm(form);
		try {
			// Rejected subjects, so the label lists are not empty either.
			const created =
				kind === 'applicant'
					? await send('api-applicant-create', 'multipart/form-data', {
							email: 'r@example.com',
							phone: '1',
							flowName: 'KYC',
							nameLast: 'Reject',
							sourceKey: 'k',
						})
					: await send('api-entity-create', 'multipart/form-data', {
							companyName: 'Reject',
							registrationNumber: '1',
							country: 'AUS',
							flowName: 'KYB',
							sourceKey: 'k',
						});
			const applicantId = textAt(created.json, 'response', 'applicantId');
			if (kind === 'applicant') {
				await send('api-document-upload', 'application/json', {
					applicantId,
					docType: 'PASSPORT',
					docCountryISO: 'AUS',
					docFile: { filename: 'p.jpg', contents: JPEG },
				});
			}
			await send('api-request-applicant-check', 'multipart/form-data', { applicantId });
			// Checks started by earlier tests may complete meanwhile: wait for this subject's post.
			let hook = await receiver.next();
			while (!JSON.stringify(hook.body).includes(applicantId)) hook = await receiver.next();
			expect(shapeMismatches(documented.body, hook.body)).toEqual([]);
		} finally {
			server.setWebhookForm('flat');
			await receiver.close();
		}
	});
});
