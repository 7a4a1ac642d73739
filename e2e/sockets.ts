/* eslint-disable @n8n/community-nodes/no-restricted-imports -- reads Linux /proc to tell which process holds a connection */
// Which local process holds a loopback TCP connection (Linux /proc): lets the queue-mode suite
// tell whether a Personr login came from n8n's main process or from one of its workers.

import fs from 'node:fs';

const hexPort = (port: number): string => port.toString(16).toUpperCase().padStart(4, '0');

// The inode of the socket whose local end is 127.0.0.1:clientPort and remote end is :serverPort.
function socketInode(clientPort: number, serverPort: number): string | undefined {
	const local = `0100007F:${hexPort(clientPort)}`;
	const remote = `:${hexPort(serverPort)}`;
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text = '';
		try {
			text = fs.readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			// tcp6 writes an IPv4 peer as ::ffff:127.0.0.1, i.e. ...FFFF0000 0100007F.
			const [localAddress, remoteAddress, inode] = [fields[1] || '', fields[2] || '', fields[9]];
			const localMatches =
				localAddress === local ||
				localAddress.endsWith(`0000FFFF${local}`) ||
				localAddress.endsWith(`FFFF0000${local}`);
			if (localMatches && remoteAddress.endsWith(remote) && inode && inode !== '0') return inode;
		}
	}
	return undefined;
}

/** The pid among `pids` that owns the client end of a connection to serverPort, or undefined. */
export function processOfClientPort(
	clientPort: number | undefined,
	serverPort: number | undefined,
	pids: Array<number | undefined>,
): number | undefined {
	if (!clientPort || !serverPort) return undefined;
	const inode = socketInode(clientPort, serverPort);
	if (!inode) return undefined;
	const target = `socket:[${inode}]`;
	for (const pid of pids) {
		let fds: string[] = [];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return pid;
			} catch {
				/* closed meanwhile */
			}
		}
	}
	return undefined;
}
