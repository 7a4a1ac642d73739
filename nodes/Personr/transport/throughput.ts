import type { IExecuteFunctions } from 'n8n-workflow';

import type { PersonrCaller } from './authenticated';
import { MAX_WINDOW } from './window';

/** The node's Throughput settings, as the transport applies them. */
export interface Throughput {
	/** Parallel Requests: the most requests in flight the adaptive window may reach for this node. */
	maxInFlight: number;
	/** Max Requests per Minute; 0 = none. */
	maxPerMinute: number;
}

const throughputOfRun = new WeakMap<IExecuteFunctions, Throughput>();

/** A trigger's activation makes one call and has no Throughput setting to read. */
const ACTIVATION: Throughput = { maxInFlight: MAX_WINDOW, maxPerMinute: 0 };

/** Read once per node run: the settings are the same for every item. */
export function throughputOf(context: PersonrCaller): Throughput {
	if (!('getInputData' in context)) return ACTIVATION;
	let throughput = throughputOfRun.get(context);
	if (throughput === undefined) {
		const parallel = Math.floor(
			Number(context.getNodeParameter('throughput.parallelRequests', 0, MAX_WINDOW)),
		);
		const perMinute = Number(context.getNodeParameter('throughput.maxRequestsPerMinute', 0, 0));
		throughput = {
			maxInFlight: Number.isFinite(parallel)
				? Math.min(MAX_WINDOW, Math.max(1, parallel))
				: MAX_WINDOW,
			maxPerMinute: Number.isFinite(perMinute) && perMinute > 0 ? perMinute : 0,
		};
		throughputOfRun.set(context, throughput);
	}
	return throughput;
}
