import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { breathe, runOrdered } from './concurrency';
import type { RunPace } from './concurrency';
import {
	badItemsError,
	credentialRefusalOf,
	errorItem,
	isCredentialRefusal,
	namingItem,
	notSentAfterRefusal,
	noteAlreadySent,
	refusedBotOf,
	toNodeError,
} from './item-errors';
import type { CredentialRefusal, NodeError } from './item-errors';
import { WithBinary } from './types';
import type { ExecutionContext, ItemOperation } from './types';

/** What the runner needs of the execution's bots (ExecutionBots): which bot an item names, its context and its pace. */
export interface ItemBots {
	botOf(itemIndex: number): string;
	forBot(botId: string): ExecutionContext;
	paceOf(botId: string): RunPace;
}

/**
 * Runs an operation item by item: every item is prepared (read and checked) before any is sent, so one bad
 * item stops the run before a single request goes out; then each bot's items are sent at most its pace's
 * `limit()` at a time (the bots side by side, so one bot slowed by Jelou never holds up another), output in
 * input order with `pairedItem` and the item's `botId`. With Continue On Fail a failed item becomes an error item;
 * without it, the error lists the items already sent. Every error names its item and the customer's number.
 */
export async function runItemOperation<Prepared>(
	this: IExecuteFunctions,
	operation: ItemOperation<Prepared>,
	items: INodeExecutionData[],
	bots: ItemBots,
): Promise<INodeExecutionData[]> {
	const outputs: INodeExecutionData[][] = items.map(() => []);
	const prepared: Array<{ itemIndex: number; value: Prepared; botId: string }> = [];
	const badItems: Array<{ error: NodeError; itemIndex: number }> = [];
	const botOfItem = new Map<number, string>();
	// The item's number, when it can be read: an item whose number is the bad field names only the item.
	const phoneOf = (itemIndex: number) => {
		try {
			return operation.customerOf?.call(this, itemIndex);
		} catch {
			return undefined;
		}
	};
	const failedItem = (error: NodeError, itemIndex: number, phone = phoneOf(itemIndex)) => {
		const item = errorItem(error, itemIndex, phone);
		const botId = botOfItem.get(itemIndex);
		if (botId !== undefined) item.json.botId = botId;
		return item;
	};
	/**
	 * Once Jelou refuses the credential, every other item would meet the same refusal: none more is read or sent.
	 * A refused bot: none more of that bot's items.
	 */
	const refusedItems = (refusal: CredentialRefusal) => {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++)
			if (
				outputs[itemIndex].length === 0 &&
				(refusal.botId === undefined || botOfItem.get(itemIndex) === refusal.botId)
			)
				outputs[itemIndex] = [failedItem(notSentAfterRefusal(this, refusal, itemIndex), itemIndex)];
	};

	const refusedBots = new Map<string, CredentialRefusal>();
	const continueOnFail = this.continueOnFail();
	// Check every item before sending any, so one bad row stops the run before a single message goes out.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		await breathe(itemIndex);
		try {
			const botId = bots.botOf(itemIndex);
			botOfItem.set(itemIndex, botId);
			// Jelou refused this bot on an earlier item (its template list): the item is not read into the same refusal.
			if (refusedBots.has(botId)) continue;
			const context = bots.forBot(botId);
			prepared.push({
				itemIndex,
				value: await operation.prepare.call(this, itemIndex, context),
				botId,
			});
		} catch (error) {
			const phone = phoneOf(itemIndex);
			const nodeError = toNodeError(this, error, itemIndex, phone);
			if (!continueOnFail) {
				// Jelou failing a look-up (the template list) is no bad input: it stops the run at once.
				if (nodeError instanceof NodeApiError) throw namingItem(nodeError, itemIndex, phone);
				badItems.push({ error: nodeError, itemIndex });
				continue;
			}
			outputs[itemIndex] = [failedItem(nodeError, itemIndex, phone)];
			if (isCredentialRefusal(nodeError)) {
				refusedItems(credentialRefusalOf(nodeError, itemIndex));
				return outputs.flat();
			}
			const refusedBot = refusedBotOf(nodeError);
			if (refusedBot !== undefined)
				refusedBots.set(refusedBot, credentialRefusalOf(nodeError, itemIndex));
		}
	}
	// Every bad item at once, so one round of fixes is enough.
	if (badItems.length > 0) throw badItemsError(this, badItems);
	const outputOf = (
		results: Array<IDataObject | WithBinary>,
		itemIndex: number,
		botId: string,
	): INodeExecutionData[] =>
		results.map((result) => {
			// A file comes with the input item's own JSON, as it was.
			if (result instanceof WithBinary)
				return { json: result.json, binary: result.binary, pairedItem: { item: itemIndex } };
			// Several bots' items may meet downstream: each says its bot, where Jelou's answer does not.
			const json =
				result.botId === undefined || result.botId === null ? { ...result, botId } : result;
			return { json, pairedItem: { item: itemIndex } };
		});

	if (prepared.length > 0 && operation.dryRun && bots.forBot(prepared[0].botId).dryRun) {
		for (const { itemIndex, value, botId } of prepared) {
			const results = await operation.dryRun.call(this, value, itemIndex, bots.forBot(botId));
			outputs[itemIndex] = outputOf(results, itemIndex, botId);
		}
		for (const botRefusal of refusedBots.values()) refusedItems(botRefusal);
		return outputs.flat();
	}

	let failure: { error: NodeError; itemIndex: number } | undefined;
	let refusal: CredentialRefusal | undefined;
	const sentItems: number[] = [];
	const byBot = new Map<string, typeof prepared>();
	for (const entry of prepared) {
		const botItems = byBot.get(entry.botId);
		if (botItems) botItems.push(entry);
		else byBot.set(entry.botId, [entry]);
	}
	await Promise.all(
		[...byBot].map(async ([botId, botItems]) => {
			const context = bots.forBot(botId);
			await runOrdered(
				botItems,
				async ({ itemIndex, value }) => {
					try {
						const results = await operation.execute.call(this, value, itemIndex, context);
						outputs[itemIndex] = outputOf(results, itemIndex, botId);
						sentItems.push(itemIndex);
					} catch (error) {
						const nodeError = toNodeError(this, error, itemIndex);
						if (isCredentialRefusal(nodeError))
							refusal ??= credentialRefusalOf(nodeError, itemIndex);
						else if (refusedBotOf(nodeError) !== undefined && !refusedBots.has(botId))
							refusedBots.set(botId, credentialRefusalOf(nodeError, itemIndex));
						if (continueOnFail) outputs[itemIndex] = [failedItem(nodeError, itemIndex)];
						else failure ??= { error: nodeError, itemIndex };
					}
				},
				bots.paceOf(botId),
				() => failure !== undefined || refusal !== undefined || refusedBots.has(botId),
			);
		}),
	);
	if (failure) {
		noteAlreadySent(failure.error, failure.itemIndex, sentItems);
		throw namingItem(failure.error, failure.itemIndex, phoneOf(failure.itemIndex));
	}
	for (const botRefusal of refusedBots.values()) refusedItems(botRefusal);
	if (refusal) refusedItems(refusal);
	return outputs.flat();
}
