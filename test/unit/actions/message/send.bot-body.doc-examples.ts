import type { INodeParameters } from 'n8n-workflow';

// The examples of jelou-api.md, "Session messages on /v1/bots/{botId}/messages", copied as they are there.
export const BOT_MESSAGE_DOC_EXAMPLES = {
	contacts: {
		type: 'contacts',
		userId: '593991234567',
		contacts: [
			{
				name: { formatted_name: 'John Smith', first_name: 'John', last_name: 'Smith' },
				phones: [{ phone: '+593991234567', type: 'Mobile', wa_id: '593991234567' }],
				emails: [{ email: 'john@example.com', type: 'Work' }],
			},
		],
	},
	location_request: {
		type: 'location_request',
		text: 'Please share your location to find nearby stores',
		userId: '593991234567',
	},
	cta_url: {
		type: 'cta_url',
		title: 'Welcome',
		text: 'Visit our website to learn more',
		caption: 'Jelou',
		userId: '593991234567',
		parameters: { url: 'https://apps.jelou.ai', display_text: 'Visit Website' },
	},
	voice_call: {
		type: 'voice_call',
		header: 'Need Help?',
		text: 'Click the button to speak with an agent',
		userId: '593991234567',
		parameters: { display_text: 'Call Support' },
	},
	// The Flow example names its fields with placeholder values; these fill them in.
	flow: {
		title: 'Find your store',
		text: 'Tell us what you need',
		caption: 'Jelou',
		parameters: {
			flow_name: 'store_finder',
			flow_cta: 'Start',
			flow_action_payload: { screen: 'RECOMMEND' },
		},
	},
};

/** The node's Message → Send fields that produce each example (besides the Phone Number). */
export const BOT_MESSAGE_DOC_FIELDS: Record<
	keyof typeof BOT_MESSAGE_DOC_EXAMPLES,
	INodeParameters
> = {
	contacts: {
		messageType: 'contacts',
		contacts: {
			contact: [
				{
					formattedName: 'John Smith',
					firstName: 'John',
					lastName: 'Smith',
					phones: { phone: [{ phone: '+593 99 123 4567', type: 'Mobile', waId: '593991234567' }] },
					emails: { email: [{ email: 'john@example.com', type: 'Work' }] },
				},
			],
		},
	},
	location_request: {
		messageType: 'location_request',
		text: 'Please share your location to find nearby stores',
	},
	cta_url: {
		messageType: 'cta_url',
		header: 'Welcome',
		text: 'Visit our website to learn more',
		footer: 'Jelou',
		buttonText: 'Visit Website',
		url: 'https://apps.jelou.ai',
	},
	voice_call: {
		messageType: 'voice_call',
		header: 'Need Help?',
		text: 'Click the button to speak with an agent',
		buttonText: 'Call Support',
	},
	flow: {
		messageType: 'flow',
		header: 'Find your store',
		text: 'Tell us what you need',
		footer: 'Jelou',
		flowName: 'store_finder',
		buttonText: 'Start',
		flowActionPayload: '{"screen": "RECOMMEND"}',
	},
};
