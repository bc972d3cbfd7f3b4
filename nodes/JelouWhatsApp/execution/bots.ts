import type { IExecuteFunctions } from 'n8n-workflow';

import { checkBotId } from '../shared/bot';
import { ApprovedTemplates } from '../templates/approved-list';
import type { JelouClient, JelouRequest } from '../transport';
import { SharedBotPace } from './bot-pace';
import { AdaptiveLimiter } from './concurrency';
import type { LimiterSummary } from './concurrency';
import type { BotContexts, ExecutionContext } from './types';

type Pace = AdaptiveLimiter | SharedBotPace;

/**
 * The bots one execution talks to, one context each: the item's Bot field picks it (the credential's default bot,
 * or another bot of the same company, per item). Everything that is per bot follows it: the client's path and
 * pace (429/503 of one bot never slows another), the approved template list and its cache, the look-ups an
 * execution shares. Contexts are made on first use, one per bot.
 */
export class ExecutionBots implements BotContexts {
	private readonly contexts = new Map<string, { context: ExecutionContext; pace: Pace }>();

	/**
	 * `fixed`: the Concurrency option, kept per bot (unset: Auto, shared per bot by the executions of this n8n).
	 * `dryRun`: every bot's client refuses to send.
	 */
	constructor(
		private readonly reader: IExecuteFunctions,
		private readonly base: JelouClient,
		private readonly fixed: number | undefined,
		private readonly dryRun: boolean,
	) {}

	/** The bot item `itemIndex` names, checked before anything is sent (an empty or malformed Bot ID fails the item). */
	botOf(itemIndex: number): string {
		if (this.reader.getNodeParameter('bot', itemIndex, 'credential') !== 'id')
			return this.base.botId;
		return checkBotId(this.reader.getNodeParameter('botId', itemIndex, ''));
	}

	/** The context of the bot item `itemIndex` names. */
	forItem(itemIndex: number): ExecutionContext {
		return this.forBot(this.botOf(itemIndex));
	}

	forBot(botId: string): ExecutionContext {
		return this.entry(botId).context;
	}

	/** How many of the bot's items may be sent at once, and its pacing. */
	paceOf(botId: string): Pace {
		return this.entry(botId).pace;
	}

	/** Each bot sent to, with how its requests went. */
	summaries(): Array<{ botId: string; summary: LimiterSummary }> {
		return [...this.contexts].map(([botId, { pace }]) => ({ botId, summary: pace.summary() }));
	}

	private entry(botId: string): { context: ExecutionContext; pace: Pace } {
		let entry = this.contexts.get(botId);
		if (!entry) {
			const { baseUrl, clientId } = this.base.connection;
			const pace: Pace =
				this.fixed === undefined
					? new SharedBotPace({ baseUrl, clientId, botId })
					: new AdaptiveLimiter(this.fixed);
			const client = this.base.forBot(botId, pace);
			if (this.dryRun) refuseSending(client);
			const lookups = new Map<string, Promise<unknown>>();
			const context: ExecutionContext = {
				client,
				templates: new ApprovedTemplates(client),
				dryRun: this.dryRun,
				readOnce: async <T>(key: string, read: () => Promise<T>) => {
					if (!lookups.has(key)) lookups.set(key, read());
					return (await lookups.get(key)) as T;
				},
			};
			entry = { context, pace };
			this.contexts.set(botId, entry);
		}
		return entry;
	}
}

/** A dry run may read (the template list) but never send or create: a request that would is refused here too. */
function refuseSending(client: JelouClient): void {
	const request = client.request.bind(client);
	client.request = async <T>(described: JelouRequest): Promise<T> => {
		if (described.method !== 'GET')
			throw new Error(
				`Dry Run (Send Nothing) is on, so ${described.method} ${described.path} was not sent`,
			);
		return await request<T>(described);
	};
}
