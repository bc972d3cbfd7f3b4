import { randomUUID } from 'node:crypto';

import {
	asObject,
	isHttpsUrl,
	isHttpUrl,
	isIsoDateTime,
	isNonEmptyString,
	isOneToN,
	paginate,
	parseQueryDate,
	PHONE_NUMBER,
	readPaging,
	type JsonObject,
} from '../checks';
import { campaignPlayerOf, objectId } from '../campaign-player';
import { parseCampaignCsv, type CsvTable } from '../csv';
import { botNotFound, failedBody, Problems, type Reply } from '../envelopes';
import type { CampaignStatus, FakeCampaign, FakeState, HandlerInput } from '../types';

const CAMPAIGN_TYPES = ['text', 'image', 'document', 'video'] as const;
const CAMPAIGN_STATUSES = ['COMPLETED', 'PENDING', 'IN_PROGRESS', 'SCHEDULED'] as const;
// Multipart carries every field as text; the doc's curl JSON-encodes these.
const JSON_FORM_FIELDS = ['params', 'buttonPayloads', 'actions'];
const CAMPAIGN_LIST_MAX_LIMIT = 50;
const REPORTED_BAD_ROWS_MAX = 5;

interface ParamMapping {
	param: number;
	column: string;
}

/**
 * POST /v1/hsm/file — create a bulk campaign from an uploaded CSV (multipart) or a `fileUrl` (JSON).
 * The fake never downloads a `fileUrl`, so such a campaign has no rows and sends nothing. The campaign then plays
 * out over time (campaign-player.ts): its messages start as CREATED.
 */
export function createCampaign(input: HandlerInput, state: FakeState): Reply {
	const problems = new Problems();
	const fields = input.form ? decodeFormFields(input.form, problems) : asObject(input.body);

	if (isNonEmptyString(fields.botId) && fields.botId !== state.botId) return botNotFound();
	if (!isNonEmptyString(fields.botId)) problems.required('botId');
	if (!isNonEmptyString(fields.campaignName)) problems.required('campaignName');
	if (!isNonEmptyString(fields.elementName)) problems.required('elementName');
	const params = readParams(fields.params, problems);
	const type = fields.type ?? 'text';
	if (!(CAMPAIGN_TYPES as readonly unknown[]).includes(type))
		problems.oneOf('type', CAMPAIGN_TYPES);
	if (['image', 'video', 'document'].includes(type as string) && !isHttpsUrl(fields.mediaUrl)) {
		problems.add(
			'mediaUrl',
			'mediaUrl (a public https URL) is required for image, video and document templates.',
			'mediaUrl (una URL https pública) es obligatorio para plantillas de imagen, video y documento.',
		);
	}
	if (fields.scheduledAt !== undefined && !isIsoDateTime(fields.scheduledAt)) {
		problems.add(
			'scheduledAt',
			'scheduledAt must be an ISO 8601 UTC date-time, e.g. 2024-05-01T13:00:00Z.',
			'scheduledAt debe ser una fecha y hora UTC ISO 8601, p. ej. 2024-05-01T13:00:00Z.',
		);
	}
	if (!input.file) {
		if (fields.fileUrl === undefined) {
			problems.add(
				'file',
				'Attach the CSV as file (multipart) or give its public fileUrl.',
				'Adjunte el CSV como file (multipart) o indique su fileUrl pública.',
			);
		} else if (!isHttpUrl(fields.fileUrl)) {
			problems.add('fileUrl', 'fileUrl must be a public URL.', 'fileUrl debe ser una URL pública.');
		}
	} else if (!input.file.filename.toLowerCase().endsWith('.csv')) {
		problems.add('file', 'Only .csv files are supported.', 'Solo se admiten archivos .csv.');
	}
	if (problems.any) return problems.reply();

	const elementName = fields.elementName as string;
	const template = state.templates.find(
		(candidate) => candidate.elementName === elementName && candidate.status === 'APPROVED',
	);
	if (!template) return { status: 400, body: failedBody('Template not found or not approved') };
	const mapping = params as ParamMapping[];
	const numbers = mapping.map(({ param }) => param).sort((a, b) => a - b);
	if (mapping.length !== template.paramsNumber || !isOneToN(numbers)) {
		problems.add(
			'params',
			`The template ${elementName} has ${template.paramsNumber} parameters: map each of 1..${template.paramsNumber} to one column.`,
			`La plantilla ${elementName} tiene ${template.paramsNumber} parámetros: asigne cada uno de 1..${template.paramsNumber} a una columna.`,
		);
	}
	const templateMediaType = ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(template.type ?? '')
		? (template.type as string).toLowerCase()
		: 'text';
	if (type !== templateMediaType) {
		problems.add(
			'type',
			`The template ${elementName} is of type ${templateMediaType}.`,
			`La plantilla ${elementName} es de tipo ${templateMediaType}.`,
		);
	}
	if (problems.any) return problems.reply();

	let table: CsvTable | undefined;
	if (input.file) {
		table = parseCampaignCsv(input.file.content);
		if (!table) return { status: 400, body: failedBody('Invalid CSV format') };
		for (const { column } of mapping) {
			if (!table.header.includes(column)) {
				problems.add(
					'params',
					`Column ${column} is not in the CSV header (${table.header.join(', ')}).`,
					`La columna ${column} no está en el encabezado del CSV (${table.header.join(', ')}).`,
				);
			}
		}
		if (table.rows.length === 0) {
			problems.add('file', 'The CSV has no recipients.', 'El CSV no tiene destinatarios.');
		}
		const badRows = table.rows
			.map((row, index) => ({ number: index + 1, phone: row[0] }))
			.filter(({ phone }) => !PHONE_NUMBER.test(phone));
		// A few examples say enough; a large wrong file must not produce a huge error body.
		for (const { number, phone } of badRows.slice(0, REPORTED_BAD_ROWS_MAX)) {
			problems.add(
				'file',
				`Row ${number}: ${JSON.stringify(phone)} is not a phone number (8 to 15 digits with the country code, no +).`,
				`Fila ${number}: ${JSON.stringify(phone)} no es un número de teléfono (8 a 15 dígitos con el código de país, sin +).`,
			);
		}
		if (problems.any) return problems.reply();
	}

	const scheduledAt = (fields.scheduledAt as string | undefined) ?? null;
	const status: CampaignStatus =
		scheduledAt !== null && Date.parse(scheduledAt) > Date.now() ? 'SCHEDULED' : 'PENDING';
	const createdAt = Date.now();
	const campaign: FakeCampaign = {
		_id: objectId(createdAt),
		name: fields.campaignName as string,
		fileName: input.file?.filename ?? null,
		status,
		rowCount: table?.rows.length ?? 0,
		scheduledAt,
		elementName,
		botId: state.botId,
		createdAt: new Date(createdAt).toISOString(),
	};
	state.campaigns.push(campaign);
	const header = table?.header ?? [];
	const parameterColumns = [...mapping]
		.sort((a, b) => a.param - b.param)
		.map(({ column }) => header.indexOf(column));
	const messages = (table?.rows ?? []).map((cells) => {
		const row: Record<string, string> = {};
		header.forEach((name, index) => (row[name] = cells[index]));
		return {
			id: `msg-${randomUUID()}`,
			destination: cells[0],
			elementName,
			body: { row, parameters: parameterColumns.map((index) => cells[index]) },
			status: 'CREATED' as const,
			campaignId: campaign._id,
			createdAt: campaign.createdAt,
		};
	});
	for (const message of messages) state.sentMessages.push(message);
	campaignPlayerOf(state).play(campaign, messages);
	return { status: 200, body: { message: ['Campaign has been created.'], status: 'success' } };
}

