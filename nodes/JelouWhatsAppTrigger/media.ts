import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';

import {
	checkMediaUrl,
	DEFAULT_SIZE_LIMIT_MB,
	sizeLimitBytes,
} from '../JelouWhatsApp/actions/message/downloadMedia.body';
import { fetchMediaIntoBinary } from '../JelouWhatsApp/actions/message/downloadMedia.fetch';
import { createJelouClient } from '../JelouWhatsApp/transport';

/** The binary field a downloaded file goes in: what n8n's transcription and file nodes read by default. */
export const MEDIA_FIELD = 'data';

/** The trigger's options: Download Media. */
export const mediaOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Download Media',
			name: 'downloadMedia',
			type: 'boolean',
			default: true,
			description: `Whether a Reply that carries a photo, voice note, video, document or sticker brings the file as binary data "${MEDIA_FIELD}" (up to ${DEFAULT_SIZE_LIMIT_MB} MB), e.g. for a transcription node. A file that cannot be downloaded leaves the item as it is, with the reason in mediaError.`,
		},
	],
};

const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'file', 'sticker', 'document', 'voice']);

/** A Reply whose message is a media file with a link. */
export function carriesMedia(item: IDataObject): boolean {
	return (
		item.event === 'reply' &&
		typeof item.mediaUrl === 'string' &&
		item.mediaUrl !== '' &&
		(typeof item.messageType !== 'string' || MEDIA_TYPES.has(item.messageType))
	);
}

/**
 * The trigger's items; with Download Media on, each Reply with media carries its file as binary data. The event
 * is never dropped: when the download fails, the item goes on without the file and `mediaError` says why.
 */
export async function withMediaDownloaded(
	context: IWebhookFunctions,
	items: IDataObject[],
): Promise<INodeExecutionData[]> {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	if (options.downloadMedia !== true || !items.some(carriesMedia))
		return items.map((json) => ({ json }));
	let client: Awaited<ReturnType<typeof createJelouClient>> | undefined;
	const output: INodeExecutionData[] = [];
	for (const json of items) {
		if (!carriesMedia(json)) {
			output.push({ json });
			continue;
		}
		try {
			client ??= await createJelouClient(context);
			const resourceUrl = checkMediaUrl(json.mediaUrl, client.connection.baseUrl);
			const binary = await fetchMediaIntoBinary(context, client, {
				resourceUrl,
				maxBytes: sizeLimitBytes(DEFAULT_SIZE_LIMIT_MB),
			});
			output.push({ json, binary: { [MEDIA_FIELD]: binary } });
		} catch (error) {
			output.push({
				json: { ...json, mediaError: client ? client.redact(describe(error)) : describe(error) },
			});
		}
	}
	return output;
}

function describe(error: unknown): string {
	const { message, description, fix } = error as {
		message?: string;
		description?: string;
		fix?: string;
	};
	return [message, description ?? fix].filter(Boolean).join('. ') || String(error);
}
