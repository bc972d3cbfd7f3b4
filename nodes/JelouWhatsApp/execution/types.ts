import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import type { JelouClient } from '../transport';
import type { ApprovedTemplates } from '../templates/approved-list';

/** What the operations of one execution share for one bot: its client and cached look-ups. */
export interface ExecutionContext {
	client: JelouClient;
	/** The bot's approved templates, shared by the executions of this n8n process for a minute. */
	templates: ApprovedTemplates;
	/** Dry Run (Send Nothing): everything is checked, and the output shows the requests instead of sending them. */
	dryRun: boolean;
	/**
	 * A look-up every item of the execution shares (the bot's flows): `read` runs at most once per `key` and
	 * execution, and every later call gets its result, or its failure.
	 */
	readOnce<T>(key: string, read: () => Promise<T>): Promise<T>;
}

/** The bots of one execution (ExecutionBots): the bot each item names, and each bot's context. */
export interface BotContexts {
	/** The bot item `itemIndex` names in its Bot field (checked: an empty or malformed Bot ID throws). */
	botOf(itemIndex: number): string;
	/** The context of the bot item `itemIndex` names: its client, template list and look-ups. */
	forItem(itemIndex: number): ExecutionContext;
	forBot(botId: string): ExecutionContext;
}

/**
 * An operation that sends one request (or one per recipient) per input item. `prepare` reads and
 * checks the item's parameters and builds the request without sending anything; the router runs it
 * for every item before `execute` runs for any, so bad input never half-sends a batch.
 */
export interface ItemOperation<Prepared = unknown> {
	prepare(this: IExecuteFunctions, itemIndex: number, context: ExecutionContext): Promise<Prepared>;
	execute(
		this: IExecuteFunctions,
		prepared: Prepared,
		itemIndex: number,
		context: ExecutionContext,
	): Promise<Array<IDataObject | WithBinary>>;
	/**
	 * The customer's number (or numbers, comma-separated) the item is for, so every error of the item names it;
	 * undefined when the item has none. Sends nothing; may throw when the number cannot be read (the item is then
	 * named without it).
	 */
	customerOf?(this: IExecuteFunctions, itemIndex: number): string | undefined;
	/** For operations that send or create: what a dry run outputs for the item instead of sending it. */
	dryRun?(
		this: IExecuteFunctions,
		prepared: Prepared,
		itemIndex: number,
		context: ExecutionContext,
	): Promise<IDataObject[]>;
}

/** An output item that carries files besides its JSON (Message → Download Media). */
export class WithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/**
 * An operation that turns all input items into one request or one listing (e.g. a campaign from items); it picks
 * each item's bot itself.
 */
interface BatchOperation {
	executeBatch(
		this: IExecuteFunctions,
		items: INodeExecutionData[],
		bots: BotContexts,
	): Promise<INodeExecutionData[]>;
}

export type Operation = ItemOperation | BatchOperation;

/** An item operation's `execute`: the item's prepared request in, the item's output out. */
export type ExecutePrepared<Prepared> = ItemOperation<Prepared>['execute'];
/** An item operation's `dryRun`: the item's prepared request in, what a dry run shows of it out. */
export type DryRunPrepared<Prepared> = NonNullable<ItemOperation<Prepared>['dryRun']>;
