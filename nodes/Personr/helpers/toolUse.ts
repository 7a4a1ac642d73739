import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Whether this run serves an AI agent or an MCP client rather than a workflow. n8n gives a `usableAsTool`
 * node a tool variant of its own type, `<package>.<node>Tool`, and that type is what the node sees in every
 * tool path of both lines. `isToolExecution()` exists only from n8n 2.x and answers false when 2.x's agent
 * runs a tool as an engine request, so the type decides.
 */
export function isToolUse(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

/**
 * The output without the fields a model must never see. A tool's answer goes into the model's context, its
 * provider's logs and whatever the agent does next; a bearer token there would let anyone reading it act as
 * the Personr account. The Personr tool authenticates by itself, so a model never needs the token.
 */
export function withheldFromTools(
	context: IExecuteFunctions,
	json: IDataObject,
	secretFields: string[],
): IDataObject {
	if (!isToolUse(context)) return json;
	const safe = Object.fromEntries(
		Object.entries(json).filter(([key]) => !secretFields.includes(key)),
	);
	return {
		...safe,
		withheld: `${secretFields.join(' and ')} are not given to AI tools; the Personr tool authenticates by itself.`,
	};
}
