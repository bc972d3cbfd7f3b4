import { BINARY_ENCODING } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { mapParamsToColumns } from './send.body';
import { AdaptiveLimiter } from '../../execution/concurrency';
import {
	badLinesError,
	checkCampaignCsv,
	cleanedCampaignCsv,
	firstCsvRows,
	listBadLines,
} from './send.csv';
import type { BadLine, CsvRules, OpenCsv } from './send.csv';
import { separatorName } from './send.csv-sniff';
import { InvalidFieldError, parseUrl, requireText } from '../../shared/validation';
import {
	batchErrorItem,
	namingAllItems,
	noteAlreadySent,
	toNodeError,
} from '../../execution/item-errors';
import type { NodeError } from '../../execution/item-errors';
import { runItemOperation } from '../../execution/run-items';
import type { BotContexts, ExecutionContext, ItemOperation } from '../../execution/types';
import { SPREADSHEET_EXTENSIONS } from './send.description';
import { InvalidItemsError, prepareFromItems } from './send.from-items';
import {
	campaignBody,
	campaignSummary,
	csvCampaign,
	describeCampaign,
	firstRowsWanted,
	readCampaign,
	readOptions,
	sendCampaign,
} from './send.common';
import type { Prepared } from './send.common';

export { description } from './send.description';

/** Opens the item's binary file from n8n's binary data: a stream from disk in filesystem mode, the buffer otherwise. */
function binaryOpener(
	this: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): { open: OpenCsv; fileName: string } {
	const binary = this.helpers.assertBinaryData(itemIndex, propertyName);
	const extension = (binary.fileExtension ?? binary.fileName?.split('.').pop() ?? '').toLowerCase();
	if (SPREADSHEET_EXTENSIONS.includes(extension)) {
		throw new InvalidFieldError(
			'Input Binary Field',
			`"${binary.fileName ?? propertyName}" is a spreadsheet, not a CSV file`,
			'Turn it into CSV first, e.g. with the Convert to File node (Convert to CSV).',
		);
	}
	const rawName = binary.fileName?.trim() || 'recipients.csv';
	// Jelou accepts only names ending in .csv; the content was checked to be CSV whatever the name said.
	const fileName = rawName.toLowerCase().endsWith('.csv') ? rawName : `${rawName}.csv`;
	const { helpers } = this;
	if (binary.id) {
		const id = binary.id;
		return {
			fileName,
			open: () =>
				(async function* () {
					yield* await helpers.getBinaryStream(id);
				})(),
		};
	}
	const buffer = Buffer.from(binary.data, BINARY_ENCODING);
	return {
		fileName,
		open: async function* () {
			yield buffer;
		},
	};
}

async function prepareFromFile(
	this: IExecuteFunctions,
	itemIndex: number,
	context: ExecutionContext,
): Promise<Prepared> {
	const columns = (
		this.getNodeParameter('params.columns', itemIndex, []) as Array<{ column?: string }>
	).map((entry) => entry.column);
	const params = mapParamsToColumns(columns);
	const campaign = await readCampaign.call(this, itemIndex, context, params, 'Parameter Columns');
	const { fields } = campaign;
	const options = readOptions.call(this, itemIndex);

	if (this.getNodeParameter('recipientsSource', 0) === 'url') {
		const fileUrl = requireText(
			'CSV URL',
			this.getNodeParameter('fileUrl', itemIndex, ''),
			'Enter the public link to the CSV file.',
		);
		const url = parseUrl(fileUrl);
		if (!url || !['http:', 'https:'].includes(url.protocol)) {
			throw new InvalidFieldError(
				'CSV URL',
				`"${fileUrl}" is not a web link`,
				'Enter a public link starting with https://, straight to the .csv file.',
			);
		}
		if (url.protocol !== 'https:') {
			throw new InvalidFieldError(
				'CSV URL',
				`"${fileUrl}" does not start with https://`,
				'Jelou fetches the file over https only, like media: use the https:// link of the file.',
			);
		}
		await context.client.checkLink('CSV URL', fileUrl);
		const body = campaignBody({ ...fields, fileUrl }, options);
		return { body, summary: { ...campaignSummary(fields), fileUrl } };
	}

	const body = campaignBody(fields, options);

	const propertyName = requireText(
		'Input Binary Field',
		this.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
		'Enter the name of the binary field holding the CSV, usually data.',
	);
	const { open, fileName } = binaryOpener.call(this, itemIndex, propertyName);
	const rules: CsvRules = {
		field: 'CSV File',
		mappedColumns: params.map(({ column }) => column),
		defaultCountryCode: options.defaultCountryCode,
	};
	const check = await checkCampaignCsv(open, rules);
	if (check.badLines.length > 0 && !options.skipInvalidRows)
		throw badLinesError('CSV File', check.badLines);
	if (check.validRows === 0) throw noValidRows('CSV File', check.badLines);
	// The file goes as it is unless rows are dropped, phone numbers need Jelou's form or the separator is not a comma;
	// then a cleaned, comma-separated copy is streamed.
	const asIs =
		check.badLines.length === 0 && check.phonesToRewrite === 0 && check.separator === ',';
	const upload: OpenCsv = asIs ? open : () => cleanedCampaignCsv(open, rules, check.separator);
	const firstRows = await firstCsvRows(upload, firstRowsWanted(context));
	return csvCampaign(
		context,
		campaign,
		body,
		{ name: fileName, open: upload, firstRows },
		{
			rowsSent: check.validRows,
			rowsSkipped: check.badLines as unknown as IDataObject[],
			phoneNumbersRewritten: check.phonesToRewrite,
			csvSeparator: separatorName(check.separator),
		},
	);
}

