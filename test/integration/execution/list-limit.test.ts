import { NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { runJelou } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const listOperations: Array<[string, INodeParameters, string]> = [
	['Template → Get Many', { resource: 'template', operation: 'getMany' }, 'templates'],
	[
		'Campaign → Get Many',
		{
			resource: 'campaign',
			operation: 'getMany',
			startAt: '2024-03-01T00:00:00Z',
			endAt: '2024-05-01T00:00:00Z',
		},
		'campaigns',
	],
	[
		'Message → Get Status by filters',
		{ resource: 'message', operation: 'getStatus', lookup: 'filters' },
		'notifications',
	],
];

describe.each(listOperations)('%s reads Return All / Limit', (_name, operation, entries) => {
	it.each([0, -3, 2.5])(
		'refuses a Limit of %p in the same words, before asking Jelou',
		async (limit) => {
			const { error, items } = await runJelou(fake, { ...operation, returnAll: false, limit });
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error?.message).toBe(`Limit: ${limit} is not a whole number of 1 or more (item 1)`);
			expect((error as NodeOperationError).description).toBe(
				`Enter how many ${entries} to return, e.g. 50, or turn on Return All.`,
			);
			expect(items).toEqual([]);
			expect(fake.requests).toHaveLength(0);
		},
	);

	it('ignores Limit when Return All is on', async () => {
		const { error } = await runJelou(fake, { ...operation, returnAll: true, limit: 0 });
		expect(error).toBeUndefined();
		expect(fake.requests.length).toBeGreaterThan(0);
	});
});
