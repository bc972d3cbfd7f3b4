import type { INodeProperties } from 'n8n-workflow';

/** Message → Send, Message Type Contact Card: the cards, as Jelou's `contacts` array asks for them. */
export const contactsField: INodeProperties = {
	displayName: 'Contacts',
	name: 'contacts',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	placeholder: 'Add Contact',
	description: 'The contact cards to share. Each needs a name and a phone number or an e-mail.',
	displayOptions: { show: { messageType: ['contacts'] } },
	options: [
		{
			displayName: 'Contact',
			name: 'contact',
			values: [
				{
					displayName: 'Addresses',
					name: 'addresses',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					default: {},
					placeholder: 'Add Address',
					options: [
						{
							displayName: 'Address',
							name: 'address',
							values: [
								{ displayName: 'City', name: 'city', type: 'string', default: '' },
								{
									displayName: 'Country',
									name: 'country',
									type: 'string',
									default: '',
									placeholder: 'e.g. Ecuador',
								},
								{
									displayName: 'Country Code',
									name: 'countryCode',
									type: 'string',
									default: '',
									placeholder: 'e.g. EC',
									description: 'Two-letter ISO code of the country',
								},
								{
									displayName: 'State',
									name: 'state',
									type: 'string',
									default: '',
									placeholder: 'e.g. Pichincha',
								},
								{
									displayName: 'Street',
									name: 'street',
									type: 'string',
									default: '',
									placeholder: 'e.g. Av. Amazonas N34-120',
								},
								{
									displayName: 'Type',
									name: 'type',
									type: 'string',
									default: '',
									placeholder: 'e.g. Work',
								},
								{
									displayName: 'ZIP',
									name: 'zip',
									type: 'string',
									default: '',
									placeholder: 'e.g. 170135',
								},
							],
						},
					],
				},
				{
					displayName: 'E-Mails',
					name: 'emails',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					default: {},
					placeholder: 'Add E-Mail',
					options: [
						{
							displayName: 'E-Mail',
							name: 'email',
							values: [
								{
									displayName: 'E-Mail',
									name: 'email',
									type: 'string',
									placeholder: 'name@email.com',
									default: '',
								},
								{
									displayName: 'Type',
									name: 'type',
									type: 'string',
									default: '',
									placeholder: 'e.g. Work',
								},
							],
						},
					],
				},
				{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
				{
					displayName: 'Formatted Name',
					name: 'formattedName',
					type: 'string',
					default: '',
					placeholder: 'e.g. Jelou Store Quito',
					description: 'The name WhatsApp shows on the card; when empty, First Name and Last Name',
				},
				{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
				{
					displayName: 'Phones',
					name: 'phones',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					default: {},
					placeholder: 'Add Phone',
					options: [
						{
							displayName: 'Phone',
							name: 'phone',
							values: [
								{
									displayName: 'Phone Number',
									name: 'phone',
									type: 'string',
									default: '',
									placeholder: 'e.g. +593 99 123 4567',
									description: 'With country code; sent in E.164 form with +',
								},
								{
									displayName: 'Type',
									name: 'type',
									type: 'string',
									default: '',
									placeholder: 'e.g. Mobile',
								},
								{
									displayName: 'WhatsApp ID',
									name: 'waId',
									type: 'string',
									default: '',
									placeholder: 'e.g. 593991234567',
									description:
										'The number’s WhatsApp ID (digits only); with it WhatsApp offers to write to the contact',
								},
							],
						},
					],
				},
			],
		},
	],
};
