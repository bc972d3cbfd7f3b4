import { CHECK_STATUS_HINT } from './send-answers';

/**
 * What a request makes Jelou do, in the words its errors use when the outcome is unknown (a timeout, a reset, a 500):
 * what may have happened, why it was not repeated, and where to look before running the item again. A request that
 * changes nothing says so instead, so a read never warns of a message sent twice.
 */
export type RequestEffect =
	| {
			/** Why running it again is safe: "It only reads, so nothing was sent or changed". */
			changesNothing: string;
	  }
	| {
			/** What may have happened when no answer came: "the message may have gone out". */
			mayHave: string;
			/** What surely happened when Jelou had answered with success: "the message was probably sent". */
			probably: string;
			/** What a repeat could do: "send the message twice". */
			twice: string;
			/** Where to look before running the item again: one sentence. */
			check: string;
	  };

export const ONLY_READS: RequestEffect = {
	changesNothing: 'It only reads, so nothing was sent or changed: run it again',
};

export const SENDS_MESSAGE: RequestEffect = {
	mayHave: 'the message may have gone out',
	probably: 'the message was probably sent',
	twice: 'send the message twice',
	check: CHECK_STATUS_HINT,
};

export const CREATES_CAMPAIGN: RequestEffect = {
	mayHave: 'the campaign may have been created',
	probably: 'the campaign was probably created',
	twice: 'create and send the campaign twice',
	check: 'Check with Campaign → Get (Find Campaign By Name) before sending it again.',
};

export const CHANGES_WHO_ANSWERS: RequestEffect = {
	mayHave: 'who answers the customer may have changed',
	probably: 'the change was probably made',
	twice: 'make the change a second time',
	check: 'Check who answers the customer with Conversation → Get State before running it again.',
};

export const WRITES_MEMORY: RequestEffect = {
	mayHave: 'the values may have been stored',
	probably: 'the values were probably stored',
	twice: 'store them a second time',
	check: 'Check the customer’s memory with Conversation → Get Memory before running it again.',
};

export const STARTS_BOT_FLOW: RequestEffect = {
	mayHave: 'the customer may have been moved to the flow (and its first message sent)',
	probably: 'the customer was probably moved to the flow',
	twice: 'start the flow twice',
	check:
		'Check the conversation with Conversation → Get History (or Get State) before running it again.',
};

export const CREATES_TEMPLATE: RequestEffect = {
	mayHave: 'the template may have been created',
	probably: 'the template was probably created',
	twice: 'submit the template twice',
	check: 'Check with Template → Get Many before creating it again.',
};

export const SIGNS_MEDIA_LINK: RequestEffect = {
	changesNothing:
		'It only asks Jelou for a download link, so nothing was sent or changed: run the item again',
};

/** What a request without its own effect does, as far as its method tells. */
const ACTS: RequestEffect = {
	mayHave: 'the request may have been carried out',
	probably: 'the request probably went through',
	twice: 'carry it out twice',
	check: 'Check in Jelou before running it again.',
};

export function effectOf(method: string, effect?: RequestEffect): RequestEffect {
	return effect ?? (method === 'GET' ? ONLY_READS : ACTS);
}
