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
