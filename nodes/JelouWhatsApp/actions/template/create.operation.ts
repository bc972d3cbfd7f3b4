import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { dryRunOf } from '../../execution/dry-run';
import { buildTemplateCreateRequest } from './create.body';
import type {
	ButtonInput,
	ExtraSettingsInput,
	ParameterInput,
	TemplateCreateRequest,
} from './create.body';
import type { JelouClient, JelouRequest } from '../../transport';
import type { ExecutePrepared } from '../../execution/types';
import { forgetApprovedTemplates } from '../../templates/approved-list';
import { CREATES_TEMPLATE } from '../../shared/request-effects';

export { description } from './create.description';

interface Prepared extends TemplateCreateRequest {
	elementName: string;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Prepared> {
	const language = this.getNodeParameter('templateLanguage', itemIndex) as string;
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as {
		example?: string;
		exampleHeader?: string;
		header?: string;
		headerParams?: { values?: ParameterInput };
		isVisible?: boolean;
	};
	const request = buildTemplateCreateRequest({
		category: this.getNodeParameter('category', itemIndex) as string,
		language:
			language === 'custom'
				? (this.getNodeParameter('customLanguage', itemIndex, '') as string)
				: language,
		elementName: this.getNodeParameter('elementName', itemIndex, '') as string,
		displayName: this.getNodeParameter('displayName', itemIndex, '') as string,
		template: this.getNodeParameter('templateBody', itemIndex, '') as string,
		params: this.getNodeParameter('params.values', itemIndex, []) as ParameterInput[],
		type: this.getNodeParameter('templateType', itemIndex) as string,
		mediaUrl: this.getNodeParameter('mediaUrl', itemIndex, '') as string,
		interactiveAction: this.getNodeParameter('interactiveAction', itemIndex) as string,
		buttons: this.getNodeParameter('buttons.values', itemIndex, []) as ButtonInput[],
		header: additional.header,
		exampleHeader: additional.exampleHeader,
		headerParam: additional.headerParams?.values,
		example: additional.example,
		isVisible: additional.isVisible,
		extraSettings: this.getNodeParameter('extraSettings', itemIndex, {}) as ExtraSettingsInput,
		sendToApproval: this.getNodeParameter('sendToAprove', itemIndex, true) as boolean,
	});
	return { ...request, elementName: request.body.elementName as string };
}

/** Jelou's answer to a taken name is one short sentence; say which name and what to do. */
function explainDuplicateName(error: unknown, elementName: string): void {
	if (error instanceof NodeApiError && /already exists/i.test(error.message)) {
		error.description = [
			`This bot already has a template named "${elementName}". Element names are unique per bot: choose another Element Name, or use the existing template.`,
			error.description,
		]
			.filter(Boolean)
			.join('\n');
	}
}

function createRequest(prepared: Prepared, itemIndex: number, client: JelouClient): JelouRequest {
	return {
		method: 'POST',
		path: `/v1/bots/${encodeURIComponent(client.botId)}/templates`,
		query: prepared.query,
		json: prepared.body,
		itemIndex,
		effect: CREATES_TEMPLATE,
	};
}

export const execute: ExecutePrepared<Prepared> = async (prepared, itemIndex, { client }) => {
	const answer = await client
		.request<{ message?: unknown; data?: IDataObject } | undefined>(
			createRequest(prepared, itemIndex, client),
		)
		.catch((error: unknown) => {
			explainDuplicateName(error, prepared.elementName);
			throw error;
		});
	forgetApprovedTemplates(client);
	const message = Array.isArray(answer?.message) ? answer.message.join('; ') : answer?.message;
	return [
		{
			...(answer?.data ?? { elementName: prepared.elementName }),
			message: (message as string | undefined) ?? '',
		},
	];
};

/** The request, and the text Meta reviews: the body with the parameter examples filled in. */
export const dryRun = dryRunOf(
	createRequest,
	(prepared) => prepared.body.example ?? prepared.body.template,
);
