// The random wait before a login exists for processes racing each other; in-process tests that are not
// about it would only be slower. The tests of that wait set it themselves. Imported lazily, so that a
// test file's jest.mock of a transport module still applies to the session it loads.
beforeEach(async () => {
	(await import('../nodes/Personr/session/session')).setRenewalJitter(0, 0);
});
