import type { ResourceMapperField } from 'n8n-workflow';

import { templateVariableFields } from './variables';
import type { HsmButtonParameter, HsmCard, JelouTemplate } from './model';
import {
	InvalidFieldError,
	numberOf,
	parseJsonText,
	requireHttpsUrl,
	requireText,
	textOf,
} from '../shared/validation';

/**
 * Ids of the Template Variables fields that are not body variables. None is all digits, so they never
 * mix with the variables `orderedVariableValues` reads.
 */
export const FIELD_IDS = {
	about: 'aboutTemplate',
	header: 'headerParameter',
	mediaUrl: 'mediaUrl',
	filename: 'filename',
	cards: 'cards',
} as const;
const buttonFieldId = (position: number) => `button${position}`;

/** The `type` a send of the template needs, as Jelou's send body spells it. */
export type TemplateSendType = 'text' | 'image' | 'video' | 'document' | 'carousel' | 'catalog';

const MEDIA_TYPES: readonly string[] = ['image', 'video', 'document'];

interface TemplateButton {
	type?: string;
	text?: string;
	url?: string;
	example?: string;
}

function templateButtons(template: JelouTemplate): TemplateButton[] {
	return Array.isArray(template.buttons) ? (template.buttons as TemplateButton[]) : [];
}

/**
 * The send type follows from the listed template: a media header (IMAGE, VIDEO, DOCUMENT), a carousel, a
 * catalog (its type or a Catalog button); everything else is sent as text, Jelou's default.
 */
export function templateSendType(template: JelouTemplate): TemplateSendType {
	const type = String(template.type ?? '').toLowerCase();
	if (MEDIA_TYPES.includes(type) || type === 'carousel' || type === 'catalog')
		return type as TemplateSendType;
	if (templateButtons(template).some((button) => button.type === 'CATALOG')) return 'catalog';
	return 'text';
}

/** The `type` of a campaign (Jelou's bulk send takes text and the three media headers only). */
export function campaignTypeOf(template: JelouTemplate): 'text' | 'image' | 'video' | 'document' {
	const type = templateSendType(template);
	return type === 'image' || type === 'video' || type === 'document' ? type : 'text';
}

/** A button whose value each send gives: the end of a link, a code to copy, a catalog's thumbnail. */
export interface OpenButton {
	/** The button's position among the template's buttons, counted from 1 (Jelou's COPY_CODE `param`). */
	position: number;
	kind: 'URL' | 'COPY_CODE' | 'CATALOG';
	text: string;
}

export function openButtons(template: JelouTemplate): OpenButton[] {
	return templateButtons(template).flatMap((button, index): OpenButton[] => {
		const text = String(button.text ?? '').trim() || `button ${index + 1}`;
		const position = index + 1;
		if (button.type === 'URL' && String(button.url ?? '').includes('{{'))
			return [{ position, kind: 'URL', text }];
		if (button.type === 'COPY_CODE' || button.type === 'CATALOG')
			return [{ position, kind: button.type, text }];
		return [];
	});
}

interface HeaderParam {
	param?: string;
	label?: string;
}

/** The header's variable, when the template has a text header with `{{1}}`. */
function headerVariable(template: JelouTemplate): { label?: string } | undefined {
	const header = typeof template.header === 'string' ? template.header : '';
	const params = Array.isArray(template.headerParams)
		? (template.headerParams as HeaderParam[])
		: [];
	if (!header.includes('{{') && params.length === 0) return undefined;
	const label = String(params[0]?.label ?? '').trim();
	return label ? { label } : {};
}

/**
 * "What the customer reads (en · UTILITY)": short, because the editor cuts a field's label at about 50
 * characters; the media, header, text and buttons are in the field itself.
 */
export function describeTemplateContent(template: JelouTemplate): string {
	const details = [template.language, template.category].filter(Boolean);
	return `What the customer reads${details.length > 0 ? ` (${details.join(' · ')})` : ''}`;
}

