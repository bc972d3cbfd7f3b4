import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { readParametersOnce } from '../../../nodes/JelouWhatsApp/execution/parameter-reader';
import { runNode } from '../../helpers/n8n-harness';

const NAMES = [
	'plain',
	'list',
	'phone',
	'nested',
	'mixed',
	'computed',
	'whole',
	'fields',
	'locator',
];

/**
 * A node that reads every parameter for every item twice, through the reader and straight from n8n, and
 * counts how often the reader asked n8n.
 */
class ReadEverything implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Read Everything',
		name: 'readEverything',
		group: ['transform'],
		version: 1,
		description: 'Test node',
		defaults: { name: 'Read Everything' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Plain', name: 'plain', type: 'string', default: '' },
			{ displayName: 'List', name: 'list', type: 'json', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			{ displayName: 'Nested', name: 'nested', type: 'string', default: '' },
			{ displayName: 'Mixed', name: 'mixed', type: 'string', default: '' },
			{ displayName: 'Computed', name: 'computed', type: 'string', default: '' },
			{ displayName: 'Whole', name: 'whole', type: 'string', default: '' },
			{
				displayName: 'Fields',
				name: 'fields',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				options: [
					{
						displayName: 'Value',
						name: 'values',
						values: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
					},
				],
			},
			{
				displayName: 'Locator',
				name: 'locator',
				type: 'resourceLocator',
				default: { mode: 'name', value: '' },
				modes: [{ displayName: 'By Name', name: 'name', type: 'string' }],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const askedN8n: string[] = [];
		const original = this.getNodeParameter.bind(this) as (...args: unknown[]) => unknown;
		const counting = Object.create(this) as IExecuteFunctions;
		counting.getNodeParameter = ((name: string, ...rest: unknown[]) => {
			askedN8n.push(name);
			return original(name, ...rest);
		}) as IExecuteFunctions['getNodeParameter'];
		const reader = readParametersOnce(counting);
		const output: INodeExecutionData[] = this.getInputData().map((_, itemIndex) => {
			const json: IDataObject = {};
			for (const name of NAMES) {
				json[name] = {
					reader: reader.getNodeParameter(name, itemIndex) as IDataObject,
					n8n: this.getNodeParameter(name, itemIndex) as IDataObject,
				};
			}
			json.locatorValue = {
				reader: reader.getNodeParameter('locator', itemIndex, '', { extractValue: true }) as string,
				n8n: this.getNodeParameter('locator', itemIndex, '', { extractValue: true }) as string,
			};
			// Names that reach inside a parameter, as n8n (lodash's get) spells them.
			for (const name of [
				'fields.values[0].value',
				"fields['values'][1].value",
				'fields.values[2]',
			]) {
				json[name] = {
					reader: reader.getNodeParameter(name, itemIndex) as IDataObject,
					n8n: this.getNodeParameter(name, itemIndex) as IDataObject,
				};
			}
			// Not among the node's parameters: n8n gives the fallback, or refuses when there is none.
			for (const fallback of [{ shown: false }, null]) {
				json[`hidden ${JSON.stringify(fallback)}`] = {
					reader: reader.getNodeParameter('hidden', itemIndex, fallback) as IDataObject,
					n8n: this.getNodeParameter('hidden', itemIndex, fallback) as IDataObject,
				};
			}
			const refusal = (read: () => unknown) => {
				try {
					read();
					return 'no error';
				} catch (error) {
					return (error as Error).message;
				}
			};
			json.missing = {
				reader: refusal(() => reader.getNodeParameter('missing', itemIndex)),
				n8n: refusal(() => this.getNodeParameter('missing', itemIndex)),
			};
			(reader.getNodeParameter('hidden', itemIndex, { shown: false }) as IDataObject).shown = true;
			// Changing what the reader returned must not change what the next item reads.
			(reader.getNodeParameter('list', itemIndex) as IDataObject).changed = true;
			return { json, pairedItem: { item: itemIndex } };
		});
		output.push({ json: { askedN8n } });
		return [output];
	}
}

const parameters: INodeParameters = {
	plain: 'hello',
	list: { a: [1, 2, { b: 'c' }] } as unknown as string,
	phone: '={{ $json.phone }}',
	nested: "={{$json.customer['full name']}}",
	mixed: '=Hello {{ $json.name }}',
	computed: '={{ $json.name.toUpperCase() }}',
	whole: '={{ $json.customer }}',
	fields: {
		values: [{ value: '={{ $json.name }}' }, { value: 'fixed' }, { value: '={{ $json.count }}' }],
	},
	locator: { __rl: true, mode: 'name', value: '={{ $json.name }}' },
};

const items = [
	{
		json: {
			phone: '593991234567',
			name: 'Maria',
			count: 3,
			customer: { 'full name': 'Maria Pérez' },
		},
	},
	{ json: { phone: 593987654321, name: 'José', count: 0, customer: { 'full name': 'José Díaz' } } },
	{ json: { phone: '593912345678', name: 'Ana', customer: { 'full name': 'Ana' } } },
	{ json: { phone: true, name: 'Luis', count: 1.5, customer: { other: 1 } } },
];

describe('readParametersOnce in a real n8n execution', () => {
	it('gives every item exactly what n8n gives it, for fixed values, $json look-ups and other expressions', async () => {
		const { items: output, error } = await runNode({
			nodeType: new ReadEverything(),
			parameters,
			items,
		});
		expect(error).toBeUndefined();
		const perItem = output.slice(0, items.length);
		expect(perItem).toHaveLength(4);
		for (const [index, item] of perItem.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			for (const name of [
				...NAMES,
				'locatorValue',
				'hidden {"shown":false}',
				'hidden null',
				'missing',
				'fields.values[0].value',
				"fields['values'][1].value",
				'fields.values[2]',
			]) {
				const { reader, n8n } = item.json[name] as { reader: unknown; n8n: unknown };
				expect({ item: index, name, value: reader }).toEqual({ item: index, name, value: n8n });
			}
		}
		expect((perItem[1].json.phone as { reader: unknown }).reader).toBe(593987654321);
		expect((perItem[3].json['hidden {"shown":false}'] as { reader: unknown }).reader).toEqual({
			shown: false,
		});
		expect(
			perItem.map((item) => (item.json['fields.values[0].value'] as { reader: unknown }).reader),
		).toEqual(['Maria', 'José', 'Ana', 'Luis']);
		expect((perItem[0].json.missing as { reader: unknown }).reader).toBe(
			'Could not get parameter "missing"',
		);
		expect((perItem[2].json.fields as { reader: unknown }).reader).toEqual({
			values: [{ value: 'Ana' }, { value: 'fixed' }, { value: undefined }],
		});
	});

	it('asks n8n once for a fixed parameter, once per fallback for one the node does not have, once to check a $json look-up, and per item for anything else', async () => {
		const { items: output } = await runNode({ nodeType: new ReadEverything(), parameters, items });
		const askedN8n = output[items.length].json.askedN8n as string[];
		const count = (name: string) => askedN8n.filter((asked) => asked === name).length;
		// Fixed values: once per execution, although 'list' is read twice per item.
		expect(count('plain')).toBe(1);
		expect(count('list')).toBe(1);
		// Not among the parameters: once per fallback value; a read that fails is asked again each time.
		expect(count('hidden')).toBe(2);
		expect(count('missing')).toBe(4);
		// Inside a parameter: a $json look-up checked once, a fixed value once.
		expect(count('fields.values[0].value')).toBe(1);
		expect(count("fields['values'][1].value")).toBe(1);
		expect(count('fields.values[2]')).toBe(2); // item 3 has no count: n8n decides
		// '{{ $json.phone }}': checked against n8n on the first item, then read from the item (a boolean is a value too).
		expect(count('phone')).toBe(1);
		expect(count('nested')).toBe(2); // item 3 has no customer['full name']: n8n decides
		// item 2 has no count: n8n decides for it
		expect(count('fields')).toBe(2);
		// Text around the expression, a method call, an object: n8n every time.
		expect(count('mixed')).toBe(4);
		expect(count('computed')).toBe(4);
		expect(count('whole')).toBe(4);
		// A resource locator: its raw value is a $json look-up (checked once), its extracted value is n8n's (4).
		expect(count('locator')).toBe(1 + 4);
	});
});
