import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { hsmSendOutputs, unconfirmedSend, unreadableReason } from '../../shared/send-answers';
import { UnreadableAnswerError } from '../../transport';
import {
	applySendFormat,
	buildHsmBody,
	checkHsmAgainstTemplate,
	checkHsmMessage,
	withButtonOptions,
} from './sendTemplate.body';
import type { HsmMessage, SendFormat } from './sendTemplate.body';
import { toUnixMilliseconds } from '../../shared/dates';
import { mergeAdditionalBodyFields } from '../../shared/payloads';
import { normalizeRecipients } from '../../shared/phone';
import { SENDS_MESSAGE } from '../../shared/request-effects';
import { InvalidFieldError, numberOf, requireText, textOf } from '../../shared/validation';
import { dryRunOf } from '../../execution/dry-run';
import { fillPlaceholders } from '../../templates/model';
import type { HsmButtonParameter, HsmCard, JelouTemplate } from '../../templates/model';
import { isCompleteTemplateList } from '../../templates/approved-list';
import type { JelouClient, JelouRequest } from '../../transport';
import { orderedVariableValues } from '../../templates/variables';
import { readTemplateValues } from '../../templates/fields';
import type { ExecutePrepared, ExecutionContext } from '../../execution/types';
import { readBotSettings, readMappedVariables } from '../template-parameters';
import { hasTemplateDrivenFields, templateDrivesFields } from '../versions';
import { refusesEveryRequest, refusedForItsContent } from '../../execution/item-errors';

export { description } from './sendTemplate.description';

interface RawButton {
	type?: string;
	param?: unknown;
	action?: unknown;
	skillId?: unknown;
	payloadType?: string;
	thumbnailProduct?: unknown;
	index?: unknown;
	code?: unknown;
}

function readButtons(
	raw: RawButton[] | undefined,
	field = 'Button Parameters',
): HsmButtonParameter[] {
	return (raw ?? []).map((button, position) => {
		const which = `${field}: button ${position + 1} (${button.type ?? 'URL'})`;
		const text = (value: unknown, name: string) => textOf(`${which} ${name}`, value).trim();
		switch (button.type) {
			case 'QUICK_REPLY':
				return {
					type: 'QUICK_REPLY',
					action: text(button.action, 'Action'),
					skillId: text(button.skillId, 'Skill ID'),
					payloadType: button.payloadType,
				};
			case 'CATALOG':
				return {
					type: 'CATALOG',
					thumbnailProduct: text(button.thumbnailProduct, 'Thumbnail Product'),
				};
			case 'COPY_CODE':
				return {
					type: 'COPY_CODE',
					index: numberOf(
						`${which} Button Index`,
						button.index ?? 1,
						'Enter the position of the copy-code button in the template, a whole number such as 1.',
					),
					code: text(button.code, 'Code'),
				};
			case 'URL':
			case undefined:
				return { type: 'URL', param: text(button.param, 'URL Suffix') };
			default:
				return { type: button.type } as unknown as HsmButtonParameter;
		}
	});
}

/** The header parameter is one value; an expression may hand over an array, which must then hold one. */
function readHeaderParameters(value: unknown): string[] | undefined {
	const values = (Array.isArray(value) ? value : [value])
		.map((entry) => textOf('Header Parameter', entry))
		.filter((entry) => entry.trim() !== '');
	return values.length > 0 ? values : undefined;
}

/** Template Variables (node version 2) when they hold values, else the ordered Parameters list. */
function readTemplateParameters(this: IExecuteFunctions, itemIndex: number): string[] {
	const mapped = orderedVariableValues(readMappedVariables.call(this, itemIndex));
	return mapped.length > 0
		? mapped
		: readParameterValues(this.getNodeParameter('parameters.values', itemIndex, []));
}

/**
 * The values of the placeholders. One entry whose expression gives a list supplies all of them (`{{ $json.values }}`);
 * otherwise each entry is one value, and a list or object in an entry is refused, naming the entry.
 */
function readParameterValues(raw: unknown, field = 'Parameters'): string[] {
	const entries = (raw as Array<{ value?: unknown }> | undefined) ?? [];
	if (entries.length === 1 && Array.isArray(entries[0].value)) {
		return entries[0].value.map((value, position) =>
			textOf(field, value, undefined, `element ${position + 1} of the list`),
		);
	}
	return entries.map((entry, position) =>
		textOf(
			field,
			entry.value,
			'Give one text value per parameter; to give them all from a list, use a single Parameter whose expression returns the list.',
			`parameter ${position + 1}`,
		),
	);
}

interface SendTemplateOptions extends SendFormat {
	additionalBodyFields?: unknown;
	campaignId?: string;
	defaultCountryCode?: string;
	expirationTime?: unknown;
	headerParameter?: unknown;
	ltoExpirationTime?: unknown;
}

