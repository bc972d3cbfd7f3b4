import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { AdaptiveLimiter, breathe, runOrdered } from '../helpers/concurrency';
import { fetchApprovedTemplates } from '../methods/templates';
import { createJelouClient, DEFAULT_TIMEOUT_MS } from '../transport';
import type { JelouClient } from '../transport';
import type { JelouTemplate } from '../helpers/templates';
import * as campaign from './campaign/Campaign.resource';
import * as message from './message/Message.resource';
import * as template from './template/Template.resource';
import { errorItem, noteAlreadySent, toNodeError } from './item-errors';
import type { NodeError } from './item-errors';
import type { ExecutionContext, ItemOperation, Operation } from './types';

const resources: Record<string, Record<string, Operation>> = {
	campaign: campaign.operations,
	message: message.operations,
	template: template.operations,
};

function createExecutionContext(client: JelouClient): ExecutionContext {
	let approvedTemplates: Promise<JelouTemplate[]> | undefined;
	return { client, approvedTemplates: () => (approvedTemplates ??= fetchApprovedTemplates(client)) };
}

async function runItemOperation(
	this: IExecuteFunctions,
	operation: ItemOperation,
	items: INodeExecutionData[],
	context: ExecutionContext,
	limiter: AdaptiveLimiter,
): Promise<INodeExecutionData[]> {
	const outputs: INodeExecutionData[][] = items.map(() => []);
	const prepared: Array<{ itemIndex: number; value: unknown }> = [];

	// Check every item before sending any, so one bad row stops the run before a single message goes out.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		await breathe(itemIndex);
		try {
			prepared.push({ itemIndex, value: await operation.prepare.call(this, itemIndex, context) });
		} catch (error) {
			const nodeError = toNodeError(this, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			outputs[itemIndex] = [errorItem(nodeError, itemIndex)];
		}
	}

	let failure: { error: NodeError; itemIndex: number } | undefined;
	const sentItems: number[] = [];
	await runOrdered(
		prepared,
		async ({ itemIndex, value }) => {
			try {
				const results = await operation.send.call(this, value, itemIndex, context);
				outputs[itemIndex] = results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
				sentItems.push(itemIndex);
			} catch (error) {
				const nodeError = toNodeError(this, error, itemIndex);
				if (this.continueOnFail()) outputs[itemIndex] = [errorItem(nodeError, itemIndex)];
				else failure ??= { error: nodeError, itemIndex };
			}
		},
		limiter,
		() => failure !== undefined,
	);
	if (failure) {
		noteAlreadySent(failure.error, failure.itemIndex, sentItems);
		throw failure.error;
	}
	return outputs.flat();
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of resource "${resource}" is not supported`);
	}

	const options = this.getNodeParameter('requestOptions', 0, {}) as { concurrency?: number; timeout?: number };
	const limiter = new AdaptiveLimiter(Math.min(100, Math.max(1, Math.floor(options.concurrency ?? 10))));
	const timeoutMs = options.timeout ? options.timeout * 1000 : DEFAULT_TIMEOUT_MS;
	const client = await createJelouClient(this, { timeoutMs, throttle: limiter, connections: limiter.maximum });
	const context = createExecutionContext(client);

	if ('executeBatch' in operation) return [await operation.executeBatch.call(this, items, context)];
	return [await runItemOperation.call(this, operation, items, context, limiter)];
}
