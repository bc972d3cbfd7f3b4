import {
	asObject,
	isHttpsUrl,
	isNonEmptyString,
	isOneToN,
	paginate,
	placeholderNumbers,
	readPaging,
	type JsonObject,
} from '../checks';
import { failedBody, Problems, type Reply } from '../envelopes';
import type { FakeState, FakeTemplate, HandlerInput, TemplateButton } from '../types';

const STATUSES = ['APPROVED', 'PENDING', 'REJECTED'] as const;
const CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
const TYPES = ['HSM', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const;
const INTERACTIVE_ACTIONS = ['NONE', 'CALL_TO_ACTION', 'QUICK_REPLY', 'OTP'] as const;
const ELEMENT_NAME = /^[a-z0-9_]+$/;
const TEMPLATE_MAX = 1024;
const HEADER_MAX = 60;
// Meta fixes the body of authentication templates per language (create-template.txt).
const AUTHENTICATION_BODIES: Record<string, string> = {
	en: '{{1}} is your verification code.',
	pt_BR: 'Seu código de verificação é {{1}}.',
	es: 'Tu código de verificación es {{1}}.',
};

/**
 * GET /v1/bots/:botId/templates — Jelou has been seen answering in two shapes: `{data:[...]}` for a plain
 * list, and `{pagination, results, links}` when the query pages (`page` or `limit`). 'auto' mimics that;
 * `setTemplateListShape` forces one shape so a client can be tested against both.
 */
export function listTemplates(input: HandlerInput, state: FakeState): Reply {
	const { query } = input;
	const problems = new Problems();
	if (query.status !== undefined && !(STATUSES as readonly string[]).includes(query.status)) {
		problems.oneOf('status', STATUSES);
	}
	if (query.category !== undefined && !(CATEGORIES as readonly string[]).includes(query.category)) {
		problems.oneOf('category', CATEGORIES);
	}
	const paging = readPaging(query, problems, 100);
	if (problems.any) return problems.reply();

	const needle = (query.query ?? '').toLowerCase();
	const matching = state.templates
		.filter(
			(template) =>
				template.elementName.toLowerCase().includes(needle) ||
				template.displayName.toLowerCase().includes(needle),
		)
		.filter((template) => query.status === undefined || template.status === query.status)
		.filter((template) => query.category === undefined || template.category === query.category)
		.map((template) => structuredClone(template));

	const paged =
		state.templateListShape === 'paginated' ||
		(state.templateListShape === 'auto' && (query.page !== undefined || query.limit !== undefined));
	if (!paged) return { status: 200, body: { data: matching } };
	return { status: 200, body: { ...paginate(matching, paging), links: {} } };
}

/** POST /v1/bots/:botId/templates?sendToAprove=true|false — create a template in the store. */
export function createTemplate(input: HandlerInput, state: FakeState): Reply {
	const body = asObject(input.body);
	const problems = new Problems();
	const sendToAprove = input.query.sendToAprove;
	if (sendToAprove !== undefined && sendToAprove !== 'true' && sendToAprove !== 'false') {
		problems.add(
			'sendToAprove',
			'sendToAprove must be true or false.',
			'sendToAprove debe ser true o false.',
		);
	}
	checkRequiredFields(body, problems);
	const type = body.type ?? 'HSM';
	if (!(TYPES as readonly unknown[]).includes(type)) problems.oneOf('type', TYPES);
	if (type !== 'HSM' && !isHttpsUrl(body.mediaUrl)) {
		problems.add(
			'mediaUrl',
			'mediaUrl (a public https URL) is required for IMAGE, VIDEO and DOCUMENT templates.',
			'mediaUrl (una URL https pública) es obligatorio para plantillas IMAGE, VIDEO y DOCUMENT.',
		);
	}
	const interactiveAction = body.interactiveAction ?? 'NONE';
	if (!(INTERACTIVE_ACTIONS as readonly unknown[]).includes(interactiveAction)) {
		problems.oneOf('interactiveAction', INTERACTIVE_ACTIONS);
	} else {
		checkButtons(interactiveAction as string, body.buttons, problems);
	}
	checkHeader(body, type, problems);
	const placeholders = typeof body.template === 'string' ? placeholderNumbers(body.template) : [];
	checkParams(body, placeholders, problems);
	if (body.category === 'AUTHENTICATION') checkAuthentication(body, type, placeholders, problems);
	if (problems.any) return problems.reply();

	const elementName = body.elementName as string;
	if (state.templates.some((template) => template.elementName === elementName)) {
		return { status: 400, body: failedBody('Template name already exists') };
	}
	const now = new Date().toISOString();
	const created: FakeTemplate = {
		...(body as Partial<FakeTemplate>),
		elementName,
		displayName: isNonEmptyString(body.displayName) ? body.displayName : elementName,
		template: body.template as string,
		params: (body.params as FakeTemplate['params'] | undefined) ?? [],
		paramsNumber: placeholders.length,
		language: body.language as string,
		category: body.category as FakeTemplate['category'],
		type: type as string,
		interactiveAction: interactiveAction as FakeTemplate['interactiveAction'],
		isVisible: body.isVisible === true,
		status: sendToAprove === 'true' ? 'PENDING' : 'DRAFT',
		createdAt: now,
		updatedAt: now,
	};
	state.templates.push(created);
	return {
		status: 201,
		body: {
			message: ['Template has been created.'],
			status: 'success',
			// The doc's example answers with the language upper-cased and the bot and company it belongs to.
			data: {
				...structuredClone(created),
				language: created.language.toUpperCase(),
				botId: state.botId,
				companyId: 100,
			},
		},
	};
}

function checkRequiredFields(body: JsonObject, problems: Problems): void {
	if (body.category === undefined) problems.required('category');
	else if (!(CATEGORIES as readonly unknown[]).includes(body.category))
		problems.oneOf('category', CATEGORIES);
	if (!isNonEmptyString(body.language)) problems.required('language');
	if (!isNonEmptyString(body.elementName)) {
		problems.required('elementName');
	} else if (!ELEMENT_NAME.test(body.elementName)) {
		problems.add(
			'elementName',
			'elementName can only contain lowercase letters, digits and underscores.',
			'elementName solo puede contener letras minúsculas, números y guiones bajos.',
		);
	}
	if (!isNonEmptyString(body.template)) {
		problems.required('template');
	} else if (body.template.length > TEMPLATE_MAX) {
		problems.add(
			'template',
			`template must have at most ${TEMPLATE_MAX} characters.`,
			`template debe tener como máximo ${TEMPLATE_MAX} caracteres.`,
		);
	}
}

function checkButtons(interactiveAction: string, buttons: unknown, problems: Problems): void {
	if (interactiveAction === 'NONE') return;
	if (!Array.isArray(buttons) || buttons.length === 0) {
		problems.add(
			'buttons',
			`buttons is required when interactiveAction is ${interactiveAction}.`,
			`buttons es obligatorio cuando interactiveAction es ${interactiveAction}.`,
		);
		return;
	}
	const list = buttons.map(asObject) as Partial<TemplateButton>[];
	if (list.some((button) => !isNonEmptyString(button.text))) {
		problems.add('buttons', 'Every button needs a text.', 'Cada botón necesita un texto.');
	}
	const countOf = (type: string) => list.filter((button) => button.type === type).length;
	if (interactiveAction === 'QUICK_REPLY') {
		if (list.length > 3 || countOf('QUICK_REPLY') !== list.length) {
			problems.add(
				'buttons',
				'QUICK_REPLY allows at most 3 buttons, all of type QUICK_REPLY.',
				'QUICK_REPLY admite como máximo 3 botones, todos de tipo QUICK_REPLY.',
			);
		}
	} else if (interactiveAction === 'CALL_TO_ACTION') {
		if (
			list.length > 2 ||
			countOf('URL') > 1 ||
			countOf('PHONE_NUMBER') > 1 ||
			countOf('URL') + countOf('PHONE_NUMBER') !== list.length
		) {
			problems.add(
				'buttons',
				'CALL_TO_ACTION allows at most 2 buttons: at most one URL and one PHONE_NUMBER.',
				'CALL_TO_ACTION admite como máximo 2 botones: como máximo un URL y un PHONE_NUMBER.',
			);
		}
		for (const button of list) {
			if (
				button.type === 'URL' &&
				(!isNonEmptyString(button.url) || !isNonEmptyString(button.example))
			) {
				problems.add(
					'buttons',
					'A URL button needs url and example.',
					'Un botón URL necesita url y example.',
				);
			}
			if (button.type === 'PHONE_NUMBER' && !isNonEmptyString(button.phone_number)) {
				problems.add(
					'buttons',
					'A PHONE_NUMBER button needs phone_number.',
					'Un botón PHONE_NUMBER necesita phone_number.',
				);
			}
		}
	} else if (list.length !== 1 || countOf('OTP') !== 1) {
		problems.add(
			'buttons',
			'OTP needs exactly 1 button of type OTP.',
			'OTP necesita exactamente 1 botón de tipo OTP.',
		);
	}
}

function checkHeader(body: JsonObject, type: unknown, problems: Problems): void {
	if (
		body.headerParams !== undefined &&
		(!Array.isArray(body.headerParams) || body.headerParams.length > 1)
	) {
		problems.add(
			'headerParams',
			'The header supports at most one parameter.',
			'El encabezado admite como máximo un parámetro.',
		);
	}
	if (body.header === undefined) return;
	if (typeof body.header !== 'string' || body.header.length > HEADER_MAX) {
		problems.add(
			'header',
			`header must be a text of at most ${HEADER_MAX} characters.`,
			`header debe ser un texto de como máximo ${HEADER_MAX} caracteres.`,
		);
		return;
	}
	if (type !== 'HSM') {
		problems.add(
			'header',
			'header applies only to text (HSM) templates.',
			'header solo aplica a plantillas de texto (HSM).',
		);
	}
	if (!isNonEmptyString(body.exampleHeader)) {
		problems.add(
			'exampleHeader',
			'exampleHeader is required when the template has a header.',
			'exampleHeader es obligatorio cuando la plantilla tiene encabezado.',
		);
	}
	if (placeholderNumbers(body.header).length > 1) {
		problems.add(
			'header',
			'The header supports at most one parameter.',
			'El encabezado admite como máximo un parámetro.',
		);
	}
}

function checkParams(body: JsonObject, placeholders: number[], problems: Problems): void {
	if (!isOneToN(placeholders)) {
		problems.add(
			'template',
			'Placeholders must be numbered {{1}}, {{2}}... without gaps.',
			'Los marcadores deben numerarse {{1}}, {{2}}... sin saltos.',
		);
	}
	if (body.paramsNumber !== undefined && body.paramsNumber !== placeholders.length) {
		problems.add(
			'paramsNumber',
			`paramsNumber must be ${placeholders.length}, the number of placeholders in template.`,
			`paramsNumber debe ser ${placeholders.length}, la cantidad de marcadores en template.`,
		);
	}
	if (body.params !== undefined) {
		const params = Array.isArray(body.params) ? body.params.map(asObject) : undefined;
		if (
			!params ||
			params.length !== placeholders.length ||
			params.some(
				(param, index) => param.param !== String(index + 1) || typeof param.label !== 'string',
			)
		) {
			problems.add(
				'params',
				'params must list {param: "1".."n", label} for every placeholder, in order.',
				'params debe listar {param: "1".."n", label} para cada marcador, en orden.',
			);
		}
	}
	if (placeholders.length > 0) {
		if (!isNonEmptyString(body.example) || body.example.includes('{{')) {
			problems.add(
				'example',
				'example is required: the template with every placeholder replaced by a sample value.',
				'example es obligatorio: la plantilla con cada marcador reemplazado por un valor de ejemplo.',
			);
		}
	}
}

function checkAuthentication(
	body: JsonObject,
	type: unknown,
	placeholders: number[],
	problems: Problems,
): void {
	if (placeholders.length !== 1) {
		problems.add(
			'params',
			'Authentication templates have exactly 1 parameter.',
			'Las plantillas de autenticación tienen exactamente 1 parámetro.',
		);
	}
	if (type !== 'HSM' || body.mediaUrl !== undefined || body.header !== undefined) {
		problems.add(
			'type',
			'Authentication templates allow no media and no header.',
			'Las plantillas de autenticación no admiten multimedia ni encabezado.',
		);
	}
	const fixedBody =
		typeof body.language === 'string' ? AUTHENTICATION_BODIES[body.language] : undefined;
	if (fixedBody !== undefined && body.template !== fixedBody) {
		problems.add(
			'template',
			`Authentication templates in ${body.language as string} must read exactly "${fixedBody}".`,
			`Las plantillas de autenticación en ${body.language as string} deben decir exactamente "${fixedBody}".`,
		);
	}
	const minutes = asObject(body.extraSettings).codeExpirationMinutes;
	if (
		minutes !== undefined &&
		(typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 90)
	) {
		problems.add(
			'extraSettings.codeExpirationMinutes',
			'codeExpirationMinutes must be between 1 and 90.',
			'codeExpirationMinutes debe estar entre 1 y 90.',
		);
	}
}
