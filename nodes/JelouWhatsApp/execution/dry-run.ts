import type { IDataObject } from 'n8n-workflow';

import type { JelouClient, JelouRequest } from '../transport';
import type { DryRunPrepared } from './types';

/**
 * What a dry run outputs instead of sending: the method, the path, the query when there is one, and the
 * body (a multipart upload's form fields). Never the credentials: they are added by the transport.
 */
export function describeRequest(request: JelouRequest): IDataObject {
	const described: IDataObject = { dryRun: true, method: request.method, path: request.path };
	const query = Object.entries(request.query ?? {}).filter(([, value]) => value !== undefined);
	if (query.length > 0) described.query = Object.fromEntries(query) as IDataObject;
	if (request.multipart) described.body = Object.fromEntries(request.multipart.fields);
	else if (request.json !== undefined) described.body = request.json as IDataObject;
	return described;
}

/**
 * The Dry Run of an operation that sends one request per item: that request, and `preview`, the text the
 * customer (or Meta's review) would read, when the operation knows it.
 */
export function dryRunOf<Prepared>(
	request: (prepared: Prepared, itemIndex: number, client: JelouClient) => JelouRequest,
	preview: (prepared: Prepared) => IDataObject[string] = () => undefined,
): DryRunPrepared<Prepared> {
	return async (prepared, itemIndex, { client }) => {
		const text = preview(prepared);
		return [
			{
				...describeRequest(request(prepared, itemIndex, client)),
				...(text === undefined ? {} : { preview: text }),
			},
		];
	};
}
