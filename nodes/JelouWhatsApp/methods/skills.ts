import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { botFlowsPath, skillChoices } from '../actions/conversation/startBotFlow.body';
import { pickerClient } from './bot';

/** "From List" of the Bot Flow picker: the bot's active flows (skills), searchable by name and description. */
export async function searchSkills(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await pickerClient(this);
	const answer = await client.request({
		method: 'GET',
		path: botFlowsPath(client.botId),
	});
	return { results: skillChoices(answer, filter) };
}
