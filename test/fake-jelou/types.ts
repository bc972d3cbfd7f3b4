export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'DRAFT';
export type TemplateCategory = 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';

export interface TemplateButton {
	text: string;
	/** The four kinds of create-template.txt, and Meta's COPY_CODE and CATALOG as a listed template shows them. */
	type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'OTP' | 'COPY_CODE' | 'CATALOG';
	url?: string;
	phone_number?: string;
	example?: string;
}

export interface FakeTemplate {
	elementName: string;
	displayName: string;
	template: string;
	params: { param: string; label: string; example?: string }[];
	paramsNumber: number;
	language: string;
	/** DRAFT is what a template created without `sendToAprove=true` gets. */
	status: TemplateStatus;
	category: TemplateCategory;
	/** HSM (text), IMAGE, VIDEO or DOCUMENT, as Jelou's create-template spells it; CAROUSEL and CATALOG for those kinds. */
	type?: string;
	mediaUrl?: string;
	interactiveAction?: 'NONE' | 'CALL_TO_ACTION' | 'QUICK_REPLY' | 'OTP';
	buttons?: TemplateButton[];
	header?: string;
	exampleHeader?: string;
	headerParams?: unknown[];
	/** A carousel's cards: each card's text, variables and buttons. */
	cards?: Array<{ template: string; params: FakeTemplate['params']; buttons?: TemplateButton[] }>;
	example?: string;
	isVisible?: boolean;
	extraSettings?: Record<string, unknown>;
	createdAt?: string;
	updatedAt?: string;
}

export type NotificationStatus =
	'CREATED' | 'DELIVERED_CHANNEL' | 'DELIVERED_USER' | 'READ' | 'REPLY' | 'FAILED';

export interface SentMessage {
	id: string;
	destination: string;
	/** Empty for session messages, which use no template. */
	elementName: string;
	body: unknown;
	/** What the notifications endpoints report; a test may change it to simulate READ, FAILED... */
	status: NotificationStatus;
	campaignId?: string;
	createdAt: string;
}

export type CampaignStatus = 'COMPLETED' | 'PENDING' | 'IN_PROGRESS' | 'SCHEDULED';

export interface FakeCampaign {
	_id: string;
	name: string;
	/** Null when the CSV came by `fileUrl`, which the fake never downloads. */
	fileName: string | null;
	status: CampaignStatus;
	rowCount: number;
	scheduledAt: string | null;
	elementName: string;
	botId: string;
	createdAt: string;
	updatedAt?: string;
	/** Jelou's current reference lists these; the fake keeps them up to date for the campaigns it plays out. */
	totalMessages?: number;
	deliveredMessages?: number;
	failedMessages?: number;
	completedAt?: string | null;
}

export interface UploadedFile {
	fieldName: string;
	filename: string;
	contentType: string;
	content: Buffer;
}

/** 'auto' answers `{data}` unless the query has `page` or `limit`; the others force one shape. */
export type TemplateListShape = 'auto' | 'data' | 'paginated';

export interface FakeState {
	botId: string;
	templates: FakeTemplate[];
	campaigns: FakeCampaign[];
	sentMessages: SentMessage[];
	templateListShape: TemplateListShape;
}

export interface HandlerInput {
	params: Record<string, string>;
	query: Record<string, string>;
	/** Parsed JSON body; undefined when the request had none or it was not JSON. */
	body: unknown;
	/** Text fields of a multipart body; undefined when the request was not multipart. */
	form?: Record<string, string>;
	file?: UploadedFile;
}
