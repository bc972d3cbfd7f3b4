import { FREE_TEXT_FIELD } from '../../../../nodes/JelouWhatsApp/actions/message/sendAndWait.form';
import {
	escapeHtml,
	recordedPage,
	responsePage,
} from '../../../../nodes/JelouWhatsApp/actions/message/sendAndWait.pages';
import { isPreviewFetcher } from '../../../../nodes/JelouWhatsApp/actions/message/sendAndWait.webhook';

const SELF_CONTAINED = /<(script|link|img|iframe)\b|src=|url\(|https?:\/\//i;

describe('the pages a person sees', () => {
	it('escape everything they show', () => {
		expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
			'&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
		);
		const html = responsePage({
			title: '<Refund>',
			description: 'Order "A&B"\nsecond line',
			buttonLabel: '<Send>',
			fields: [{ label: '<Reason>', type: 'dropdown', required: true, options: ['"x"'] }],
			submitted: { 'field-0': '"x"' },
			problems: { '<Reason>': '<bad>' },
		});
		expect(html).toContain('<title>&lt;Refund&gt;</title>');
		expect(html).toContain('<p>Order &quot;A&amp;B&quot;\nsecond line</p>');
		expect(html).toContain('<option value="&quot;x&quot;" selected>&quot;x&quot;</option>');
		expect(html).toContain('<p class="problem">&lt;bad&gt;</p>');
		expect(html).toContain('<button type="submit">&lt;Send&gt;</button>');
		expect(html).not.toMatch(/<Refund>|<Reason>|<bad>|<Send>/);
	});

	it('are small, self-contained and sized for a phone', () => {
		for (const html of [
			recordedPage('approved'),
			recordedPage('declined'),
			recordedPage('sent'),
			responsePage({ title: '', description: '', buttonLabel: '', fields: [FREE_TEXT_FIELD] }),
		]) {
			expect(html).toContain(
				'<meta name="viewport" content="width=device-width, initial-scale=1">',
			);
			expect(html).toContain('<html lang="en">');
			expect(html).not.toMatch(SELF_CONTAINED);
			expect(Buffer.byteLength(html)).toBeLessThan(4096);
		}
	});

	it('say what was recorded', () => {
		expect(recordedPage('approved')).toContain('<h1>Approved</h1>');
		expect(recordedPage('declined')).toContain('<h1>Declined</h1>');
		expect(recordedPage('sent')).toContain('<h1>Response sent</h1>');
	});

	it('the response page posts multipart form data to its own address, with the text box n8n names field-0', () => {
		const html = responsePage({
			title: '',
			description: 'Why?',
			buttonLabel: '',
			fields: [FREE_TEXT_FIELD],
		});
		expect(html).toContain('<form method="post" enctype="multipart/form-data">');
		expect(html).toContain('<textarea id="field-0" name="field-0" required></textarea>');
		expect(html).toContain('<title>Your response</title>');
		expect(html).toContain('<button type="submit">Submit</button>');
	});
});

describe('isPreviewFetcher', () => {
	it.each([
		'WhatsApp/2.24.6.77 A',
		'WhatsApp/2.23.20.0 i',
		'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
		'meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)',
		'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
		'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
		'TelegramBot (like TwitterBot)',
		'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64) SkypeUriPreview Preview/0.5',
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0 Teams/1.6',
		'',
		undefined,
	])('knows %j', (agent) => {
		expect(isPreviewFetcher(agent)).toBe(true);
	});

	it.each([
		'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
		'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
		'Mozilla/5.0 (Linux; Android 13; CUBOT KingKong 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
	])('lets a person’s browser through: %s', (agent) => {
		expect(isPreviewFetcher(agent)).toBe(false);
	});
});
