import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { normalizePhoneNumber } from '../../shared/phone';
import { customerPhoneField, defaultCountryCodeOption, optionsField } from '../common.descriptions';
import { MAX_VALUES_DEPTH, MAX_VALUES_KB, readMemoryValues } from './memory.body';
import type { ValuesInput } from './memory.body';

/** The customer of a conversation. */
export const phoneNumberField = customerPhoneField(
	'The customer’s phone number with country code, as Jelou knows the customer. +, spaces, dashes and parentheses are removed.',
);

/** Options of every conversation operation that takes a phone number. */
export const countryCodeOptions = optionsField('options', [defaultCountryCodeOption]);

/**
 * What an operation does, in a notice above its fields: a field's hint gives way to the expression's value, and
 * the Phone Number is almost always an expression.
 */
export function operationNotice(text: string): INodeProperties {
	return { displayName: text, name: 'operationNotice', type: 'notice', default: '' };
}

/** The fields of an operation about one customer: what it does, the Phone Number and Options. */
export function customerFields(whatItDoes: string): INodeProperties[] {
	return [operationNotice(whatItDoes), phoneNumberField, countryCodeOptions];
}

/** The item's phone number, cleaned as every operation of the node cleans one. */
export function readPhoneNumber(this: IExecuteFunctions, itemIndex: number): string {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return normalizePhoneNumber(
		this.getNodeParameter('userId', itemIndex, ''),
		'Phone Number',
		String(options.defaultCountryCode ?? ''),
	);
}

/**
 * What Jelou's 404 "user not found" means for an operation about one customer, said after Jelou's words: Jelou
 * knows a customer of the bot only once they have written to it, so the number is wrong or has never written.
 */
export const UNKNOWN_CUSTOMER_FIX =
	'This number has never written to this bot, so Jelou does not know it: check the country code (e.g. 593 for Ecuador, or set Default Country Code in Options) and the digits of the Phone Number.';

/** The `prepare` of an operation that needs only the customer: the cleaned phone number. */
export async function prepareCustomer(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	return readPhoneNumber.call(this, itemIndex);
}

const VALUES_BOUNDS_HINT = `At most ${MAX_VALUES_KB} KB as JSON and ${MAX_VALUES_DEPTH} levels deep per item`;

/**
 * Values for a customer's memory or a bot flow: key/value pairs, or one JSON object (typed values, or the
 * output of an earlier node). `label` names them in the node ("Values to Remember", "Values for the Flow").
 */
export function valuesFields(label: string, description: string): INodeProperties[] {
	return [
		{
			displayName: `${label} Given As`,
			name: 'valuesInput',
			type: 'options',
			default: 'keyValue',
			options: [
				{ name: 'JSON', value: 'json', description: 'One JSON object; values keep their types' },
				{
					name: 'Key/Value Pairs',
					value: 'keyValue',
					description: 'One field per value; every value is sent as text',
				},
			],
		},
		{
			displayName: label,
			name: 'values',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Value',
			description,
			hint: VALUES_BOUNDS_HINT,
			displayOptions: { show: { valuesInput: ['keyValue'] } },
			options: [
				{
					displayName: 'Value',
					name: 'pairs',
					values: [
						{
							displayName: 'Key',
							name: 'key',
							type: 'string',
							default: '',
							placeholder: 'e.g. orderNumber',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: 'e.g. ORD-12345',
						},
					],
				},
			],
		},
		{
			displayName: `${label} (JSON)`,
			name: 'valuesJson',
			type: 'json',
			default: '{}',
			description,
			hint: VALUES_BOUNDS_HINT,
			displayOptions: { show: { valuesInput: ['json'] } },
		},
	];
}

/** The values of the item, from whichever way they are given; `label` is the field's display name. */
export function readValues(this: IExecuteFunctions, itemIndex: number, label: string): IDataObject {
	const input = this.getNodeParameter('valuesInput', itemIndex, 'keyValue') as ValuesInput;
	return input === 'json'
		? readMemoryValues(`${label} (JSON)`, {
				input,
				json: this.getNodeParameter('valuesJson', itemIndex, '{}'),
			})
		: readMemoryValues(label, {
				input: 'keyValue',
				pairs: this.getNodeParameter('values.pairs', itemIndex, []) as IDataObject[],
			});
}
