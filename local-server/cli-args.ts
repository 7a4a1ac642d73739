import type { PersonrServerOptions } from './types';

export const DEFAULT_CLI_PORT = 8787;

export interface CliOptions extends PersonrServerOptions {
	help: boolean;
}

export const USAGE = `Usage: node .build/local-server/cli.js [options]
  --port N             port to listen on (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --host HOST          interface to bind (default 127.0.0.1)
  --email EMAIL        account email (default demo@personr.local)
  --password PASSWORD  account password (default demo-password)
  --role ROLE          the account's Personr role (default Administrator; another refuses webhook configuration)
  --check-delay-ms N   time a requested check stays Pending (default 2000)
  --token-lifetime-seconds N  token lifetime returned as \`expires\` (default 31536000)
  --webhook-url URL    where check results are POSTed
  --webhook-header NAME --webhook-token VALUE  header sent with webhook posts
  --webhook-form flat|wrapped  revision of Personr's webhook body to post (default flat)
  --help               show this text`;

function numberArg(flag: string, value: string): number {
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0)
		throw new Error(`${flag} needs a whole number, got "${value}"`);
	return parsed;
}

/** Parses CLI flags (`--flag value` or `--flag=value`). */
export function parseCliArgs(argv: string[]): CliOptions {
	const options: CliOptions = { help: false, port: DEFAULT_CLI_PORT };
	let email: string | undefined;
	let password: string | undefined;
	let role: string | undefined;
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index] as string;
		if (arg === '--help' || arg === '-h') {
			options.help = true;
			continue;
		}
		const [flag, inline] = arg.includes('=')
			? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
			: [arg, undefined];
		const value = inline ?? argv[++index];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		switch (flag) {
			case '--port':
				options.port = numberArg(flag, value);
				break;
			case '--host':
				options.host = value;
				break;
			case '--email':
				email = value;
				break;
			case '--password':
				password = value;
				break;
			case '--role':
				role = value;
				break;
			case '--check-delay-ms':
				options.checkDelayMs = numberArg(flag, value);
				break;
			case '--token-lifetime-seconds':
				options.tokenLifetimeSeconds = numberArg(flag, value);
				break;
			case '--webhook-url':
				options.webhookUrl = value;
				break;
			case '--webhook-header':
				options.webhookHeaderName = value;
				break;
			case '--webhook-token':
				options.webhookToken = value;
				break;
			case '--webhook-form':
				if (value !== 'flat' && value !== 'wrapped')
					throw new Error(`--webhook-form needs flat or wrapped, got "${value}"`);
				options.webhookForm = value;
				break;
			default:
				throw new Error(`Unknown option ${flag}`);
		}
	}
	if (email !== undefined || password !== undefined || role !== undefined) {
		options.accounts = [
			{
				email: email ?? 'demo@personr.local',
				password: password ?? 'demo-password',
				...(role === undefined ? {} : { role }),
			},
		];
	}
	return options;
}
