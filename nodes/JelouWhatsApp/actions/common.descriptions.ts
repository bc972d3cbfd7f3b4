import type { INodeProperties } from 'n8n-workflow';

/** Settings that shape how the node talks to Jelou, shown for every operation. */
export const requestOptionsDescription: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 10,
			description:
				'How many requests to Jelou run at the same time. When Jelou asks the node to slow down, it does so by itself and grows back to this number.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 30,
			description:
				'How long to wait for Jelou to answer. A request that times out is not repeated, because it may already have sent the message.',
		},
	],
};
