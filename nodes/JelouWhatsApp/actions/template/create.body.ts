import type { IDataObject } from 'n8n-workflow';
import {
	InvalidFieldError,
	maxLength,
	requireHttpsUrl,
	requireText,
} from '../../shared/validation';
import {
	fillPlaceholders,
	placeholderNumbers,
	TEMPLATE_CATEGORIES,
	TEMPLATE_CATEGORY_VALUES,
} from '../../templates/model';
import {
	ACTION_NAMES,
	AUTHENTICATION_BODIES,
	ELEMENT_NAME,
	HEADER_MAX,
	INTERACTIVE_ACTIONS,
	LANGUAGE_CODE,
	MEDIA_TYPES,
	TEMPLATE_TYPES,
	TYPE_NAMES,
	checkBodyLength,
	checkExampleFitsBody,
	checkPlaceholders,
	listPlaceholders,
	oneOf,
	text,
} from './create.rules';
import { buildButtons } from './create.buttons';

/** A placeholder of the body as the user describes it: what it stands for and a sample value. */
export interface ParameterInput {
	label?: string;
	example?: string;
}

/** One button as the node's fields hold it; `type` only matters for Call To Action. */
export interface ButtonInput {
	type?: string;
	text?: string;
	url?: string;
	example?: string;
	phoneNumber?: string;
}

export interface ExtraSettingsInput {
	addSecurityRecommendation?: boolean;
	codeExpirationMinutes?: number;
	allowChangeCategory?: boolean;
}

/** Plain values of one new template, as read from the node's fields. */
export interface TemplateCreateInput {
	category: string;
	language: string;
	elementName: string;
	displayName?: string;
	/** The body; left empty for AUTHENTICATION, it is filled with Meta's fixed text for the language. */
	template?: string;
	isVisible?: boolean;
	/** Label and example of {{1}}, {{2}}, … in that order. */
	params: ParameterInput[];
	type: string;
	mediaUrl?: string;
	interactiveAction: string;
	buttons: ButtonInput[];
	header?: string;
	exampleHeader?: string;
	headerParam?: ParameterInput;
	example?: string;
	extraSettings?: ExtraSettingsInput;
	sendToApproval: boolean;
}

export interface TemplateCreateRequest {
	body: IDataObject;
	query: Record<string, string>;
}

function resolveBody(input: TemplateCreateInput, category: string, language: string): string {
	const typed = text(input.template);
	if (category !== 'AUTHENTICATION') {
		return checkBodyLength(
			requireText(
				'Template Body',
				typed,
				'Enter the message text, with {{1}}, {{2}}, … where values go.',
			),
		);
	}
	const fixed = AUTHENTICATION_BODIES[language];
	if (fixed === undefined) {
		if (typed === '') {
			throw new InvalidFieldError(
				'Template Body',
				`is empty, and the node knows Meta's fixed authentication text only for ${Object.keys(AUTHENTICATION_BODIES).join(', ')}`,
				`Enter Meta's fixed authentication text for language ${language}, with {{1}} where the code goes.`,
			);
		}
		return checkBodyLength(typed);
	}
	if (typed !== '' && typed !== fixed) {
		throw new InvalidFieldError(
			'Template Body',
			`Meta fixes the text of authentication templates; in ${language} it is "${fixed}"`,
			'Leave Template Body empty: the node fills in the fixed text for the chosen language.',
		);
	}
	return fixed;
}

function buildParams(
	params: ParameterInput[],
	placeholders: number[],
	category: string,
): IDataObject[] {
	if (category === 'AUTHENTICATION' && placeholders.length !== 1) {
		throw new InvalidFieldError(
			'Template Body',
			`has ${placeholders.length} placeholders; authentication templates have exactly one, {{1}}, for the code`,
			'Keep exactly one placeholder, {{1}}, where the code goes.',
		);
	}
	const count = placeholders.length;
	if (params.length < count) {
		const missing = placeholders.slice(params.length);
		throw new InvalidFieldError(
			'Parameters',
			`the body has ${listPlaceholders(placeholders)} but ${params.length} parameter${params.length === 1 ? ' is' : 's are'} given; ${listPlaceholders(missing)} ${missing.length === 1 ? 'has' : 'have'} no label and example`,
			`Add ${missing.length === 1 ? 'a parameter' : `${missing.length} parameters`} (label and example) for ${listPlaceholders(missing)}, in order.`,
		);
	}
	if (params.length > count) {
		const extra = params.length - count;
		throw new InvalidFieldError(
			'Parameters',
			`${params.length} parameters are given but the body has ${count === 0 ? 'no placeholders' : `only ${listPlaceholders(placeholders)}`}`,
			`Remove the last ${extra === 1 ? 'parameter' : `${extra} parameters`}, or add ${count === 0 ? '{{1}}' : `{{${count + 1}}}`} and on to the body.`,
		);
	}
	return params.map((param, index) => {
		const placeholder = `{{${index + 1}}}`;
		const label = requireText(
			'Parameters',
			param.label,
			`Give ${placeholder} a label that says what it stands for, e.g. customer.`,
		);
		const example = requireText(
			'Parameters',
			param.example,
			`Give ${placeholder} ("${label}") an example value, e.g. Maria.`,
		);
		return { param: String(index + 1), label, example };
	});
}

