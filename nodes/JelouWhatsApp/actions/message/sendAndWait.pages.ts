import type { IDataObject } from 'n8n-workflow';

import { inputName } from './sendAndWait.form';
import type { FormField } from './sendAndWait.form';

/** Text made safe for HTML, in element content and in quoted attributes alike. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

// Small and self-contained: no fonts, scripts or images from elsewhere, readable on a phone.
const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f4f6f8;color:#1d2630;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:32rem;margin:0 auto;padding:1.25rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.35rem;margin:0 0 .75rem}
p{margin:0 0 1rem;white-space:pre-line}
label{display:block;font-weight:600;margin:1rem 0 .35rem}
.choice{font-weight:400;margin:.35rem 0}
input[type=text],input[type=email],input[type=number],input[type=password],input[type=date],select,textarea{width:100%;padding:.7rem;border:1px solid #b8c2cc;border-radius:8px;font:inherit}
textarea{min-height:8rem}
button{width:100%;margin-top:1.25rem;padding:.85rem;border:0;border-radius:8px;background:#128c7e;color:#fff;font:inherit;font-weight:600;font-size:1.05rem}
.problem{color:#b42318;margin:.25rem 0 0;font-size:.95rem}
.status{font-size:2.5rem;margin:0 0 .5rem}
`;

function page(title: string, content: string): string {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main><div class="card">
${content}
</div></main></body>
</html>`;
}

/** The page after a tap or a submitted answer: what was recorded, and that the page may be closed. */
export function recordedPage(answer: 'approved' | 'declined' | 'sent'): string {
	const [mark, headline] =
		answer === 'approved'
			? ['✓', 'Approved']
			: answer === 'declined'
				? ['✗', 'Declined']
				: ['✓', 'Response sent'];
	return page(
		headline,
		`<p class="status" aria-hidden="true">${mark}</p>
<h1>${headline}</h1>
<p>Thank you, your answer was recorded. You can close this page now.</p>`,
	);
}

export interface ResponsePageContent {
	title: string;
	description: string;
	buttonLabel: string;
	fields: FormField[];
	/** What was submitted, shown again with the problems when the answer was incomplete. */
	submitted?: IDataObject;
	problems?: Record<string, string>;
}

function selected(submitted: unknown, option: string): boolean {
	return Array.isArray(submitted) ? submitted.map(String).includes(option) : submitted === option;
}

function fieldHtml(field: FormField, index: number, content: ResponsePageContent): string {
	const name = inputName(index);
	const submitted = content.submitted?.[name];
	const problem = content.problems?.[field.label];
	const required = field.required ? ' required' : '';
	const placeholder = field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : '';
	const label = `${escapeHtml(field.label)}${field.required ? ' *' : ''}`;
	let input: string;
	if (field.type === 'checkbox' || field.type === 'radio') {
		input = (field.options ?? [])
			.map(
				(option) =>
					`<label class="choice"><input type="${field.type}" name="${name}" value="${escapeHtml(option)}"${selected(submitted, option) ? ' checked' : ''}> ${escapeHtml(option)}</label>`,
			)
			.join('\n');
		return `<fieldset style="border:0;padding:0;margin:0"><legend><label>${label}</label></legend>\n${input}\n${problemHtml(problem)}</fieldset>`;
	}
	if (field.type === 'dropdown') {
		const empty = field.multiselect ? '' : '<option value="">Choose…</option>';
		input = `<select id="${name}" name="${name}"${field.multiselect ? ' multiple' : ''}${required}>${empty}${(
			field.options ?? []
		)
			.map(
				(option) =>
					`<option value="${escapeHtml(option)}"${selected(submitted, option) ? ' selected' : ''}>${escapeHtml(option)}</option>`,
			)
			.join('')}</select>`;
	} else if (field.type === 'textarea') {
		input = `<textarea id="${name}" name="${name}"${placeholder}${required}>${escapeHtml(submitted)}</textarea>`;
	} else {
		const value =
			field.type === 'password' || submitted === undefined
				? ''
				: ` value="${escapeHtml(submitted)}"`;
		input = `<input type="${field.type}" id="${name}" name="${name}"${value}${placeholder}${required}>`;
	}
	return `<label for="${name}">${label}</label>\n${input}\n${problemHtml(problem)}`;
}

function problemHtml(problem: string | undefined): string {
	return problem ? `<p class="problem">${escapeHtml(problem)}</p>` : '';
}

/**
 * The Free Text or Custom Form page. It posts to its own address (the signed link it was opened with), as
 * multipart form data, which n8n parses for send-and-wait forms.
 */
export function responsePage(content: ResponsePageContent): string {
	const title = content.title.trim() || 'Your response';
	const description = content.description.trim();
	return page(
		title,
		`<h1>${escapeHtml(title)}</h1>
${description === '' ? '' : `<p>${escapeHtml(description)}</p>`}
<form method="post" enctype="multipart/form-data">
${content.fields.map((field, index) => fieldHtml(field, index, content)).join('\n')}
<button type="submit">${escapeHtml(content.buttonLabel.trim() || 'Submit')}</button>
</form>`,
	);
}
