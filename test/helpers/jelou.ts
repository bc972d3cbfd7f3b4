import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { JelouApi } from '../../credentials/JelouApi.credentials';
import { JelouWhatsApp } from '../../nodes/JelouWhatsApp/JelouWhatsApp.node';
import type { FakeJelou } from '../fake-jelou/server';
import { runNode } from './n8n-harness';
import type { HarnessItem, RunNodeOptions, RunNodeResult } from './n8n-harness';

export function credentialsFor(
	fake: FakeJelou,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		clientId: fake.clientId,
		clientSecret: fake.clientSecret,
		botId: fake.botId,
		baseUrl: fake.url,
		...overrides,
	};
}

/** Runs the Jelou WhatsApp node in n8n-core's real execution, with a credential pointing at the fake. */
export async function runJelou(
	fake: FakeJelou,
	parameters: INodeParameters,
	options: { items?: HarnessItem[]; credentials?: ICredentialDataDecryptedObject } & Pick<
		RunNodeOptions,
		'continueOnFail' | 'binaryDataMode' | 'nodeTypeVersion' | 'urls'
	> = {},
): Promise<RunNodeResult> {
	return await runNode({
		nodeType: new JelouWhatsApp(),
		credentialType: new JelouApi(),
		credentials: options.credentials ?? credentialsFor(fake),
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		binaryDataMode: options.binaryDataMode,
		nodeTypeVersion: options.nodeTypeVersion,
		urls: options.urls,
	});
}

/**
 * Send Template parameters as the editor saves them with the fields filled by hand: version 1's form, and
 * version 2's for a template given by an expression (here one that always names the same template).
 */
export function sendTemplateParameters(fields: {
	template: string;
	recipients: unknown;
	parameters?: string[];
	[other: string]: unknown;
}): INodeParameters {
	const { template, recipients, parameters = [], ...rest } = fields;
	return {
		resource: 'message',
		operation: 'sendTemplate',
		template: { __rl: true, mode: 'name', value: `=${template}` },
		recipients: recipients as string,
		parameters: { values: parameters.map((value) => ({ value })) },
		...(rest as INodeParameters),
	};
}
