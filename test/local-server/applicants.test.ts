/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test: it inflates the PNG the local server sends */
import { inflateSync } from 'zlib';
import { sleep } from 'n8n-workflow';

import { crc32, PNG_SIGNATURE } from '../../local-server/png';
import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { at, call, eventually, loginToken, startReceiver, textAt } from './helpers';

let server: PersonrServer;
let token: string;
const api = (endpoint: string, json: unknown) =>
	call(server.liveBaseUrl, endpoint, { token, json });

beforeAll(async () => {
	server = await startPersonrServer({ checkDelayMs: 50 });
	token = await loginToken(server);
});
afterAll(() => server.close());

async function createApplicant(extra: Record<string, unknown> = {}): Promise<string> {
	const answer = await api('api-applicant-create', {
		email: 'jane@example.com',
		phone: '+61 400 000 000',
		flowName: 'KYC basic',
		...extra,
	});
	expect(answer.status).toBe(200);
	return textAt(answer.json, 'response', 'applicantId');
}

/** Walks a PNG's chunks, checking every CRC, and returns the header and inflated pixel data. */
function decodePng(data: Buffer): { width: number; height: number; pixels: Buffer } {
	expect(data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
	let offset = 8;
	let header: Buffer | undefined;
	const idat: Buffer[] = [];
	for (;;) {
		const length = data.readUInt32BE(offset);
		const type = data.toString('ascii', offset + 4, offset + 8);
		const body = data.subarray(offset + 8, offset + 8 + length);
		expect(data.readUInt32BE(offset + 8 + length)).toBe(
			crc32(data.subarray(offset + 4, offset + 8 + length)),
		);
		if (type === 'IHDR') header = body;
		if (type === 'IDAT') idat.push(body);
		offset += 12 + length;
		if (type === 'IEND') break;
	}
	expect(offset).toBe(data.length);
	if (!header) throw new Error('no IHDR');
	return {
		width: header.readUInt32BE(0),
		height: header.readUInt32BE(4),
		pixels: inflateSync(Buffer.concat(idat)),
	};
}

describe('applicants', () => {
	it('are created, then report their status and details', async () => {
		const created = await api('api-applicant-create', {
			email: 'jane@example.com',
			phone: '+61 400 000 000',
			nameFirst: 'Jane',
			nameLast: 'Citizen',
			flowName: 'KYC basic',
			sourceKey: 'crm-42',
			externalUserId: ['u-1', 'u-2'],
		});
		expect(created.json).toEqual({
			status: 'success',
			response: {
				applicantId: expect.stringMatching(/^\d{13}x\d{18}$/),
				email: 'jane@example.com',
				phone: '+61 400 000 000',
				nameFirst: 'Jane',
				nameLast: 'Citizen',
				flowName: 'KYC basic',
				applicantStatus: 'Created',
			},
		});
		const applicantId = textAt(created.json, 'response', 'applicantId');

		const status = await api('api-applicant-status', { applicantId });
		expect(status.json).toMatchObject({
			status: 'success',
			response: {
				applicantStatus: 'Created',
				applicantActionStatus: 'Pending',
				result: { applicant: applicantId, rejectLabels: [] },
				sourceKey: 'crm-42',
				externalUserId: ['u-1', 'u-2'],
			},
		});
		expect(at(status.json, 'response', 'result', 'reviewAnswer')).toBeUndefined();

		const details = await api('api-applicant-details', { applicantId });
		expect(details.json).toEqual({
			status: 'success',
			response: {
				email: 'jane@example.com',
				phone: '+61 400 000 000',
				nameFirst: 'Jane',
				nameLast: 'Citizen',
				tags: [],
				flowName: 'KYC basic',
				status: 'Created',
				workspace: 'Main',
			},
		});
	});

	it('accept urlencoded bodies with the list as a JSON string, as in Personr’s curl examples', async () => {
		const answer = await call(server.liveBaseUrl, 'api-applicant-create', {
			token,
			form: {
				email: 'j@example.com',
				phone: '1',
				flowName: 'KYC',
				externalUserId: '["UUID1","UUID2"]',
			},
		});
		const status = await api('api-applicant-status', {
			applicantId: textAt(answer.json, 'response', 'applicantId'),
		});
		expect(at(status.json, 'response', 'externalUserId')).toEqual(['UUID1', 'UUID2']);
	});

	it('accept multipart bodies, Personr’s documented content type', async () => {
		const form = new FormData();
		form.append('email', 'm@example.com');
		form.append('phone', '2');
		form.append('flowName', 'KYC ünïcode');
		const response = await fetch(`${server.liveBaseUrl}/api-applicant-create`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}` },
			body: form,
		});
		expect(response.status).toBe(200);
		expect(at(await response.json(), 'response', 'flowName')).toBe('KYC ünïcode');
	});

	it('report the first missing required parameter as MISSING_DATA', async () => {
		const answer = await api('api-applicant-create', { email: 'x@example.com', flowName: 'KYC' });
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({
			statusCode: 400,
			body: {
				status: 'MISSING_DATA',
				message: 'Missing parameter for workflow api-applicant-create: parameter phone',
			},
		});
		const empty = await api('api-applicant-status', { applicantId: '' });
		expect(at(empty.json, 'body', 'message')).toBe(
			'Missing parameter for workflow api-applicant-status: parameter applicantId',
		);
	});

	it.each([
		'api-applicant-status',
		'api-applicant-details',
		'api-document-download',
		'api-request-applicant-check',
	])('answer an unknown applicantId on %s with NOT_FOUND', async (endpoint) => {
		const answer = await api(endpoint, { applicantId: '1700000000000x000000000000000000' });
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({
			statusCode: 400,
			body: { status: 'NOT_FOUND', message: 'Applicant not found' },
		});
	});

	it('are invisible to other accounts', async () => {
		const second = await startPersonrServer({
			accounts: [
				{ email: 'a@x.io', password: 'a' },
				{ email: 'b@x.io', password: 'b' },
			],
		});
		try {
			const a = await loginToken(second, 'a@x.io', 'a');
			const b = await loginToken(second, 'b@x.io', 'b');
			const created = await call(second.liveBaseUrl, 'api-applicant-create', {
				token: a,
				json: { email: 'e', phone: 'p', flowName: 'f' },
			});
			const id = textAt(created.json, 'response', 'applicantId');
			expect(
				(
					await call(second.liveBaseUrl, 'api-applicant-status', {
						token: a,
						json: { applicantId: id },
					})
				).status,
			).toBe(200);
			expect(
				(
					await call(second.liveBaseUrl, 'api-applicant-status', {
						token: b,
						json: { applicantId: id },
					})
				).status,
			).toBe(400);
		} finally {
			await second.close();
		}
	});
});

describe('verification links', () => {
	it('accept `applicant` (the examples) and `applicantId` (the table) and lead to a page', async () => {
		const applicantId = await createApplicant();
		const viaApplicant = await api('api-verificationlink-create', { applicant: applicantId });
		const viaId = await api('api-verificationlink-create', { applicantId });
		const expected = {
			status: 'success',
			response: {
				verificationLink: `${server.url}/verification/${applicantId}`,
				customLink: `${server.url}/verification/${applicantId}`,
			},
		};
		expect(viaApplicant.json).toEqual(expected);
		expect(viaId.json).toEqual(expected);
		const page = await fetch(textAt(viaId.json, 'response', 'verificationLink'));
		expect(page.status).toBe(200);
		expect(await page.text()).toContain(applicantId);
	});

	it('require the applicant', async () => {
		const answer = await api('api-verificationlink-create', {});
		expect(at(answer.json, 'body', 'message')).toBe(
			'Missing parameter for workflow api-verificationlink-create: parameter applicant',
		);
	});
});

describe('documents', () => {
	const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]).toString('base64');

	it('are uploaded as base64 and downloaded exactly as uploaded', async () => {
		const applicantId = await createApplicant();
		const upload = await api('api-document-upload', {
			applicantId,
			docType: 'DRIVERS',
			docSubType: 'FRONT_SIDE',
			docCountryISO: 'AUS',
			docFile: { filename: 'front.JPG', contents: jpeg },
		});
		expect(upload.status).toBe(200);
		expect(upload.json).toEqual({
			applicantId,
			documentType: 'DRIVERS',
			documentSubType: 'FRONT_SIDE',
			country: 'AUS',
			errors: [],
			warnings: [],
		});
		await api('api-document-upload', {
			applicantId,
			docType: 'DRIVERS',
			docSubType: 'BACK_SIDE',
			docCountryISO: 'AUS',
			docFile: { filename: 'back.pdf', contents: 'JVBERi0=' },
		});
		const selfie = await api('api-document-upload', {
			applicantId,
			docType: 'SELFIE',
			docCountryISO: 'AUS',
			docFile: { filename: 'me.png', contents: jpeg },
		});
		expect(selfie.json).toMatchObject({
			documentType: 'SELFIE',
			documentSubType: null,
			errors: [],
		});

		const download = await api('api-document-download', { applicantId });
		expect(download.json).toEqual({
			status: 'success',
			response: { IdDocType: ['DRIVERS', 'DRIVERS', 'SELFIE'], base64: [jpeg, 'JVBERi0=', jpeg] },
		});

		const information = await api('api-document-download-information', { applicantId });
		expect(information.json).toEqual({
			status: 'success',
			response: {
				IdDocType: ['DRIVERS'],
				docExpiries: ['2030-12-31'],
				docNumbers: [expect.stringMatching(/^DR\d{9}$/)],
				base64: [jpeg, 'JVBERi0='],
			},
		});
	});

	it('accept a multipart file part as docFile', async () => {
		const applicantId = await createApplicant();
		const form = new FormData();
		form.append('applicantId', applicantId);
		form.append('docType', 'PASSPORT');
		form.append('docCountryISO', 'AUS');
		form.append('docFile', new Blob([Buffer.from(jpeg, 'base64')]), 'passport.jpeg');
		const response = await fetch(`${server.liveBaseUrl}/api-document-upload`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}` },
			body: form,
		});
		expect(response.status).toBe(200);
		const download = await api('api-document-download', { applicantId });
		expect(at(download.json, 'response', 'base64')).toEqual([jpeg]);
	});

	it.each([
		[
			'an unsupported extension',
			{ filename: 'id.gif', contents: jpeg },
			'Unsupported file type for id.gif: use jpg, jpeg, png or pdf',
		],
		[
			'no extension',
			{ filename: 'id', contents: jpeg },
			'Unsupported file type for id: use jpg, jpeg, png or pdf',
		],
		[
			'contents that are not base64',
			{ filename: 'id.jpg', contents: 'not base64!' },
			'The file contents are not valid base64',
		],
	])(
		'refuse %s in the answer’s errors, with HTTP 200 as Personr reports upload results, and keep nothing',
		async (_case, docFile, message) => {
			const applicantId = await createApplicant();
			const answer = await api('api-document-upload', {
				applicantId,
				docType: 'ID_CARD',
				docCountryISO: 'AUS',
				docFile,
			});
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual({
				applicantId,
				documentType: 'ID_CARD',
				documentSubType: null,
				country: 'AUS',
				errors: [message],
				warnings: [],
			});
			expect(
				at((await api('api-document-download', { applicantId })).json, 'response', 'IdDocType'),
			).toEqual(['PASSPORT', 'SELFIE']);
		},
	);

	it('reject a file object without contents as Bubble does a malformed file', async () => {
		const applicantId = await createApplicant();
		const answer = await api('api-document-upload', {
			applicantId,
			docType: 'ID_CARD',
			docCountryISO: 'AUS',
			docFile: { filename: 'id.jpg' },
		});
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({
			statusCode: 400,
			body: { status: 'INVALID_DATA', message: 'docFile needs a filename and base64 contents' },
		});
	});

	it.each(['docFile', 'docCountryISO'])(
		'require %s (marked required on the page)',
		async (missing) => {
			const applicantId = await createApplicant();
			const full: Record<string, unknown> = {
				applicantId,
				docType: 'ID_CARD',
				docCountryISO: 'AUS',
				docFile: { filename: 'id.jpg', contents: jpeg },
			};
			delete full[missing];
			const answer = await api('api-document-upload', full);
			expect(at(answer.json, 'body', 'message')).toBe(
				`Missing parameter for workflow api-document-upload: parameter ${missing}`,
			);
		},
	);

	it('fall back to real, decodable PNG images when nothing was uploaded (link verification)', async () => {
		const applicantId = await createApplicant();
		const download = await api('api-document-download', { applicantId });
		expect(at(download.json, 'response', 'IdDocType')).toEqual(['PASSPORT', 'SELFIE']);
		const images = at(download.json, 'response', 'base64') as string[];
		for (const image of images) {
			const png = decodePng(Buffer.from(image, 'base64'));
			expect([png.width, png.height]).toEqual([2, 2]);
			// one filter byte plus three bytes per pixel, per row
			expect(png.pixels).toHaveLength(2 * (1 + 2 * 3));
		}
		expect(images[0]).not.toBe(images[1]);
	});
});

