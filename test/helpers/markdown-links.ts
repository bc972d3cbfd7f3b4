import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The anchor GitHub gives a heading: lower-case, punctuation dropped but `-` and `_`, each space a `-`. */
export function githubSlug(heading: string): string {
	const text = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link or image in a heading reads as its text
		.replace(/<[^>]+>/g, '');
	return text
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** Fenced code blocks blanked out line for line, so line numbers stay right and nothing in them counts. */
function withoutCodeBlocks(markdown: string): string {
	let fence: string | undefined;
	return markdown
		.split('\n')
		.map((line) => {
			const marker = /^\s*(```|~~~)/.exec(line)?.[1];
			if (fence === undefined && marker) {
				fence = marker;
				return '';
			}
			if (fence !== undefined) {
				if (marker === fence) fence = undefined;
				return '';
			}
			return line;
		})
		.join('\n');
}

/** Every anchor a page has: one per heading, the second of a name getting `-1`, as GitHub does. */
export function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const line of withoutCodeBlocks(markdown).split('\n')) {
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
		if (heading === undefined) continue;
		const slug = githubSlug(heading);
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

export interface MarkdownLink {
	target: string;
	line: number;
	image: boolean;
}

/** Inline links and images, and reference definitions (`[name]: url`), outside code. */
export function linksOf(markdown: string): MarkdownLink[] {
	// code spans may run over a line break; blank them but keep the line breaks
	const text = withoutCodeBlocks(markdown).replace(/`[^`]*`/g, (span) =>
		span.replace(/[^\n]/g, ' '),
	);
	const lineAt = (index: number) => text.slice(0, index).split('\n').length;
	const links: MarkdownLink[] = [];
	for (const match of text.matchAll(/(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
		links.push({ target: match[2], line: lineAt(match.index), image: match[1] === '!' });
	}
	for (const match of text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) {
		links.push({ target: match[1], line: lineAt(match.index), image: false });
	}
	return links;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/**
 * What is wrong with the links of one Markdown file of the repository: relative links and images to files
 * that do not exist, and anchors (on the same page or another) that match no heading. Links into this
 * repository on GitHub (`<repository>/blob/main/…`) are checked as relative ones; other external links are
 * not fetched.
 */
export function brokenLinks(repoRoot: string, file: string, repositoryUrl: string): string[] {
	const source = join(repoRoot, file);
	const markdown = readFileSync(source, 'utf8');
	const problems: string[] = [];
	for (const { target, line, image } of linksOf(markdown)) {
		const where = `${file}:${line} ${image ? 'image' : 'link'} ${target}`;
		let local: string;
		if (
			target.startsWith(`${repositoryUrl}/blob/main/`) ||
			target.startsWith(`${repositoryUrl}/tree/main/`)
		) {
			local = join(repoRoot, target.slice(`${repositoryUrl}/blob/main/`.length));
		} else if (isExternal(target)) {
			continue;
		} else {
			const [path] = target.split('#');
			local = path === '' ? source : resolve(dirname(source), decodeURIComponent(path));
		}
		const [, anchor] = target.split('#');
		const path = local.split('#')[0];
		if (!existsSync(path)) {
			problems.push(`${where}: ${relative(repoRoot, path)} does not exist`);
			continue;
		}
		if (image && !statSync(path).isFile()) problems.push(`${where}: not a file`);
		if (anchor === undefined) continue;
		if (!path.endsWith('.md')) {
			problems.push(`${where}: an anchor into a file that is not Markdown`);
			continue;
		}
		const anchors = anchorsOf(readFileSync(path, 'utf8'));
		if (!anchors.has(decodeURIComponent(anchor))) {
			problems.push(
				`${where}: no heading of ${relative(repoRoot, path)} has the anchor #${anchor}`,
			);
		}
	}
	return problems;
}

/** `https://github.com/<owner>/<repo>` from package.json's `repository.url`. */
export function repositoryUrlOf(repoRoot: string): string {
	const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
		repository: { url: string };
	};
	return pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
}
