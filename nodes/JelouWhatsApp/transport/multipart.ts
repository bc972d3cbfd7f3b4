interface MultipartFile {
	fieldName: string;
	filename: string;
	contentType: string;
	/** Opened once per attempt, so a retried upload streams the file again from the start. */
	open(): AsyncIterable<Uint8Array>;
}

export interface MultipartBody {
	fields: Array<[name: string, value: string]>;
	file: MultipartFile;
}

/** The form as `multipart/form-data` bytes, the file streamed rather than held in memory. */
export async function* multipartStream(
	body: MultipartBody,
	boundary: string,
): AsyncGenerator<Buffer> {
	const escape = (text: string) => text.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
	for (const [name, value] of body.fields) {
		yield Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${value}\r\n`,
		);
	}
	const { file } = body;
	yield Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="${escape(file.fieldName)}"; filename="${escape(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
	);
	for await (const chunk of file.open()) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
	yield Buffer.from(`\r\n--${boundary}--\r\n`);
}
