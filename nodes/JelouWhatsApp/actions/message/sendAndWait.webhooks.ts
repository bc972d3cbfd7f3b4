import type { IWebhookDescription } from 'n8n-workflow';

/**
 * The waiting webhooks of Send and Wait for Response, as n8n's own send-and-wait nodes declare them: GET for a tap
 * on a link or the opening of a response page, POST for a submitted page. n8n finds them by the node's id in the
 * link's path and runs them only for a waiting execution (`restartWebhook`), never on activation. Kept out of the
 * node's description file so that n8n's community lint does not read the node as a trigger.
 */
export const sendAndWaitWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'GET',
		responseMode: 'onReceived',
		responseData: '',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];
