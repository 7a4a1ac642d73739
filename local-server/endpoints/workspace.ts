import { given, success, type CallContext, type Handler } from './context';

/** New applicants land in the workspace the token's user switched to last. */
function changeWorkspace(ctx: CallContext): ReturnType<Handler> {
	const requested = given(ctx, 'workspace');
	const match = ctx.account.workspaces.find(
		(name) => name.toLowerCase() === requested.trim().toLowerCase(),
	);
	// Personr reports this failure with HTTP 200.
	if (!match) return { status: 200, body: { status: 'error', response: 'Workspace not found' } };
	ctx.account.currentWorkspace = match;
	return success({ currentWorkspace: match });
}

export const workspaceEndpoints: Record<string, Handler> = {
	'api-change-workspace': changeWorkspace,
};
