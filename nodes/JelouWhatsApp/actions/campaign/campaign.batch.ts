import { NodeApiError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { breathe } from '../../execution/concurrency';
import { badItemsError, errorItem, toNodeError } from '../../execution/item-errors';
import type { NodeError } from '../../execution/item-errors';

/** The items that ask about the same campaign, with the same settings: answered with one set of requests. */
export interface CampaignGroup<Ask> {
	asks: Array<{ itemIndex: number; ask: Ask }>;
	/** The first item of the group: requests and errors of the group point at it. */
	itemIndex: number;
	/** Every item of the group, for the `pairedItem` of an output that answers them all. */
	pairedItems: IPairedItemData | IPairedItemData[];
}

const firstPaired = (item: INodeExecutionData): number => {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return typeof paired === 'object' && paired !== null ? paired.item : 0;
};

/**
 * Runs an operation that asks Jelou about campaigns: every item is read and checked before any request (one bad
 * item stops the run with nothing sent, or becomes an error item with Continue On Fail); items that ask about
 * the same campaign with the same settings (`keyOf`) form one group, answered once; outputs come in input order
 * (by their first paired item). A group's failure belongs to all its items, and names the group's bot (`botOf`).
 */
export async function runPerCampaign<Ask>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (itemIndex: number) => Ask,
	keyOf: (ask: Ask) => string,
	botOf: (ask: Ask) => string,
	answer: (group: CampaignGroup<Ask>) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const outputs: INodeExecutionData[] = [];
	const badItems: Array<{ error: NodeError; itemIndex: number }> = [];
	const groups = new Map<string, CampaignGroup<Ask>>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		await breathe(itemIndex);
		try {
			const ask = read(itemIndex);
			const key = keyOf(ask);
			const group = groups.get(key);
			if (group) group.asks.push({ itemIndex, ask });
			else
				groups.set(key, {
					asks: [{ itemIndex, ask }],
					itemIndex,
					pairedItems: { item: itemIndex },
				});
		} catch (error) {
			const nodeError = toNodeError(context, error, itemIndex);
			if (context.continueOnFail()) outputs.push(errorItem(nodeError, itemIndex));
			else if (nodeError instanceof NodeApiError) throw nodeError;
			else badItems.push({ error: nodeError, itemIndex });
		}
	}
	if (badItems.length > 0) throw badItemsError(context, badItems);
	for (const group of groups.values())
		if (group.asks.length > 1)
			group.pairedItems = group.asks.map(({ itemIndex }) => ({ item: itemIndex }));

	for (const group of groups.values()) {
		try {
			for (const item of await answer(group)) outputs.push(item);
		} catch (error) {
			const nodeError = toNodeError(context, error, group.itemIndex);
			if (!context.continueOnFail()) throw nodeError;
			const botId = botOf(group.asks[0].ask);
			for (const { itemIndex } of group.asks) {
				const failed = errorItem(nodeError, itemIndex);
				failed.json.botId = botId;
				outputs.push(failed);
			}
		}
	}
	return outputs
		.map((item, position) => ({ item, position, first: firstPaired(item) }))
		.sort((a, b) => a.first - b.first || a.position - b.position)
		.map(({ item }) => item);
}
