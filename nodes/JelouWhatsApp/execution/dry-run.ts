import type { IDataObject } from 'n8n-workflow';

import type { JelouRequest } from '../transport';

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
