import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';

import { JelouWhatsApp } from '../../nodes/JelouWhatsApp/JelouWhatsApp.node';
import { JelouWhatsAppTrigger } from '../../nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node';
import { FIELD_IDS, templateText } from '../../nodes/JelouWhatsApp/templates/fields';
import type { JelouTemplate } from '../../nodes/JelouWhatsApp/templates/model';
import { SEED_TEMPLATES } from '../fake-jelou/seed';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const DESCRIPTIONS: Record<string, INodeTypeDescription> = {
	'n8n-nodes-jelou.jelouWhatsApp': new JelouWhatsApp().description,
	// n8n builds the tool from the same description, adding its own two fields
	'n8n-nodes-jelou.jelouWhatsAppTool': new JelouWhatsApp().description,
	'n8n-nodes-jelou.jelouWhatsAppTrigger': new JelouWhatsAppTrigger().description,
};
const TOOL_FIELDS = ['descriptionType', 'toolDescription'];

const packageNodes = readdirSync(EXAMPLES)
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) =>
		(JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as { nodes: INode[] }).nodes
			.filter((node) => node.type in DESCRIPTIONS)
			.map((node) => ({ file, node, description: DESCRIPTIONS[node.type] })),
	);

const newestVersion = (description: INodeTypeDescription) =>
	description.defaultVersion ??
	(Array.isArray(description.version) ? Math.max(...description.version) : description.version);

describe('the example workflows', () => {
	it('hold Jelou nodes of every kind (the checks below see them)', () => {
		expect(new Set(packageNodes.map(({ node }) => node.type))).toEqual(
			new Set(Object.keys(DESCRIPTIONS)),
		);
	});

	it.each(packageNodes.map((entry) => [`${entry.file}: ${entry.node.name}`, entry]))(
		'%s uses the newest version of its node',
		(_name, { node, description }) => {
			expect(node.typeVersion).toBe(newestVersion(description));
		},
	);

	const pickedTemplates = packageNodes.filter(
		({ node }) => (node.parameters.template as { mode?: string } | undefined)?.mode === 'list',
	);
	it.each(pickedTemplates.map((entry) => [`${entry.file}: ${entry.node.name}`, entry]))(
		'%s saves what the customer reads, so the editor shows it on opening (it shows only saved values)',
		(_name, { node }) => {
			const name = (node.parameters.template as { value: string }).value;
			const template = SEED_TEMPLATES.find((seed) => seed.elementName === name);
			const saved = (node.parameters.templateVariables as { value: Record<string, unknown> }).value;
			expect(saved[FIELD_IDS.about]).toBe(templateText(template as unknown as JelouTemplate));
		},
	);

	it.each(packageNodes.map((entry) => [`${entry.file}: ${entry.node.name}`, entry]))(
		'%s sets only fields the editor shows for its version, and every required one',
		(_name, { node, description }) => {
			const own = Object.fromEntries(
				Object.entries(node.parameters).filter(([name]) => !TOOL_FIELDS.includes(name)),
			) as INodeParameters;
			// what the editor keeps of the saved parameters (defaults filled in): a field hidden for this version is dropped
			const kept = NodeHelpers.getNodeParameters(
				description.properties,
				own,
				true,
				false,
				node,
				description,
			);
			expect(Object.keys(own).filter((name) => !(name in (kept ?? {})))).toEqual([]);
			expect(
				NodeHelpers.getNodeParametersIssues(
					description.properties,
					{ ...node, parameters: own },
					description,
				),
			).toBeNull();
		},
	);
});