/** What the template decides: taken from Template Variables (version 2, template known) or from the fields filled by hand. */
type TemplateDependentValues = Pick<
	HsmMessage,
	| 'type'
	| 'parameters'
	| 'mediaUrl'
	| 'filename'
	| 'headerParameters'
	| 'buttonParameters'
	| 'cards'
>;

/** Version 2 with a template picked from the list or typed by name: the values come from Template Variables. */
function readFromTemplateVariables(
	this: IExecuteFunctions,
	itemIndex: number,
	template: JelouTemplate,
): TemplateDependentValues {
	const mapped = readMappedVariables.call(this, itemIndex);
	const values = readTemplateValues(template, mapped, orderedVariableValues(mapped));
	return {
		// Jelou sends text when no type is given, so the default stays out of the body.
		type: values.type === 'text' ? undefined : values.type,
		parameters: values.parameters,
		mediaUrl: values.mediaUrl,
		filename: values.filename,
		headerParameters: values.headerParameters,
		buttonParameters: values.buttonParameters,
		cards: values.cards,
	};
}

/** Version 1, or a template from an expression: the values come from the fields filled by hand. */
function readFromManualFields(
	this: IExecuteFunctions,
	itemIndex: number,
	options: SendTemplateOptions,
): TemplateDependentValues {
	const type = String(this.getNodeParameter('type', itemIndex, 'text') ?? 'text');
	const needsMedia = ['document', 'image', 'video'].includes(type);
	const cards =
		type === 'carousel'
			? (this.getNodeParameter('cards.card', itemIndex, []) as Array<Record<string, unknown>>)
			: [];
	return {
		parameters: readTemplateParameters.call(this, itemIndex),
		// Jelou sends text when no type is given, so the default stays out of the body.
		type: type === 'text' ? undefined : type,
		mediaUrl: needsMedia
			? textOf('Media URL', this.getNodeParameter('mediaUrl', itemIndex, '')).trim()
			: undefined,
		filename:
			type === 'document'
				? textOf('Filename', this.getNodeParameter('filename', itemIndex, '')).trim() || undefined
				: undefined,
		headerParameters: readHeaderParameters(options.headerParameter),
		buttonParameters: readButtons(
			this.getNodeParameter('buttonParameters.buttons', itemIndex, []) as RawButton[],
		),
		cards: cards.map((card, position): HsmCard => ({
			mediaUrl: textOf(`Carousel Cards: card ${position + 1} Media URL`, card.mediaUrl).trim(),
			params: readParameterValues(
				(card.params as { values?: unknown } | undefined)?.values,
				`Carousel Cards: card ${position + 1} Parameters`,
			),
			buttonParameters: readButtons(
				(card.buttonParameters as { buttons?: RawButton[] } | undefined)?.buttons,
				`Carousel Cards: card ${position + 1} Button Parameters`,
			),
		})),
	};
}

/**
 * The item's send. `template` is the approved template when version 2 knows it (picked or named), and then
 * the type, media, header, buttons and cards follow it; otherwise they come from the fields filled by hand.
 */
export function readHsmMessage(
	this: IExecuteFunctions,
	itemIndex: number,
	template?: JelouTemplate,
): HsmMessage {
	const options = this.getNodeParameter(
		'sendTemplateOptions',
		itemIndex,
		{},
	) as SendTemplateOptions;
	const elementName = readElementName.call(this, itemIndex);
	const timeZone = this.getTimezone();
	const content = template
		? readFromTemplateVariables.call(this, itemIndex, template)
		: readFromManualFields.call(this, itemIndex, options);
	if (template && !content.headerParameters)
		content.headerParameters = readHeaderParameters(options.headerParameter);
	const message: HsmMessage = {
		elementName,
		destinations: normalizeRecipients(
			this.getNodeParameter('recipients', itemIndex),
			'Recipients',
			options.defaultCountryCode,
		),
		...content,
		language: (this.getNodeParameter('language', itemIndex, '') as string) || undefined,
		...readBotSettings.call(this, itemIndex, 'sendTemplateOptions'),
		ltoExpirationTime: toUnixMilliseconds(
			options.ltoExpirationTime,
			'Limited-Time Offer Expiration',
			timeZone,
		),
		expirationTime: toUnixMilliseconds(options.expirationTime, 'Expiration Time', timeZone),
		campaignId: textOf('Campaign ID', options.campaignId).trim() || undefined,
	};
	// Version 1 reaches these bodies with Type and Button Parameters; version 2 by default, or with two options.
	return hasTemplateDrivenFields.call(this) ? applySendFormat(message, options, template) : message;
}

