import type { IBinaryData, INodeParameters } from 'n8n-workflow';

import type { PersonrServer } from '../../local-server/server';
import {
	createApplicant,
	fileItem,
	GIF,
	JPEG,
	lastBody,
	PDF,
	PNG,
	requestsTo,
	runNode,
	runOk,
	useLocalServer,
} from './support';

let server: PersonrServer;
let applicantId: string;
useLocalServer((started) => {
	server = started;
});
beforeEach(async () => {
	applicantId = await createApplicant(server);
	server.resetCounters();
});

const upload = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'applicant',
	operation: 'uploadDocument',
	applicantId,
	docType: 'PASSPORT',
	docSubType: 'FRONT_SIDE',
	docCountryISO: 'AUS',
	binaryPropertyName: 'data',
	...extra,
});

describe('Applicant → Upload Document', () => {
	it('refuses an empty Document Country before any request, naming the field and the page that requires it', async () => {
		const { error, output } = await runNode(
			server,
			upload({ docType: 'SELFIE', docCountryISO: '={{ $json.country }}' }),
			{
				items: [
					fileItem(PNG, { fileName: 'selfie.png' }),
					fileItem(PNG, { fileName: 'selfie.png' }, { country: 'AUS' }),
				],
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(output[0]?.json).toEqual({
			error: '"Document Country" is required but empty',
			description:
				'Personr\'s page "Uploading documents to an applicant" marks docCountryISO as required. Fill it in, or check that the expression returns a value for this item.',
		});
		expect(output[0]?.pairedItem).toEqual({ item: 0 });
		expect(requestsTo(server, 'api-document-upload')).toHaveLength(1);
		expect(lastBody(server, 'api-document-upload')).toMatchObject({
			docType: 'SELFIE',
			docCountryISO: 'AUS',
		});
	});

	it('sends no side when Side is "Not Specified" (optional on Personr\'s page)', async () => {
		await runOk(server, upload({ docType: 'ID_CARD', docSubType: '' }), {
			items: [fileItem(PNG, { fileName: 'card.png' })],
		});
		expect(lastBody(server, 'api-document-upload')).not.toHaveProperty('docSubType');
		expect(lastBody(server, 'api-document-upload')).toMatchObject({
			docType: 'ID_CARD',
			docCountryISO: 'AUS',
		});
	});

	it('sends the file base64 as docFile {filename, contents} with type, side and country', async () => {
		const [item] = await runOk(
			server,
			upload({ docType: 'DRIVERS', docSubType: 'BACK_SIDE', docCountryISO: 'NZL' }),
			{
				items: [fileItem(PNG, { fileName: 'licence-back.png', mimeType: 'image/png' })],
			},
		);
		expect(lastBody(server, 'api-document-upload')).toEqual({
			applicantId,
			docType: 'DRIVERS',
			docSubType: 'BACK_SIDE',
			docCountryISO: 'NZL',
			docFile: { filename: 'licence-back.png', contents: PNG.toString('base64') },
		});
		// Personr's documented answer, as it came.
		expect(item?.json).toEqual({
			applicantId,
			documentType: 'DRIVERS',
			documentSubType: 'BACK_SIDE',
			country: 'NZL',
			errors: [],
			warnings: [],
		});
		expect(item?.pairedItem).toEqual({ item: 0 });
	});

	it('sends no side for a selfie, whatever the Side parameter holds', async () => {
		await runOk(server, upload({ docType: 'SELFIE', docSubType: 'BACK_SIDE' }), {
			items: [fileItem(JPEG, { fileName: 'me.jpeg', mimeType: 'image/jpeg' })],
		});
		const body = lastBody(server, 'api-document-upload');
		expect(body).not.toHaveProperty('docSubType');
		expect(body).toMatchObject({ docType: 'SELFIE', docFile: { filename: 'me.jpeg' } });
	});

	it('reads the binary property named by the parameter, per item', async () => {
		const items = [
			fileItem(
				PNG,
				{ fileName: 'front.png', mimeType: 'image/png' },
				{ side: 'FRONT_SIDE' },
				'scan',
			),
			fileItem(
				PDF,
				{ fileName: 'back.pdf', mimeType: 'application/pdf' },
				{ side: 'BACK_SIDE' },
				'scan',
			),
		];
		const output = await runOk(
			server,
			upload({ binaryPropertyName: 'scan', docSubType: '={{ $json.side }}' }),
			{ items },
		);
		const bodies = requestsTo(server, 'api-document-upload').map(
			(request) => request.body as Record<string, unknown>,
		);
		expect(bodies.map((body) => [body.docSubType, body.docFile])).toEqual([
			['FRONT_SIDE', { filename: 'front.png', contents: PNG.toString('base64') }],
			['BACK_SIDE', { filename: 'back.pdf', contents: PDF.toString('base64') }],
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it.each([
		[
			'a name without extension gets one from the MIME type',
			{ fileName: 'camera-upload', mimeType: 'image/jpeg' },
			JPEG,
			'camera-upload.jpg',
		],
		[
			'no name and no useful MIME type: the bytes tell',
			{ mimeType: 'application/octet-stream' },
			PDF,
			'document.pdf',
		],
		[
			'an upper-case extension is accepted as it is',
			{ fileName: 'SCAN.PNG', mimeType: 'image/png' },
			PNG,
			'SCAN.PNG',
		],
	])('%s', async (_title, binary: Partial<IBinaryData>, contents, fileName) => {
		await runOk(server, upload(), { items: [fileItem(contents, binary)] });
		expect(lastBody(server, 'api-document-upload').docFile).toEqual({
			filename: fileName,
			contents: contents.toString('base64'),
		});
	});

	it.each([
		['a .gif file name', { fileName: 'photo.gif', mimeType: 'image/gif' }, 'is a .gif file'],
		['a GIF MIME type without a name', { mimeType: 'image/gif' }, 'is of type image/gif'],
		[
			'a .docx file sent as octet-stream',
			{ fileName: 'scan.docx', mimeType: 'application/octet-stream' },
			'is a .docx file',
		],
		['bytes of no known type', { mimeType: 'application/octet-stream' }, 'is of an unknown type'],
		// Names of keys every object inherits: a lookup in an object literal would take them for accepted types.
		[
			'a .constructor file name',
			{ fileName: 'scan.constructor', mimeType: 'application/octet-stream' },
			'is a .constructor file',
		],
		['a .__proto__ file name', { fileName: 'scan.__proto__' }, 'is a .__proto__ file'],
		['the MIME type "constructor"', { mimeType: 'constructor' }, 'is of type constructor'],
	])(
		'refuses %s before any request, naming the type',
		async (_title, binary: Partial<IBinaryData>, named) => {
			const { error } = await runNode(server, upload(), { items: [fileItem(GIF, binary)] });
			expect(error?.message).toBe(
				`Personr accepts only JPG, JPEG, PNG or PDF documents, but "data" is ${named.replace(/^is /, '')}`,
			);
			expect(error?.context?.itemIndex).toBe(0);
			expect(server.counters.requests).toBe(0);
		},
	);

	it('refuses an item without the binary property before any request', async () => {
		const { error } = await runNode(server, upload({ binaryPropertyName: 'passport' }), {
			items: [fileItem(PNG, { fileName: 'a.png' })],
		});
		expect(error?.message).toContain("'passport'");
		expect(server.counters.requests).toBe(0);
	});

	it('normalises a lower-case country and refuses a code that is not alpha-3, naming it', async () => {
		await runOk(server, upload({ docCountryISO: '={{ "gbr" }}' }), {
			items: [fileItem(PNG, { fileName: 'a.png' })],
		});
		expect(lastBody(server, 'api-document-upload').docCountryISO).toBe('GBR');
		server.resetCounters();
		const { error } = await runNode(server, upload({ docCountryISO: '={{ $json.country }}' }), {
			items: [fileItem(PNG, { fileName: 'a.png' }, { country: 'AU' })],
		});
		expect(error?.message).toBe(
			'"Document Country" must be an ISO 3166-1 alpha-3 country code, got "AU"',
		);
		expect(server.counters.requests).toBe(0);
	});

	it('refuses a side that is not FRONT_SIDE or BACK_SIDE', async () => {
		const { error } = await runNode(server, upload({ docSubType: '={{ "TOP" }}' }), {
			items: [fileItem(PNG, { fileName: 'a.png' })],
		});
		expect(error?.message).toBe('"Side" must be one of FRONT_SIDE, BACK_SIDE, got "TOP"');
		expect(server.counters.requests).toBe(0);
	});
});

describe('Applicant → Download Documents', () => {
	const download = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'applicant',
		operation: 'downloadDocuments',
		applicantId,
		...extra,
	});

	async function uploadAll(
		files: Array<[docType: string, side: string, contents: Buffer, fileName: string]>,
	) {
		for (const [docType, docSubType, contents, fileName] of files) {
			await runOk(server, upload({ docType, docSubType }), {
				items: [fileItem(contents, { fileName })],
			});
		}
		server.resetCounters();
	}

	const bytesOf = (binary: IBinaryData | undefined) => Buffer.from(binary?.data ?? '', 'base64');

	it('returns one item with a binary property per document, named and typed from the bytes, and no base64 in the JSON', async () => {
		// PNG bytes under a .jpg name: the downloaded file is typed by its contents.
		await uploadAll([
			['PASSPORT', 'FRONT_SIDE', JPEG, 'passport.jpg'],
			['DRIVERS', 'FRONT_SIDE', PNG, 'licence.jpg'],
			['DRIVERS', 'BACK_SIDE', PDF, 'licence-back.pdf'],
			['SELFIE', '', PNG, 'selfie.png'],
		]);
		const output = await runOk(server, download({ includeInformation: false }));
		expect(output).toHaveLength(1);
		expect(requestsTo(server, 'api-document-download').map((request) => request.body)).toEqual([
			{ applicantId },
		]);
		expect(server.counters.calls['api-document-download-information']).toBeUndefined();
		const [item] = output;
		const binary = item?.binary ?? {};
		expect(Object.keys(binary)).toEqual(['document_0', 'document_1', 'document_2', 'document_3']);
		expect(
			[0, 1, 2, 3].map((index) => [
				binary[`document_${index}`]?.fileName,
				binary[`document_${index}`]?.mimeType,
			]),
		).toEqual([
			[`${applicantId}_PASSPORT_1.jpg`, 'image/jpeg'],
			[`${applicantId}_DRIVERS_1.png`, 'image/png'],
			[`${applicantId}_DRIVERS_2.pdf`, 'application/pdf'],
			[`${applicantId}_SELFIE_1.png`, 'image/png'],
		]);
		expect(bytesOf(binary.document_0)).toEqual(JPEG);
		expect(bytesOf(binary.document_2)).toEqual(PDF);
		expect(item?.json).toMatchObject({
			applicantId,
			IdDocType: ['PASSPORT', 'DRIVERS', 'DRIVERS', 'SELFIE'],
		});
		expect(item?.json).not.toHaveProperty('base64');
		expect(JSON.stringify(item?.json)).not.toContain(PNG.toString('base64'));
		expect((item?.json.documents as unknown[])[1]).toEqual({
			binaryProperty: 'document_1',
			docType: 'DRIVERS',
			fileName: `${applicantId}_DRIVERS_1.png`,
			mimeType: 'image/png',
			bytes: PNG.length,
		});
		expect(item?.pairedItem).toEqual({ item: 0 });
	});

	it('with document information uses api-document-download-information and keeps numbers and expiries', async () => {
		await uploadAll([
			['DRIVERS', 'FRONT_SIDE', PNG, 'front.png'],
			['DRIVERS', 'BACK_SIDE', JPEG, 'back.jpg'],
			['SELFIE', '', PNG, 'selfie.png'],
		]);
		const [item] = await runOk(
			server,
			download({ includeInformation: true, options: { binaryPrefix: 'id_' } }),
		);
		expect(
			requestsTo(server, 'api-document-download-information').map((request) => request.body),
		).toEqual([{ applicantId }]);
		expect(server.counters.calls['api-document-download']).toBeUndefined();
		// One type for both sides: both images are that type.
		expect(Object.entries(item?.binary ?? {}).map(([key, file]) => [key, file.fileName])).toEqual([
			['id_0', `${applicantId}_DRIVERS_1.png`],
			['id_1', `${applicantId}_DRIVERS_2.jpg`],
		]);
		expect(item?.json).toMatchObject({
			applicantId,
			IdDocType: ['DRIVERS'],
			docExpiries: ['2030-12-31'],
		});
		expect((item?.json.docNumbers as string[])[0]).toMatch(/^DR\d+$/);
		expect(item?.json).not.toHaveProperty('base64');
	});
});
