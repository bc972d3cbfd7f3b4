import { NodeOperationError } from 'n8n-workflow';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { checkBotId } from '../shared/bot';
import type { InvalidFieldError } from '../shared/validation';
import { createJelouClient } from '../transport';
import type { JelouClient } from '../transport';

/**
 * The bot the pickers read (templates, bot flows, Template Variables): the one the node shows under Bot ID, or
 * the credential's when Bot is From Credential or Bot ID is an expression (it can mean a different bot per item).
 */
export async function pickerClient(context: ILoadOptionsFunctions): Promise<JelouClient> {
	if (context.getNodeParameter('bot', 'credential') !== 'id')
		return await createJelouClient(context);
	const raw = context.getNodeParameter('botId', '', { rawExpressions: true });
	if (typeof raw === 'string' && raw.startsWith('=')) return await createJelouClient(context);
	try {
		return await createJelouClient(context, { botId: checkBotId(raw) });
	} catch (error) {
		// checkBotId throws only InvalidFieldError: the field, the problem and the fix
		const { message, fix } = error as InvalidFieldError;
		throw new NodeOperationError(context.getNode(), message, { description: fix });
	}
}
