import type { INodeParameters } from 'n8n-workflow';

// The six request examples of jelou-docs/create-template.txt, copied verbatim (all sent with ?sendToAprove=true).
export const CREATE_TEMPLATE_DOC_EXAMPLES = {
	textUtility: {
		displayName: 'text_template_utility',
		template:
			'Thank you for your order, {{1}}! Your confirmation number is {{2}}. If you have any questions, contact support.',
		example:
			'Thank you for your order, Maria! Your confirmation number is 71936. If you have any questions, contact support.',
		elementName: 'text_template_utility',
		params: [
			{ param: '1', label: 'customer', example: 'Maria' },
			{ param: '2', label: 'order', example: '71936' },
		],
		paramsNumber: 2,
		type: 'HSM',
		language: 'en',
		category: 'UTILITY',
		interactiveAction: 'NONE',
	},
	quickReply: {
		displayName: 'template_quick_reply',
		template:
			'Thank you for your order, {{1}}! Your confirmation number is {{2}}. Use the buttons to contact us.',
		example:
			'Thank you for your order, Maria! Your confirmation number is 57893. Use the buttons to contact us.',
		elementName: 'template_quick_reply',
		params: [
			{ param: '1', label: 'customer', example: 'Maria' },
			{ param: '2', label: 'order', example: '57893' },
		],
		paramsNumber: 2,
		type: 'HSM',
		language: 'en',
		category: 'UTILITY',
		interactiveAction: 'QUICK_REPLY',
		buttons: [
			{ text: 'Contact Support', type: 'QUICK_REPLY' },
			{ text: 'Contact Sales', type: 'QUICK_REPLY' },
		],
	},
	callToAction: {
		displayName: 'template_call_action',
		template:
			'Thank you for your order, {{1}}! Your confirmation number is {{2}}. Use the buttons to contact us.',
		example:
			'Thank you for your order, Maria! Your confirmation number is 67996. Use the buttons to contact us.',
		elementName: 'template_call_action',
		params: [
			{ param: '1', label: 'customer', example: 'Maria' },
			{ param: '2', label: 'order', example: '67996' },
		],
		paramsNumber: 2,
		type: 'HSM',
		language: 'en',
		category: 'UTILITY',
		interactiveAction: 'CALL_TO_ACTION',
		buttons: [
			{
				text: 'Contact Support',
				type: 'URL',
				url: 'https://apps.jelou.ai',
				example: 'https://apps.jelou.ai',
			},
			{ text: 'Call', type: 'PHONE_NUMBER', phone_number: '+PHONE_NUMBER' },
		],
	},
	image: {
		displayName: 'image_template',
		template: 'Hello {{1}}. We invite you to check out our promotions.',
		example: 'Hello Maria. We invite you to check out our promotions.',
		elementName: 'image_template',
		params: [{ param: '1', label: 'customer', example: 'Maria' }],
		paramsNumber: 1,
		type: 'IMAGE',
		language: 'en',
		category: 'MARKETING',
		mediaUrl: 'https://cdn.example.com/image.jpeg',
		interactiveAction: 'NONE',
	},
	document: {
		displayName: 'document_template',
		template: 'Hello {{1}}. Please find your requested document attached.',
		example: 'Hello Maria. Please find your requested document attached.',
		elementName: 'document_template',
		params: [{ param: '1', label: 'customer', example: 'Maria' }],
		paramsNumber: 1,
		type: 'DOCUMENT',
		language: 'en',
		category: 'MARKETING',
		mediaUrl: 'https://cdn.example.com/document.pdf',
		interactiveAction: 'NONE',
	},
	video: {
		displayName: 'video_template',
		template: 'Hello {{1}}. Watch our new video.',
		example: 'Hello Maria. Watch our new video.',
		elementName: 'video_template',
		params: [{ param: '1', label: 'customer', example: 'Maria' }],
		paramsNumber: 1,
		type: 'VIDEO',
		language: 'en',
		category: 'MARKETING',
		mediaUrl: 'https://cdn.example.com/video.mp4',
		interactiveAction: 'NONE',
	},
} as const;

export type DocExample =
	(typeof CREATE_TEMPLATE_DOC_EXAMPLES)[keyof typeof CREATE_TEMPLATE_DOC_EXAMPLES];

/** Template → Create parameters as the editor saves them when a user fills the node for a doc example. */
export function templateCreateParameters(doc: DocExample): INodeParameters {
	const buttons = 'buttons' in doc ? doc.buttons : [];
	return {
		resource: 'template',
		operation: 'create',
		category: doc.category,
		templateLanguage: doc.language,
		elementName: doc.elementName,
		displayName: doc.displayName,
		templateBody: doc.template,
		params: { values: doc.params.map(({ label, example }) => ({ label, example })) },
		templateType: doc.type,
		...('mediaUrl' in doc ? { mediaUrl: doc.mediaUrl } : {}),
		interactiveAction: doc.interactiveAction,
		buttons: {
			values: buttons.map((button) =>
				button.type === 'URL'
					? { type: 'URL', text: button.text, url: button.url }
					: button.type === 'PHONE_NUMBER'
						? { type: 'PHONE_NUMBER', text: button.text, phoneNumber: button.phone_number }
						: { text: button.text },
			),
		},
		sendToAprove: true,
	};
}
