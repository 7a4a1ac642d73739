import {
	NodeOperationError,
	type IBinaryData,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

// Sets and maps, not object literals: a name from the item such as "constructor" must not find an inherited key.
/** The only file types Personr accepts for documents, by extension. */
const ACCEPTED_EXTENSIONS: ReadonlySet<string> = new Set(['jpg', 'jpeg', 'png', 'pdf']);
const EXTENSION_OF_MIME: ReadonlyMap<string, string> = new Map([
	['image/jpeg', 'jpg'],
	['image/jpg', 'jpg'],
	['image/png', 'png'],
	['application/pdf', 'pdf'],
]);
/** MIME types that say nothing about the contents. */
const GENERIC_MIME_TYPES = ['', 'application/octet-stream', 'binary/octet-stream'];

const MAGIC_NUMBERS: ReadonlyArray<[mimeType: string, bytes: number[]]> = [
	['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
	['image/jpeg', [0xff, 0xd8, 0xff]],
	['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
];

/** PNG, JPEG or PDF as told by the file's first bytes, or undefined. */
export function sniffMimeType(buffer: Buffer): string | undefined {
	return MAGIC_NUMBERS.find(([, bytes]) =>
		bytes.every((byte, index) => buffer[index] === byte),
	)?.[0];
}

export function extensionForMimeType(mimeType: string | undefined): string | undefined {
	return mimeType === undefined ? undefined : EXTENSION_OF_MIME.get(mimeType);
}

function extensionOf(fileName: string | undefined): string | undefined {
	return /\.([^./\\]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase();
}

export function binaryPropertyField(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the file to upload',
		description:
			'Binary property of the input item holding the document: a JPG, JPEG, PNG or PDF file',
		displayOptions: { show },
	};
}

export interface DocumentFile {
	/** File name with an extension Personr accepts. */
	fileName: string;
	/** The file's bytes, base64-encoded. */
	contents: string;
}

/**
 * The document in the item's binary property, checked to be JPG, JPEG, PNG or PDF (by extension,
 * MIME type, or failing both its first bytes) before anything is sent.
 */
export async function documentFromBinary(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<DocumentFile> {
	const property =
		String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
	const binary: IBinaryData = this.helpers.assertBinaryData(itemIndex, property);
	const mimeType = (binary.mimeType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
	const extension = extensionOf(binary.fileName) ?? binary.fileExtension?.toLowerCase();
	const refuse = (type: string) =>
		new NodeOperationError(
			this.getNode(),
			`Personr accepts only JPG, JPEG, PNG or PDF documents, but "${property}" is ${type}`,
			{
				itemIndex,
				description: `File "${binary.fileName ?? '(no name)'}", MIME type ${mimeType || 'unknown'}. Convert it to JPG, PNG or PDF first (e.g. with the Edit Image node).`,
			},
		);
	if (extension !== undefined && !ACCEPTED_EXTENSIONS.has(extension))
		throw refuse(`a .${extension} file`);
	if (!GENERIC_MIME_TYPES.includes(mimeType) && extensionForMimeType(mimeType) === undefined)
		throw refuse(`of type ${mimeType}`);

	const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	if (buffer.length === 0) {
		throw new NodeOperationError(this.getNode(), `The file in "${property}" is empty`, {
			itemIndex,
		});
	}
	let fileName = binary.fileName?.trim() || 'document';
	if (extension === undefined || extensionOf(fileName) === undefined) {
		// Personr tells file types apart by the name's extension, so a name without one gets it here.
		const derived =
			extension ?? extensionForMimeType(mimeType) ?? extensionForMimeType(sniffMimeType(buffer));
		if (derived === undefined) throw refuse('of an unknown type');
		fileName = `${fileName}.${derived}`;
	}
	return { fileName, contents: buffer.toString('base64') };
}
