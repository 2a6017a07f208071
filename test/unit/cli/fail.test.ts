import { afterEach, describe, expect, test, vi } from 'vitest';
import { CliError, describeError, redact } from '../../../src/cli/fail.js';
import { lineOfPointer } from '../../../src/cli/sarif.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('redact', () => {
  test.each([
    ['an access key id', 'key AKIAABCDEFGHIJKLMNOP used', 'key [redacted-key-id] used'],
    ['a temporary key id', 'ASIAABCDEFGHIJKLMNOP', '[redacted-key-id]'],
    ['a SigV4 signature', `Signature=${'a'.repeat(64)}`, 'Signature=[redacted]'],
    [
      'a security token query parameter',
      'X-Amz-Security-Token=abc%2Fdef&x=1',
      'X-Amz-Security-Token=[redacted]&x=1',
    ],
    ['a secretAccessKey field', '{"secretAccessKey":"abc/def+ghi"}', '{"secretAccessKey":"[redacted]"}'],
    [
      'text without secrets',
      'AccessDeniedException: no policy allows',
      'AccessDeniedException: no policy allows',
    ],
  ])('%s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  test('the values of the secret environment variables, wherever they appear', () => {
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'KnownSecret/With+Slashes==');
    vi.stubEnv('AWS_SESSION_TOKEN', 'KnownSessionTokenValue0123');
    const text = redact('at x (KnownSecret/With+Slashes==) token=KnownSessionTokenValue0123');
    expect(text).not.toContain('KnownSecret');
    expect(text).not.toContain('KnownSessionTokenValue0123');
  });
});

describe('describeError', () => {
  test.each([
    ['a CLI error keeps its fix', new CliError('bad', 'do this'), { message: 'bad', fix: 'do this' }],
    [
      'a fix already in the message is not repeated',
      Object.assign(new Error('bad. Fix: do this'), { fix: 'do this' }),
      { message: 'bad. Fix: do this', fix: undefined },
    ],
    [
      'a fix field is printed',
      Object.assign(new Error('bad'), { fix: 'do this' }),
      { message: 'bad', fix: 'do this' },
    ],
    ['a thrown string', 'oops', { message: 'oops', fix: undefined }],
    [
      "an AccessDenied error: its first cause's fix",
      Object.assign(new Error('Access denied'), {
        diagnosis: { causes: [{ fix: 'attach it' }, { fix: 'other' }] },
      }),
      { message: 'Access denied', fix: 'attach it' },
    ],
  ])('%s', (_name, error, expected) => {
    expect(describeError(error)).toEqual(expected);
  });
});

describe('lineOfPointer', () => {
  const text =
    '{\n  "Statement": [\n    {\n      "Resource": "*",\n      "Condition": {\n        "StringEquals": { "aws:SourceAccount": "1" }\n      }\n    }\n  ]\n}\n';
  test.each([
    ['the whole document', '', 1],
    ['an element of a statement', '/Statement/0/Resource', 4],
    ['a condition key', '/Statement/0/Condition/StringEquals/aws:SourceAccount', 6],
    ['a key that is not there stops at the last found', '/Statement/0/Principal', 2],
  ])('%s', (_name, pointer, line) => {
    expect(lineOfPointer(text, pointer)).toBe(line);
  });
});
