import type { IExecuteFunctions, INodeType } from 'n8n-workflow';

import { runNode } from './n8n-harness';

/**
 * The helpers n8n-core hands a node in a real execution (its HTTP client, its egress filter), taken by a node that
 * only keeps them: for transport tests that build a client by hand.
 */
export async function helpersFromN8n(): Promise<IExecuteFunctions['helpers']> {
	let taken: IExecuteFunctions['helpers'] | undefined;
	const probe: INodeType = {
		description: {
			displayName: 'Helpers Probe',
			name: 'helpersProbe',
			group: ['transform'],
			version: 1,
			description: 'Keeps the helpers n8n gives it',
			defaults: { name: 'Helpers Probe' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			taken = this.helpers;
			return [this.getInputData()];
		},
	};
	const { error } = await runNode({ nodeType: probe, parameters: {} });
	if (error) throw error;
	if (!taken) throw new Error('n8n-core gave the node no helpers');
	return taken;
}
