import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildActions, buildButtonPayloads } from '../shared/payloads';
import type { ActionsInput, ButtonPayloadEntry } from '../shared/payloads';
import { hasTemplateDrivenFields } from './versions';

/**
 * The mapped Template Variables (node version 2), read whole so that n8n does not check them by the
 * editor's field types first: each value is checked where it is used, with the field's own name.
 */
export function readMappedVariables(
	this: IExecuteFunctions,
	itemIndex: number,
): Record<string, unknown> {
	const mapper = this.getNodeParameter('templateVariables', itemIndex, null) as {
		value?: Record<string, unknown> | null;
	} | null;
	return mapper?.value ?? {};
}

interface BotOptions {
	buttonPayloads?: { payloads?: ButtonPayloadEntry[] };
	setSkillId?: string;
	setMemoryParams?: { params?: ActionsInput['memoryParams'] };
}

/**
 * Button Payloads and Actions (which bot flow a reply button starts, what Jelou does after sending): fields
 * of their own in node version 1, entries of `optionsName` in version 2.
 */
export function readBotSettings(
	this: IExecuteFunctions,
	itemIndex: number,
	optionsName: string,
): { buttonPayloads: IDataObject[]; actions: IDataObject | undefined } {
	if (hasTemplateDrivenFields.call(this)) {
		const options = this.getNodeParameter(optionsName, itemIndex, {}) as BotOptions;
		return {
			buttonPayloads: buildButtonPayloads(
				options.buttonPayloads?.payloads ?? [],
				'Options: Bot Flow for Each Reply Button',
			),
			actions: buildActions(
				{ setSkillId: options.setSkillId, memoryParams: options.setMemoryParams?.params },
				'Options: Values to Remember',
			),
		};
	}
	const actions = this.getNodeParameter('actions', itemIndex, {}) as {
		setSkillId?: string;
		setMemoryParams?: { params?: ActionsInput['memoryParams'] };
	};
	return {
		buttonPayloads: buildButtonPayloads(
			this.getNodeParameter('buttonPayloads.payloads', itemIndex, []) as ButtonPayloadEntry[],
		),
		actions: buildActions({
			setSkillId: actions.setSkillId,
			memoryParams: actions.setMemoryParams?.params,
		}),
	};
}
