import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class JelouApi implements ICredentialType {
	name = 'jelouApi';

	displayName = 'Jelou API';

	icon: Icon = { light: 'file:jelou.svg', dark: 'file:jelou.dark.svg' };

	documentationUrl = 'https://docs.jelou.ai';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The "Client ID" of a Jelou API key. In Jelou Apps the keys are under Settings → API Keys ("Credenciales" when Jelou Apps is in Spanish).',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The "Client Secret" shown next to the Client ID when the API key is created',
		},
		{
			displayName: 'Bot ID',
			name: 'botId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The default bot: the one the Jelou nodes use when their Bot field says From Credential (Jelou Apps: Settings → Bots, or ask your Jelou contact). This credential can also use the company’s other bots: pick them in a node’s Bot field.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.jelou.ai',
			description: 'Leave as is unless Jelou gave you another host. Must start with https://.',
		},
		{
			displayName: 'HTTP Client',
			name: 'httpClient',
			type: 'options',
			default: 'pool',
			options: [
				{
					name: 'Connection Pool (Fastest)',
					value: 'pool',
					description:
						'Keeps connections to Jelou open between requests. Goes through a proxy only on n8n 2.x (Node 24) started with NODE_USE_ENV_PROXY=1.',
				},
				{
					name: 'n8n HTTP Client (Follows n8n Proxy Settings)',
					value: 'n8n',
					description:
						'Uses n8n’s own HTTP client and its proxy settings (HTTP_PROXY, HTTPS_PROXY, NO_PROXY) on every n8n version; opens a new connection for each request, so large sends are slower',
				},
			],
			description:
				'How the Jelou nodes connect to Jelou. Keep Connection Pool unless n8n reaches the internet through a proxy; then choose n8n HTTP Client.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.clientId}}',
				password: '={{$credentials.clientSecret}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/v1/bots/{{encodeURIComponent($credentials.botId)}}/templates',
			qs: { status: 'APPROVED' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Authentication failed: check Client ID and Client Secret',
				},
			},
			{ type: 'responseCode', properties: { value: 404, message: 'Bot not found: check Bot ID' } },
		],
	};
}
