import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InvalidFieldError } from '../shared/validation';

export type NodeError = NodeApiError | NodeOperationError;

/** The item as a person counts it: the first input item is item 1. */
export function itemNumber(itemIndex: number): number {
	return itemIndex + 1;
}

const LONGEST_PHONE_LABEL = 60;

/** "item 3, phone 593991234567": the item as a person counts it and, when it has one, the customer's number. */
function itemLabel(itemIndex: number, phone?: string): string {
	if (!phone) return `item ${itemNumber(itemIndex)}`;
	const shown =
		phone.length > LONGEST_PHONE_LABEL ? `${phone.slice(0, LONGEST_PHONE_LABEL)}…` : phone;
	return `item ${itemNumber(itemIndex)}, phone ${shown}`;
}

/** The message with the item (and its customer) named at its end, unless it names that item already. */
function withItemLabel(message: string, itemIndex: number, phone?: string): string {
	const named = new RegExp(`\\(item ${itemNumber(itemIndex)}[,)]`);
	return named.test(message) ? message : `${message} (${itemLabel(itemIndex, phone)})`;
}

/**
 * Every failure of an item becomes an n8n error that points at the item; bad input also names the field and the
 * fix, and the item (with `phone`, the customer's number, when the item has one) in its message.
 */
export function toNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	phone?: string,
): NodeError {
	if (error instanceof InvalidFieldError) {
		return new NodeOperationError(
			context.getNode(),
			withItemLabel(error.message, itemIndex, phone),
			{
				itemIndex,
				description: error.fix,
			},
		);
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		const own = copyOf(error);
		own.context.itemIndex ??= itemIndex;
		return own;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/**
 * An error of this item's own to name the item in: the same error can reach several items and executions (a
 * look-up they share, such as the template list), and one's item and customer must not show in another's.
 */
function copyOf<T extends NodeError>(error: T): T {
	const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as T, error);
	for (const name of ['message', 'stack', 'cause'] as const)
		if (name in error)
			Object.defineProperty(copy, name, { value: error[name], writable: true, configurable: true });
	copy.context = { ...error.context };
	return copy;
}

/** The error, its message naming the item and the customer's number: for an error that stops the run. */
export function namingItem<T extends NodeError>(error: T, itemIndex: number, phone?: string): T {
	error.message = withItemLabel(error.message, itemIndex, phone);
	return error;
}

/**
 * With Continue On Fail, a failed item's output: `{error, description, httpCode, item, phone}`, where `error` names
 * the item, `item` is its number as a person counts it and `phone` the customer's number, when the item has one,
 * so a workflow can route failures. The error itself is left as it is (one error can be every item's).
 */
export function errorItem(error: NodeError, itemIndex: number, phone?: string): INodeExecutionData {
	const json = errorJson(error, withItemLabel(error.message, itemIndex, phone));
	json.item = itemNumber(itemIndex);
	if (phone) json.phone = phone;
	return { json, pairedItem: { item: itemIndex } };
}

/** "item 3", "items 1–40", "items 2, 5, 9": the items (0-based indices, ascending) as a person counts them. */
function describeItems(indices: number[]): string {
	if (indices.length === 1) return `item ${itemNumber(indices[0])}`;
	const first = indices[0];
	const last = indices[indices.length - 1];
	if (last - first === indices.length - 1) return `items ${itemNumber(first)}–${itemNumber(last)}`;
	const listed = indices.slice(0, 10).map(itemNumber).join(', ');
	return `items ${listed}${indices.length > 10 ? ` and ${indices.length - 10} more` : ''}`;
}

/**
 * The error of one request made for several items (a campaign from items: all of them, or one bot's), naming them
 * unless its message names an item already (the first bad one): with Continue On Fail, its one error item is paired
 * with every one of them.
 */
export function namingAllItems<T extends NodeError>(error: T, indices: number[]): T {
	if (!/\(items? \d/.test(error.message))
		error.message = `${error.message} (${describeItems(indices)})`;
	return error;
}

export function batchErrorItem(error: NodeError, indices: number[]): INodeExecutionData {
	const json = errorJson(error, namingAllItems(error, indices).message);
	return { json, pairedItem: indices.map((item) => ({ item })) };
}

/** An error item's JSON: the message given, then the error's description and HTTP code when it has them. */
function errorJson(error: NodeError, message: string): IDataObject {
	const json: IDataObject = { error: message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}

/** Jelou refused the credential (401/403): every further request would be refused the same way. */
export function isCredentialRefusal(error: unknown): boolean {
	return (
		error instanceof NodeApiError &&
		(error.httpCode === '401' || error.httpCode === '403') &&
		refusedBotOf(error) === undefined
	);
}

/** Jelou refused the credential or the bot itself: every request for this bot would be refused the same way. */
export function refusesEveryRequest(error: unknown): boolean {
	return isCredentialRefusal(error) || refusedBotOf(error) !== undefined;
}

/** The bot Jelou refused (unknown, or another company's): every other item of that bot would be refused too. */
export function refusedBotOf(error: unknown): string | undefined {
	const bot = error instanceof NodeApiError ? error.context?.refusedBot : undefined;
	return typeof bot === 'string' ? bot : undefined;
}

/** Jelou refused the request for what it holds (HTTP 400, 409, 422: a template, a field), not for who sent it. */
export function refusedForItsContent(error: unknown): boolean {
	return error instanceof NodeApiError && ['400', '409', '422'].includes(error.httpCode ?? '');
}

/** The first credential refusal of a run: the item it met, Jelou's status and its words. */
export interface CredentialRefusal {
	itemIndex: number;
	httpCode: string;
	headline: string;
	/** Set when Jelou refused this bot, not the credential. */
	botId?: string;
}

export function credentialRefusalOf(error: NodeError, itemIndex: number): CredentialRefusal {
	const botId = refusedBotOf(error);
	return {
		itemIndex,
		httpCode: (error as NodeApiError).httpCode ?? '401',
		headline: error.message,
		...(botId !== undefined ? { botId } : {}),
	};
}

/**
 * The error of an item left unsent (and unread) because Jelou had refused the credential, or the item's bot
 * (`refusal.botId`), on another item.
 */
export function notSentAfterRefusal(
	context: IExecuteFunctions,
	refusal: CredentialRefusal,
	itemIndex: number,
): NodeOperationError {
	const refused = refusal.botId !== undefined ? `bot ${refusal.botId}` : 'the credential';
	const fix =
		refusal.botId !== undefined
			? 'Check the Bot ID (the Bot field, or the credential’s) and run these items again.'
			: 'Fix the Jelou API credential (Client ID, Client Secret, Bot ID) and run these items again.';
	return new NodeOperationError(
		context.getNode(),
		`Not sent: Jelou refused ${refused} on item ${itemNumber(refusal.itemIndex)}`,
		{
			itemIndex,
			description: `Jelou answered HTTP ${refusal.httpCode} on item ${itemNumber(refusal.itemIndex)} (${refusal.headline}), so no further request was made for this item or the others${refusal.botId !== undefined ? ' of that bot' : ''}: they would meet the same refusal. ${fix}`,
		},
	);
}

/** Tells the user which items did go out before the failure, so nobody sends them twice. */
export function noteAlreadySent(error: NodeError, failedItem: number, sentItems: number[]): void {
	const lines = [`Failed on item ${itemNumber(failedItem)}.`];
	if (sentItems.length === 0) {
		lines.push('No item was sent before the failure.');
	} else {
		const sorted = [...sentItems].sort((a, b) => a - b).map(itemNumber);
		const shown =
			sorted.slice(0, 50).join(', ') +
			(sorted.length > 50 ? ` and ${sorted.length - 50} more` : '');
		lines.push(`Already sent before the failure, do not send them again: items ${shown}.`);
	}
	error.description = [error.description, lines.join(' ')].filter(Boolean).join('\n\n');
}

/** The text as HTML that shows exactly these characters: n8n's error panel renders a description as HTML. */
function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Readies an error for n8n's error panel, which renders the description as HTML (line breaks fold into
 * spaces) and adds its own 0-based "[item N]" to the message when the input has several items:
 * - a description of several lines also goes, with `<br>` between its lines, into `context.descriptionTemplate`,
 *   which the panel shows instead of the description; the description itself stays plain text for logs,
 *   error workflows and the error's JSON;
 * - when the message or description already names the item as a person counts it ("item 2"), the item
 *   index is left out of the context, so the panel does not add "[item 1]" beside it.
 */
export function forErrorPanel<T>(error: T): T {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return error;
	const description = typeof error.description === 'string' ? error.description : '';
	if (description.includes('\n'))
		error.context.descriptionTemplate = escapeHtml(description).replace(/\r?\n/g, '<br>');
	const itemIndex = error.context.itemIndex;
	if (typeof itemIndex === 'number') {
		const named = new RegExp(`\\bitem ${itemNumber(itemIndex)}\\b`, 'i');
		if (named.test(error.message) || named.test(description)) delete error.context.itemIndex;
	}
	return error;
}

const LISTED_BAD_ITEMS = 20;

/**
 * The error for a run whose items failed their checks: a single bad item is its own error; several are
 * listed together (the first 20 and how many more), each with its problem and fix.
 */
export function badItemsError(
	context: IExecuteFunctions,
	badItems: Array<{ error: NodeError; itemIndex: number }>,
): NodeError {
	if (badItems.length === 1) return badItems[0].error;
	const listed = badItems
		.slice(0, LISTED_BAD_ITEMS)
		.map(({ error }) => [error.message, error.description].filter(Boolean).join(' → '));
	if (badItems.length > LISTED_BAD_ITEMS)
		listed.push(`… and ${badItems.length - LISTED_BAD_ITEMS} more`);
	const first = badItems[0];
	return new NodeOperationError(
		context.getNode(),
		`${badItems.length} items have bad input, so nothing was sent`,
		{
			itemIndex: first.itemIndex,
			description: listed.join('\n'),
		},
	);
}
