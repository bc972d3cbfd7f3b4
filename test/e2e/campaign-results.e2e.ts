// The campaign results loop in a real n8n (2.x, or 1.x with JELOU_N8N_LINE=1): the example
// campaign-results-back-to-sheet.json (rows → campaign → wait until completed → results back on the rows, and a
// list of failed numbers), Campaign → Get on a scheduled campaign, and a campaign ID that is not the bot's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	chainWorkflow,
	itemsNode,
	n8nUnderTest,
	outputOf,
	pairingOf,
	runWorkflowsOnce,
} from './support';
import type { RunResult } from './support';

const JELOU = 'n8n-nodes-jelou.jelouWhatsApp';
const EXAMPLE = JSON.parse(
	readFileSync(
		join(__dirname, '..', '..', 'examples', 'campaign-results-back-to-sheet.json'),
		'utf8',
	),
) as { id: string };
const SCHEDULED_AT = '2999-01-01T09:00:00Z';

const WORKFLOWS = [
	EXAMPLE,
	chainWorkflow('E2eCampaignSched1', 'e2e scheduled campaign, then Get', [
		itemsNode('Rows', [{ phone: '593991234567', name: 'Maria', order: 'S-1' }]),
		{
			name: 'Schedule Campaign',
			type: JELOU,
			typeVersion: 2,
			parameters: {
				resource: 'campaign',
				operation: 'send',
				recipientsSource: 'items',
				campaignName: 'E2E scheduled',
				template: { __rl: true, mode: 'name', value: '=order_confirmation' },
				phoneNumber: '={{ $json.phone }}',
				parameterValues: {
					values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }],
				},
				scheduledAt: SCHEDULED_AT,
			},
		},
		{
			name: 'Get Scheduled',
			type: JELOU,
			typeVersion: 2,
			parameters: { resource: 'campaign', operation: 'get', campaignId: '={{ $json.campaignId }}' },
		},
	]),
	chainWorkflow('E2eCampaignBadId1', 'e2e results of a campaign that is not the bot’s', [
		{
			name: 'Results Of Another Campaign',
			type: JELOU,
			typeVersion: 2,
			parameters: {
				resource: 'campaign',
				operation: 'getResults',
				campaignId: '65e6df1000000000000000a1',
				returnAll: true,
			},
			onError: 'continueRegularOutput',
		},
	]),
];

const batch = runWorkflowsOnce(WORKFLOWS, (fake) => {
	// Slower than the sandbox's pace, so the example's loop asks at least twice before the campaign completes.
	fake.campaignPlayer.setPace({ startAfterMs: 7_000 });
});

const runsOf = (run: RunResult | undefined, node: string) =>
	run?.data.resultData.runData[node] ?? [];

describe(`the campaign results loop in a real n8n ${n8nUnderTest.n8n}`, () => {
	it('runs every workflow without an error', () => {
		for (const workflow of WORKFLOWS) {
			const { id } = workflow as { id: string };
			expect([id, batch.runs[id]?.data.resultData.error?.message]).toEqual([id, undefined]);
		}
	});

	it('the example waits and asks again until the campaign is completed', () => {
		const run = batch.runs[EXAMPLE.id];
		const [sent] = outputOf(run, 'Send Campaign');
		expect(sent.campaignId).toBe(
			batch.fake.campaigns.find(({ name }) => name === 'Order confirmations from the sheet')?._id,
		);
		const checks = runsOf(run, 'Get Campaign').map(
			(check) => check.data?.main[0]?.[0]?.json as Record<string, unknown>,
		);
		expect(checks.length).toBeGreaterThanOrEqual(2);
		expect(checks.at(-1)).toMatchObject({ campaignId: sent.campaignId, completed: true });
		expect(checks.slice(0, -1).every((check) => check.completed === false)).toBe(true);
		expect(runsOf(run, 'Wait')).toHaveLength(checks.length);
	});

	it('the example puts each result back on its row, with no Merge node', () => {
		const run = batch.runs[EXAMPLE.id];
		const results = outputOf(run, 'Get Results');
		expect(
			results.map((result) => [result.phoneNumber, result.destination, result.status]),
		).toEqual([
			['+593 99 123 4567', '593991234567', 'READ'],
			['099 123 4568', '593991234568', 'READ'],
			['593990000000', '593990000000', 'FAILED'],
			['593991234569', '593991234569', 'READ'],
		]);
		expect(pairingOf(run, 'Get Results')).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(results[2].row).toEqual({
			row_number: 4,
			phone: '593990000000',
			name: 'Ana',
			order: 'A-1003',
		});
		expect(outputOf(run, 'Update Sheet Rows')).toEqual([
			{
				row_number: 2,
				whatsapp_status: 'READ',
				delivered: true,
				whatsapp_error: '',
				read_at: expect.any(String),
			},
			{
				row_number: 3,
				whatsapp_status: 'READ',
				delivered: true,
				whatsapp_error: '',
				read_at: expect.any(String),
			},
			{
				row_number: 4,
				whatsapp_status: 'FAILED',
				delivered: false,
				whatsapp_error: 'Message undeliverable: the number is not on WhatsApp',
				read_at: '',
			},
			{
				row_number: 5,
				whatsapp_status: 'READ',
				delivered: true,
				whatsapp_error: '',
				read_at: expect.any(String),
			},
		]);
	});

	it('the example’s second branch lists the failed numbers to retry', () => {
		expect(outputOf(batch.runs[EXAMPLE.id], 'Retry List')).toEqual([
			{
				count: 1,
				failed: [
					{
						row_number: 4,
						phone: '593990000000',
						name: 'Ana',
						reason: 'Message undeliverable: the number is not on WhatsApp',
					},
				],
			},
		]);
	});

	it('Campaign → Get says when a scheduled campaign starts', () => {
		expect(outputOf(batch.runs.E2eCampaignSched1, 'Get Scheduled')).toEqual([
			expect.objectContaining({
				name: 'E2E scheduled',
				status: 'SCHEDULED',
				completed: false,
				startsAt: SCHEDULED_AT,
				summary: `Scheduled: Jelou starts sending at ${SCHEDULED_AT}`,
			}),
		]);
	});

	it('Get Results explains a campaign ID that is not among the bot’s campaigns', () => {
		const [item] = outputOf(batch.runs.E2eCampaignBadId1, 'Results Of Another Campaign');
		expect(item.error).toBe(
			'Campaign ID: no campaign "65e6df1000000000000000a1" among the campaigns of bot e2e-bot created between 2024-03-04T09:00:00Z and 2024-03-06T09:00:00Z (item 1)',
		);
	});
});