/**
 * The message as WhatsApp lays it out, one entry per line: the header media or text, the body, then the
 * buttons. Shown read-only in the editor (`templateText`); never sent.
 */
export function templateLines(template: JelouTemplate): string[] {
	const type = templateSendType(template);
	const header = typeof template.header === 'string' ? template.header.trim() : '';
	const buttons = templateButtons(template)
		.map((button) => String(button.text ?? '').trim())
		.filter(Boolean);
	return [
		...(MEDIA_TYPES.includes(type) ? [`[${mediaNoun(type)}]`] : []),
		...(header ? [header] : []),
		...String(template.template ?? '').split('\n'),
		...(type === 'carousel' ? ['[Carousel cards]'] : []),
		...buttons.map((text) => `[Button: ${text}]`),
	];
}

/** About as many characters as a phone shows on a line of a WhatsApp message. */
const PHONE_LINE = 40;

/** A line broken at spaces as a phone's screen breaks it; words longer than a line stay whole. */
function phoneLines(line: string): string[] {
	const lines: string[] = [];
	let current = '';
	for (const word of line.split(' ')) {
		if (current !== '' && current.length + 1 + word.length > PHONE_LINE) {
			lines.push(current);
			current = word;
		} else current = current === '' ? word : `${current} ${word}`;
	}
	return [...lines, current];
}

/**
 * The text the editor shows under "What the customer reads": the lines as a phone shows them. n8n 2.x sizes its
 * box by the line breaks, so long lines are broken as a phone would; every break keeps a space before it, so that
 * n8n 1.x, which shows the text on one line without its breaks, keeps the words apart.
 */
export function templateText(template: JelouTemplate): string {
	return templateLines(template).flatMap(phoneLines).join(' \n');
}

const CARD_EXAMPLE_COUNT = 2;

interface ListedCard {
	params?: unknown[];
	paramsNumber?: number;
	buttons?: TemplateButton[];
}

/**
 * A starting point for the carousel's cards in Jelou's own shape: one card per card of the template (two
 * when the list does not say), each with its blanks left empty so nothing is sent before they are filled.
 */
export function cardsExample(template: JelouTemplate): string {
	const listed = Array.isArray(template.cards) ? (template.cards as ListedCard[]) : [];
	const cards = (
		listed.length > 0 ? listed : Array.from({ length: CARD_EXAMPLE_COUNT }, () => ({}))
	)
		.slice(0, 10)
		.map((card: ListedCard) => {
			const count =
				typeof card.paramsNumber === 'number'
					? card.paramsNumber
					: Array.isArray(card.params)
						? card.params.length
						: 1;
			const buttons = (card.buttons ?? []).filter(
				(button) => button.type === 'URL' && String(button.url ?? '').includes('{{'),
			);
			return {
				mediaUrl: '',
				params: Array.from({ length: count }, () => ''),
				...(buttons.length > 0
					? { buttonParameters: buttons.map(() => ({ type: 'URL', payload: { param: '' } })) }
					: {}),
			};
		});
	return JSON.stringify(cards, null, 2);
}

/** Where a field is shown: Send Template, or Campaign → Send with the values per item or from CSV columns. */
export type TemplateFieldsFor = 'sendTemplate' | 'campaignItems' | 'campaignFile';

function field(
	id: string,
	displayName: string,
	rest: Partial<ResourceMapperField> = {},
): ResourceMapperField {
	return {
		id,
		displayName,
		required: true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
		...rest,
	};
}

/**
 * Everything a send of this template needs, one field each, only what the template has: its text (read
 * only), its body variables, and for Send Template its header variable, header media, open buttons and
 * carousel cards. Campaigns (Jelou's bulk send) take the body variables and the header media only; with a
 * CSV the variables come from Parameter Columns.
 */
