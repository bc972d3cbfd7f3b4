import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { dryRunOf } from '../../execution/dry-run';
import type { ExecutePrepared, ItemOperation } from '../../execution/types';
import { CHANGES_WHO_ANSWERS } from '../../shared/request-effects';
import { UnreadableAnswerError } from '../../transport';
import type { JelouRequest } from '../../transport';
import { readPhoneNumber, UNKNOWN_CUSTOMER_FIX } from './fields';
import { RESUME_AFTER_FIELD, resumeAfterSeconds, stateOutput, userStateBody } from './state.body';
import type { BotState } from './state.body';

/** Pause Bot and Resume Bot: `POST /v1/users/state` for one customer. */
export interface StateChange {
	userId: string;
	state: BotState;
	body: IDataObject;
}

function readStateChange(
	this: IExecuteFunctions,
	itemIndex: number,
	botId: string,
	state: BotState,
): StateChange {
	const userId = readPhoneNumber.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const ttl =
		state === 'manual'
			? resumeAfterSeconds(options.resumeAfter, options.resumeAfterUnit)
			: undefined;
	return { userId, state, body: userStateBody({ botId, userId, state, ttl }) };
}

/** Jelou's 400 ("could not get or update the state") for a pause or a resume: what the user can check. */
const STATE_REFUSED_FIX: Record<BotState, string> = {
	manual: `Jelou could not pause the bot for this customer: check the Phone Number (a customer who has written to this bot, with country code) and ${RESUME_AFTER_FIELD}, then run the item again.`,
	auto: 'Jelou could not give this customer back to the bot: check the Phone Number (a customer who has written to this bot, with country code) and who answers them with Conversation → Get State, then run the item again.',
};

function stateRequest(change: StateChange, itemIndex: number): JelouRequest {
	return {
		method: 'POST',
		path: '/v1/users/state',
		json: change.body,
		itemIndex,
		effect: CHANGES_WHO_ANSWERS,
		fixes: { 400: STATE_REFUSED_FIX[change.state], 404: UNKNOWN_CUSTOMER_FIX },
	};
}

const changeState: ExecutePrepared<StateChange> = async (change, itemIndex, { client }) => {
	const answer = await client.requestSend(stateRequest(change, itemIndex));
	const requested = { userId: change.userId, state: change.state };
	if (answer instanceof UnreadableAnswerError)
		return [{ ...stateOutput(undefined, requested), jelouAnswer: answer.excerpt }];
	return [stateOutput(answer, requested)];
};

/** Pause Bot (`manual`) and Resume Bot (`auto`): the same request, with the state each sets. */
export function stateChangeOperation(state: BotState): Required<ItemOperation<StateChange>> {
	return {
		async prepare(itemIndex, { client }) {
			return readStateChange.call(this, itemIndex, client.botId, state);
		},
		customerOf: readPhoneNumber,
		execute: changeState,
		dryRun: dryRunOf(stateRequest),
	};
}
