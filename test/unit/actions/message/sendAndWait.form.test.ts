import {
	formFieldsFromJson,
	formFieldsFromParameters,
	readFormAnswer,
	submittedValues,
} from '../../../../nodes/JelouWhatsApp/actions/message/sendAndWait.form';

// n8n's Form node example fields (its JSON default), within the field types a response page offers.
const N8N_EXAMPLE = [
	{ fieldLabel: 'Name', placeholder: 'enter your name', requiredField: true },
	{ fieldLabel: 'Age', fieldType: 'number', placeholder: 'enter your age' },
	{ fieldLabel: 'Email', fieldType: 'email', requiredField: true },
	{ fieldLabel: 'Textarea', fieldType: 'textarea' },
	{
		fieldLabel: 'Dropdown Options',
		fieldType: 'dropdown',
		fieldOptions: { values: [{ option: 'option 1' }, { option: 'option 2' }] },
		requiredField: true,
	},
	{
		fieldLabel: 'Checkboxes',
		fieldType: 'checkbox',
		fieldOptions: { values: [{ option: 'option 1' }, { option: 'option 2' }] },
	},
	{
		fieldLabel: 'Radio',
		fieldType: 'radio',
		fieldOptions: { values: [{ option: 'option 1' }, { option: 'option 2' }] },
	},
	{ fieldLabel: 'Password', fieldType: 'password' },
];

describe('form fields', () => {
	it('reads n8n’s Form node JSON, text when no type is given', () => {
		const fields = formFieldsFromJson(JSON.stringify(N8N_EXAMPLE));
		expect(fields.map((field) => [field.label, field.type, field.required])).toEqual([
			['Name', 'text', true],
			['Age', 'number', false],
			['Email', 'email', true],
			['Textarea', 'textarea', false],
			['Dropdown Options', 'dropdown', true],
			['Checkboxes', 'checkbox', false],
			['Radio', 'radio', false],
			['Password', 'password', false],
		]);
		expect(fields[4].options).toEqual(['option 1', 'option 2']);
		expect(fields[0].placeholder).toBe('enter your name');
	});

	it('reads the same from the node’s fields, and from JSON given as a list by an expression', () => {
		expect(formFieldsFromParameters(N8N_EXAMPLE)).toEqual(formFieldsFromJson(N8N_EXAMPLE));
	});

	it.each([
		['not JSON', '[{', 'Form Fields (JSON): is not valid JSON'],
		['not a list', '{"fieldLabel": "Name"}', 'Form Fields (JSON): is not a JSON list'],
		['empty', '[]', 'Form Fields (JSON): has no field'],
		[
			'a field without label',
			'[{"fieldType": "text"}]',
			'Form Fields (JSON): field 1: has no label',
		],
		[
			'a file field',
			'[{"fieldLabel": "Photo", "fieldType": "file"}]',
			'Form Fields (JSON): field 1 ("Photo"): "file" is not a field type a response page offers',
		],
		[
			'a dropdown without options',
			'[{"fieldLabel": "Size", "fieldType": "dropdown"}]',
			'Form Fields (JSON): field 1 ("Size"): has no options',
		],
		[
			'two fields of one label',
			'[{"fieldLabel": "Name"}, {"fieldLabel": "Name"}]',
			'Form Fields (JSON): two fields are labelled "Name"',
		],
	])('refuses %s', (_, json, message) => {
		expect(() => formFieldsFromJson(json)).toThrow(message);
	});
});

describe('a submitted answer', () => {
	const fields = formFieldsFromJson(N8N_EXAMPLE);

	it('gives each field by its label, typed as n8n’s forms type them; an empty field is null', () => {
		const answer = readFormAnswer(fields, {
			'field-0': '  Maria ',
			'field-1': '42',
			'field-2': 'maria@example.com',
			'field-3': ' keep  spaces ',
			'field-4': 'option 2',
			'field-5': ['option 1', 'option 2'],
			'field-7': ' secret ',
		});
		expect(answer).toEqual({
			values: {
				Name: 'Maria',
				Age: 42,
				Email: 'maria@example.com',
				Textarea: ' keep  spaces ',
				'Dropdown Options': 'option 2',
				Checkboxes: ['option 1', 'option 2'],
				Radio: null,
				Password: ' secret ',
			},
			problems: {},
		});
	});

	it('names what is missing or wrong, field by field', () => {
		expect(
			readFormAnswer(fields, {
				'field-1': 'forty',
				'field-2': 'maria',
				'field-4': 'option 9',
			}).problems,
		).toEqual({
			Name: 'Please fill this in.',
			Age: 'Enter a number.',
			Email: 'Enter an e-mail address such as name@example.com.',
			'Dropdown Options': 'Pick one of the options shown.',
		});
	});

	it('is read from n8n’s multipart body ({data, files}) or a plain one', () => {
		expect(submittedValues({ data: { 'field-0': 'a' }, files: {} })).toEqual({ 'field-0': 'a' });
		expect(submittedValues({ 'field-0': 'a' })).toEqual({ 'field-0': 'a' });
		expect(submittedValues(undefined)).toEqual({});
	});
});
