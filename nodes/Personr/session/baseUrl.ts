import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const LIVE_BASE_URL = 'https://enterprise.personr.co/api/1.1/wf';
export const DEVELOPMENT_BASE_URL = 'https://enterprise.personr.co/version-test/api/1.1/wf';

export type BaseUrlCheck = { baseUrl: string } | { problem: string };

/** The workflow API root every Personr endpoint hangs off (no trailing slash), or what is wrong with it. */
export function checkBaseUrl(credentials: ICredentialDataDecryptedObject): BaseUrlCheck {
	const environment = (credentials.environment as string | undefined) ?? 'live';
	if (environment === 'live') return { baseUrl: LIVE_BASE_URL };
	if (environment === 'development') return { baseUrl: DEVELOPMENT_BASE_URL };
	if (environment !== 'custom') {
		return {
			problem: `Unknown Personr environment "${environment}". Choose Live, Development or Custom in the credential.`,
		};
	}
	const raw = String(credentials.baseUrl ?? '').trim();
	if (raw === '') {
		return {
			problem:
				'The credential uses a custom environment but its Base URL is empty. Enter the URL that ends in /api/1.1/wf.',
		};
	}
	if (!URL.canParse(raw)) {
		return {
			problem: `The credential's Base URL "${raw}" is not a valid URL. Enter a full http(s) URL such as ${LIVE_BASE_URL}.`,
		};
	}
	const parsed = new URL(raw);
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		return {
			problem: `The credential's Base URL must start with https:// or http:// (got "${parsed.protocol}").`,
		};
	}
	if (parsed.username !== '' || parsed.password !== '') {
		return {
			problem:
				"The credential's Base URL must not contain a user name or password: enter them in the Email and Password fields.",
		};
	}
	return { baseUrl: raw.replace(/\/+$/, '') };
}
