import { NodeOperationError } from 'n8n-workflow';
import type { INode, INodeProperties } from 'n8n-workflow';

import { InvalidFieldError } from './validation';

const BOT_ID_FIELD = 'Bot ID';

/**
 * The Bot and Bot ID fields, for every operation of the Jelou WhatsApp node and for the trigger. One Jelou API
 * credential is a company's: it can address every bot assigned to that company.
 */
export function botFields(perItem: boolean): INodeProperties[] {
	return [
		{
			displayName: 'Bot',
			name: 'bot',
			type: 'options',
			noDataExpression: true,
			default: 'credential',
			description: perItem
				? 'Which WhatsApp bot of your company sends or is read. From Credential: the Bot ID saved in the credential. By ID: another bot of the same company, even a different one for each item.'
				: 'Which WhatsApp bot of your company this trigger listens to. From Credential: the Bot ID saved in the credential. By ID: another bot of the same company.',
			options: [
				{
					name: 'By ID',
					value: 'id',
					description: 'Another bot of the company the credential belongs to, e.g. one per country',
				},
				{
					name: 'From Credential',
					value: 'credential',
					description: 'The bot whose ID is saved in the Jelou API credential',
				},
			],
		},
		{
			displayName: BOT_ID_FIELD,
			name: 'botId',
			type: 'string',
			required: true,
			default: '',
			placeholder: perItem
				? "e.g. bot-co, or {{ $json.country === 'CO' ? 'bot-co' : 'bot-ec' }}"
				: 'e.g. bot-co',
			description: perItem
				? 'The ID of a bot of your company (Jelou Apps → Settings → Bots). An expression can choose the bot per item, e.g. from a country column.'
				: 'The ID of a bot of your company (Jelou Apps → Settings → Bots)',
			displayOptions: { show: { bot: ['id'] } },
		},
	];
}

/**
 * The bot a Bot ID field names, checked before anything is sent: not empty, no spaces or control characters (an ID
 * never has them; a sheet's cell often does). Whether the bot is the company's only Jelou can say.
 */
export function checkBotId(raw: unknown): string {
	const botId = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
	const trimmed = botId.trim();
	if (trimmed === '')
		throw new InvalidFieldError(
			BOT_ID_FIELD,
			'is empty',
			'Enter the ID of a bot of your company (Jelou Apps → Settings → Bots), or set Bot to From Credential.',
		);
	if ([...botId].some(unfitInAnId))
		throw new InvalidFieldError(
			BOT_ID_FIELD,
			`"${[...botId].map((char) => (unfitInAnId(char) && char !== ' ' ? '?' : char)).join('')}" has spaces or invisible characters`,
			'A bot ID has none: copy it again from Jelou Apps → Settings → Bots (a sheet cell may add a space at its end).',
		);
	return botId;
}

/** White space, or a control character (code below 32, or 127). */
function unfitInAnId(char: string): boolean {
	const code = char.charCodeAt(0);
	return /\s/.test(char) || code < 32 || code === 127;
}

/** checkBotId for a node's own form (the pickers, the trigger): its problem and fix as n8n's error of the node. */
export function checkNodeBotId(node: INode, raw: unknown): string {
	try {
		return checkBotId(raw);
	} catch (error) {
		// checkBotId throws only InvalidFieldError: the field, the problem and the fix
		const { message, fix } = error as InvalidFieldError;
		throw new NodeOperationError(node, message, { description: fix });
	}
}