function readElementName(this: IExecuteFunctions, itemIndex: number): string {
	return requireText(
		'Template',
		this.getNodeParameter('template', itemIndex, '', { extractValue: true }),
		'Pick an approved template from the list or enter its name.',
	);
}

/**
 * Version 2 with a fixed template: the template from the approved list (read again when it is missing), which
 * the send's fields follow. A template in several languages is matched on Language when it is set.
 */
export async function knownTemplate(
	this: IExecuteFunctions,
	elementName: string,
	language: string,
	context: ExecutionContext,
): Promise<JelouTemplate> {
	const { template } = await context.templates.find(elementName, language);
	if (!template)
		throw new InvalidFieldError(
			'Template',
			`"${elementName}" is not approved or does not exist`,
			'Pick an approved template from the list; a template can be sent only once WhatsApp has approved it.',
		);
	return template;
}

export interface Prepared {
	body: IDataObject;
	elementName: string;
	/** The template text with this item's values filled in, when the template's text is known. */
	preview?: string;
}

/**
 * The template, however it was given (From List, By Name, an expression), is checked against the approved
 * list (read again when the template is missing from it): its parameter count, media and authentication rules. Returns the template when found.
 */
async function checkAgainstApprovedList(
	message: HsmMessage,
	context: ExecutionContext,
): Promise<JelouTemplate | undefined> {
	const found = await context.templates.find(message.elementName).catch((error: unknown) => {
		// A refused credential or bot would refuse the send too: it stops, with no further request.
		if (refusesEveryRequest(error)) throw error;
		// Without the list nothing can be checked here; Jelou still checks the send itself.
		return undefined;
	});
	if (!found) return undefined;
	const { template, templates } = found;
	if (template) {
		checkHsmAgainstTemplate(message, template);
	} else if (templates.length > 0 && isCompleteTemplateList(templates)) {
		throw new InvalidFieldError(
			'Template',
			`"${message.elementName}" is not approved or does not exist`,
			'Pick an approved template from the list; a template can be sent only once WhatsApp has approved it.',
		);
	}
	return template;
}

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	context: ExecutionContext,
): Promise<Prepared> {
	const known = templateDrivesFields.call(this)
		? await knownTemplate.call(
				this,
				readElementName.call(this, itemIndex),
				String(this.getNodeParameter('language', itemIndex, '') ?? ''),
				context,
			)
		: undefined;
	const message = readHsmMessage.call(this, itemIndex, known);
	checkHsmMessage(message);
	const options = this.getNodeParameter(
		'sendTemplateOptions',
		itemIndex,
		{},
	) as SendTemplateOptions;
	const body = withButtonOptions(
		mergeAdditionalBodyFields(buildHsmBody(message), options.additionalBodyFields),
		message,
	);
	let template = known;
	if (known) checkHsmAgainstTemplate(message, known);
	else template = await checkAgainstApprovedList(message, context);
	const preview = template?.template
		? fillPlaceholders(template.template, message.parameters)
		: undefined;
	return { body, elementName: message.elementName, ...(preview === undefined ? {} : { preview }) };
}

function hsmRequest(prepared: Prepared, itemIndex: number, client: JelouClient): JelouRequest {
	return {
		method: 'POST',
		path: `/v2/whatsapp/${encodeURIComponent(client.botId)}/hsm`,
		json: prepared.body,
		itemIndex,
		effect: SENDS_MESSAGE,
	};
}

/** The item's recipients, comma-separated, for its errors. */
export function customerOf(this: IExecuteFunctions, itemIndex: number): string {
	const options = this.getNodeParameter(
		'sendTemplateOptions',
		itemIndex,
		{},
	) as SendTemplateOptions;
	return normalizeRecipients(
		this.getNodeParameter('recipients', itemIndex),
		'Recipients',
		options.defaultCountryCode,
	).join(', ');
}

export const execute: ExecutePrepared<Prepared> = async (
	prepared,
	itemIndex,
	{ client, templates },
) => {
	const destinations = prepared.body.destinations as string[];
	const answer = await client
		.requestSend(hsmRequest(prepared, itemIndex, client))
		.catch(async (error: unknown) => {
			// Jelou refusing the send may mean the template changed: the next items check against a fresh list.
			if (refusedForItsContent(error)) await templates.refresh().catch(() => undefined);
			throw error;
		});
	const outputs =
		answer instanceof UnreadableAnswerError
			? destinations.map((destination) =>
					unconfirmedSend(unreadableReason(answer.status), answer.excerpt, {
						destination,
						elementName: prepared.elementName,
					}),
				)
			: hsmSendOutputs(answer, destinations, prepared.elementName);
	return prepared.preview === undefined
		? outputs
		: outputs.map((output) => ({ ...output, preview: prepared.preview }));
};

export const dryRun = dryRunOf(hsmRequest, (prepared) => prepared.preview);