export function templateFields(
	template: JelouTemplate,
	fieldsFor: TemplateFieldsFor = 'sendTemplate',
): ResourceMapperField[] {
	const type = templateSendType(template);
	const fields: ResourceMapperField[] = [];
	const text = String(template.template ?? '');
	// Plain text, one line per line of the message (n8n 2.x shows a text with line breaks as a text box, 1.x as
	// one line). Required only so that the editor shows no trash icon beside it: its value is always set.
	if (text.trim() !== '')
		fields.push(
			field(FIELD_IDS.about, describeTemplateContent(template), {
				readOnly: true,
				defaultValue: templateText(template),
			}),
		);
	if (fieldsFor === 'sendTemplate') {
		const header = headerVariable(template);
		if (header)
			fields.push(field(FIELD_IDS.header, `Header {{1}}${header.label ? ` ${header.label}` : ''}`));
	}
	if (fieldsFor !== 'campaignFile') fields.push(...templateVariableFields(template));
	if (MEDIA_TYPES.includes(type)) {
		fields.push(field(FIELD_IDS.mediaUrl, `Header ${mediaNoun(type)} URL`));
		if (type === 'document' && fieldsFor === 'sendTemplate')
			fields.push(field(FIELD_IDS.filename, 'Document Filename', { required: false }));
	}
	if (fieldsFor !== 'sendTemplate') return fields;
	for (const button of openButtons(template)) {
		fields.push(field(buttonFieldId(button.position), buttonFieldName(button)));
	}
	if (type === 'carousel')
		fields.push(
			field(FIELD_IDS.cards, 'Carousel Cards (JSON)', {
				type: 'array',
				defaultValue: cardsExample(template),
			}),
		);
	return fields;
}

function mediaNoun(type: TemplateSendType): string {
	return type === 'image' ? 'Image' : type === 'video' ? 'Video' : 'Document';
}

function buttonFieldName(button: OpenButton): string {
	const what =
		button.kind === 'URL'
			? 'end of the link'
			: button.kind === 'COPY_CODE'
				? 'code to copy'
				: 'thumbnail product ID';
	return `Button “${button.text}”: ${what}`;
}

/** What Send Template reads from Template Variables when the template is known. */
export interface TemplateValues {
	type: TemplateSendType;
	parameters: string[];
	headerParameters?: string[];
	mediaUrl?: string;
	filename?: string;
	buttonParameters: HsmButtonParameter[];
	cards: HsmCard[];
}

function valueText(field: string, value: unknown): string {
	if (value === undefined || value === null) return '';
	return textOf(field, value).trim();
}

/**
 * The send's values from the mapped Template Variables of a known template: the button values are matched
 * to the template's open buttons, the cards read from Jelou's card shape.
 */
export function readTemplateValues(
	template: JelouTemplate,
	mapped: Record<string, unknown>,
	parameters: string[],
): TemplateValues {
	const type = templateSendType(template);
	const variables = templateVariableFields(template);
	parameters.forEach((value, position) => {
		if (value.trim() === '' && variables[position])
			throw new InvalidFieldError(
				`Template Variables: ${variables[position].displayName}`,
				'is empty',
				'WhatsApp refuses empty values: fill it in, or check the expression that should fill it.',
			);
	});
	const header = valueText('Template Variables: Header {{1}}', mapped[FIELD_IDS.header]);
	const values: TemplateValues = {
		type,
		parameters,
		buttonParameters: openButtons(template).map((button) => {
			const name = `Template Variables: ${buttonFieldName(button)}`;
			const value = requireText(
				name,
				mapped[buttonFieldId(button.position)],
				'Fill it in: the template leaves this value to each send.',
			);
			switch (button.kind) {
				case 'URL':
					return { type: 'URL', param: value };
				case 'COPY_CODE':
					return { type: 'COPY_CODE', index: button.position, code: value };
				case 'CATALOG':
					return { type: 'CATALOG', thumbnailProduct: value };
			}
		}),
		cards: type === 'carousel' ? readCards(mapped[FIELD_IDS.cards]) : [],
	};
	if (header !== '') values.headerParameters = [header];
	if (MEDIA_TYPES.includes(type)) {
		values.mediaUrl = requireHttpsUrl(
			`Template Variables: Header ${mediaNoun(type)} URL`,
			mapped[FIELD_IDS.mediaUrl],
		);
		if (type === 'document') {
			const filename = valueText(
				'Template Variables: Document Filename',
				mapped[FIELD_IDS.filename],
			);
			if (filename !== '') values.filename = filename;
		}
	}
	return values;
}

