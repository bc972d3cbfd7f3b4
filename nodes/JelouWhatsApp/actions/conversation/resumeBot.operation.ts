import { updateDisplayOptions } from 'n8n-workflow';

import { customerFields } from './fields';
import { stateChangeOperation } from './state.request';

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['resumeBot'] } },
	customerFields('Jelou’s bot answers this customer again, from where the conversation is'),
);

export const { prepare, customerOf, execute, dryRun } = stateChangeOperation('auto');
