import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  CliError,
  describeError,
  missingPackage,
  missingPackagesError,
  redact,
} from '../../../src/cli/fail.js';
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
      "an AccessDenied error: worded from its fields, with its first cause's fix",
      Object.assign(
        new Error(
          'Access denied, possible cause: x. See https://example.com/t.md#x (offline: node_modules/p/t.md). AWS said: "User: u is not authorized"',
        ),
        {
          code: 'access-denied',
          principalArn: 'arn:aws:iam::222222222222:role/r',
          action: 'bedrock-agentcore:InvokeAgentRuntime',
          resourceArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/a-abcdefghij',
          diagnosis: {
            causes: [
              {
                code: 'endpoint-policy-missing',
                confidence: 'possible',
                evidence: 'No endpoint policy.',
                fix: 'attach it',
              },
              { code: 'runtime-policy-missing', fix: 'other' },
            ],
          },
        },
      ),
      {
        message:
          'access denied: arn:aws:iam::222222222222:role/r may not bedrock-agentcore:InvokeAgentRuntime on arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/a-abcdefghij',
        details: [
          'possible cause: endpoint-policy-missing. No endpoint policy.',
          'then check: runtime-policy-missing',
          'see https://example.com/t.md#x (offline: node_modules/p/t.md)',
          'AWS said: "User: u is not authorized"',
        ],
        fix: 'attach it',
      },
    ],
    [
      'a library validation error speaks of the flag that fed the field',
      Object.assign(
        new Error('the runtime session id is 5 characters long (field: sessionId). Fix: pad it.'),
        {
          field: 'sessionId',
          fix: 'pad it.',
        },
      ),
      { message: '--session-id: the runtime session id is 5 characters long', fix: 'pad it.' },
    ],
  ])('%s', (_name, error, expected) => {
    const flagOf = (field: string) => (field === 'sessionId' ? '--session-id' : undefined);
    expect(describeError(error, flagOf)).toEqual({ details: [], ...expected });
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

describe('a missing optional peer', () => {
  const notFound = (message: string) => Object.assign(new Error(message), { code: 'ERR_MODULE_NOT_FOUND' });

  test.each([
    [
      'a scoped package',
      "Cannot find package '@aws-sdk/client-bedrock-agentcore-control' imported from /app/node_modules/agentcore-xacct/dist/cli/demo-X.js",
      '@aws-sdk/client-bedrock-agentcore-control',
    ],
    ['an unscoped package', "Cannot find package 'commander' imported from /x.js", 'commander'],
    [
      'a missing file of the CLI itself',
      "Cannot find module '/app/dist/cli/x.js' imported from /y.js",
      undefined,
    ],
  ])('%s', (_name, message, name) => {
    expect(missingPackage(notFound(message))).toBe(name);
  });

  test('is one line naming the package and the install command', () => {
    const error = notFound("Cannot find package '@aws-sdk/client-sts' imported from /x.js");
    expect(describeError(error)).toEqual({
      message:
        'This command needs @aws-sdk/client-sts, an optional peer dependency that is not installed: run npm install @aws-sdk/client-sts',
      details: [],
      fix: undefined,
    });
  });

  test('names every missing package in one install command', () => {
    expect(missingPackagesError('The demo', ['@aws-sdk/a', '@aws-sdk/b']).message).toBe(
      'The demo needs @aws-sdk/a, @aws-sdk/b, optional peer dependencies that are not installed: run npm install @aws-sdk/a @aws-sdk/b',
    );
  });
});
