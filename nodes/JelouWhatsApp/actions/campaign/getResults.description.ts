import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { campaignFields } from './campaign.lookup';
import { MESSAGE_STATUSES, NO_MESSAGE } from './getResults.status';
import {
	byName,
	defaultCountryCodeOption,
	filtersField,
	optionsField,
	optionsNamedAfter,
} from '../common.descriptions';
import { returnAllAndLimit } from '../list-limit';

const properties: INodeProperties[] = [
	...campaignFields,
	{
		displayName: 'Pair With Input Rows',
		name: 'pairWithRows',
		type: 'boolean',
		default: false,
		description:
			'Whether each input item is a row the campaign was made from (e.g. the sheet’s rows): each row then gets its own result, matched by phone number, paired with it and beside its fields, ready for Google Sheets → Update Row. Off: one item per recipient.',
		hint: 'On: one result per input row, with the row’s own fields beside it (as row), ready for Google Sheets → Update Row without a Merge node',
	},
	{
		displayName: 'Row Phone Number',
		name: 'rowPhoneNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.phone }}',
		description:
			'The row’s phone number, as given to Campaign → Send’s Phone Number: matched with the numbers Jelou sent to, cleaned the same way',
		displayOptions: { show: { pairWithRows: [true] } },
	},
	...updateDisplayOptions({ show: { pairWithRows: [false] } }, returnAllAndLimit),
	filtersField([
		{
			displayName: 'Status',
			name: 'statuses',
			type: 'multiOptions',
			default: [],
			description:
				'Only recipients whose furthest status is one of these, e.g. Failed alone to retry the failures. Empty: every recipient.',
			options: [
				...optionsNamedAfter(MESSAGE_STATUSES),
				{ name: 'No Message (Row Not in the Campaign)', value: NO_MESSAGE },
			].sort(byName),
		},
	]),
	optionsField('campaignResultsOptions', [
		{
			...defaultCountryCodeOption,
			description:
				'With Pair With Input Rows: the Default Country Code Campaign → Send used, so national numbers of the rows (0991234567) match what Jelou sent to (593991234567)',
		},
		{
			displayName: 'Wait Until Completed',
			name: 'waitUntilCompleted',
			type: 'boolean',
			default: false,
			description:
				'Whether to stop with an error while the campaign is still going, instead of giving the results so far, so half results never reach the sheet. Loop with a Wait node and Campaign → Get until completed is true.',
		},
	]),
];

const displayOptions = { show: { resource: ['campaign'], operation: ['getResults'] } };

export const description = updateDisplayOptions(displayOptions, properties);
