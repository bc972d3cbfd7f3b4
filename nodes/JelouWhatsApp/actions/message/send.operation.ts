import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	botMessageOutput,
	buildBotMessageRequest,
	checkBotMessage,
	contactCardsFromFields,
	isBotMessageType,
	parseFlowActionPayload,
} from './send.bot-body';
import type { BotMessage, BotMessageType } from './send.bot-body';
import { describeRequest } from '../../execution/dry-run';
import { mergeAdditionalBodyFields } from '../../shared/payloads';
import { normalizePhoneNumber } from '../../shared/phone';
import { sessionSendOutput, unconfirmedSend, unreadableReason } from '../../shared/send-answers';
import { buildSessionMessageBody, checkSessionMessage } from './send.session-body';
import type { SessionMessage, SessionMessageType } from './send.session-body';
import { UnreadableAnswerError } from '../../transport';
import { numberOf, textOf } from '../../shared/validation';
import { additionalBodyFieldsOption, defaultCountryCodeOption } from '../common.descriptions';
import type { JelouRequest } from '../../transport';
import type { ExecutionContext } from '../../execution/types';

const properties: INodeProperties[] = [
	{
		// Stored as `userId`, Jelou's name for the recipient: saved workflows keep that name.
		displayName: 'Phone Number',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 593991234567',
		description:
			'The customer’s phone number with country code. The customer must have written to the bot in the last 24 hours. +, spaces, dashes and parentheses are removed.',
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'text',
		description:
			'What to send: text, a list, reply buttons, media, a location, a contact card, a button or a WhatsApp Flow',
		options: [
			{
				name: 'Audio',
				value: 'audio',
				description: 'An AAC, MP4, MPEG, AMR or OGG file up to 16 MB',
			},
			{
				name: 'Call Button',
				value: 'voice_call',
				description: 'Text with a button that calls the business on WhatsApp',
			},
			{
				name: 'Contact Card',
				value: 'contacts',
				description: 'One or more contacts the customer can save or write to',
			},
			{
				name: 'File',
				value: 'file',
				description: 'A document, with an optional caption and file name',
			},
			{
				name: 'Image',
				value: 'image',
				description: 'A JPEG or PNG up to 5 MB, with an optional caption',
			},
			{
				name: 'List',
				value: 'list',
				description: 'Text with a button that opens a list of 1 to 10 options',
			},
			{ name: 'Location', value: 'location', description: 'A pin on the map' },
			{
				name: 'Location Request',
				value: 'location_request',
				description: 'Text with a button that asks the customer to share their location',
			},
			{
				name: 'Quick Replies',
				value: 'quick_reply',
				description: 'Text with 1 to 3 reply buttons',
			},
			{ name: 'Sticker', value: 'sticker', description: 'A WEBP up to 100 KB' },
			{ name: 'Text', value: 'text', description: 'Plain text' },
			{
				name: 'URL Button',
				value: 'cta_url',
				description: 'Text with a button that opens an https link',
			},
			{
				name: 'Video',
				value: 'video',
				description: 'An MP4 or 3GP up to 16 MB, with an optional caption',
			},
			{
				name: 'WhatsApp Flow',
				value: 'flow',
				description: 'Text with a button that opens a WhatsApp Flow (a form) made in Jelou',
			},
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
		displayOptions: { show: { messageType: ['list', 'quick_reply', 'text'] } },
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://cdn.example.com/photo.jpeg',
		description: 'Public https link straight to the file (not a web page that shows it)',
		displayOptions: { show: { messageType: ['audio', 'file', 'image', 'sticker', 'video'] } },
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		description: 'Text shown under the media',
		displayOptions: { show: { messageType: ['file', 'image', 'video'] } },
	},
	{
		displayName: 'Filename',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'e.g. invoice.pdf',
		description: 'The file name the customer sees; WhatsApp shows up to 47 characters',
		displayOptions: { show: { messageType: ['file'] } },
	},
	{
		displayName: 'List Title',
		name: 'listTitle',
		type: 'string',
		default: '',
		description: 'Title shown above the options when the list opens',
		displayOptions: { show: { messageType: ['list'] } },
	},
	{
		displayName: 'List Button Text',
		name: 'listButtonText',
		type: 'string',
		default: '',
		placeholder: 'e.g. See options',
		description: 'Text of the button that opens the list; Jelou uses "Opciones" when empty',
		displayOptions: { show: { messageType: ['list'] } },
	},
	{
		displayName: 'List Options',
		name: 'listOptions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Option',
		description: 'The options of the list, 1 to 10',
		displayOptions: { show: { messageType: ['list'] } },
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
		displayOptions: { show: { messageType: ['quick_reply'] } },
	},
	{
		displayName: 'Quick Replies',
		name: 'quickReplies',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Reply Button',
		description: 'The reply buttons, 1 to 3, each a different title of at most 20 characters',
		displayOptions: { show: { messageType: ['quick_reply'] } },
		options: [
			{
				displayName: 'Reply Button',
				name: 'reply',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'The button text',
					},
				],
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
		displayOptions: { show: { messageType: ['location'] } },
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { numberPrecision: 6 },
		default: 0,
		description: 'From -180 (west) to 180 (east), e.g. -78.467834 for Quito',
		displayOptions: { show: { messageType: ['location'] } },
	},
	{
		displayName:
			'Calling must be enabled by Jelou on the bot’s WhatsApp account, or WhatsApp does not deliver the call button',
		name: 'voiceCallNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { messageType: ['voice_call'] } },
	},
	{
		displayName:
			'WhatsApp Flows work only for bots on WhatsApp Cloud API, Gupshup CAPI or Aldeamo, and the Flow must exist in Jelou for this bot',
		name: 'flowNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { messageType: ['flow'] } },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description:
			'The message body, at most 1024 characters. For Location Request it is the text above WhatsApp’s Send Location button.',
		displayOptions: {
			show: { messageType: ['cta_url', 'flow', 'location_request', 'voice_call'] },
		},
	},
	{
		displayName: 'Header',
		name: 'header',
		type: 'string',
		default: '',
		description: 'Optional bold line above the text, at most 60 characters',
		displayOptions: { show: { messageType: ['cta_url', 'flow', 'voice_call'] } },
	},
	{
		displayName: 'Footer',
		name: 'footer',
		type: 'string',
		default: '',
		description: 'Optional small grey line under the text, at most 60 characters',
		displayOptions: { show: { messageType: ['cta_url', 'flow'] } },
	},
	{
		displayName: 'Button Text',
		name: 'buttonText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Track your order',
		description: 'The label of the button, at most 20 characters (30 for a WhatsApp Flow)',
		displayOptions: { show: { messageType: ['cta_url', 'flow', 'voice_call'] } },
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://shop.example.com/track/A-1001',
		description: 'The https link the button opens',
		displayOptions: { show: { messageType: ['cta_url'] } },
	},
	{
		displayName: 'Flow Name',
		name: 'flowName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. store_survey',
		description: 'The Flow’s name (slug) as it appears in Jelou for this bot',
		displayOptions: { show: { messageType: ['flow'] } },
	},
	{
		displayName: 'Flow Action Payload (JSON)',
		name: 'flowActionPayload',
		type: 'json',
		default: '{}',
		placeholder: '{"screen": "RECOMMEND"}',
		description:
			'Optional JSON object the Flow opens with, e.g. {"screen": "RECOMMEND"} for the first screen and "data" for its initial values; leave {} for none',
		displayOptions: { show: { messageType: ['flow'] } },
	},
	{
		displayName: 'Contacts',
		name: 'contacts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Contact',
		description: 'The contact cards to share. Each needs a name and a phone number or an e-mail.',
		displayOptions: { show: { messageType: ['contacts'] } },
		options: [
			{
				displayName: 'Contact',
				name: 'contact',
				values: [
					{
						displayName: 'Addresses',
						name: 'addresses',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						default: {},
						placeholder: 'Add Address',
						options: [
							{
								displayName: 'Address',
								name: 'address',
								values: [
									{ displayName: 'City', name: 'city', type: 'string', default: '' },
									{
										displayName: 'Country',
										name: 'country',
										type: 'string',
										default: '',
										placeholder: 'e.g. Ecuador',
									},
									{
										displayName: 'Country Code',
										name: 'countryCode',
										type: 'string',
										default: '',
										placeholder: 'e.g. EC',
										description: 'Two-letter ISO code of the country',
									},
									{
										displayName: 'State',
										name: 'state',
										type: 'string',
										default: '',
										placeholder: 'e.g. Pichincha',
									},
									{
										displayName: 'Street',
										name: 'street',
										type: 'string',
										default: '',
										placeholder: 'e.g. Av. Amazonas N34-120',
									},
									{
										displayName: 'Type',
										name: 'type',
										type: 'string',
										default: '',
										placeholder: 'e.g. Work',
									},
									{
										displayName: 'ZIP',
										name: 'zip',
										type: 'string',
										default: '',
										placeholder: 'e.g. 170135',
									},
								],
							},
						],
					},
					{
						displayName: 'E-Mails',
						name: 'emails',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						default: {},
						placeholder: 'Add E-Mail',
						options: [
							{
								displayName: 'E-Mail',
								name: 'email',
								values: [
									{
										displayName: 'E-Mail',
										name: 'email',
										type: 'string',
										placeholder: 'name@email.com',
										default: '',
									},
									{
										displayName: 'Type',
										name: 'type',
										type: 'string',
										default: '',
										placeholder: 'e.g. Work',
									},
								],
							},
						],
					},
					{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
					{
						displayName: 'Formatted Name',
						name: 'formattedName',
						type: 'string',
						default: '',
						placeholder: 'e.g. Jelou Store Quito',
						description:
							'The name WhatsApp shows on the card; when empty, First Name and Last Name',
					},
					{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
					{
						displayName: 'Phones',
						name: 'phones',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						default: {},
						placeholder: 'Add Phone',
						options: [
							{
								displayName: 'Phone',
								name: 'phone',
								values: [
									{
										displayName: 'Phone Number',
										name: 'phone',
										type: 'string',
										default: '',
										placeholder: 'e.g. +593 99 123 4567',
										description: 'With country code; sent in E.164 form with +',
									},
									{
										displayName: 'Type',
										name: 'type',
										type: 'string',
										default: '',
										placeholder: 'e.g. Mobile',
									},
									{
										displayName: 'WhatsApp ID',
										name: 'waId',
										type: 'string',
										default: '',
										placeholder: 'e.g. 593991234567',
										description:
											'The number’s WhatsApp ID (digits only); with it WhatsApp offers to write to the contact',
									},
								],
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'sendOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [additionalBodyFieldsOption, defaultCountryCodeOption],
	},
];

const displayOptions = { show: { resource: ['message'], operation: ['send'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function optionalText(value: unknown): string | undefined {
	const text = String(value ?? '').trim();
	return text === '' ? undefined : text;
}

function readCoordinate(field: string, value: unknown, limit: number): number {
	return numberOf(
		field,
		value,
		`Enter a number from -${limit} to ${limit}, e.g. -0.1807 for Quito.`,
	);
}

/** The Phone Number field (stored as `userId`, Jelou's name for the recipient), with its country code. */
function readPhoneNumber(this: IExecuteFunctions, itemIndex: number): string {
	const options = this.getNodeParameter('sendOptions', itemIndex, {}) as {
		defaultCountryCode?: string;
	};
	return normalizePhoneNumber(
		this.getNodeParameter('userId', itemIndex, ''),
		'Phone Number',
		options.defaultCountryCode,
	);
}

function readSessionMessage(
	this: IExecuteFunctions,
	itemIndex: number,
	botId: string,
): SessionMessage {
	const type = this.getNodeParameter('messageType', itemIndex, 'text') as SessionMessageType;
	const message: SessionMessage = {
		botId,
		userId: readPhoneNumber.call(this, itemIndex),
		type,
	};
	const has = (...types: SessionMessageType[]) => types.includes(type);
	if (has('list', 'quick_reply', 'text'))
		message.text = String(this.getNodeParameter('text', itemIndex, '') ?? '');
	if (has('file', 'image', 'video'))
		message.text = optionalText(this.getNodeParameter('caption', itemIndex, ''));
	if (has('audio', 'file', 'image', 'sticker', 'video'))
		message.mediaUrl = String(this.getNodeParameter('mediaUrl', itemIndex, '') ?? '').trim();
	if (has('file'))
		message.filename = optionalText(this.getNodeParameter('filename', itemIndex, ''));
	if (has('list')) {
		message.listTitle = optionalText(this.getNodeParameter('listTitle', itemIndex, ''));
		message.listButtonText = optionalText(this.getNodeParameter('listButtonText', itemIndex, ''));
		message.listOptions = (
			this.getNodeParameter('listOptions.option', itemIndex, []) as IDataObject[]
		).map((option) => ({
			title: String(option.title ?? '').trim(),
			description: optionalText(option.description),
			payload: optionalText(option.payload),
		}));
	}
	if (has('quick_reply')) {
		message.title = optionalText(this.getNodeParameter('title', itemIndex, ''));
		message.quickReplies = (
			this.getNodeParameter('quickReplies.reply', itemIndex, []) as IDataObject[]
		).map((reply) => String(reply.title ?? '').trim());
	}
	if (has('location')) {
		message.latitude = readCoordinate(
			'Latitude',
			this.getNodeParameter('latitude', itemIndex, 0),
			90,
		);
		message.longitude = readCoordinate(
			'Longitude',
			this.getNodeParameter('longitude', itemIndex, 0),
			180,
		);
	}
	return message;
}

/** A message of Jelou's current message API (contact card, location request, buttons, WhatsApp Flow). */
function readBotMessage(
	this: IExecuteFunctions,
	itemIndex: number,
	botId: string,
	type: BotMessageType,
): BotMessage {
	const options = this.getNodeParameter('sendOptions', itemIndex, {}) as {
		defaultCountryCode?: string;
	};
	const message: BotMessage = {
		botId,
		userId: readPhoneNumber.call(this, itemIndex),
		type,
	};
	const read = (name: string, field: string) =>
		optionalText(textOf(field, this.getNodeParameter(name, itemIndex, '')));
	if (type === 'contacts') {
		const contacts = this.getNodeParameter('contacts.contact', itemIndex, []) as IDataObject[];
		message.contacts = contactCardsFromFields(contacts, options.defaultCountryCode);
		return message;
	}
	message.text = read('text', 'Text');
	if (type === 'location_request') return message;
	message.header = read('header', 'Header');
	message.buttonText = read('buttonText', 'Button Text');
	if (type !== 'voice_call') message.footer = read('footer', 'Footer');
	if (type === 'cta_url') message.url = read('url', 'URL');
	if (type === 'flow') {
		message.flowName = read('flowName', 'Flow Name');
		message.flowActionPayload = parseFlowActionPayload(
			this.getNodeParameter('flowActionPayload', itemIndex, ''),
		);
	}
	return message;
}

export interface Prepared {
	body: IDataObject;
	/** Set for the types of Jelou's current message API, which have their own endpoint and answer. */
	botMessage?: { path: string; type: BotMessageType; phoneNumber: string };
}

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: ExecutionContext,
): Promise<Prepared> {
	const type = this.getNodeParameter('messageType', itemIndex, 'text') as string;
	const options = this.getNodeParameter('sendOptions', itemIndex, {}) as {
		additionalBodyFields?: unknown;
	};
	if (isBotMessageType(type)) {
		const message = readBotMessage.call(this, itemIndex, client.botId, type);
		checkBotMessage(message);
		const { path, body } = buildBotMessageRequest(message);
		return {
			body: mergeAdditionalBodyFields(body, options.additionalBodyFields),
			botMessage: { path, type, phoneNumber: message.userId },
		};
	}
	const message = readSessionMessage.call(this, itemIndex, client.botId);
	checkSessionMessage(message);
	return {
		body: mergeAdditionalBodyFields(buildSessionMessageBody(message), options.additionalBodyFields),
	};
}

function sessionRequest(prepared: Prepared, itemIndex: number): JelouRequest {
	return {
		method: 'POST',
		path: prepared.botMessage?.path ?? '/v1/whatsapp/messages',
		json: prepared.body,
		itemIndex,
	};
}

export async function execute(
	this: IExecuteFunctions,
	prepared: Prepared,
	itemIndex: number,
	{ client }: ExecutionContext,
): Promise<IDataObject[]> {
	const { botMessage } = prepared;
	const answer = await client.requestSend(sessionRequest(prepared, itemIndex));
	const fields: IDataObject = botMessage
		? { type: botMessage.type, userId: botMessage.phoneNumber }
		: {};
	if (answer instanceof UnreadableAnswerError)
		return [unconfirmedSend(unreadableReason(answer.status), answer.excerpt, fields, 'messageId')];
	return [
		botMessage
			? botMessageOutput(botMessage.type, botMessage.phoneNumber, answer)
			: sessionSendOutput(answer),
	];
}

export async function dryRun(
	this: IExecuteFunctions,
	prepared: Prepared,
	itemIndex: number,
): Promise<IDataObject[]> {
	return [describeRequest(sessionRequest(prepared, itemIndex))];
}
