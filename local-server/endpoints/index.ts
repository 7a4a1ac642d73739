import { documentedEndpoint } from '../contract';
import { applicantEndpoints } from './applicants';
import { refuseMissing, type Handler } from './context';
import { documentEndpoints } from './documents';
import { entityEndpoints } from './entities';
import { screeningEndpoints } from './screening';
import { webhookConfigurationEndpoints } from './webhookConfiguration';
import { workspaceEndpoints } from './workspace';

export { LOGIN_ENDPOINTS, login } from './auth';
export type { CallContext, Handler } from './context';

/** Every handler answers only after the contract's required parameters are checked, so the two cannot drift. */
function documented(handlers: Record<string, Handler>): Record<string, Handler> {
	return Object.fromEntries(
		Object.entries(handlers).map(([name, handler]) => {
			if (!documentedEndpoint(name))
				throw new Error(`${name} is served but missing from contract/endpoints.json`);
			const checked: Handler = (ctx) => {
				refuseMissing(ctx.endpoint, ctx.params);
				return handler(ctx);
			};
			return [name, checked];
		}),
	);
}

/** Every documented endpoint that needs a Bearer token. */
export const ENDPOINTS: Readonly<Record<string, Handler>> = documented({
	...applicantEndpoints,
	...documentEndpoints,
	...entityEndpoints,
	...screeningEndpoints,
	...workspaceEndpoints,
	...webhookConfigurationEndpoints,
});
