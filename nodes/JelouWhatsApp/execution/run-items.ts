import { NodeApiError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

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
	toNodeError,
} from './item-errors';
import type { CredentialRefusal, NodeError } from './item-errors';
import { WithBinary } from './types';
import type { ExecutionContext, ItemOperation } from './types';

/**
 * Runs an operation item by item: every item is prepared (read and checked) before any is sent, so one bad
 * item stops the run before a single request goes out; then items are sent at most `limiter.limit()` at a
 * time, output in input order with `pairedItem`. With Continue On Fail a failed item becomes an error item;
 * without it, the error lists the items already sent. Every error names its item and the customer's number.
 */
export async function runItemOperation<Prepared>(
	this: IExecuteFunctions,
	operation: ItemOperation<Prepared>,
	items: INodeExecutionData[],
	context: ExecutionContext,
	limiter: RunPace,
): Promise<INodeExecutionData[]> {
	const outputs: INodeExecutionData[][] = items.map(() => []);
	const prepared: Array<{ itemIndex: number; value: Prepared }> = [];
	const badItems: Array<{ error: NodeError; itemIndex: number }> = [];
	// The item's number, when it can be read: an item whose number is the bad field names only the item.
	const phoneOf = (itemIndex: number) => {
		try {
			return operation.customerOf?.call(this, itemIndex);
		} catch {
			return undefined;
		}
	};
	/** Once Jelou refuses the credential, every other item would meet the same refusal: none more is read or sent. */
	const refusedItems = (refusal: CredentialRefusal) => {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++)
			if (outputs[itemIndex].length === 0)
				outputs[itemIndex] = [
					errorItem(notSentAfterRefusal(this, refusal, itemIndex), itemIndex, phoneOf(itemIndex)),
				];
		return outputs.flat();
	};

	// Check every item before sending any, so one bad row stops the run before a single message goes out.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		await breathe(itemIndex);
		try {
			prepared.push({ itemIndex, value: await operation.prepare.call(this, itemIndex, context) });
		} catch (error) {
			const phone = phoneOf(itemIndex);
			const nodeError = toNodeError(this, error, itemIndex, phone);
			// Jelou failing a look-up (the template list) is no bad input: it stops the run at once.
			if (!this.continueOnFail() && nodeError instanceof NodeApiError)
				throw namingItem(nodeError, itemIndex, phone);
			if (this.continueOnFail()) outputs[itemIndex] = [errorItem(nodeError, itemIndex, phone)];
			else badItems.push({ error: nodeError, itemIndex });
			if (isCredentialRefusal(nodeError))
				return refusedItems(credentialRefusalOf(nodeError, itemIndex));
		}
	}
	// Every bad item at once, so one round of fixes is enough.
	if (badItems.length > 0) throw badItemsError(this, badItems);

	if (context.dryRun && operation.dryRun) {
		for (const { itemIndex, value } of prepared) {
			const results = await operation.dryRun.call(this, value, itemIndex, context);
			outputs[itemIndex] = results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		}
		return outputs.flat();
	}

	let failure: { error: NodeError; itemIndex: number } | undefined;
	let refusal: CredentialRefusal | undefined;
	const sentItems: number[] = [];
	await runOrdered(
		prepared,
		async ({ itemIndex, value }) => {
			try {
				const results = await operation.execute.call(this, value, itemIndex, context);
				outputs[itemIndex] = results.map((result) =>
					result instanceof WithBinary
						? { json: result.json, binary: result.binary, pairedItem: { item: itemIndex } }
						: { json: result, pairedItem: { item: itemIndex } },
				);
				sentItems.push(itemIndex);
			} catch (error) {
				const nodeError = toNodeError(this, error, itemIndex);
				if (isCredentialRefusal(nodeError)) refusal ??= credentialRefusalOf(nodeError, itemIndex);
				if (this.continueOnFail())
					outputs[itemIndex] = [errorItem(nodeError, itemIndex, phoneOf(itemIndex))];
				else failure ??= { error: nodeError, itemIndex };
			}
		},
		limiter,
		() => failure !== undefined || refusal !== undefined,
	);
	if (failure) {
		noteAlreadySent(failure.error, failure.itemIndex, sentItems);
		throw namingItem(failure.error, failure.itemIndex, phoneOf(failure.itemIndex));
	}
	return refusal ? refusedItems(refusal) : outputs.flat();
}
