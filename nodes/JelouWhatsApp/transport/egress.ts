import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/**
 * n8n's outbound policy (SSRF protection) for a node's own HTTP client. n8n 2.40+ hands it to nodes as
 * `helpers.getSecureEgressFilter()`; it lets everything through unless the instance turned protection on.
 * Older lines have none, and the client connects as it always did. Only the parts the transport uses, so the
 * type holds on every n8n line.
 */
export interface EgressFilter {
	/** Before anything is sent: resolves the host name and checks its addresses (an IP literal without DNS). */
	validateUrl(url: string | URL): Promise<{ ok: true } | { ok: false; error: Error }>;
}

/** n8n's refusal: its message, and its description naming the target and who can allow it. */
export type EgressRefusal = Error & { description?: string };

/** The instance's egress filter under its own policy, on n8n lines that have one. */
export function egressFilterOf(context: { helpers: object }): EgressFilter | undefined {
	const helpers = context.helpers as {
		getSecureEgressFilter?: (policy?: 'safe') => EgressFilter;
	};
	return typeof helpers.getSecureEgressFilter === 'function'
		? helpers.getSecureEgressFilter('safe')
		: undefined;
}

/**
 * What the policy says of `url` before anything is sent: n8n's refusal, or undefined when it is allowed. A host
 * name that does not resolve is left to the request, which says so in its own words.
 */
export async function refusalOf(
	filter: EgressFilter | undefined,
	url: string,
): Promise<EgressRefusal | undefined> {
	if (!filter) return undefined;
	try {
		const verdict = await filter.validateUrl(url);
		return verdict.ok ? undefined : verdict.error;
	} catch {
		return undefined;
	}
}

/** n8n's refusal (SsrfBlockedIpError, SsrfBlockedHostnameError) among an error's causes: n8n's HTTP client refused it. */
export function refusalIn(error: unknown): EgressRefusal | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
		if (current.name.startsWith('SsrfBlocked')) return current;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** The error for a base URL the policy refused, before sending or when a connection was opened. */
export function baseUrlRefusedError(
	node: INode,
	refusal: EgressRefusal,
	baseUrl: string,
	itemIndex?: number,
): NodeOperationError {
	const destination = `the Base URL of the Jelou API credential (${new URL(baseUrl).origin})`;
	return refusedDestinationError(node, refusal, destination, itemIndex);
}

/** The item's error for a refused destination: n8n's reason and whose address it was; nothing was sent. */
export function refusedDestinationError(
	node: INode,
	refusal: EgressRefusal,
	destination: string,
	itemIndex?: number,
): NodeOperationError {
	const reason = refusal.description ? `${refusal.description} ` : '';
	return new NodeOperationError(node, refusal.message, {
		itemIndex,
		description: `${reason}Refused: ${destination}. Nothing was sent.`,
	});
}
