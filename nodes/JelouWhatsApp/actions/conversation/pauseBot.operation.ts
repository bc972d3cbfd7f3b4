import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { defaultCountryCodeOption, optionsField } from '../common.descriptions';
import { operationNotice, phoneNumberField } from './fields';
import { stateChangeOperation } from './state.request';
import { MAX_RESUME_AFTER_DAYS, RESUME_AFTER_FIELD } from './state.body';

const properties: INodeProperties[] = [
	operationNotice(
		'Jelou’s bot stops answering this customer: your workflow, a person or an AI agent answers with Message → Send, until Resume Bot or the time in Options → Resume Automatically After',
	),
	phoneNumberField,
	optionsField('options', [
		defaultCountryCodeOption,
		{
			displayName: RESUME_AFTER_FIELD,
			name: 'resumeAfter',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description: `Give the customer back to the bot by itself after this long, in the Time Unit below (Jelou’s ttl), at most ${MAX_RESUME_AFTER_DAYS} days. Without it the bot stays paused until Resume Bot.`,
			hint: `The bot answers this customer again by itself after this time, even if nobody resumes it; at most ${MAX_RESUME_AFTER_DAYS} days (${MAX_RESUME_AFTER_DAYS * 24 * 60} minutes or ${MAX_RESUME_AFTER_DAYS * 24} hours)`,
		},
		{
			displayName: 'Time Unit',
			name: 'resumeAfterUnit',
			type: 'options',
			default: 'minutes',
			description: 'The unit of Resume Automatically After',
			hint: 'Minutes or hours, for Resume Automatically After',
			options: [
				{ name: 'Hours', value: 'hours' },
				{ name: 'Minutes', value: 'minutes' },
			],
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['pauseBot'] } },
	properties,
);

export const { prepare, customerOf, execute, dryRun } = stateChangeOperation('manual');
