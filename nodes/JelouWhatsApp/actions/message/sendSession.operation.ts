import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { mergeAdditionalBodyFields } from '../../helpers/payloads';
import { normalizePhoneNumber } from '../../helpers/phone';
import { sessionSendOutput, unconfirmedSend, unreadableReason } from '../../helpers/send-answers';
import { buildSessionMessageBody, checkSessionMessage } from '../../helpers/session-message';
import type { SessionMessage, SessionMessageType } from '../../helpers/session-message';
import { UnreadableAnswerError } from '../../transport';
import { numberOf } from '../../helpers/validation';
import { additionalBodyFieldsOption, defaultCountryCodeOption } from '../common.descriptions';
import type { ExecutionContext } from '../types';

const showFor = { show: { resource: ['message'], operation: ['send'] } };
const showForTypes = (types: SessionMessageType[]) => ({ show: { ...showFor.show, messageType: types } });

export const description: INodeProperties[] = [
	{
		displayName: 'Phone Number',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 593991234567',
		description:
			'The customer’s phone number with country code. The customer must have written to the bot in the last 24 hours. +, spaces, dashes and parentheses are removed.',
		displayOptions: showFor,
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'text',
		description: 'What to send: plain text, a list of options, reply buttons, media or a location',
		displayOptions: showFor,
		options: [
			{ name: 'Audio', value: 'audio', description: 'An AAC, MP4, MPEG, AMR or OGG file up to 16 MB' },
			{ name: 'File', value: 'file', description: 'A document, with an optional caption and file name' },
			{ name: 'Image', value: 'image', description: 'A JPEG or PNG up to 5 MB, with an optional caption' },
			{ name: 'List', value: 'list', description: 'Text with a button that opens a list of 1 to 10 options' },
			{ name: 'Location', value: 'location', description: 'A pin on the map' },
			{ name: 'Quick Replies', value: 'quick_reply', description: 'Text with 1 to 3 reply buttons' },
			{ name: 'Sticker', value: 'sticker', description: 'A WEBP up to 100 KB' },
			{ name: 'Text', value: 'text', description: 'Plain text' },
			{ name: 'Video', value: 'video', description: 'An MP4 or 3GP up to 16 MB, with an optional caption' },
		],
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The message text',
		displayOptions: showForTypes(['list', 'quick_reply', 'text']),
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://cdn.example.com/photo.jpeg',
		description: 'Public https link straight to the file (not a web page that shows it)',
		displayOptions: showForTypes(['audio', 'file', 'image', 'sticker', 'video']),
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		description: 'Text shown under the media',
		displayOptions: showForTypes(['file', 'image', 'video']),
	},
	{
		displayName: 'Filename',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'e.g. invoice.pdf',
		description: 'The file name the customer sees; WhatsApp shows up to 47 characters',
		displayOptions: showForTypes(['file']),
	},
	{
		displayName: 'List Title',
		name: 'listTitle',
		type: 'string',
		default: '',
		description: 'Title shown above the options when the list opens',
		displayOptions: showForTypes(['list']),
	},
	{
		displayName: 'List Button Text',
		name: 'listButtonText',
		type: 'string',
		default: '',
		placeholder: 'e.g. See options',
		description: 'Text of the button that opens the list; Jelou uses "Opciones" when empty',
		displayOptions: showForTypes(['list']),
	},
	{
		displayName: 'List Options',
		name: 'listOptions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Option',
		description: 'The options of the list, 1 to 10',
		displayOptions: showForTypes(['list']),
		options: [
			{
				displayName: 'Option',
				name: 'option',
				values: [
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'Smaller text under the title, at most 72 characters',
					},
					{
						displayName: 'Payload',
						name: 'payload',
						type: 'string',
						default: '',
						description: 'Value the bot receives when the customer picks this option',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'The option as the customer sees it, at most 24 characters',
					},
				],
			},
		],
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'Title above the reply buttons, at most 20 characters',
		displayOptions: showForTypes(['quick_reply']),
	},
	{
		displayName: 'Quick Replies',
		name: 'quickReplies',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Reply Button',
		description: 'The reply buttons, 1 to 3, each a different title of at most 20 characters',
		displayOptions: showForTypes(['quick_reply']),
		options: [
			{
				displayName: 'Reply Button',
				name: 'reply',
				values: [{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The button text' }],
			},
		],
	},
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { numberPrecision: 6 },
		default: 0,
		description: 'From -90 (south) to 90 (north), e.g. -0.180653 for Quito',
		displayOptions: showForTypes(['location']),
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { numberPrecision: 6 },
		default: 0,
		description: 'From -180 (west) to 180 (east), e.g. -78.467834 for Quito',
		displayOptions: showForTypes(['location']),
	},
	{
		displayName: 'Options',
		name: 'sendOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor,
		options: [
			additionalBodyFieldsOption,
			defaultCountryCodeOption,
		],
	},
];

