import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { AdaptiveLimiter, AUTO_START, describePace } from '../execution/concurrency';
import { SharedBotPace } from '../execution/bot-pace';
import type { LimiterSummary } from '../execution/concurrency';
import { ApprovedTemplates } from '../templates/approved-list';
import { createJelouClient, DEFAULT_TIMEOUT_MS } from '../transport';
import type { JelouClient, JelouLanguage, JelouRequest } from '../transport';
import * as campaign from './campaign/Campaign.resource';
import * as conversation from './conversation/Conversation.resource';
import * as message from './message/Message.resource';
import * as template from './template/Template.resource';
import { forErrorPanel } from '../execution/item-errors';
import { readParametersOnce } from '../execution/parameter-reader';
import { redactError, redactItems } from '../execution/redaction';
import { runItemOperation } from '../execution/run-items';
import type { ExecutionContext, Operation } from '../execution/types';

const resources: Record<string, Record<string, Operation>> = {
	campaign: campaign.operations,
	conversation: conversation.operations,
	message: message.operations,
	template: template.operations,
};

/** The operations that send or create, and so offer Dry Run (Send Nothing). */
const SENDING_OPERATIONS = [
	'campaign.send',
	'conversation.pauseBot',
	'conversation.resumeBot',
	'conversation.setMemory',
	'conversation.startBotFlow',
	'message.send',
	'message.sendAndWait',
	'message.sendTemplate',
	'template.create',
];

function createExecutionContext(client: JelouClient, dryRun: boolean): ExecutionContext {
	if (dryRun) refuseSending(client);
	const lookups = new Map<string, Promise<unknown>>();
	return {
		client,
		templates: new ApprovedTemplates(client),
		dryRun,
		readOnce: async <T>(key: string, read: () => Promise<T>) => {
			if (!lookups.has(key)) lookups.set(key, read());
			return (await lookups.get(key)) as T;
		},
	};
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

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not supported`,
		);
	}

	const options = this.getNodeParameter('requestOptions', 0, {}) as {
		concurrency?: number;
		timeout?: number;
		acceptLanguage?: JelouLanguage;
	};
	// No number set means Auto: the node finds the level Jelou answers fastest at, sharing it (and what 429/503
	// taught) with the other executions of this n8n process that send to the same bot. This one `limiter` is the
	// client's `throttle` (429/503 waits slow it down) and the runner's `limiter` (how many items are sent at a
	// time): the same object under both names.
	const fixed =
		options.concurrency === undefined
			? undefined
			: Math.min(100, Math.max(1, Math.floor(options.concurrency)));
	let limiter: AdaptiveLimiter | SharedBotPace = new AdaptiveLimiter(fixed);
	const timeoutMs = options.timeout ? options.timeout * 1000 : DEFAULT_TIMEOUT_MS;
	const client = await createJelouClient(this, {
		timeoutMs,
		throttle: (connection) =>
			fixed === undefined ? (limiter = new SharedBotPace(connection)) : limiter,
		language: options.acceptLanguage,
	});
	const dryRun =
		SENDING_OPERATIONS.includes(`${resource}.${operationName}`) &&
		(this.getNodeParameter('dryRun', 0, false) as boolean);
	const context = createExecutionContext(client, dryRun);

	const reader = readParametersOnce(this);
	// Every output and error of the node passes here, so a secret typed into any field never leaves it,
	// and every error reads well in n8n's error panel.
	try {
		const output =
			'executeBatch' in operation
				? await operation.executeBatch.call(reader, items, context)
				: await runItemOperation.call(reader, operation, items, context, limiter);
		return [redactItems(output, client.secrets)];
	} catch (error) {
		throw forErrorPanel(redactError(error, client.secrets));
	} finally {
		// A dry run sends nothing, so it has no sending pace to report (only the template list was read).
		if (!('executeBatch' in operation) && !dryRun) reportPace(this, limiter.summary());
	}
}

/** Says in the log, and in the output pane when it matters, how many requests went at once and how they were paced. */
function reportPace(context: IExecuteFunctions, pace: LimiterSummary): void {
	const message = describePace(pace);
	context.logger?.info(`Jelou WhatsApp: ${message}`);
	const worthShowing = pace.throttled > 0 || (pace.auto && pace.peak > AUTO_START);
	if (worthShowing && typeof context.addExecutionHints === 'function') {
		context.addExecutionHints({ message, location: 'outputPane' });
	}
}
