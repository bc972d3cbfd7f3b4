import type { IDisplayOptions, IExecuteFunctions } from 'n8n-workflow';

/**
 * The node's versions and the conditions that show fields for them, written once. Conditions use n8n's
 * `_cnd` form, so a later minor version (2.1) keeps the fields of the version before it.
 * Version 2: template-driven fields (Template Variables), plain names for Jelou's bot settings.
 */
export const NODE_VERSIONS = [1, 2];
export const DEFAULT_VERSION = 2;
const TEMPLATE_DRIVEN_FROM = 2;

/** Shown in the versions before template-driven fields (version 1). */
export const beforeTemplateDrivenFields: IDisplayOptions = {
	show: { '@version': [{ _cnd: { lt: TEMPLATE_DRIVEN_FROM } }] },
};
/** Shown from the version with template-driven fields on (version 2 and later). */
export const withTemplateDrivenFields: IDisplayOptions = {
	show: { '@version': [{ _cnd: { gte: TEMPLATE_DRIVEN_FROM } }] },
};

/** True from the version whose fields follow the picked template and name Jelou's settings plainly. */
export function hasTemplateDrivenFields(this: IExecuteFunctions): boolean {
	return this.getNode().typeVersion >= TEMPLATE_DRIVEN_FROM;
}

/**
 * Whether this run's fields follow the template: a version with template-driven fields, and a template picked
 * from the list or typed by name (not an expression, which can mean a different template per item).
 */
export function templateDrivesFields(this: IExecuteFunctions): boolean {
	if (!hasTemplateDrivenFields.call(this)) return false;
	const raw = this.getNodeParameter('template', 0, '', { rawExpressions: true }) as
		{ value?: unknown } | string;
	const value = typeof raw === 'object' && raw !== null ? raw.value : raw;
	return !(typeof value === 'string' && value.startsWith('='));
}
