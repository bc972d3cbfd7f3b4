import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InvalidFieldError } from '../helpers/validation';

export type NodeError = NodeApiError | NodeOperationError;

/** Every failure of an item becomes an n8n error that points at the item; bad input also names the field and the fix. */
export function toNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof InvalidFieldError) {
		return new NodeOperationError(context.getNode(), `${error.message} (item ${itemIndex})`, {
			itemIndex,
			description: error.fix,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

export function errorItem(error: NodeError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

/** Jelou refused the credential (401/403): every further request would be refused the same way. */
export function isCredentialRefusal(error: NodeError): boolean {
	return error instanceof NodeApiError && (error.httpCode === '401' || error.httpCode === '403');
}

/** The error item of an item left unsent because Jelou had refused the credential on `refusedItem`. */
export function notSentAfterRefusal(context: IExecuteFunctions, refusal: NodeError, refusedItem: number, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Not sent: Jelou refused the credential on item ${refusedItem} (${refusal.message})`, {
		itemIndex,
		description: `Jelou answered HTTP ${(refusal as NodeApiError).httpCode}, so the remaining items were not sent into the same refusal. Fix the Jelou API credential (Client ID, Client Secret, Bot ID) and run these items again.`,
	});
}

/** Tells the user which items did go out before the failure, so nobody sends them twice. */
export function noteAlreadySent(error: NodeError, failedItem: number, sentItems: number[]): void {
	const lines = [`Failed on item ${failedItem}.`];
	if (sentItems.length === 0) {
		lines.push('No item was sent before the failure.');
	} else {
		const sorted = [...sentItems].sort((a, b) => a - b);
		const shown = sorted.slice(0, 50).join(', ') + (sorted.length > 50 ? ` and ${sorted.length - 50} more` : '');
		lines.push(`Already sent before the failure, do not send them again: items ${shown}.`);
	}
	error.description = [error.description, lines.join(' ')].filter(Boolean).join('\n\n');
}
