import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildHsmBody } from '../../helpers/hsm';
import type { HsmMessage } from '../../helpers/hsm';
import { normalizeRecipients } from '../../helpers/phone';
import { requireText } from '../../helpers/validation';
import { templateLocator } from '../common.descriptions';
import type { ExecutionContext } from '../types';

const showFor = { show: { resource: ['message'], operation: ['sendTemplate'] } };

export const description: INodeProperties[] = [
	templateLocator(showFor),
	{
		displayName: 'Recipients',
		name: 'recipients',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 593991234567, 593987654321',
		description:
			'Phone numbers with country code, separated by commas or new lines, or an array from an expression. +, spaces, dashes and parentheses are removed.',
		displayOptions: showFor,
	},
	{
		displayName: 'Parameters',
		name: 'parameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Parameter',
		description: 'Values for the template placeholders {{1}}, {{2}}, … in this order',
		displayOptions: showFor,
		options: [
			{
				displayName: 'Parameter',
				name: 'values',
				values: [
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Text that replaces the next placeholder of the template',
					},
				],
			},
		],
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		default: '',
		description: 'Language of the template to send, when the template exists in several languages',
		displayOptions: showFor,
		options: [
			{ name: 'English', value: 'en' },
			{ name: 'Portuguese', value: 'pt' },
			{ name: 'Spanish', value: 'es' },
			{ name: "Template's Own Language", value: '' },
		],
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		default: 'text',
		description: 'The kind of template: text, or a header with media',
		displayOptions: showFor,
		options: [{ name: 'Text', value: 'text' }],
	},
	{
		displayName: 'Options',
		name: 'sendTemplateOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor,
		options: [
			{
				displayName: 'Default Country Code',
				name: 'defaultCountryCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. 593',
				description: 'Country code put in place of the leading 0 of national numbers (Ecuador: 0991234567 → 593991234567)',
			},
		],
	},
];

export interface Prepared {
	body: IDataObject;
	elementName: string;
}

export function readHsmMessage(this: IExecuteFunctions, itemIndex: number): HsmMessage {
	const options = this.getNodeParameter('sendTemplateOptions', itemIndex, {}) as { defaultCountryCode?: string };
	const elementName = requireText(
		'Template',
		this.getNodeParameter('template', itemIndex, '', { extractValue: true }),
		'Pick an approved template from the list or enter its element name.',
	);
	const parameters = (this.getNodeParameter('parameters.values', itemIndex, []) as Array<{ value?: unknown }>).map((entry) =>
		String(entry.value ?? ''),
	);
	const type = this.getNodeParameter('type', itemIndex, 'text') as string;
	return {
		elementName,
		destinations: normalizeRecipients(this.getNodeParameter('recipients', itemIndex), 'Recipients', options.defaultCountryCode),
		parameters,
		// Jelou sends text when no type is given, so the default stays out of the body.
		type: type === 'text' ? undefined : type,
		language: (this.getNodeParameter('language', itemIndex, '') as string) || undefined,
	};
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Prepared> {
	const message = readHsmMessage.call(this, itemIndex);
	return { body: buildHsmBody(message), elementName: message.elementName };
}

export async function send(
	this: IExecuteFunctions,
	prepared: Prepared,
	itemIndex: number,
	{ client }: ExecutionContext,
): Promise<IDataObject[]> {
	const answer = await client.request<unknown>({
		method: 'POST',
		path: `/v2/whatsapp/${encodeURIComponent(client.botId)}/hsm`,
		json: prepared.body,
		itemIndex,
	});
	if (!Array.isArray(answer)) return [{ ...(answer as IDataObject), elementName: prepared.elementName }];
	return (answer as IDataObject[]).map((sent) => ({ ...sent, elementName: prepared.elementName }));
}