function buildExample(given: string, body: string, params: IDataObject[]): string | undefined {
	if (given !== '') {
		const left = placeholderNumbers(given);
		if (left.length > 0) {
			throw new InvalidFieldError(
				'Example',
				`still contains ${listPlaceholders(left)}`,
				'Replace every placeholder with a sample value, or leave Example empty to build it from the parameter examples.',
			);
		}
		checkExampleFitsBody(given, body);
		return given;
	}
	if (params.length === 0) return undefined;
	return fillPlaceholders(
		body,
		params.map((param) => param.example as string),
	);
}

function buildHeader(input: TemplateCreateInput, type: string, category: string): IDataObject {
	const header = text(input.header);
	const headerParam = input.headerParam;
	const hasParam =
		headerParam !== undefined &&
		(text(headerParam.label) !== '' || text(headerParam.example) !== '');
	if (header === '') {
		if (text(input.exampleHeader) !== '' || hasParam) {
			throw new InvalidFieldError(
				'Header',
				'is empty but Example Header or Header Parameter is set',
				'Enter the header text, or remove Example Header and Header Parameter.',
			);
		}
		return {};
	}
	if (category === 'AUTHENTICATION') {
		throw new InvalidFieldError(
			'Header',
			'authentication templates cannot have a header',
			'Remove the header.',
		);
	}
	if (type !== 'HSM') {
		throw new InvalidFieldError(
			'Header',
			`only text templates can have a header; this one is ${TYPE_NAMES[type]}`,
			'Remove the header, or choose Type: Text.',
		);
	}
	maxLength('Header', header, HEADER_MAX);
	const placeholders = checkPlaceholders('Header', header);
	if (placeholders.length > 1) {
		throw new InvalidFieldError(
			'Header',
			`has ${listPlaceholders(placeholders)}; the header supports at most one parameter`,
			'Keep a single placeholder, {{1}}, in the header.',
		);
	}
	const body: IDataObject = { header };
	let exampleHeader = text(input.exampleHeader);
	if (placeholders.length === 1) {
		const label = requireText(
			'Header Parameter',
			headerParam?.label,
			'The header has {{1}}: give it a label that says what it stands for, e.g. order.',
		);
		const example = requireText(
			'Header Parameter',
			headerParam?.example,
			'The header has {{1}}: give it an example value, e.g. 71936.',
		);
		body.headerParams = [{ param: '1', label, example }];
		if (exampleHeader === '') exampleHeader = fillPlaceholders(header, [example]);
	} else if (hasParam) {
		throw new InvalidFieldError(
			'Header Parameter',
			'is set but the header has no {{1}}',
			'Add {{1}} to the header where the value goes, or remove Header Parameter.',
		);
	} else if (exampleHeader === '') {
		// A header without a placeholder is its own example.
		exampleHeader = header;
	}
	if (placeholderNumbers(exampleHeader).length > 0) {
		throw new InvalidFieldError(
			'Example Header',
			`"${exampleHeader}" still contains a placeholder`,
			'Write the header as a customer would see it, with {{1}} replaced by a sample value.',
		);
	}
	body.exampleHeader = exampleHeader;
	return body;
}

