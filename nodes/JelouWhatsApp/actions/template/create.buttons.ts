import type { IDataObject } from 'n8n-workflow';
import { InvalidFieldError, parseUrl, requireText } from '../../shared/validation';
import { placeholderNumbers } from '../../templates/model';
import { ACTION_NAMES, CALL_TO_ACTION_MAX, QUICK_REPLY_MAX, text } from './create.rules';
import type { ButtonInput } from './create.body';

export function buildButtons(action: string, buttons: ButtonInput[]): IDataObject[] | undefined {
	if (action === 'NONE') {
		if (buttons.length > 0) {
			throw new InvalidFieldError(
				'Buttons',
				`${buttons.length} given but Interactive Action is None`,
				'Remove the buttons, or choose the Interactive Action they belong to.',
			);
		}
		return undefined;
	}
	const actionName = ACTION_NAMES[action];
	const texts = buttons.map((button, index) =>
		requireText(
			'Buttons',
			button.text,
			`Enter the text shown on button ${index + 1}; it cannot be changed after the template is created.`,
		),
	);
	if (action === 'QUICK_REPLY') {
		if (buttons.length < 1 || buttons.length > QUICK_REPLY_MAX) {
			throw new InvalidFieldError(
				'Buttons',
				`Quick Reply needs 1 to ${QUICK_REPLY_MAX} buttons, ${buttons.length} given`,
				`Keep between 1 and ${QUICK_REPLY_MAX} buttons.`,
			);
		}
		return texts.map((buttonText) => ({ text: buttonText, type: 'QUICK_REPLY' }));
	}
	if (action === 'OTP') {
		if (buttons.length !== 1) {
			throw new InvalidFieldError(
				'Buttons',
				`One-Time Password (OTP) needs exactly 1 button, ${buttons.length} given`,
				'Keep exactly one button, e.g. with the text COPY CODE.',
			);
		}
		return [{ text: texts[0], type: 'OTP' }];
	}
	if (buttons.length < 1 || buttons.length > CALL_TO_ACTION_MAX) {
		throw new InvalidFieldError(
			'Buttons',
			`${actionName} needs 1 or ${CALL_TO_ACTION_MAX} buttons, ${buttons.length} given`,
			'Keep at most one URL button and one Phone Number button.',
		);
	}
	const kinds = buttons.map((button, index) => {
		const kind = text(button.type).toUpperCase();
		if (kind !== 'URL' && kind !== 'PHONE_NUMBER') {
			throw new InvalidFieldError(
				'Buttons',
				`button ${index + 1} has type "${text(button.type)}"; ${actionName} buttons are URL or PHONE_NUMBER`,
				'Set the button Type to URL or Phone Number.',
			);
		}
		return kind;
	});
	for (const kind of ['URL', 'PHONE_NUMBER']) {
		if (kinds.filter((k) => k === kind).length > 1) {
			const name = kind === 'URL' ? 'URL' : 'Phone Number';
			throw new InvalidFieldError(
				'Buttons',
				`${actionName} allows one ${name} button, 2 given`,
				`Keep one URL button and one Phone Number button at most.`,
			);
		}
	}
	return buttons.map((button, index) => {
		const position = `button ${index + 1} ("${texts[index]}")`;
		if (kinds[index] === 'PHONE_NUMBER') {
			const phone = requireText(
				'Buttons',
				button.phoneNumber,
				`Enter the phone number ${position} calls, with country code, e.g. +593991234567.`,
			);
			return { text: texts[index], type: 'PHONE_NUMBER', phone_number: phone };
		}
		const url = requireText(
			'Buttons',
			button.url,
			`Enter the link ${position} opens, e.g. https://example.com/offers.`,
		);
		const parsed = parseUrl(url);
		if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
			throw new InvalidFieldError(
				'Buttons',
				`the URL of ${position}, "${url}", is not a web link`,
				'Enter a link starting with https://.',
			);
		}
		const urlPlaceholders = placeholderNumbers(url);
		let example = text(button.example);
		// A fixed link is its own example; only a link with {{1}} needs the user to show a filled-in one.
		if (example === '' && urlPlaceholders.length === 0) example = url;
		if (example === '') {
			throw new InvalidFieldError(
				'Buttons',
				`${position} has a link with {{1}} but no URL example`,
				'Enter URL Example: the full link with {{1}} replaced, e.g. https://example.com/offers.',
			);
		}
		return { text: texts[index], type: 'URL', url, example };
	});
}
