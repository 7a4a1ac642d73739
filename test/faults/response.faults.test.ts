import {
	itemError,
	items,
	personrNode,
	statusParameters,
	storeWithToken,
	useFaultServer,
} from './support';
import {
	callRedirect,
	largeErrorBody,
	largeResponse,
	loginAttempts,
	malformedJson,
	slowServer,
	statusCalls,
	statusError,
	TEN_MB,
} from './scenarios';

const context = useFaultServer();

describe('a call redirected to another host', () => {
	it('Personr node: not followed, a clear error, the other host receives nothing', async () => {
		const { error, trap } = await callRedirect(context, 'Personr node');
		expect(error?.message).toBe(
			"Personr answered api-applicant-status with a redirect (HTTP 302), which is not followed so the token is never sent to another host. Check the credential's base URL.",
		);
		expect(error?.httpCode).toBe('302');
		expect(trap.received).toEqual([]);
		expect(statusCalls(context)).toBe(1);
		expect(loginAttempts(context)).toBe(0);
	});

	it('HTTP Request node: the other host never receives an Authorization header', async () => {
		const { error, trap } = await callRedirect(context, 'HTTP Request node');
		// n8n asks the credential for a new token after the failed call; a redirect proves nothing about the token, so no login.
		expect(error?.message).toBe(
			'Personr could not say whether the saved token is still valid (the answer was a redirect (HTTP 302)), so n8n did not log in again and nothing was changed. Try again in a moment.',
		);
		expect(trap.received.filter((request) => request.headers.authorization !== undefined)).toEqual(
			[],
		);
		expect(loginAttempts(context)).toBe(0);
	});
});

describe('a 10 MB answer', () => {
	it('Personr node: a 10 MB success is delivered whole, from one call', async () => {
		const { output, error } = await largeResponse(context, 'Personr node');
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		expect(String(output[0]?.json.padding).length).toBeGreaterThan(TEN_MB - 100);
		expect(statusCalls(context)).toBe(1);
		expect(loginAttempts(context)).toBe(0);
	});

	it('HTTP Request node: a 10 MB success is delivered, from one call', async () => {
		const { output, error } = await largeResponse(context, 'HTTP Request node');
		expect(error).toBeUndefined();
		expect(
			String((output[0]?.json.response as { padding?: string } | undefined)?.padding).length,
		).toBeGreaterThan(TEN_MB - 100);
		expect(statusCalls(context)).toBe(1);
	});

	it('a 10 MB HTML error page: a short error that names the status, not the page', async () => {
		const { error } = await largeErrorBody(context, 'html');
		expect(error?.message).toBe('Personr failed with a server error (HTTP 502). Try again later.');
		expect(error?.description ?? '').toBe('');
		expect(statusCalls(context)).toBe(1);
	});

	it('a 10 MB error message: quoted only in part, so the stored execution stays small', async () => {
		const { error, runData } = await largeErrorBody(context, 'json');
		expect(error?.message).toMatch(
			/^Personr rejected the request to api-applicant-status \(HTTP 400\): Bad value y+…\.$/,
		);
		expect(error?.message.length).toBeLessThan(450);
		expect(error?.description).toMatch(/^Personr said: Bad value y+…$/);
		expect(runData.length).toBeLessThan(20_000);
		expect(statusCalls(context)).toBe(1);
	});
});

describe('a slow server (1 s per answer)', () => {
	it('Personr node, 2 items and a saved token: both succeed, one call each', async () => {
		const { output, error } = await slowServer(context, 'Personr node', { count: 2 });
		expect(error).toBeUndefined();
		expect(output.map((item) => [item.json.applicantStatus, item.pairedItem])).toEqual([
			['Created', { item: 0 }],
			['Created', { item: 1 }],
		]);
		expect(statusCalls(context)).toBe(2);
		expect(loginAttempts(context)).toBe(0);
	});

	it('HTTP Request node, 5 parallel items and no token yet: all wait for one slow login, one call each', async () => {
		const { output, error } = await slowServer(context, 'HTTP Request node', {
			count: 5,
			savedToken: false,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => [item.json.status, item.pairedItem])).toEqual(
			[0, 1, 2, 3, 4].map((item) => ['success', { item }]),
		);
		expect(loginAttempts(context)).toBe(1);
		// One each, and the one read-only call that proves the credential's first token.
		expect(statusCalls(context)).toBe(6);
	});
});

describe('malformed JSON with HTTP 200', () => {
	it('Personr node: a clear error, no retry, no login', async () => {
		const { error } = await malformedJson(context, 'Personr node');
		expect(error?.message).toBe('Personr answered api-applicant-status with malformed JSON.');
		expect(statusCalls(context)).toBe(1);
		expect(loginAttempts(context)).toBe(0);
	});

	it('HTTP Request node: n8n hands the text over; no login', async () => {
		const { output } = await malformedJson(context, 'HTTP Request node');
		expect(output[0]?.json.data).toBe('{"status":"success","response":{"applicantId":"');
		expect(statusCalls(context)).toBe(1);
		expect(loginAttempts(context)).toBe(0);
	});
});

describe('HTTP 200 with "status":"error"', () => {
	it("Personr node: an error carrying Personr's message", async () => {
		const { error } = await statusError(context, 'Personr node');
		expect(error?.message).toBe(
			'Personr reported an error for api-applicant-status: Workspace not found.',
		);
		expect(error?.description).toBe('Personr said: Workspace not found');
		expect(error?.httpCode).toBe('200');
		expect(statusCalls(context)).toBe(1);
		expect(loginAttempts(context)).toBe(0);
	});

	it('Personr node, 3 items with continue on fail: 3 paired error items', async () => {
		const credentials = await storeWithToken(context);
		context.server.setFault({ kind: 'statusError', message: 'Workspace not found' });
		const { output } = await personrNode(context.server, statusParameters(context), {
			items: items(3),
			continueOnFail: true,
			credentials,
		});
		expect(output.map((item) => [itemError(item), item.json.description, item.pairedItem])).toEqual(
			[0, 1, 2].map((item) => [
				'Personr reported an error for api-applicant-status: Workspace not found.',
				'Personr said: Workspace not found',
				{ item },
			]),
		);
	});
});
