import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { buildCampaignBody, checkAgainstTemplate, toFormFields } from './send.body';
import { requireFuture, toUtcDateTime } from '../../shared/dates';
import type { CampaignFields, CampaignType } from './send.body';
import type { OpenCsv } from './send.csv';
import { findCreatedCampaign } from './campaign.lookup';
import { describeRequest } from '../../execution/dry-run';
import { mergeAdditionalBodyFields } from '../../shared/payloads';
import { fillPlaceholders } from '../../templates/model';
import type { JelouTemplate } from '../../templates/model';
import { CREATES_CAMPAIGN } from '../../shared/request-effects';
import { unreadableReason } from '../../shared/send-answers';
import { InvalidFieldError, requireHttpsUrl, requireText } from '../../shared/validation';
import { UnreadableAnswerError } from '../../transport';
import type { JelouRequest, MultipartBody } from '../../transport';
import { readBotSettings, readMappedVariables } from '../template-parameters';
import { campaignTypeOf, FIELD_IDS, templateSendType } from '../../templates/fields';
import type { ExecutionContext } from '../../execution/types';
import { templateDrivesFields } from '../versions';

interface CampaignOptions {
	additionalBodyFields?: unknown;
	defaultCountryCode?: string;
	skipInvalidRows?: boolean;
}

export interface Prepared {
	body: IDataObject;
	multipart?: MultipartBody;
	/** What the output adds to Jelou's answer. */
	summary: IDataObject;
	/** A dry run's view of the file: its first rows, as Jelou would get them. */
	firstRows?: Array<Record<string, string>>;
}

/** Rows a dry run shows of the campaign's file. */
const DRY_RUN_ROWS = 20;

/** How many of the file's first rows to keep: a dry run shows them; a send needs the first, for the preview. */
export function firstRowsWanted(context: ExecutionContext): number {
	return context.dryRun ? DRY_RUN_ROWS : 1;
}

/** The template's text with the first recipient's values, when the template's text is known. */
function firstRowPreview(
	template: JelouTemplate | undefined,
	values: string[] | undefined,
): IDataObject {
	return template?.template && values
		? { preview: fillPlaceholders(template.template, values) }
		: {};
}

/** Reads and checks the fields every source shares; `parameterTotal` is how many parameters are mapped. */
export async function readCampaign(
	this: IExecuteFunctions,
	itemIndex: number,
	context: ExecutionContext,
	params: CampaignFields['params'],
	parametersField: string,
): Promise<{ fields: CampaignFields; template?: JelouTemplate }> {
	const campaignName = requireText(
		'Campaign Name',
		this.getNodeParameter('campaignName', itemIndex, ''),
		'Give the campaign a name, e.g. December orders.',
	);
	const elementName = requireText(
		'Template',
		this.getNodeParameter('template', itemIndex, '', { extractValue: true }),
		'Pick an approved template from the list or enter its element name.',
	);
	const { template, templates: approved } = await context.templates.find(elementName);
	if (approved.length > 0 && !template) {
		throw new InvalidFieldError(
			'Template',
			`"${elementName}" is not an approved template of this bot`,
			'Pick the template from the list, or check its element name.',
		);
	}
	// Version 2 with a picked or named template: its type and header media come from the template's fields.
	const known = templateDrivesFields.call(this) ? template : undefined;
	if (known && ['carousel', 'catalog'].includes(templateSendType(known)))
		throw new InvalidFieldError(
			'Template',
			`"${elementName}" is a ${templateSendType(known)} template, which Jelou's campaigns do not send`,
			'Send it with Message → Send Template, one item per recipient.',
		);
	const type = known
		? campaignTypeOf(known)
		: (this.getNodeParameter('type', itemIndex, 'text') as CampaignType);
	checkAgainstTemplate(template, params.length, type, parametersField);

	const fields: CampaignFields = {
		campaignName,
		botId: context.client.botId,
		elementName,
		params,
		type,
	};
	if (type !== 'text')
		fields.mediaUrl = known
			? requireHttpsUrl(
					`Template Variables: Header ${type[0].toUpperCase()}${type.slice(1)} URL`,
					readMappedVariables.call(this, itemIndex)[FIELD_IDS.mediaUrl],
				)
			: requireHttpsUrl('Media URL', this.getNodeParameter('mediaUrl', itemIndex, ''));
	const bot = readBotSettings.call(this, itemIndex, 'campaignOptions');
	if (bot.buttonPayloads.length > 0) fields.buttonPayloads = bot.buttonPayloads;
	fields.actions = bot.actions;
	const scheduledAt = this.getNodeParameter('scheduledAt', itemIndex, '') as unknown;
	if (scheduledAt !== '' && scheduledAt !== null && scheduledAt !== undefined) {
		fields.scheduledAt = requireFuture(toUtcDateTime(scheduledAt, this.getTimezone()), Date.now());
	}
	return { fields, template };
}

