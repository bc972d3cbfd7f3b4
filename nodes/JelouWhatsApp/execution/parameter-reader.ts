import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { itemFieldPath, readPath } from '../shared/item-paths';

type GetNodeParameter = (
	parameterName: string,
	itemIndex: number,
	fallbackValue?: unknown,
	options?: Parameters<IExecuteFunctions['getNodeParameter']>[3],
) => unknown;

const isExpression = (value: unknown): value is string =>
	typeof value === 'string' && value.startsWith('=');

/** Every expression string anywhere inside a parameter value. */
function expressionsIn(value: unknown, found: string[] = []): string[] {
	if (isExpression(value)) found.push(value);
	else if (Array.isArray(value)) for (const entry of value) expressionsIn(entry, found);
	else if (value !== null && typeof value === 'object')
		for (const entry of Object.values(value)) expressionsIn(entry, found);
	return found;
}

/** The primitive at `path` in an item's JSON; undefined when anything else is there, so n8n decides. */
function primitiveAt(json: unknown, path: string[]): string | number | boolean | undefined {
	const value = readPath(json, path);
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
		? value
		: undefined;
}

/** The raw value with every `$json` expression replaced by the item's value; undefined when one needs n8n. */
function substitute(
	raw: unknown,
	paths: Map<string, string[]>,
	json: unknown,
): { value: unknown } | undefined {
	if (isExpression(raw)) {
		const value = primitiveAt(json, paths.get(raw)!);
		return value === undefined ? undefined : { value };
	}
	if (Array.isArray(raw)) {
		const values: unknown[] = [];
		for (const entry of raw) {
			const resolved = substitute(entry, paths, json);
			if (!resolved) return undefined;
			values.push(resolved.value);
		}
		return { value: values };
	}
	if (raw !== null && typeof raw === 'object') {
		const values: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(raw)) {
			const resolved = substitute(entry, paths, json);
			if (!resolved) return undefined;
			values[key] = resolved.value;
		}
		return { value: values };
	}
	return { value: raw };
}

const copy = <T>(value: T): T =>
	value !== null && typeof value === 'object' ? structuredClone(value) : value;

/** `a.b[0]["c d"]` as n8n (lodash's `get`) reads a parameter name; undefined for any other spelling. */
const NAME_STEP = /^(?:\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\["([^"\\]*)"\]|\['([^'\\]*)'\])/;

function namePath(name: string): string[] | undefined {
	if (name.startsWith('.')) return undefined;
	const path: string[] = [];
	for (let rest = name; rest !== '';) {
		const step = NAME_STEP.exec(rest);
		if (!step) return undefined;
		path.push(step[1] ?? step[2] ?? step[3] ?? step[4]);
		rest = rest.slice(step[0].length);
	}
	return path;
}

const UNKNOWN = Symbol('unknown');

/** The parameter as saved, found the way n8n finds it; UNKNOWN when the name is spelled some other way. */
function rawParameter(parameters: INodeParameters, name: string): unknown {
	const path = namePath(name);
	if (!path) return UNKNOWN;
	let current: unknown = parameters;
	for (const key of path) {
		if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key))
			return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/** How one parameter (with one set of read options) is read for every item of the execution. */
type Plan =
	| { kind: 'constant'; value?: { value: unknown } }
	/** Not in the node's parameters: n8n gives the caller's fallback, so one value per fallback. */
	| { kind: 'absent'; values: Map<string | undefined, { value: unknown }> }
	| { kind: 'jsonPaths'; raw: unknown; paths: Map<string, string[]>; checked: boolean }
	| { kind: 'perItem' };

