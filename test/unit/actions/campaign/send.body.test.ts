import {
	buildCampaignBody,
	campaignListQuery,
	checkAgainstTemplate,
	mapParamsToColumns,
	toFormFields,
} from '../../../../nodes/JelouWhatsApp/actions/campaign/send.body';
import { buildButtonPayloads } from '../../../../nodes/JelouWhatsApp/shared/payloads';

describe('buildCampaignBody', () => {
	it('builds the JSON example (public URL) of bulk-send-hsm-file.txt, field by field and in order', () => {
		const body = buildCampaignBody({
			campaignName: 'campaign_name',
			botId: 'BOT_ID',
			elementName: 'ELEMENT_NAME',
			params: mapParamsToColumns(['customer_name']),
			mediaUrl: 'https://cdn.ejemplo.com/imagen.png',
			type: 'image',
			fileUrl: 'https://cdn.ejemplo.com/campana.csv',
			buttonPayloads: buildButtonPayloads([{ type: 'edge', action: 'Yes', skillId: '1' }]),
		});
		const expected = {
			campaignName: 'campaign_name',
			botId: 'BOT_ID',
			elementName: 'ELEMENT_NAME',
			params: [{ param: 1, column: 'customer_name' }],
			mediaUrl: 'https://cdn.ejemplo.com/imagen.png',
			type: 'image',
			fileUrl: 'https://cdn.ejemplo.com/campana.csv',
			buttonPayloads: [{ type: 'edge', action: 'Yes', skillId: '1' }],
		};
		expect(body).toEqual(expected);
		expect(JSON.stringify(body)).toBe(JSON.stringify(expected));
	});

	it('builds the form fields of the multipart example: arrays JSON-encoded, params [] without parameters, no type for text', () => {
		const body = buildCampaignBody({
			campaignName: 'campaign_name',
			botId: 'BOT_ID',
			elementName: 'ELEMENT_NAME',
			params: mapParamsToColumns([]),
			type: 'text',
			buttonPayloads: buildButtonPayloads([
				{ action: 'Yes', skillId: '1' },
				{ action: 'Reschedule', skillId: '2' },
				{ action: 'Cancel', skillId: '3' },
			]),
		});
		expect(Object.fromEntries(toFormFields(body))).toEqual({
			campaignName: 'campaign_name',
			botId: 'BOT_ID',
			elementName: 'ELEMENT_NAME',
			buttonPayloads:
				'[{"type":"edge","action":"Yes","skillId":"1"},{"type":"edge","action":"Reschedule","skillId":"2"},{"type":"edge","action":"Cancel","skillId":"3"}]',
			params: '[]',
		});
	});

	it('adds actions and scheduledAt when given', () => {
		const body = buildCampaignBody({
			campaignName: 'c',
			botId: 'b',
			elementName: 'e',
			params: [],
			actions: { setSkill: { id: 2222 } },
			scheduledAt: '2030-11-07T05:31:56Z',
		});
		expect(body).toEqual({
			campaignName: 'c',
			botId: 'b',
			elementName: 'e',
			params: [],
			actions: { setSkill: { id: 2222 } },
			scheduledAt: '2030-11-07T05:31:56Z',
		});
		expect(toFormFields(body)).toContainEqual(['actions', '{"setSkill":{"id":2222}}']);
	});
});

describe('mapParamsToColumns', () => {
	it('numbers the columns 1, 2, 3 in order', () => {
		expect(mapParamsToColumns(['customer_name', 'order_amount'])).toEqual([
			{ param: 1, column: 'customer_name' },
			{ param: 2, column: 'order_amount' },
		]);
	});

	it('refuses an empty column and a name Jelou would refuse', () => {
		expect(() => mapParamsToColumns(['a', ''])).toThrow(
			'Parameter Columns: parameter 2 has no column',
		);
		expect(() => mapParamsToColumns(['order#amount'])).toThrow(
			'Parameter Columns: "order#amount" (parameter 1) is not a valid column name',
		);
	});
});

describe('checkAgainstTemplate', () => {
	const orderConfirmation = { elementName: 'order_confirmation', paramsNumber: 2, type: 'HSM' };
	it('accepts the right number of parameters and type', () => {
		expect(() =>
			checkAgainstTemplate(orderConfirmation, 2, 'text', 'Parameter Columns'),
		).not.toThrow();
		expect(() => checkAgainstTemplate(undefined, 5, 'video', 'Parameter Columns')).not.toThrow();
	});

	it('refuses a parameter count that differs from the template', () => {
		expect(() => checkAgainstTemplate(orderConfirmation, 1, 'text', 'Parameter Columns')).toThrow(
			'Parameter Columns: the template order_confirmation has 2 parameters, 1 is mapped',
		);
		expect(() =>
			checkAgainstTemplate(
				{ elementName: 'reminder', paramsNumber: 0 },
				1,
				'text',
				'Parameter Columns',
			),
		).toThrow('has 0 parameters');
	});

	it('refuses a type that differs from the template', () => {
		expect(() =>
			checkAgainstTemplate(
				{ elementName: 'promo_image', paramsNumber: 1, type: 'IMAGE' },
				1,
				'text',
				'Parameter Columns',
			),
		).toThrow('Type: the template promo_image is an image template, not text');
	});
});

describe('campaignListQuery', () => {
	it('sends the required botId, startAt, endAt and only the filters given', () => {
		const filters = {
			botId: 'bot',
			startAt: '2024-03-01T00:00:00Z',
			endAt: '2024-03-31T00:00:00Z',
		};
		expect(campaignListQuery(filters, 2, 50)).toEqual({ ...filters, page: 2, limit: 50 });
		expect(
			campaignListQuery(
				{ ...filters, status: 'COMPLETED', elementName: 'order_confirmation' },
				1,
				10,
			),
		).toEqual({
			...filters,
			page: 1,
			limit: 10,
			status: 'COMPLETED',
			elementName: 'order_confirmation',
		});
	});
});
