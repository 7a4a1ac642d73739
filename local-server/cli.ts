/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- the local server's command line: it reads its arguments, prints to the terminal and stops on signals */
import { parseCliArgs, USAGE } from './cli-args';
import { startPersonrServer } from './server';
import { DEFAULT_ACCOUNT } from './state';

async function main(): Promise<void> {
	let options;
	try {
		options = parseCliArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
		process.exitCode = 2;
		return;
	}
	if (options.help) {
		console.log(USAGE);
		return;
	}
	const server = await startPersonrServer({
		...options,
		log: (line) => console.log(`${new Date().toISOString()} ${line}`),
	});
	const account = options.accounts?.[0] ?? DEFAULT_ACCOUNT;
	console.log(`Personr local server listening on ${server.url}`);
	console.log(`  live base URL:        ${server.liveBaseUrl}`);
	console.log(`  development base URL: ${server.developmentBaseUrl}`);
	// A local fake account, so printing its password helps and leaks nothing.
	console.log(`  account: ${account.email} / ${account.password}`);
	if (options.webhookUrl) console.log(`  webhook: ${options.webhookUrl}`);
	console.log('Press Ctrl+C to stop.');

	const stop = (signal: NodeJS.Signals) => {
		console.log(`${signal} received, stopping`);
		void server.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

void main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
