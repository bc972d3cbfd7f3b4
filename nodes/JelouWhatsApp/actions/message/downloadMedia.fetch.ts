import { NodeApiError } from 'n8n-workflow';
import type { IBinaryData, IExecuteFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';

import { SIGNS_MEDIA_LINK } from '../../shared/request-effects';
import type { JelouClient } from '../../transport';
import { bareMimeType, mediaFileName, refreshBody, signedUrlOf } from './downloadMedia.body';

/** What Jelou refusing to sign the Media URL means, said after Jelou's words. */
const REFRESH_REFUSED_FIX: Partial<Record<number, string>> = {
	404: 'Jelou holds no such file for this bot: it may have been removed, or the Media URL belongs to another bot. Check the Media URL. Nothing was downloaded.',
	422: 'Jelou does not take this Media URL as one of its files. Give the mediaUrl exactly as Jelou sent it (e.g. {{ $json.body.bubble.mediaUrl }} of a Jelou WhatsApp Trigger item, or mediaUrl of Conversation → Get History), not a changed or shortened link. Nothing was downloaded.',
};

interface MediaFetch {
	/** A Jelou media URL, already checked (checkMediaUrl). */
	resourceUrl: string;
	maxBytes: number;
	fileName?: string;
	itemIndex?: number;
}

/**
 * One media file into n8n's binary data: Jelou signs a download link for it (`POST /v1/external/assets/refresh`),
 * and the file streams from that link through the transport into n8n's binary helpers, which keep it in memory,
 * on disk or in the database as n8n is set up. Used by Message → Download Media and the trigger's Download Media.
 */
export async function fetchMediaIntoBinary(
	context: IExecuteFunctions | IWebhookFunctions,
	client: JelouClient,
	{ resourceUrl, maxBytes, fileName, itemIndex }: MediaFetch,
): Promise<IBinaryData> {
	const answer = await client.request({
		method: 'POST',
		path: '/v1/external/assets/refresh',
		json: refreshBody(resourceUrl),
		itemIndex,
		effect: SIGNS_MEDIA_LINK,
		fixes: REFRESH_REFUSED_FIX,
	});
	const signed = signedUrlOf(answer);
	if ('problem' in signed)
		throw new NodeApiError(
			context.getNode(),
			{ answer: JSON.stringify(answer ?? null) } as JsonObject,
			{
				message: signed.problem,
				description:
					'Nothing was downloaded. Run the item again; if it keeps failing, the Media URL is not a file Jelou can sign.',
				itemIndex,
			},
		);
	const download = await client.download(signed.url, { maxBytes, itemIndex });
	const mimeType = bareMimeType(download.contentType) ?? 'application/octet-stream';
	return await context.helpers.prepareBinaryData(
		download.stream,
		mediaFileName(resourceUrl, mimeType, fileName),
		mimeType,
	);
}
