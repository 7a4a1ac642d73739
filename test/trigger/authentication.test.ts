import type { IHookFunctions } from 'n8n-workflow';

import { PersonrTrigger } from '../../nodes/PersonrTrigger/PersonrTrigger.node';
import { approvedApplicant, credential, HEADER, TOKEN, withToken } from './notifications';
import { post, useWebhookHosts, type WebhookHost } from './webhook-host';

const startHost = useWebhookHosts();
const hostWith = (
	stored: Record<string, string> = credential,
	parameters = {},
): Promise<WebhookHost> => startHost({ credential: stored, parameters });

describe('Personr Trigger: webhook token', () => {
	it('checks the token by default and starts a run with the notification when it matches', async () => {
		const { url, calls, items } = await hostWith();
		const before = Date.now();

		const answer = await post(url, approvedApplicant, withToken);

		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ received: true });
		expect(calls).toHaveLength(1);
		const [item] = items();
		const { receivedAt, body, ...fields } = item.json;
		expect(body).toEqual(approvedApplicant);
		expect(fields).toMatchObject(approvedApplicant);
		expect(Date.parse(String(receivedAt))).toBeGreaterThanOrEqual(before - 1000);
		expect(new Date(String(receivedAt)).toISOString()).toBe(receivedAt);
	});

	it.each([
		['a wrong token', { [HEADER]: 'whk_not-the-token' }],
		['the token with a suffix', { [HEADER]: `${TOKEN}x` }],
		['a prefix of the token', { [HEADER]: TOKEN.slice(0, -1) }],
		['the token in another header', { 'x-other-header': TOKEN }],
		['no token at all', {}],
	])('answers 401 and starts nothing for %s', async (_case, headers) => {
		const { url, calls } = await hostWith();

		const answer = await post(url, approvedApplicant, headers);

		expect(answer.status).toBe(401);
		expect(answer.json).toEqual({ received: false, error: 'Unauthorized' });
		expect(calls).toHaveLength(1);
		expect(calls[0].workflowData).toBeUndefined();
	});

	it('checks the token before looking at the body', async () => {
		const { url } = await hostWith();

		const answer = await post(url, ['not', 'a', 'notification'], { [HEADER]: 'wrong' });

		expect(answer.status).toBe(401);
	});

	it('matches the header name whatever its case, on either side', async () => {
		const { url, items } = await hostWith({ headerName: 'X-Personr-Webhook-TOKEN', token: TOKEN });

		const answer = await post(url, approvedApplicant, { 'x-PERSONR-webhook-token': TOKEN });

		expect(answer.status).toBe(200);
		expect(items()).toHaveLength(1);
	});

	it('ignores whitespace pasted around the stored header name and token', async () => {
		const { url, items } = await hostWith({ headerName: ` ${HEADER} `, token: `\t${TOKEN}\n` });

		const answer = await post(url, approvedApplicant, withToken);

		expect(answer.status).toBe(200);
		expect(items()).toHaveLength(1);
	});

	it('token values stay case-sensitive', async () => {
		const { url } = await hostWith();

		const answer = await post(url, approvedApplicant, { [HEADER]: TOKEN.toUpperCase() });

		expect(answer.status).toBe(401);
	});

	it('accepts calls without a token when authentication is off, and then needs no credential', async () => {
		const host = await startHost({ parameters: { authentication: 'none' } });

		const answer = await post(host.url, approvedApplicant);

		expect(answer.status).toBe(200);
		expect(host.items()).toHaveLength(1);
	});

	it('fails the run, without answering 200 or naming the token, when the stored credential is unusable', async () => {
		const { url, calls } = await hostWith({ headerName: 'x personr token', token: TOKEN });

		const answer = await post(url, approvedApplicant, withToken);

		expect(answer.status).toBe(500);
		expect(calls[0].workflowData).toBeUndefined();
		expect(calls[0].error?.message).toContain('is not a valid HTTP header name');
		expect(calls[0].error?.message).not.toContain(TOKEN);
		expect(answer.text).not.toContain(TOKEN);
	});

	it('never puts the token or the request headers into the output or the answers', async () => {
		const { url, calls, items } = await hostWith(
			{ headerName: HEADER, token: TOKEN },
			{ reviewAnswers: ['approved'] },
		);
		const answers = [
			await post(url, approvedApplicant, withToken),
			await post(url, { ...approvedApplicant, reviewAnswer: 'Rejected' }, withToken),
			await post(url, approvedApplicant, { [HEADER]: 'wrong' }),
			await post(url, { nothing: 'here' }, withToken),
		];

		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 401, 400]);
		expect(items()).toHaveLength(1);
		const everything = JSON.stringify({ calls, answers });
		expect(everything).not.toContain(TOKEN);
		expect(everything).not.toContain(HEADER);
		expect(Object.keys(items()[0].json)).not.toContain('headers');
	});
});

describe('Personr Trigger: credential test and webhook lifecycle', () => {
	const trigger = new PersonrTrigger();
	const test = async (data: Record<string, unknown>) =>
		await trigger.methods.credentialTest.personrWebhookApiTest.call({} as never, {
			id: 'c',
			name: 'Personr webhook',
			type: 'personrWebhookApi',
			data: data as never,
		});

	it('passes a usable header name and token and says that Personr cannot confirm them', async () => {
		await expect(test(credential)).resolves.toEqual({
			status: 'OK',
			message: expect.stringContaining('cannot be asked'),
		});
	});

	it.each([
		[{ headerName: '', token: TOKEN }, 'name of the header'],
		[{ headerName: 'x token', token: TOKEN }, 'not a valid HTTP header name'],
		[{ headerName: 'x-token:', token: TOKEN }, 'not a valid HTTP header name'],
		[{ headerName: HEADER, token: '   ' }, 'webhook token'],
		[{ headerName: HEADER }, 'webhook token'],
		[{ headerName: HEADER, token: 'abc\r\nX-Injected: 1' }, 'line break'],
	])('rejects %j', async (data, message) => {
		const result = await test(data);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
	});

	it('registers nothing with Personr: the URL is pasted into its dashboard by hand', async () => {
		const hooks = trigger.webhookMethods.default;
		// A saved workflow that kept the default stores no Authentication value: n8n hands back the fallback.
		const context = {
			getNodeParameter: (_name: string, fallback: unknown) => fallback,
		} as unknown as IHookFunctions;
		await expect(hooks.checkExists.call(context)).resolves.toBe(true);
		await expect(hooks.create.call(context)).resolves.toBe(true);
		await expect(hooks.delete.call(context)).resolves.toBe(true);
	});
});
