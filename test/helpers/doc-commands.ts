// The curl commands the docs and the examples' canvas notes give a person to copy, read as a test can run them.

/** One `curl …` as written: method, URL, `-u` login, headers and body. */
export interface DocCommand {
	text: string;
	method: string;
	url: string;
	user?: string;
	headers: Record<string, string>;
	body?: string;
}

/** The inline code spans of a Markdown text that start with `curl `. */
export function curlCommandsIn(markdown: string): string[] {
	return [...markdown.matchAll(/`(curl [^`]+)`/g)].map((match) => match[1]);
}

/** Splits a shell command line into words, honouring single and double quotes (as a POSIX shell would here). */
function shellWords(line: string): string[] {
	const words: string[] = [];
	let word: string | undefined;
	for (let index = 0; index < line.length; index++) {
		const char = line[index];
		if (char === "'" || char === '"') {
			const end = line.indexOf(char, index + 1);
			if (end === -1) throw new Error(`unclosed quote in: ${line}`);
			word = (word ?? '') + line.slice(index + 1, end);
			index = end;
		} else if (/\s/.test(char)) {
			if (word !== undefined) words.push(word);
			word = undefined;
		} else word = (word ?? '') + char;
	}
	if (word !== undefined) words.push(word);
	return words;
}

export function parseCurl(text: string): DocCommand {
	const words = shellWords(text);
	if (words[0] !== 'curl') throw new Error(`not a curl command: ${text}`);
	const command: DocCommand = { text, method: '', url: '', headers: {} };
	for (let index = 1; index < words.length; index++) {
		const word = words[index];
		const next = () => {
			const value = words[++index];
			if (value === undefined) throw new Error(`${word} without a value in: ${text}`);
			return value;
		};
		if (word === '-X' || word === '--request') command.method = next();
		else if (word === '-u' || word === '--user') command.user = next();
		else if (word === '-H' || word === '--header') {
			const [name, ...value] = next().split(':');
			command.headers[name.trim().toLowerCase()] = value.join(':').trim();
		} else if (word === '-d' || word === '--data') command.body = next();
		else if (word.startsWith('-')) throw new Error(`option ${word} not understood in: ${text}`);
		else command.url = word;
	}
	if (!command.url) throw new Error(`no URL in: ${text}`);
	command.method ||= command.body === undefined ? 'GET' : 'POST';
	return command;
}

/**
 * Runs a documented command against servers of a test: `origins` maps the documented origin (e.g.
 * http://127.0.0.1:5680) to the test's, and `login` replaces the documented `-u` login.
 */
export async function runDocCommand(
	command: DocCommand,
	origins: Record<string, string>,
	login?: string,
): Promise<Response> {
	const url = new URL(command.url);
	const origin = origins[url.origin];
	if (!origin) throw new Error(`no test server stands in for ${url.origin} (${command.text})`);
	const headers: Record<string, string> = { ...command.headers };
	const user = command.user === undefined ? undefined : (login ?? command.user);
	if (user) headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
	return await fetch(`${origin}${url.pathname}${url.search}`, {
		method: command.method,
		headers,
		body: command.body,
	});
}
