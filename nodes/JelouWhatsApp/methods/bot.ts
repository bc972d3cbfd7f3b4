import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { checkNodeBotId } from '../shared/bot';
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
	return await createJelouClient(context, { botId: checkNodeBotId(context.getNode(), raw) });
}
