import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { dryRunOf } from '../../execution/dry-run';
import { refusesEveryRequest } from '../../execution/item-errors';
import type { ExecutePrepared, ExecutionContext } from '../../execution/types';
import { STARTS_BOT_FLOW } from '../../shared/request-effects';
import type { JelouRequest } from '../../transport';
import {
	countryCodeOptions,
	operationNotice,
	phoneNumberField,
	readPhoneNumber,
	readValues,
	valuesFields,
} from './fields';
import {
	ACTIVE_SESSION_RULE,
	checkActiveFlow,
	botFlowsPath,
	listedFlows,
	readSkillId,
	startBotFlowBody,
	startBotFlowPath,
} from './startBotFlow.body';

const LABEL = 'Values for the Flow';

const properties: INodeProperties[] = [
	operationNotice(
		'The bot answers the customer from the start of the flow you pick. The customer must have written to the bot in the last 24 hours (an active session).',
	),
	phoneNumberField,
	{
		displayName: 'Bot Flow',
		name: 'skill',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The flow of the Jelou bot that takes over the conversation (Jelou calls it a skill); the bot answers the customer from its start',
		hint: ACTIVE_SESSION_RULE,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchSkills', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 2',
				hint: 'The ID of the flow (skill) as Jelou shows it',
			},
		],
	},
	...valuesFields(
		LABEL,
		'Values the flow can read from the customer’s memory when it starts (Jelou’s memoryParams); optional',
	),
	countryCodeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['startBotFlow'] } },
	properties,
);

/**
 * The bot's flows, read once per execution whatever the number of items; undefined when Jelou's answer could not be
 * had (Jelou still checks the flow of each send). A refused credential stops the run.
 */
async function botFlows({ client, readOnce }: ExecutionContext, itemIndex: number) {
	return await readOnce('botFlows', async () =>
		listedFlows(
			await client
				.request({
					method: 'GET',
					path: botFlowsPath(client.botId),
					itemIndex,
				})
				.catch((error: unknown) => {
					if (refusesEveryRequest(error)) throw error;
					return undefined;
				}),
		),
	);
}

interface Prepared {
	userId: string;
	skillId: string;
	request: JelouRequest;
}

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	context: ExecutionContext,
): Promise<Prepared> {
	const { client } = context;
	const userId = readPhoneNumber.call(this, itemIndex);
	const skillId = readSkillId(
		this.getNodeParameter('skill', itemIndex, '', { extractValue: true }),
	);
	const flows = await botFlows(context, itemIndex);
	if (flows) checkActiveFlow(skillId, flows);
	return {
		userId,
		skillId,
		request: {
			method: 'POST',
			path: startBotFlowPath(client.botId, userId, skillId),
			json: startBotFlowBody(readValues.call(this, itemIndex, LABEL)),
			itemIndex,
			effect: STARTS_BOT_FLOW,
		},
	};
}

export const customerOf = readPhoneNumber;

export const execute: ExecutePrepared<Prepared> = async (
	{ userId, skillId, request },
	_itemIndex,
	{ client },
) => {
	const answer = await client.request(request).catch((error: unknown) => {
		throw withSessionRule(error);
	});
	const fields = typeof answer === 'object' && answer !== null ? (answer as IDataObject) : {};
	return [{ ...fields, userId, skillId }];
};

/** Jelou refuses a customer without an active session: the error says so beside Jelou's words. */
function withSessionRule(error: unknown): unknown {
	if (
		error instanceof NodeApiError &&
		['400', '404', '422'].includes(String(error.httpCode)) &&
		!error.message.startsWith('Bot not found')
	)
		error.description = [
			error.description,
			`${ACTIVE_SESSION_RULE} Check the Phone Number and the Bot Flow. A template (Message → Send Template) reaches the customer outside the 24 hours; their answer opens a new session.`,
		]
			.filter(Boolean)
			.join('\n');
	return error;
}

export const dryRun = dryRunOf(({ request }: Prepared) => request);
