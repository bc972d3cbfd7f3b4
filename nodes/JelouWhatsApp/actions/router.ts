import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { AUTO_START, describePace } from '../execution/concurrency';
import { ExecutionBots } from '../execution/bots';
import type { LimiterSummary } from '../execution/concurrency';
import { createJelouClient, DEFAULT_TIMEOUT_MS } from '../transport';
import type { JelouLanguage } from '../transport';
import * as campaign from './campaign/Campaign.resource';
import * as conversation from './conversation/Conversation.resource';
import * as message from './message/Message.resource';
import * as template from './template/Template.resource';
import { forErrorPanel } from '../execution/item-errors';
import { readParametersOnce } from '../execution/parameter-reader';
import { redactError, redactItems } from '../execution/redaction';
import { runItemOperation } from '../execution/run-items';
import type { Operation } from '../execution/types';

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
	// taught) with the other executions of this n8n process that send to the same bot. Each bot's pace is both its
	// client's `throttle` (429/503 waits slow it down) and the runner's limit of that bot's items sent at a time.
	const fixed =
		options.concurrency === undefined
			? undefined
			: Math.min(100, Math.max(1, Math.floor(options.concurrency)));
	const timeoutMs = options.timeout ? options.timeout * 1000 : DEFAULT_TIMEOUT_MS;
	const client = await createJelouClient(this, { timeoutMs, language: options.acceptLanguage });
	const dryRun =
		SENDING_OPERATIONS.includes(`${resource}.${operationName}`) &&
		(this.getNodeParameter('dryRun', 0, false) as boolean);

	const reader = readParametersOnce(this);
	const bots = new ExecutionBots(reader, client, fixed, dryRun);
	// Every output and error of the node passes here, so a secret typed into any field never leaves it,
	// and every error reads well in n8n's error panel.
	try {
		const output =
			'executeBatch' in operation
				? await operation.executeBatch.call(reader, items, bots)
				: await runItemOperation.call(reader, operation, items, bots);
		return [redactItems(output, client.secrets)];
	} catch (error) {
		throw forErrorPanel(redactError(error, client.secrets));
	} finally {
		// A dry run sends nothing, so it has no sending pace to report (only the template list was read).
		if (!('executeBatch' in operation) && !dryRun) reportPaces(this, bots.summaries());
	}
}

/** Says in the log, and in the output pane when it matters, how many requests went at once and how they were paced. */
function reportPaces(
	context: IExecuteFunctions,
	paces: Array<{ botId: string; summary: LimiterSummary }>,
): void {
	for (const { botId, summary } of paces) {
		const message =
			paces.length > 1 ? `Bot ${botId}: ${describePace(summary)}` : describePace(summary);
		context.logger?.info(`Jelou WhatsApp: ${message}`);
		const worthShowing = summary.throttled > 0 || (summary.auto && summary.peak > AUTO_START);
		if (worthShowing && typeof context.addExecutionHints === 'function') {
			context.addExecutionHints({ message, location: 'outputPane' });
		}
	}
}
