import { BodyError, parseBody, redactBody, redactHeaders } from '../../local-server/body';

describe('parseBody', () => {
	it('reads JSON objects and refuses other JSON', () => {
		expect(
			parseBody(Buffer.from('{"a":1,"b":{"c":"d"}}'), 'application/json; charset=utf-8'),
		).toEqual({ a: 1, b: { c: 'd' } });
		expect(() => parseBody(Buffer.from('[1]'), 'application/json')).toThrow(BodyError);
		expect(() => parseBody(Buffer.from('{oops'), 'application/json')).toThrow(
			'Could not parse the JSON body',
		);
	});

	it('reads urlencoded forms: UTF-8, nested file fields and repeated keys', () => {
		const form =
			'email=a%40b.c&password=p%3A+w%C3%B6rd&docFile%5Bfilename%5D=x.png&docFile%5Bcontents%5D=iVBO&tag=1&tag=2&ids%5B%5D=only';
		expect(parseBody(Buffer.from(form), 'application/x-www-form-urlencoded')).toEqual({
			email: 'a@b.c',
			password: 'p: wörd',
			docFile: { filename: 'x.png', contents: 'iVBO' },
			tag: ['1', '2'],
			ids: ['only'],
		});
	});

	it('reads multipart bodies, turning file parts into Bubble file objects byte for byte', async () => {
		const binary = Buffer.from([0, 255, 13, 10, 45, 45, 128, 7]);
		const form = new FormData();
		form.append('applicantId', '1x2');
		form.append('name', 'Zoë 山田');
		form.append('docFile', new Blob([binary]), 'scan.pdf');
		const request = new Request('http://local/', { method: 'POST', body: form });
		const raw = Buffer.from(await request.arrayBuffer());
		expect(parseBody(raw, request.headers.get('content-type') ?? undefined)).toEqual({
			applicantId: '1x2',
			name: 'Zoë 山田',
			docFile: { filename: 'scan.pdf', contents: binary.toString('base64') },
		});
	});

	it('guesses when no content type is given', () => {
		expect(parseBody(Buffer.from('{"a":"b"}'), undefined)).toEqual({ a: 'b' });
		expect(parseBody(Buffer.from('a=b'), undefined)).toEqual({ a: 'b' });
		expect(parseBody(Buffer.alloc(0), 'application/json')).toEqual({});
	});
});

describe('redaction', () => {
	it('blanks password-like fields at any depth and keeps the rest', () => {
		expect(
			redactBody({ email: 'e', password: 'p', nested: [{ newPassword: 'x', ok: 1 }] }),
		).toEqual({
			email: 'e',
			password: '[redacted]',
			nested: [{ newPassword: '[redacted]', ok: 1 }],
		});
	});

	it('keeps only the scheme of Authorization', () => {
		expect(redactHeaders({ authorization: 'Bearer abc', host: 'h' })).toEqual({
			authorization: 'Bearer [redacted]',
			host: 'h',
		});
		expect(redactHeaders({ authorization: 'rawtoken' })).toEqual({ authorization: '[redacted]' });
	});
});
