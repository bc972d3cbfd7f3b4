import { NodeOperationError } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { normalizeBaseUrl } from './base-url';
import { JelouClient } from './client';
import type { JelouConnection } from './client';
import { baseUrlRefusedError, egressFilterOf, refusalOf } from './egress';
import type { JelouLanguage } from './errors';

export { botKey, JelouClient } from './client';
export type { JelouConnection, JelouRequest, ThrottleListener } from './client';
export type { Download } from './download';
export type { HttpClientChoice } from './exchange';
export type { JelouLanguage } from './errors';
export { UnreadableAnswerError } from './failures';
export type { MultipartBody } from './multipart';
export { holdsSecret, redactSecrets } from './secrets';

export const DEFAULT_TIMEOUT_MS = 30_000;

interface ClientOptions {
	/** Another bot of the credential's company (checked by shared/bot.ts); the credential's Bot ID when unset. */
	botId?: string;
	timeoutMs?: number;
	language?: JelouLanguage;
}

/** Reads the Jelou API credential of the node and returns a client bound to it. */
export async function createJelouClient(
	context: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions,
	options: ClientOptions = {},
): Promise<JelouClient> {
	const credentials = await context.getCredentials('jelouApi');
	let baseUrl: string;
	try {
		baseUrl = normalizeBaseUrl(String(credentials.baseUrl ?? 'https://api.jelou.ai'));
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: 'Fix the Base URL in the Jelou API credential.',
		});
	}
	const connection: JelouConnection = {
		baseUrl,
		botId: options.botId ?? String(credentials.botId ?? '').trim(),
		clientId: String(credentials.clientId ?? '').trim(),
		clientSecret: String(credentials.clientSecret ?? ''),
		timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		httpClient: credentials.httpClient === 'n8n' ? 'n8n' : 'pool',
		language: options.language,
	};
	// n8n's outbound policy (2.40+): a base URL it blocks fails here, before any item is read or sent.
	const egress = egressFilterOf(context);
	const refusal = await refusalOf(egress, baseUrl);
	if (refusal) throw baseUrlRefusedError(context.getNode(), refusal, baseUrl);
	const { helpers } = context;
	return new JelouClient(context.getNode(), connection, {
		egress,
		httpRequest: async (request) => await helpers.httpRequest(request),
	});
}