function decodeFormFields(form: Record<string, string>, problems: Problems): JsonObject {
	const fields: JsonObject = { ...form };
	for (const name of JSON_FORM_FIELDS) {
		if (form[name] === undefined) continue;
		try {
			fields[name] = JSON.parse(form[name]);
		} catch {
			problems.add(name, `${name} must be JSON-encoded.`, `${name} debe estar codificado en JSON.`);
		}
	}
	return fields;
}

function readParams(value: unknown, problems: Problems): ParamMapping[] | undefined {
	const valid =
		Array.isArray(value) &&
		value.every((item) => {
			const mapping = asObject(item);
			return (
				Number.isInteger(mapping.param) &&
				(mapping.param as number) >= 1 &&
				isNonEmptyString(mapping.column)
			);
		});
	if (valid) return value as ParamMapping[];
	if (value === undefined) problems.required('params');
	else {
		problems.add(
			'params',
			'params must be an array of {param: number, column: string} ([] for a template without parameters).',
			'params debe ser un arreglo de {param: número, column: texto} ([] para una plantilla sin parámetros).',
		);
	}
	return undefined;
}

/** GET /v1/campaigns?botId=&startAt=&endAt=&page=&limit=&elementName=&status= */
export function listCampaigns(input: HandlerInput, state: FakeState): Reply {
	const { query } = input;
	if (query.botId !== undefined && query.botId !== state.botId) return botNotFound();
	const problems = new Problems();
	if (!isNonEmptyString(query.botId)) problems.required('botId');
	const range: Record<'startAt' | 'endAt', number | undefined> = {
		startAt: undefined,
		endAt: undefined,
	};
	for (const name of ['startAt', 'endAt'] as const) {
		if (query[name] === undefined) {
			problems.required(name);
			continue;
		}
		range[name] = parseQueryDate(query[name]);
		if (range[name] === undefined) {
			problems.add(name, `${name} must be a date.`, `${name} debe ser una fecha.`);
		}
	}
	if (
		query.status !== undefined &&
		!(CAMPAIGN_STATUSES as readonly string[]).includes(query.status)
	) {
		problems.oneOf('status', CAMPAIGN_STATUSES);
	}
	const paging = readPaging(query, problems, CAMPAIGN_LIST_MAX_LIMIT);
	if (problems.any) return problems.reply();

	const player = campaignPlayerOf(state);
	player.refresh();
	const matching = state.campaigns
		.filter((campaign) => campaign.botId === state.botId)
		.filter((campaign) => {
			const createdAt = Date.parse(campaign.createdAt);
			return createdAt >= (range.startAt as number) && createdAt <= (range.endAt as number);
		})
		.filter(
			(campaign) => query.elementName === undefined || campaign.elementName === query.elementName,
		)
		.filter((campaign) => query.status === undefined || campaign.status === query.status)
		.map((campaign) => (player.listsCounts ? { ...campaign } : withoutCounts(campaign)));
	const page = paginate(matching, paging);
	return { status: 200, body: player.listWrapped ? { data: page } : page };
}

/** A campaign as Jelou's older docs list it: no message counts, no completedAt. */
function withoutCounts(campaign: FakeCampaign): FakeCampaign {
	const {
		totalMessages: _total,
		deliveredMessages: _delivered,
		failedMessages: _failed,
		completedAt: _completed,
		...documented
	} = campaign;
	return documented;
}