export function readOptions(this: IExecuteFunctions, itemIndex: number): CampaignOptions {
	return this.getNodeParameter('campaignOptions', itemIndex, {}) as CampaignOptions;
}

/** The campaign's JSON body, with the Additional Body Fields of the options. */
export function campaignBody(fields: CampaignFields, options: CampaignOptions): IDataObject {
	return mergeAdditionalBodyFields(buildCampaignBody(fields), options.additionalBodyFields);
}

/** What every campaign's output starts with. */
export function campaignSummary(fields: CampaignFields): IDataObject {
	return {
		campaignName: fields.campaignName,
		elementName: fields.elementName,
		scheduledAt: fields.scheduledAt ?? null,
	};
}

/**
 * A campaign whose recipients go up as a CSV file: the body as form fields beside the file; the output tells the
 * first recipient's text, the file and `rows` (how many were sent, which were skipped). A dry run keeps the
 * file's first rows (`firstRowsWanted`).
 */
export function csvCampaign(
	context: ExecutionContext,
	{ fields, template }: { fields: CampaignFields; template?: JelouTemplate },
	body: IDataObject,
	file: { name: string; open: OpenCsv; firstRows: Array<Record<string, string>> },
	rows: IDataObject,
): Prepared {
	const first = file.firstRows[0];
	return {
		body,
		multipart: {
			fields: toFormFields(body),
			file: { fieldName: 'file', filename: file.name, contentType: 'text/csv', open: file.open },
		},
		...(context.dryRun ? { firstRows: file.firstRows } : {}),
		summary: {
			...campaignSummary(fields),
			...firstRowPreview(template, first && fields.params.map(({ column }) => first[column] ?? '')),
			fileName: file.name,
			...rows,
		},
	};
}

function campaignRequest(prepared: Prepared, itemIndex: number): JelouRequest {
	return {
		method: 'POST',
		path: '/v1/hsm/file',
		...(prepared.multipart ? { multipart: prepared.multipart } : { json: prepared.body }),
		itemIndex,
		effect: CREATES_CAMPAIGN,
	};
}

/** A dry run's item: the request, the file's name, row count, first rows and skipped rows, and the preview. */
export function describeCampaign(prepared: Prepared, itemIndex: number): IDataObject {
	const { rowsSent, ...summary } = prepared.summary;
	const rows =
		rowsSent === undefined
			? {}
			: { rowCount: rowsSent, firstRows: (prepared.firstRows ?? []) as IDataObject[] };
	return { ...describeRequest(campaignRequest(prepared, itemIndex)), ...summary, ...rows };
}

/**
 * The created campaign's ID, which Jelou's answer does not give: looked up in the campaign list. The campaign is
 * created whatever the look-up meets, so a failed look-up only leaves the ID out and says why.
 */
async function createdCampaignId(
	context: ExecutionContext,
	body: IDataObject,
	sentAt: number,
	itemIndex: number,
): Promise<IDataObject> {
	try {
		const { campaignId, note } = await findCreatedCampaign(
			context.client,
			{
				botId: String(body.botId),
				campaignName: String(body.campaignName),
				elementName: String(body.elementName),
			},
			sentAt,
			itemIndex,
		);
		return note ? { campaignId, campaignIdNote: note } : { campaignId };
	} catch (error) {
		return {
			campaignId: null,
			campaignIdNote: `The campaign was created, but its ID could not be read (${(error as Error).message}): find it with Campaign → Get, Find Campaign By Name "${String(body.campaignName)}"`,
		};
	}
}

export async function sendCampaign(
	context: ExecutionContext,
	prepared: Prepared,
	itemIndex: number,
): Promise<IDataObject> {
	if (context.dryRun) return describeCampaign(prepared, itemIndex);
	const sentAt = Date.now();
	const answer = await context.client.requestSend(campaignRequest(prepared, itemIndex));
	if (answer instanceof UnreadableAnswerError) {
		return {
			...prepared.summary,
			sent: 'probably',
			warning: `${unreadableReason(answer.status)}, so the campaign was probably created. Check Campaign → Get Many before sending it again.`,
			jelouAnswer: answer.excerpt,
		};
	}
	const jelou =
		typeof answer === 'object' && answer !== null && !Array.isArray(answer)
			? (answer as IDataObject)
			: { message: answer ?? null };
	// Jelou answers `"message": ["Campaign has been created."]`: one sentence is easier to read and map as text.
	if (Array.isArray(jelou.message)) jelou.message = jelou.message.join('; ');
	const id = await createdCampaignId(context, prepared.body, sentAt, itemIndex);
	return { ...jelou, ...id, ...prepared.summary };
}
