import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getMany from './getMany.operation';
import type { Operation } from '../../execution/types';
import { operationField } from '../common.descriptions';

export const operations: Record<string, Operation> = { create, getMany };

export const description: INodeProperties[] = [
	operationField('template', 'create', [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a template',
			description:
				'Create a WhatsApp template (HSM) in Jelou and optionally submit it to WhatsApp for approval',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many templates',
			description: 'List the bot’s templates, filtered by status, category or name',
		},
	]),
	...create.description,
	...getMany.description,
];
