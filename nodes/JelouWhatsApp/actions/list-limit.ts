import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidFieldError } from '../shared/validation';

/** Return All, and the Limit shown when it is off, for operations that list things. */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/**
 * How many entries the item asks for: undefined with Return All, else Limit, refused unless a whole number of
 * 1 or more (an expression can give anything). `entries` names them in the fix, e.g. "templates".
 */
export function readLimit(
	this: IExecuteFunctions,
	itemIndex: number,
	entries: string,
): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new InvalidFieldError(
			'Limit',
			`${String(limit)} is not a whole number of 1 or more`,
			`Enter how many ${entries} to return, e.g. 50, or turn on Return All.`,
		);
	}
	return limit;
}