function planFor(raw: unknown, shapedByN8n: boolean): Plan {
	if (raw === UNKNOWN) return { kind: 'perItem' };
	if (raw === undefined) return { kind: 'absent', values: new Map() };
	const expressions = expressionsIn(raw);
	if (expressions.length === 0) return { kind: 'constant' };
	if (shapedByN8n) return { kind: 'perItem' };
	const paths = new Map<string, string[]>();
	for (const expression of expressions) {
		const path = itemFieldPath(expression);
		if (!path) return { kind: 'perItem' };
		paths.set(expression, path);
	}
	return { kind: 'jsonPaths', raw, paths, checked: false };
}

/**
 * Reads the node's parameters for many items at the cost of few. n8n evaluates a parameter in full on every
 * `getNodeParameter` call, and each expression in it builds a fresh data proxy (about a third of a millisecond),
 * which made reading parameters most of the node's own cost per item. This context reads:
 * - a parameter that holds no expression once per execution (every item gets its own copy), and one the node
 *   does not have (hidden for this node version or operation) once per fallback value;
 * - a parameter whose expressions are all plain `{{ $json.field }}` look-ups straight from the item, after
 *   checking once against n8n's own evaluation that both agree (when the value found is not text, a number
 *   or a boolean, n8n evaluates it);
 * - anything else through n8n for every item, as before.
 * Errors stay n8n's: a read that fails is not remembered and fails again for the next item.
 */
export function readParametersOnce(context: IExecuteFunctions): IExecuteFunctions {
	// n8n deep-copies the node on every getNode(); one copy serves the execution, which never changes it.
	const node = context.getNode();
	const { parameters } = node;
	const evaluate = context.getNodeParameter.bind(context) as GetNodeParameter;
	const plans = new Map<string, Plan>();
	let inputJson: unknown[] | undefined;
	const jsonOf = (itemIndex: number) =>
		(inputJson ??= context.getInputData().map((item) => item.json))[itemIndex];

	const getNodeParameter: GetNodeParameter = (name, itemIndex, fallbackValue, options) => {
		const key = options ? `${name}\u0000${JSON.stringify(options)}` : name;
		let plan = plans.get(key);
		if (!plan) {
			// Values n8n shapes after evaluating them (resource locators, typed reads) are looked up by n8n.
			plan = planFor(
				rawParameter(parameters, name),
				Boolean(options?.extractValue || options?.ensureType),
			);
			plans.set(key, plan);
		}
		switch (plan.kind) {
			case 'constant':
				plan.value ??= { value: evaluate(name, itemIndex, fallbackValue, options) };
				return copy(plan.value.value);
			case 'jsonPaths': {
				const fast = substitute(plan.raw, plan.paths, jsonOf(itemIndex));
				if (fast && plan.checked) return fast.value;
				const value = evaluate(name, itemIndex, fallbackValue, options);
				if (fast && !sameJson(fast.value, value)) plans.set(key, { kind: 'perItem' });
				else if (fast) plan.checked = true;
				return value;
			}
			case 'absent': {
				const fallbackKey = JSON.stringify(fallbackValue);
				const read = plan.values.get(fallbackKey);
				if (read) return copy(read.value);
				const value = evaluate(name, itemIndex, fallbackValue, options);
				// A fallback that holds an expression is n8n's to evaluate for each item.
				if (expressionsIn(fallbackValue).length === 0) plan.values.set(fallbackKey, { value });
				return copy(value);
			}
			default:
				return evaluate(name, itemIndex, fallbackValue, options);
		}
	};

	const reader = Object.create(context) as IExecuteFunctions;
	reader.getNodeParameter = getNodeParameter as IExecuteFunctions['getNodeParameter'];
	reader.getNode = () => node;
	return reader;
}

/**
 * Whether two values read from parameters are equal as JSON data: primitives, arrays and plain objects, compared in
 * depth. Anything else (a date, a class instance) counts as different, which only makes the reader evaluate per item.
 */
function sameJson(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a))
		return (
			a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]))
		);
	const plain = (value: object) =>
		Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
	if (!plain(a) || !plain(b)) return false;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every(
		(key) =>
			Object.prototype.hasOwnProperty.call(b, key) &&
			sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
	);
}
