import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import * as campaign from './actions/campaign/Campaign.resource';
import * as conversation from './actions/conversation/Conversation.resource';
import * as message from './actions/message/Message.resource';
import * as template from './actions/template/Template.resource';
import { dryRunField, requestOptionsDescription } from './actions/common.descriptions';
import { botFields } from './shared/bot';
import { router } from './actions/router';
import { searchSkills } from './methods/skills';
import { sendAndWaitWebhook } from './actions/message/sendAndWait.webhook';
import { sendAndWaitWebhooks } from './actions/message/sendAndWait.webhooks';
import { getTemplateVariables, searchTemplates } from './methods/templates';
import { DEFAULT_VERSION, NODE_VERSIONS } from './actions/versions';

const resources = [campaign, conversation, message, template];

export class JelouWhatsApp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jelou WhatsApp',
		name: 'jelouWhatsApp',
		icon: { light: 'file:jelou.svg', dark: 'file:jelou.dark.svg' },
		group: ['output'],
		version: NODE_VERSIONS,
		defaultVersion: DEFAULT_VERSION,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Send WhatsApp templates, session messages and campaigns through Jelou, and take part in the bot’s conversations',
		defaults: { name: 'Jelou WhatsApp' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'jelouApi', required: true }],
		// Send and Wait for Response: the links of the question resume the waiting execution here.
		webhooks: sendAndWaitWebhooks,
		waitingNodeTooltip:
			'={{ $parameter.operation === "sendAndWait" ? "Execution will continue after the person answers on WhatsApp" : "" }}',
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Campaign', value: 'campaign' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Message', value: 'message' },
					{ name: 'Template', value: 'template' },
				],
				default: 'message',
			},
			// Each resource's Operation first, then the Bot, then the operation's fields.
			...resources.map((resource) => resource.description[0]),
			...botFields(true),
			...resources.flatMap((resource) => resource.description.slice(1)),
			dryRunField,
			requestOptionsDescription,
		],
	};

	methods = {
		listSearch: { searchSkills, searchTemplates },
		resourceMapping: { getTemplateVariables },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await sendAndWaitWebhook.call(this);
	}
}
