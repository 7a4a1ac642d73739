import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { PersonrServer } from '../../local-server/server';
import {
	createApplicant,
	createEntity,
	fileItem,
	PNG,
	requestsTo,
	runNode,
	useLocalServer,
} from './support';

/*
 * Personr answers some calls with HTTP 200 and lists what went wrong next to the result ("Uploading documents to an
 * applicant": {"applicantId","documentType","documentSubType","country","errors":[],"warnings":[]};
 * "Linking a UBO to an entity": {"status":"success","applicantId","ubos":[…],"errors":[]}).
 */
let server: PersonrServer;
let applicantId: string;
useLocalServer((started) => {
	server = started;
});
beforeEach(async () => {
	applicantId = await createApplicant(server);
	server.resetCounters();
});

const upload = (): INodeParameters => ({
	resource: 'applicant',
	operation: 'uploadDocument',
	applicantId,
	docType: 'PASSPORT',
	docSubType: 'FRONT_SIDE',
	docCountryISO: 'AUS',
	binaryPropertyName: 'data',
});

const uploadAnswer = (extra: IDataObject): IDataObject => ({
	applicantId,
	documentType: 'PASSPORT',
	documentSubType: 'FRONT_SIDE',
	country: 'AUS',
	errors: [],
	warnings: [],
	...extra,
});

/** The next call (after the login) is answered with HTTP 200 and `answer`. */
function answerNextCallWith(answer: IDataObject): void {
	server.setFault({ kind: 'callStatus', status: 200, body: JSON.stringify(answer), times: 1 });
}

describe('answers that list errors', () => {
	it("Upload Document: errors fail the item with Personr's own messages, its warnings in the description", async () => {
		answerNextCallWith(
			uploadAnswer({
				errors: ['Document image is blurry', 'Document country mismatch'],
				warnings: ['Glare detected'],
			}),
		);
		const { error } = await runNode(server, upload(), {
			items: [fileItem(PNG, { fileName: 'passport.png' })],
		});
		expect(error?.message).toBe(
			'Personr reported 2 errors for api-document-upload: Document image is blurry; Document country mismatch',
		);
		expect(error?.description).toBe("Personr's warnings: Glare detected");
		expect(requestsTo(server, 'api-document-upload')).toHaveLength(1);
	});

	it("with continue-on-fail the failed item keeps Personr's whole answer, paired with its input; the next item still succeeds", async () => {
		const refused = uploadAnswer({
			errors: [{ code: 'BLURRY', message: 'Document image is blurry' }],
			warnings: ['Glare detected'],
		});
		answerNextCallWith(refused);
		const { error, output } = await runNode(server, upload(), {
			items: [fileItem(PNG, { fileName: 'a.png' }), fileItem(PNG, { fileName: 'b.png' })],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0]?.json).toEqual({
			error:
				'Personr reported an error for api-document-upload: {"code":"BLURRY","message":"Document image is blurry"}',
			description: "Personr's warnings: Glare detected",
			personr: refused,
		});
		expect(output[1]?.json).not.toHaveProperty('error');
	});

	it('Upload Document: warnings alone do not fail the item and reach the output as Personr sent them', async () => {
		const answer = uploadAnswer({ warnings: ['Document expires within 30 days'] });
		answerNextCallWith(answer);
		const { error, output } = await runNode(server, upload(), {
			items: [fileItem(PNG, { fileName: 'passport.png' })],
		});
		expect(error).toBeUndefined();
		expect(output[0]?.json).toEqual(answer);
	});

	it('Add UBO: a "success" answer that lists errors fails the item', async () => {
		const entityId = await createEntity(server);
		server.resetCounters();
		server.setFault({
			kind: 'callStatus',
			status: 200,
			body: JSON.stringify({
				status: 'success',
				applicantId: entityId,
				ubos: [],
				errors: ['UBO applicant not found'],
			}),
			times: 1,
		});
		const { error } = await runNode(server, {
			resource: 'entity',
			operation: 'addUbo',
			applicantId: entityId,
			uboApplicantId: applicantId,
			position: 'Director',
		});
		expect(error?.message).toBe(
			'Personr reported an error for api-add-ubo: UBO applicant not found',
		);
	});

	it('an empty errors list is a success', async () => {
		answerNextCallWith(uploadAnswer({}));
		const { error, output } = await runNode(server, upload(), {
			items: [fileItem(PNG, { fileName: 'passport.png' })],
		});
		expect(error).toBeUndefined();
		expect(output[0]?.json).toMatchObject({ errors: [], warnings: [] });
	});
});
