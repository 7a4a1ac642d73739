/**
 * The login timeout a test file wants instead of the production 30 s. It takes effect only in a test
 * file that mocks session/login as loginTimeout.faults.test.ts does: the
 * session then reads LOGIN_TIMEOUT_MS from the mock, which returns this value when it is set.
 * No dependencies, so a jest.mock factory can load it.
 */
export const loginTimeoutOverride: { ms?: number } = {};