function optionalText(value: unknown): string | undefined {
	const text = String(value ?? '').trim();
	return text === '' ? undefined : text;
}

function readCoordinate(field: string, value: unknown, limit: number): number {
	return numberOf(field, value, `Enter a number from -${limit} to ${limit}, e.g. -0.1807 for Quito.`);
}

export function readSessionMessage(this: IExecuteFunctions, itemIndex: number, botId: string): SessionMessage {
	const options = this.getNodeParameter('sendOptions', itemIndex, {}) as { defaultCountryCode?: string };
	const type = this.getNodeParameter('messageType', itemIndex, 'text') as SessionMessageType;
	const message: SessionMessage = {
		botId,
		userId: normalizePhoneNumber(this.getNodeParameter('userId', itemIndex, ''), 'Phone Number', options.defaultCountryCode),
		type,
	};
	const has = (...types: SessionMessageType[]) => types.includes(type);
	if (has('list', 'quick_reply', 'text')) message.text = String(this.getNodeParameter('text', itemIndex, '') ?? '');
	if (has('file', 'image', 'video')) message.text = optionalText(this.getNodeParameter('caption', itemIndex, ''));
	if (has('audio', 'file', 'image', 'sticker', 'video')) message.mediaUrl = String(this.getNodeParameter('mediaUrl', itemIndex, '') ?? '').trim();
	if (has('file')) message.filename = optionalText(this.getNodeParameter('filename', itemIndex, ''));
	if (has('list')) {
		message.listTitle = optionalText(this.getNodeParameter('listTitle', itemIndex, ''));
		message.listButtonText = optionalText(this.getNodeParameter('listButtonText', itemIndex, ''));
		message.listOptions = (this.getNodeParameter('listOptions.option', itemIndex, []) as IDataObject[]).map((option) => ({
			title: String(option.title ?? '').trim(),
			description: optionalText(option.description),
			payload: optionalText(option.payload),
		}));
	}
	if (has('quick_reply')) {
		message.title = optionalText(this.getNodeParameter('title', itemIndex, ''));
		message.quickReplies = (this.getNodeParameter('quickReplies.reply', itemIndex, []) as IDataObject[]).map((reply) => String(reply.title ?? '').trim());
	}
	if (has('location')) {
		message.latitude = readCoordinate('Latitude', this.getNodeParameter('latitude', itemIndex, 0), 90);
		message.longitude = readCoordinate('Longitude', this.getNodeParameter('longitude', itemIndex, 0), 180);
	}
	return message;
}

export interface Prepared {
	body: IDataObject;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number, { client }: ExecutionContext): Promise<Prepared> {
	const message = readSessionMessage.call(this, itemIndex, client.botId);
	checkSessionMessage(message);
	const options = this.getNodeParameter('sendOptions', itemIndex, {}) as { additionalBodyFields?: unknown };
	return { body: mergeAdditionalBodyFields(buildSessionMessageBody(message), options.additionalBodyFields) };
}

export async function send(
	this: IExecuteFunctions,
	prepared: Prepared,
	itemIndex: number,
	{ client }: ExecutionContext,
): Promise<IDataObject[]> {
	const answer = await client.requestSend({ method: 'POST', path: '/v1/whatsapp/messages', json: prepared.body, itemIndex });
	if (answer instanceof UnreadableAnswerError) return [unconfirmedSend(unreadableReason(answer.status), answer.excerpt, {}, 'messageId')];
	return [sessionSendOutput(answer)];
}