function noValidRows(field: string, badLines: BadLine[]): InvalidFieldError {
	return new InvalidFieldError(
		field,
		'no row is valid, so there is nothing to send',
		listBadLines(badLines),
	);
}

/** CSV File and CSV URL: one campaign per input item, every item checked before any campaign is sent. */
async function sendPerItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	bots: BotContexts,
): Promise<INodeExecutionData[]> {
	const campaignPerItem: ItemOperation<Prepared> = {
		prepare: prepareFromFile,
		execute: async (prepared, itemIndex, itemContext) => [
			await sendCampaign(itemContext, prepared, itemIndex),
		],
		dryRun: async (prepared, itemIndex) => [describeCampaign(prepared, itemIndex)],
	};
	// One campaign at a time per bot: each is a large upload, and Jelou queues the sending itself.
	const oneAtATime = new AdaptiveLimiter(1);
	return await runItemOperation.call(this, campaignPerItem, items, {
		botOf: (itemIndex) => bots.botOf(itemIndex),
		forBot: (botId) => bots.forBot(botId),
		paceOf: () => oneAtATime,
	});
}

/** The error item of one bot's campaign, naming the bot as its output would. */
function botErrorItem(error: NodeError, indices: number[], botId: string): INodeExecutionData {
	const item = batchErrorItem(error, indices);
	item.json.botId = botId;
	return item;
}

export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	bots: BotContexts,
): Promise<INodeExecutionData[]> {
	if (this.getNodeParameter('recipientsSource', 0) !== 'items')
		return await sendPerItem.call(this, items, bots);
	// One campaign per bot: all items of the credential's bot in one, each other bot's items in another.
	const byBot = new Map<string, number[]>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let botId: string;
		try {
			botId = bots.botOf(itemIndex);
		} catch (error) {
			const nodeError = toNodeError(this, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			return [
				batchErrorItem(
					nodeError,
					items.map((_, index) => index),
				),
			];
		}
		const indices = byBot.get(botId);
		if (indices) indices.push(itemIndex);
		else byBot.set(botId, [itemIndex]);
	}
	// Every bot's campaign is read and checked before any is sent: a bad row of one bot sends no campaign at all.
	// Each bot's one output item (its campaign, or its error with Continue On Fail) keeps the bots' order.
	const campaigns = [...byBot].map(([botId, indices]) => ({
		botId,
		indices,
		context: bots.forBot(botId),
		prepared: undefined as Prepared | undefined,
		output: undefined as INodeExecutionData | undefined,
	}));
	for (const campaign of campaigns) {
		const { botId, indices } = campaign;
		try {
			campaign.prepared = await prepareFromItems.call(this, items, campaign.context, indices);
		} catch (error) {
			// One campaign for these items: its error belongs to the first bad item, or to them as a whole.
			const nodeError = toNodeError(
				this,
				error,
				error instanceof InvalidItemsError ? error.firstItem : indices[0],
			);
			if (!this.continueOnFail()) throw namingAllItems(nodeError, indices);
			campaign.output = botErrorItem(nodeError, indices, botId);
		}
	}
	const sentItems: number[] = [];
	for (const campaign of campaigns) {
		const { botId, indices, context: botContext, prepared } = campaign;
		if (prepared === undefined) continue;
		try {
			const answer = await sendCampaign(botContext, prepared, indices[0]);
			answer.botId ??= botId;
			campaign.output = { json: answer, pairedItem: indices.map((item) => ({ item })) };
			sentItems.push(...indices);
		} catch (error) {
			const nodeError = toNodeError(this, error, indices[0]);
			if (!this.continueOnFail()) {
				// Another bot's campaign went out before this one failed: say so, so nobody sends it twice.
				if (sentItems.length > 0) noteAlreadySent(nodeError, indices[0], sentItems);
				throw namingAllItems(nodeError, indices);
			}
			campaign.output = botErrorItem(nodeError, indices, botId);
		}
	}
	return campaigns.flatMap(({ output }) => (output ? [output] : []));
}