function buildExtraSettings(settings: ExtraSettingsInput | undefined): IDataObject | undefined {
	if (!settings) return undefined;
	const extra: IDataObject = {};
	if (settings.addSecurityRecommendation !== undefined)
		extra.addSecurityRecommendation = settings.addSecurityRecommendation;
	if (settings.codeExpirationMinutes !== undefined && text(settings.codeExpirationMinutes) !== '') {
		const minutes = Number(settings.codeExpirationMinutes);
		if (!Number.isInteger(minutes) || minutes < 1 || minutes > 90) {
			throw new InvalidFieldError(
				'Code Expiration Minutes',
				`${text(settings.codeExpirationMinutes)} is not a whole number from 1 to 90`,
				'Enter how many minutes the code stays valid, from 1 to 90.',
			);
		}
		extra.codeExpirationMinutes = minutes;
	}
	if (settings.allowChangeCategory !== undefined)
		extra.allowChangeCategory = settings.allowChangeCategory;
	return Object.keys(extra).length > 0 ? extra : undefined;
}

/**
 * Checks a new template against Jelou's and Meta's rules
 * (https://docs.jelou.ai/en/api/campanas/crear-plantilla) and builds the body and query of
 * `POST /v1/bots/{botId}/templates`. `params`, `paramsNumber`, `example` and an
 * authentication body are derived, so the user types each value once.
 */
export function buildTemplateCreateRequest(input: TemplateCreateInput): TemplateCreateRequest {
	const category = oneOf(
		'Category',
		input.category,
		TEMPLATE_CATEGORY_VALUES,
		Object.fromEntries(TEMPLATE_CATEGORIES.map(({ value, name }) => [value, name])),
	);
	const language = requireText(
		'Language',
		input.language,
		'Choose the template language, e.g. English (en).',
	);
	if (!LANGUAGE_CODE.test(language)) {
		throw new InvalidFieldError(
			'Language',
			`"${language}" is not a WhatsApp language code`,
			'Use a code such as en, es or pt_BR (underscore, region in capitals).',
		);
	}
	const elementName = requireText(
		'Element Name',
		input.elementName,
		'Enter a unique name of lowercase letters, digits and _, e.g. order_confirmation.',
	);
	if (!ELEMENT_NAME.test(elementName)) {
		throw new InvalidFieldError(
			'Element Name',
			`"${elementName}" may only contain lowercase letters, digits and _`,
			`Use only a–z, 0–9 and _, e.g. ${elementName.toLowerCase().replace(/[^a-z0-9_]+/g, '_') || 'order_confirmation'}.`,
		);
	}
	const type = oneOf('Type', input.type, TEMPLATE_TYPES, TYPE_NAMES);
	const interactiveAction = oneOf(
		'Interactive Action',
		input.interactiveAction,
		INTERACTIVE_ACTIONS,
		ACTION_NAMES,
	);

	const template = resolveBody(input, category, language);
	const placeholders = checkPlaceholders('Template Body', template);
	const params = buildParams(input.params, placeholders, category);
	const example = buildExample(text(input.example), template, params);

	const mediaUrl = text(input.mediaUrl);
	if (category === 'AUTHENTICATION' && (type !== 'HSM' || mediaUrl !== '')) {
		throw new InvalidFieldError(
			type !== 'HSM' ? 'Type' : 'Media URL',
			'authentication templates cannot have media',
			'Choose Type: Text and leave Media URL empty.',
		);
	}
	if (!MEDIA_TYPES.includes(type) && mediaUrl !== '') {
		throw new InvalidFieldError(
			'Media URL',
			'is set but the template Type is Text',
			'Leave Media URL empty, or choose Type Image, Video or Document.',
		);
	}

	const body: IDataObject = {};
	const displayName = text(input.displayName);
	if (displayName !== '') body.displayName = displayName;
	body.template = template;
	if (example !== undefined) body.example = example;
	body.elementName = elementName;
	body.params = params;
	body.paramsNumber = params.length;
	body.type = type;
	body.language = language;
	body.category = category;
	if (MEDIA_TYPES.includes(type)) body.mediaUrl = requireHttpsUrl('Media URL', mediaUrl);
	body.interactiveAction = interactiveAction;
	const buttons = buildButtons(interactiveAction, input.buttons);
	if (buttons) body.buttons = buttons;
	Object.assign(body, buildHeader(input, type, category));
	if (input.isVisible !== undefined) body.isVisible = input.isVisible;
	const extraSettings = buildExtraSettings(input.extraSettings);
	if (extraSettings) body.extraSettings = extraSettings;

	// Sent both ways, so a draft is a draft by request, not by whatever Jelou's default becomes.
	return { body, query: { sendToAprove: input.sendToApproval ? 'true' : 'false' } };
}