describe('checks', () => {
	it('move an applicant to Pending, then Reviewed/Approved, and post the result to the webhook with its header', async () => {
		const receiver = await startReceiver();
		server.setWebhook(receiver.url, 'X-Personr-Webhook-Token', 'hook-secret');
		try {
			const applicantId = await createApplicant({
				nameFirst: 'Jane',
				nameLast: 'Citizen',
				sourceKey: 'crm-1',
				externalUserId: ['ext-1'],
			});
			await api('api-document-upload', {
				applicantId,
				docType: 'PASSPORT',
				docCountryISO: 'NZL',
				docFile: { filename: 'p.png', contents: 'iVBORw==' },
			});
			const requested = await api('api-request-applicant-check', { applicantId });
			expect(requested.json).toEqual({ response: 'success' });
			expect(
				at(
					(await api('api-applicant-status', { applicantId })).json,
					'response',
					'applicantStatus',
				),
			).toBe('Pending');

			const hook = await receiver.next();
			expect(hook.headers['x-personr-webhook-token']).toBe('hook-secret');
			expect(hook.headers['content-type']).toBe('application/json');
			expect(hook.body).toEqual({
				applicantId,
				actionStatus: 'Reviewed',
				reviewAnswer: 'Approved',
				rejectLabels: [],
				extFirstName: 'JANE',
				extLastName: 'CITIZEN',
				extDob: '1990-01-01',
				extStreetNumber: '123',
				extStreetName: 'SAMPLE LANE',
				extCity: 'PERTH',
				extPostCode: '6000',
				extCountry: 'AUSTRALIA',
				docCountryISO: 'NZL',
				docExpiry: '2030-12-31',
				sourceKey: 'crm-1',
				externalUserId: ['ext-1'],
			});

			const status = await api('api-applicant-status', { applicantId });
			expect(status.json).toMatchObject({
				response: {
					applicantStatus: 'Reviewed',
					applicantActionStatus: 'Reviewed',
					result: { reviewAnswer: 'Approved', rejectLabels: [] },
					extractedFirstName: 'JANE',
					documents: ['PASSPORT'],
					docNumber: [expect.stringMatching(/^PA\d{9}$/)],
					docCountry: ['NZL'],
				},
			});
		} finally {
			server.setWebhook(undefined);
			await receiver.close();
		}
	});

	it('reject an applicant whose last name is "Reject"', async () => {
		const applicantId = await createApplicant({ nameLast: 'Reject' });
		await api('api-request-applicant-check', { applicantId });
		const status = await eventually(
			() => api('api-applicant-status', { applicantId }),
			(answer) => at(answer.json, 'response', 'applicantStatus') === 'Reviewed',
		);
		expect(at(status.json, 'response', 'result')).toMatchObject({
			reviewAnswer: 'Rejected',
			rejectLabels: ['FORGERY'],
		});
	});

	it('survive a webhook receiver that is down', async () => {
		const lines: string[] = [];
		const local = await startPersonrServer({
			checkDelayMs: 10,
			webhookUrl: 'http://127.0.0.1:9/unreachable',
			log: (line) => lines.push(line),
		});
		try {
			const localToken = await loginToken(local);
			const created = await call(local.liveBaseUrl, 'api-applicant-create', {
				token: localToken,
				json: { email: 'e', phone: 'p', flowName: 'f' },
			});
			const applicantId = textAt(created.json, 'response', 'applicantId');
			await call(local.liveBaseUrl, 'api-request-applicant-check', {
				token: localToken,
				json: { applicantId },
			});
			await eventually(
				async () => lines.join('\n'),
				(text) => text.includes('failed'),
			);
			expect(lines.join('\n')).toMatch(/webhook applicant \d+x\d+ failed/);
		} finally {
			await local.close();
		}
	});

	it('do not keep a closed server busy: pending checks are dropped on close', async () => {
		const receiver = await startReceiver();
		const local = await startPersonrServer({ checkDelayMs: 100, webhookUrl: receiver.url });
		const localToken = await loginToken(local);
		const created = await call(local.liveBaseUrl, 'api-applicant-create', {
			token: localToken,
			json: { email: 'e', phone: 'p', flowName: 'f' },
		});
		await call(local.liveBaseUrl, 'api-request-applicant-check', {
			token: localToken,
			json: { applicantId: textAt(created.json, 'response', 'applicantId') },
		});
		await local.close();
		const outcome = await Promise.race([
			receiver.next().then(() => 'posted'),
			sleep(250).then(() => 'silent'),
		]);
		expect(outcome).toBe('silent');
		await receiver.close();
	});
});
