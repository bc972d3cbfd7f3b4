import type { IDataObject } from 'n8n-workflow';

/** Plain values of one template send, as the node's fields hold them after checking. */
export interface HsmMessage {
	elementName: string;
	destinations: string[];
	parameters: string[];
	type?: string;
	language?: string;
}

/** The body of `POST /v2/whatsapp/{botId}/hsm`, with only the fields that carry a value. */
export function buildHsmBody(message: HsmMessage): IDataObject {
	const body: IDataObject = {
		elementName: message.elementName,
		destinations: message.destinations,
		parameters: message.parameters,
	};
	if (message.type) body.type = message.type;
	if (message.language) body.language = message.language;
	return body;
}
