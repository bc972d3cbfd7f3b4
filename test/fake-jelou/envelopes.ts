// Response bodies copied from Jelou's docs (jelou-docs/send-individual-hsm.txt and friends), so clients
// are tested against the shapes they will meet in production.

export interface LocalizedText {
	en: string;
	es: string;
}

export type ValidationErrors = Record<string, LocalizedText[]>;

export interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export const AUTHENTICATION_FAILED = { message: 'Authentication failed' };

export function botNotFoundBody() {
	return {
		message: ['The Bot could not be found at the moment.'],
		statusMessage: 'failed',
		status: 0,
		error: {
			code: 'E1019',
			key: 'BOT_NOT_FOUND',
			description: 'Error to be thrown when trying to get a Bot.',
			developerMessages: {
				es: 'El botId no se encuentra en la base de datos o ha sido eliminado.',
				en: 'The botId is not found in the database or has been deleted.',
			},
			clientMessages: {
				es: 'El Bot no se pudo encontrar por el momento.',
				en: 'The Bot could not be found at the moment.',
			},
		},
	};
}

export function validatorErrorBody(validationError: ValidationErrors) {
	return {
		message: ['The values entered are not correct.'],
		statusMessage: 'failed',
		status: 0,
		error: {
			code: 'E0422',
			key: 'VALIDATOR_ERROR',
			description: 'Error to be thrown when cannot process request because of incoming values',
			developerMessages: {
				es: 'Los valores del request no son correctos para ser procesados.',
				en: 'The request values are not correct for processing.',
			},
			clientMessages: {
				es: 'Los valores ingresados no son correctos.',
				en: 'The values entered are not correct.',
			},
		},
		validationError,
	};
}

export function unknownErrorBody() {
	return {
		message: ['We are having trouble processing your request. Please try again later.'],
		statusMessage: 'failed',
		status: 0,
		error: {
			code: 'E0000',
			key: 'UNKNOWN_ERROR',
			description: "Error to be thrown when it couldn't be determined the reason of failure",
			developerMessages: {
				es: 'Error inesperado occurido, revisar logs.',
				en: 'Unexpected error occurred, check logs.',
			},
			clientMessages: {
				es: 'Estamos teniendo problemas procesando la solicitud. Por favor intenta mas tarde.',
				en: 'We are having trouble processing your request. Please try again later.',
			},
		},
	};
}

// Jelou documents no rate limit, so this code and text are invented in the style of its other errors.
export function tooManyRequestsBody() {
	return {
		message: ['Too many requests. Please try again later.'],
		statusMessage: 'failed',
		status: 0,
		error: {
			code: 'E0429',
			key: 'TOO_MANY_REQUESTS',
			description: 'Error to be thrown when a client sends more requests than allowed',
			developerMessages: {
				es: 'Se superó el límite de solicitudes; espere lo indicado en Retry-After.',
				en: 'The request rate limit was exceeded; wait as long as Retry-After says.',
			},
			clientMessages: {
				es: 'Demasiadas solicitudes. Por favor intenta mas tarde.',
				en: 'Too many requests. Please try again later.',
			},
		},
	};
}

export function failedBody(message: string, extra: Record<string, unknown> = {}) {
	return { message: [message], status: 'failed', ...extra };
}

/** The body a `status` fault answers with when the test gives none. */
export function defaultFaultBody(status: number): unknown {
	if (status === 401) return AUTHENTICATION_FAILED;
	if (status === 404) return botNotFoundBody();
	if (status === 429) return tooManyRequestsBody();
	if (status >= 500) return unknownErrorBody();
	return failedBody(`Request failed with status ${status}`);
}

export function validationFailed(validationError: ValidationErrors): Reply {
	return { status: 422, body: validatorErrorBody(validationError) };
}

export function botNotFound(): Reply {
	return { status: 404, body: botNotFoundBody() };
}

/** Jelou's API introduction: `forbidden_bot` 403, a bot another company owns. */
export function forbiddenBot(): Reply {
	return {
		status: 403,
		body: {
			message: ['Bot is not allowed to be used by your company'],
			statusMessage: 'failed',
			status: 0,
			error: {
				code: 'forbidden_bot',
				key: 'FORBIDDEN_BOT',
				description: 'Bot is not allowed to be used by your company',
				developerMessages: {
					en: 'Bot is not allowed to be used by your company',
					es: 'El bot no puede ser usado por tu compañía',
				},
				clientMessages: {
					en: 'Bot is not allowed to be used by your company',
					es: 'El bot no puede ser usado por tu compañía',
				},
			},
		},
	};
}

/** Collects every bad field of one request, so a 422 names them all at once as Jelou's does. */
export class Problems {
	private readonly errors: ValidationErrors = {};

	add(field: string, en: string, es: string): void {
		(this.errors[field] ??= []).push({ en, es });
	}

	required(field: string): void {
		this.add(field, `${field} is required.`, `${field} es obligatorio.`);
	}

	oneOf(field: string, allowed: readonly string[]): void {
		this.add(
			field,
			`${field} must be one of: ${allowed.join(', ')}.`,
			`${field} debe ser uno de: ${allowed.join(', ')}.`,
		);
	}

	get any(): boolean {
		return Object.keys(this.errors).length > 0;
	}

	reply(): Reply {
		return validationFailed(this.errors);
	}
}