const CARDS_FIELD = 'Template Variables: Carousel Cards';
const CARDS_FIX =
	'Give a JSON list of cards as Jelou takes them: [{"mediaUrl": "https://…", "params": ["…"], "buttonParameters": [{"type": "URL", "payload": {"param": "…"}}]}, …].';

/** Jelou's card shape (send-individual-hsm.txt `cards`), from a JSON text or a list from an expression. */
export function readCards(raw: unknown): HsmCard[] {
	if (typeof raw === 'string' && raw.trim() === '') return [];
	const cards = parseJsonText(CARDS_FIELD, raw, CARDS_FIX);
	if (cards === undefined || cards === null) return [];
	if (!Array.isArray(cards)) throw new InvalidFieldError(CARDS_FIELD, 'is not a list', CARDS_FIX);
	return cards.map((card: unknown, index) => {
		const which = `card ${index + 1}`;
		if (typeof card !== 'object' || card === null || Array.isArray(card))
			throw new InvalidFieldError(CARDS_FIELD, `${which} is not an object`, CARDS_FIX);
		const { mediaUrl, params, buttonParameters } = card as Record<string, unknown>;
		if (params !== undefined && !Array.isArray(params))
			throw new InvalidFieldError(CARDS_FIELD, `${which} "params" is not a list`, CARDS_FIX);
		if (buttonParameters !== undefined && !Array.isArray(buttonParameters))
			throw new InvalidFieldError(
				CARDS_FIELD,
				`${which} "buttonParameters" is not a list`,
				CARDS_FIX,
			);
		return {
			mediaUrl: valueText(`${CARDS_FIELD}: ${which} mediaUrl`, mediaUrl),
			params: ((params as unknown[] | undefined) ?? []).map((value, position) =>
				textOf(CARDS_FIELD, value, undefined, `${which} parameter ${position + 1}`),
			),
			buttonParameters: ((buttonParameters as unknown[] | undefined) ?? []).map(
				(button, position) => readCardButton(button, `${which} button ${position + 1}`),
			),
		};
	});
}

/** One button of a card, in Jelou's body shape (`{type, payload, param}`). */
function readCardButton(raw: unknown, which: string): HsmButtonParameter {
	const button = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	const payload = (
		typeof button.payload === 'object' && button.payload !== null ? button.payload : {}
	) as Record<string, unknown>;
	const text = (name: string, value: unknown) =>
		valueText(`${CARDS_FIELD}: ${which} ${name}`, value);
	switch (button.type) {
		case 'URL':
			return { type: 'URL', param: text('payload.param', payload.param) };
		case 'QUICK_REPLY':
			return {
				type: 'QUICK_REPLY',
				action: text('payload.action', payload.action),
				skillId: text('payload.skillId', payload.skillId),
				payloadType: typeof payload.type === 'string' ? payload.type : undefined,
			};
		case 'CATALOG':
			return {
				type: 'CATALOG',
				thumbnailProduct: text('payload.thumbnailProduct', payload.thumbnailProduct),
			};
		case 'COPY_CODE':
			return {
				type: 'COPY_CODE',
				index: numberOf(
					`${CARDS_FIELD}: ${which} param`,
					button.param ?? 1,
					'Give the position of the copy-code button as a whole number, e.g. "param": 1.',
				),
				code: text('payload.param', payload.param),
			};
		default:
			throw new InvalidFieldError(
				CARDS_FIELD,
				`${which} has type ${JSON.stringify(button.type)}`,
				'Use "URL", "QUICK_REPLY", "CATALOG" or "COPY_CODE" as the button type.',
			);
	}
}
