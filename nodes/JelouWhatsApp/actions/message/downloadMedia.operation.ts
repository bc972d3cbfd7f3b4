import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';

import { WithBinary } from '../../execution/types';
import type { ExecutionContext } from '../../execution/types';
import { InvalidFieldError, textOf } from '../../shared/validation';
import {
	bareMimeType,
	checkMediaUrl,
	DEFAULT_SIZE_LIMIT_MB,
	MAX_SIZE_LIMIT_MB,
	mediaFileName,
	refreshBody,
	signedUrlOf,
	sizeLimitBytes,
} from './downloadMedia.body';

const properties: INodeProperties[] = [
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.body.bubble.mediaUrl }}',
		description:
			'The link Jelou gave for a photo, voice note, video, document or sticker a customer sent: the mediaUrl of a Jelou WhatsApp Trigger item or of Conversation → Get History',
		hint: 'Only Jelou’s own media links (https, on jelou.ai or the credential’s host); Jelou signs a fresh download link each time',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description:
			'The name of the binary field the file goes in, e.g. for a transcription node that reads "data"',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. voice-note.ogg',
				description:
					'Name of the file in n8n. Empty: the name in the Media URL, with an extension from the file’s type.',
			},
			{
				displayName: 'Size Limit (MB)',
				name: 'sizeLimit',
				type: 'number',
				typeOptions: { minValue: 0.01, maxValue: MAX_SIZE_LIMIT_MB, numberPrecision: 2 },
				default: DEFAULT_SIZE_LIMIT_MB,
				description:
					'A larger file fails the item and is not kept; checked while the file arrives. 16 MB is WhatsApp’s largest audio and video.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['downloadMedia'] } },
	properties,
);

interface Prepared {
	resourceUrl: string;
	binaryPropertyName: string;
	fileName?: string;
	maxBytes: number;
}

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: ExecutionContext,
): Promise<Prepared> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const binaryPropertyName = textOf(
		'Put Output File in Field',
		this.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
	).trim();
	if (binaryPropertyName === '')
		throw new InvalidFieldError(
			'Put Output File in Field',
			'is empty',
			'Enter the name of the binary field for the file, e.g. data.',
		);
	return {
		resourceUrl: checkMediaUrl(
			this.getNodeParameter('mediaUrl', itemIndex, ''),
			client.connection.baseUrl,
		),
		binaryPropertyName,
		fileName: textOf('File Name', options.fileName).trim() || undefined,
		maxBytes: sizeLimitBytes(options.sizeLimit),
	};
}

/** Jelou signs a download link for the file, the file streams into n8n's binary data, and the item gets it. */
export async function execute(
	this: IExecuteFunctions,
	prepared: Prepared,
	itemIndex: number,
	{ client }: ExecutionContext,
): Promise<WithBinary[]> {
	const answer = await client.request({
		method: 'POST',
		path: '/v1/external/assets/refresh',
		json: refreshBody(prepared.resourceUrl),
		itemIndex,
	});
	const signed = signedUrlOf(answer);
	if ('problem' in signed)
		throw new NodeApiError(
			this.getNode(),
			{ answer: JSON.stringify(answer ?? null) } as JsonObject,
			{
				message: signed.problem,
				description:
					'Nothing was downloaded. Run the item again; if it keeps failing, the Media URL is not a file Jelou can sign.',
				itemIndex,
			},
		);
	const download = await client.download(signed.url, { maxBytes: prepared.maxBytes, itemIndex });
	const mimeType = bareMimeType(download.contentType) ?? 'application/octet-stream';
	const binaryData = await this.helpers.prepareBinaryData(
		download.stream,
		mediaFileName(prepared.resourceUrl, mimeType, prepared.fileName),
		mimeType,
	);
	const item = this.getInputData()[itemIndex];
	return [
		new WithBinary(item.json, {
			...(item.binary ?? {}),
			[prepared.binaryPropertyName]: binaryData,
		}),
	];
}
