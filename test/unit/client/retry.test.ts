import { describe, expect, it } from 'vitest';
import { classifyError, credentialFetchErrors, shouldRetry } from '../../../src/retry.js';

const named = (name: string, status?: number) =>
  Object.assign(new Error(name), {
    name,
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
  });
const coded = (code: string) => Object.assign(new Error(code), { code });

describe('classifyError', () => {
  it.each<[string, unknown, boolean, 'no' | 'maybe']>([
    ['ThrottlingException (429)', named('ThrottlingException', 429), true, 'no'],
    ['STS Throttling (400)', named('Throttling', 400), true, 'no'],
    ['any 429', named('Whatever', 429), true, 'no'],
    ['ECONNREFUSED', coded('ECONNREFUSED'), true, 'no'],
    ['ENOTFOUND (DNS)', coded('ENOTFOUND'), true, 'no'],
    [
      'fetch TypeError wrapping ECONNREFUSED',
      Object.assign(new TypeError('fetch failed'), { cause: coded('ECONNREFUSED') }),
      true,
      'no',
    ],
    ['InternalServerException (500)', named('InternalServerException', 500), true, 'maybe'],
    ['a bare 503', named('Unknown', 503), true, 'maybe'],
    ['RetryableConflictException (409)', named('RetryableConflictException', 409), true, 'maybe'],
    ['ECONNRESET', coded('ECONNRESET'), true, 'maybe'],
    ['ETIMEDOUT', coded('ETIMEDOUT'), true, 'maybe'],
    ['SDK TimeoutError', named('TimeoutError'), true, 'maybe'],
    ['AccessDeniedException', named('AccessDeniedException', 403), false, 'maybe'],
    ['STS AccessDenied', named('AccessDenied', 403), false, 'maybe'],
    ['ValidationException', named('ValidationException', 400), false, 'maybe'],
    ['ServiceQuotaExceededException (402)', named('ServiceQuotaExceededException', 402), false, 'maybe'],
    ['ResourceNotFoundException', named('ResourceNotFoundException', 404), false, 'maybe'],
    ['RuntimeClientError (424)', named('RuntimeClientError', 424), false, 'maybe'],
    ['ExpiredTokenException', named('ExpiredTokenException', 403), false, 'maybe'],
    ['a plain Error', new Error('x'), false, 'maybe'],
    ['not an object', 'boom', false, 'maybe'],
  ])('%s', (_name, error, retryable, sent) => {
    expect(classifyError(error)).toMatchObject({ retryable, sent });
  });

  it.each<[string, Error, boolean]>([
    ['throttled', named('Throttling', 400), true],
    ['5xx', named('InternalFailure', 500), true],
    ['denied', named('AccessDenied', 403), false],
  ])('a credential-fetch failure (%s) was never sent', (_name, error, retryable) => {
    credentialFetchErrors.add(error);
    expect(classifyError(error)).toMatchObject({ retryable, sent: 'no' });
  });
});

describe('shouldRetry', () => {
  it.each<[string, Error, 'idempotent' | 'invoke', 'unsent' | 'always' | 'never' | undefined, boolean]>([
    ['invoke, throttled, default policy', named('ThrottlingException', 429), 'invoke', undefined, true],
    [
      'invoke, 500, default policy: the agent may have run',
      named('InternalServerException', 500),
      'invoke',
      undefined,
      false,
    ],
    ["invoke, 500, 'always'", named('InternalServerException', 500), 'invoke', 'always', true],
    ["invoke, throttled, 'never'", named('ThrottlingException', 429), 'invoke', 'never', false],
    ["invoke, AccessDenied, 'always'", named('AccessDeniedException', 403), 'invoke', 'always', false],
    ['idempotent, 500', named('InternalServerException', 500), 'idempotent', undefined, true],
    ['idempotent, validation', named('ValidationException', 400), 'idempotent', undefined, false],
  ])('%s', (_name, error, kind, invoke, expected) => {
    expect(shouldRetry(error, kind, invoke === undefined ? {} : { invoke })).toBe(expected);
  });
});
