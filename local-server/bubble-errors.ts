import { bubbleId } from './ids';
import { ReplyError, type Reply } from './types';

export const INVALID_LOGIN: Reply = {
	status: 400,
	body: {
		statusCode: 400,
		reason: 'INVALID_LOGIN_CREDENTIALS',
		message: 'We didn\u2019t find an account with those login credentials',
		args: { bubble_code: 'INVALID_LOGIN_CREDENTIALS' },
	},
};

/** Bubble's auth layer echoes the rejected token back; clients must redact it. */
export function unauthorized(token: string | undefined): Reply {
	return {
		status: 401,
		body: {
			error_class: 'Unauthorized',
			args: { code: bubbleId() },
			message: null,
			translation:
				token === undefined ? 'Invalid or expired token' : `Invalid or expired token: ${token}`,
		},
	};
}

function workflowError(status: number, code: string, message: string): Reply {
	return { status, body: { statusCode: status, body: { status: code, message } } };
}

export function missingParameter(endpoint: string, name: string): ReplyError {
	return new ReplyError(
		workflowError(
			400,
			'MISSING_DATA',
			`Missing parameter for workflow ${endpoint}: parameter ${name}`,
		),
	);
}

export function invalidData(message: string): ReplyError {
	return new ReplyError(workflowError(400, 'INVALID_DATA', message));
}

export function notFound(): ReplyError {
	return new ReplyError(workflowError(400, 'NOT_FOUND', 'Applicant not found'));
}

export function unknownWorkflow(endpoint: string): Reply {
	return workflowError(404, 'NOT_FOUND', `Workflow not found ${endpoint}`);
}

export function methodNotAllowed(method: string): Reply {
	return workflowError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed; use POST`);
}

export function unreadableBody(message: string, status = 400): Reply {
	return workflowError(status, 'INVALID_DATA', message);
}
