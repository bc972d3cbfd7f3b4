import type { IDataObject } from 'n8n-workflow';

import { InvalidFieldError, parseJsonText } from '../../shared/validation';

/** The field types of n8n's Form node that a response page offers (no files, no HTML, no hidden fields). */
export const FORM_FIELD_TYPES = [
	'checkbox',
	'date',
	'dropdown',
	'email',
	'number',
	'password',
	'radio',
	'text',
	'textarea',
] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

const CHOICE_TYPES: readonly string[] = ['checkbox', 'dropdown', 'radio'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One field of a response page, defined as n8n's Form node defines it. */
export interface FormField {
	label: string;
	type: FormFieldType;
	required: boolean;
	placeholder?: string;
	/** Dropdown, Checkboxes and Radio Buttons: the choices. */
	options?: string[];
	/** Dropdown: whether several choices may be picked. */
	multiselect?: boolean;
}

/** Free Text: one text box, whose answer n8n outputs as `data.text`. */
export const FREE_TEXT_FIELD: FormField = { label: 'Response', type: 'textarea', required: true };

/** The input's name on the page: `field-0`, `field-1`, … as n8n's forms name them. */
export const inputName = (index: number) => `field-${index}`;

function fieldFrom(entry: IDataObject, position: number, source: string): FormField {
	const where = `${source}: field ${position + 1}`;
	const label = String(entry.fieldLabel ?? '').trim();
	if (label === '')
		throw new InvalidFieldError(where, 'has no label', 'Give every field a Field Label.');
	const type = String(entry.fieldType ?? 'text') as FormFieldType;
	if (!FORM_FIELD_TYPES.includes(type))
		throw new InvalidFieldError(
			`${where} ("${label}")`,
			`"${type}" is not a field type a response page offers`,
			`Use one of: ${FORM_FIELD_TYPES.join(', ')}.`,
		);
	const field: FormField = { label, type, required: entry.requiredField === true };
	const placeholder = String(entry.placeholder ?? '').trim();
	if (placeholder !== '') field.placeholder = placeholder;
	if (CHOICE_TYPES.includes(type)) {
		const values = (entry.fieldOptions as { values?: IDataObject[] } | undefined)?.values ?? [];
		field.options = values.map((value) => String(value.option ?? '').trim()).filter(Boolean);
		if (field.options.length === 0)
			throw new InvalidFieldError(
				`${where} ("${label}")`,
				'has no options',
				'Add the options the person picks from.',
			);
		if (type === 'dropdown' && entry.multiselect === true) field.multiselect = true;
	}
	return field;
}

function checkUniqueLabels(fields: FormField[], source: string): FormField[] {
	if (fields.length === 0)
		throw new InvalidFieldError(source, 'has no field', 'Add at least one field to the form.');
	const seen = new Set<string>();
	for (const field of fields) {
		if (seen.has(field.label))
			throw new InvalidFieldError(
				source,
				`two fields are labelled "${field.label}"`,
				'Give every field its own label: the label is the name of its value in the output.',
			);
		seen.add(field.label);
	}
	return fields;
}

/** Form Fields defined with the node's fields (`formFields.values`). */
export function formFieldsFromParameters(entries: IDataObject[]): FormField[] {
	return checkUniqueLabels(
		entries.map((entry, position) => fieldFrom(entry, position, 'Form Fields')),
		'Form Fields',
	);
}

/** Form Fields given as JSON, in the shape of n8n's Form node: `[{"fieldLabel": "Name", "requiredField": true}, …]`. */
export function formFieldsFromJson(raw: unknown): FormField[] {
	const source = 'Form Fields (JSON)';
	const value = parseJsonText(
		source,
		raw,
		'Enter a JSON list such as [{"fieldLabel": "Name", "requiredField": true}].',
	);
	if (!Array.isArray(value))
		throw new InvalidFieldError(
			source,
			'is not a JSON list',
			'Enter a JSON list of fields, each with fieldLabel and optionally fieldType, requiredField, placeholder and fieldOptions.',
		);
	return checkUniqueLabels(
		value.map((entry, position) => {
			if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
				throw new InvalidFieldError(
					`${source}: field ${position + 1}`,
					'is not an object',
					'Give each field as an object, e.g. {"fieldLabel": "Name"}.',
				);
			return fieldFrom(entry as IDataObject, position, source);
		}),
		source,
	);
}

/** What a submitted page held, as n8n parsed it: `{data: {field-0: …}}` for multipart, the fields themselves otherwise. */
export function submittedValues(body: unknown): IDataObject {
	if (typeof body !== 'object' || body === null) return {};
	const data = (body as IDataObject).data;
	if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as IDataObject;
	return body as IDataObject;
}

export interface FormAnswer {
	/** Field label → value, as n8n's forms output them (null for a field left empty). */
	values: IDataObject;
	/** Field label → what is wrong; empty when the answer is complete. */
	problems: Record<string, string>;
}

const listOf = (value: unknown): string[] =>
	(Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
		.map((entry) => String(entry))
		.filter((entry) => entry !== '');

/** The answer of a submitted page, field by field: typed as n8n's forms type it, and checked. */
export function readFormAnswer(fields: FormField[], submitted: IDataObject): FormAnswer {
	const values: IDataObject = {};
	const problems: Record<string, string> = {};
	fields.forEach((field, index) => {
		const raw = submitted[inputName(index)];
		const many = field.type === 'checkbox' || field.multiselect === true;
		if (many || field.type === 'dropdown' || field.type === 'radio') {
			const picked = listOf(raw);
			if (picked.some((option) => !field.options?.includes(option)))
				problems[field.label] = 'Pick one of the options shown.';
			values[field.label] = many ? picked : (picked[0] ?? null);
			if (field.required && picked.length === 0) problems[field.label] = 'Please pick an option.';
			return;
		}
		const text = listOf(raw)[0] ?? '';
		const trimmed = field.type === 'password' || field.type === 'textarea' ? text : text.trim();
		if (trimmed.trim() === '') {
			values[field.label] = null;
			if (field.required) problems[field.label] = 'Please fill this in.';
			return;
		}
		if (field.type === 'number') {
			const number = Number(trimmed);
			values[field.label] = Number.isFinite(number) ? number : null;
			if (!Number.isFinite(number)) problems[field.label] = 'Enter a number.';
			return;
		}
		if (field.type === 'email' && !EMAIL.test(trimmed))
			problems[field.label] = 'Enter an e-mail address such as name@example.com.';
		if (field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(trimmed))
			problems[field.label] = 'Enter a date such as 2025-05-02.';
		values[field.label] = trimmed;
	});
	return { values, problems };
}
