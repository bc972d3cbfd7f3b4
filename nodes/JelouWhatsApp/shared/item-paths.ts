/** `{{ $json.a.b }}`, `{{ $json["a b"] }}`, `{{ $json.list[0] }}` as the whole parameter, spaces allowed inside. */
const JSON_PATH_EXPRESSION =
	/^=\{\{\s*\$json((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:\d+|"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/;
const PATH_STEP =
	/\.\s*([A-Za-z_$][\w$]*)|\[\s*(\d+)\s*\]|\[\s*"([^"\\]*)"\s*\]|\[\s*'([^'\\]*)'\s*\]/g;

/**
 * The field path of an expression that only reads the item, such as `={{ $json.phone }}` or
 * `={{ $json["first name"] }}`; undefined for any other expression. Reading such a field straight
 * from the item gives what n8n's evaluation gives, thousands of times faster on many items.
 */
export function itemFieldPath(expression: unknown): string[] | undefined {
	if (typeof expression !== 'string') return undefined;
	const match = JSON_PATH_EXPRESSION.exec(expression.trim());
	if (!match) return undefined;
	return [...match[1].matchAll(PATH_STEP)].map((step) => step[1] ?? step[2] ?? step[3] ?? step[4]);
}

/** The value at `path` in an item's JSON, undefined when any step is missing. */
export function readPath(data: unknown, path: string[]): unknown {
	let value = data;
	for (const key of path) {
		if (
			typeof value !== 'object' ||
			value === null ||
			!Object.prototype.hasOwnProperty.call(value, key)
		)
			return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}
