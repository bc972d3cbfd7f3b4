import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { WithBinary } from '../../execution/types';
import type { ExecutePrepared, ExecutionContext } from '../../execution/types';
import { InvalidFieldError, textOf } from '../../shared/validation';
import {
	checkFileName,
	checkMediaUrl,
	DEFAULT_SIZE_LIMIT_MB,
	MAX_SIZE_LIMIT_MB,
	sizeLimitBytes,
} from './downloadMedia.body';
import { fetchMediaIntoBinary } from './downloadMedia.fetch';
import { optionsField } from '../common.descriptions';

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
	optionsField('options', [
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. voice-note.ogg',
			description:
				'Name of the file in n8n. Empty: the name in the Media URL, with an extension from the file’s type.',
			hint: 'A name only: no folders (/ or \\), no line breaks or other control characters',
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
	]),
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
		fileName: checkFileName(options.fileName),
		maxBytes: sizeLimitBytes(options.sizeLimit),
	};
}

/** The item with the file added to its binary data, the rest of it as it came. */
export const execute: ExecutePrepared<Prepared> = async function (prepared, itemIndex, { client }) {
	const binaryData = await fetchMediaIntoBinary(this, client, { ...prepared, itemIndex });
	const item = this.getInputData()[itemIndex];
	return [
		new WithBinary(item.json, {
			...(item.binary ?? {}),
			[prepared.binaryPropertyName]: binaryData,
		}),
	];
};
