import { applicantEndpoints } from './applicants';
import type { Handler } from './context';
import { documentEndpoints } from './documents';
import { entityEndpoints } from './entities';
import { screeningEndpoints } from './screening';
import { webhookConfigurationEndpoints } from './webhookConfiguration';
import { workspaceEndpoints } from './workspace';

export { LOGIN_ENDPOINTS, login } from './auth';
export type { CallContext, Handler } from './context';

/** Every documented endpoint that needs a Bearer token. */
export const ENDPOINTS: Readonly<Record<string, Handler>> = {
	...applicantEndpoints,
	...documentEndpoints,
	...entityEndpoints,
	...screeningEndpoints,
	...workspaceEndpoints,
	...webhookConfigurationEndpoints,
};
