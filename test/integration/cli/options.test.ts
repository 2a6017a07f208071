/**
 * One `--output` flag on every command (the old `--json` / `--format` kept as aliases), and the
 * declared values of numeric and enumerated options checked before anything runs: a usage error
 * (exit 2) in terms of the flag, never a library field. The built binary, in its own process.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMANDS } from '../../../src/cli/spec.js';
import { buildCli, run } from './binary.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const MEMORY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const F = 'test/fixtures/cli';
const explain = [
  'explain',
  '--principal',
  CALLER,
  '--action',
  'bedrock-agentcore:InvokeAgentRuntime',
  '--resource',
  RUNTIME,
  '--identity',
  `${F}/seed-000-caller-identity.json`,
];
// Nothing listens there: a request that got out would fail with a connection error, not exit 2.
const offline = ['--endpoint-url', 'http://127.0.0.1:9'];
/** `memory retrieve` with a `--top-k` value, offline. */
const retrieve = (topK: string) => [
  'memory',
  'retrieve',
  '--memory-arn',
  MEMORY,
  '--namespace',
  'n',
  '--query',
  'q',
  '--top-k',
  topK,
  ...offline,
];

let bin: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
}, 60_000);

afterAll(() => cleanup());

describe('--output', () => {
  test('every command declares it', () => {
    for (const [path, spec] of Object.entries(COMMANDS))
      expect(Object.keys(spec.options), path).toContain('output');
  });

  test('--output json and the old --json print the same document', async () => {
    const output = await run(bin, [...explain, '--output', 'json']);
    const alias = await run(bin, [...explain, '--json']);
    // The request context holds the clock (aws:CurrentTime, aws:EpochTime): the two runs differ there only.
    const timeless = (stdout: string) =>
      stdout.replace(/"aws:(CurrentTime|EpochTime)": [^,\n]+/g, '"aws:$1": "<now>"');
    expect(output.code).toBe(1);
    expect(JSON.parse(output.stdout)).toMatchObject({ decision: 'implicit-deny' });
    expect({ ...alias, stdout: timeless(alias.stdout) }).toEqual({
      ...output,
      stdout: timeless(output.stdout),
    });
  });

  test('the old --format cli of policy is --output text', async () => {
    const args = ['policy', 'caller', '--runtime-arn', RUNTIME, '--role-name', 'r'];
    const output = await run(bin, [...args, '--output', 'text']);
    const alias = await run(bin, [...args, '--format', 'cli']);
    expect(output.code).toBe(0);
    expect(output.stdout).toMatch(/^aws iam put-role-policy --role-name 'r'/);
    expect(alias).toEqual(output);
  });

  test('an alias that contradicts --output is a usage error', async () => {
    const result = await run(bin, [...explain, '--json', '--output', 'text']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--json means --output json, and --output text is given too: pass one/);
  });

  test.each([
    [
      'invoke',
      ['invoke', '--runtime-arn', RUNTIME, '--payload', '{}', ...offline, '--output', 'sarif'],
      'text, ndjson',
    ],
    ['demo', ['demo', '--output', 'json'], 'text'],
    [
      'memory import',
      ['memory', 'import', 'x.jsonl', '--memory-arn', MEMORY, '--output', 'ndjson'],
      'text, json',
    ],
  ])('a format %s cannot print is a usage error naming those it can', async (_name, args, formats) => {
    const result = await run(bin, args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`--output takes one of ${formats}.`);
  });
});

describe('values checked as declared', () => {
  test.each([
    [
      '--top-k abc (it used to say "maxResults NaN")',
      retrieve('abc'),
      "error: option '--top-k <n>' argument 'abc' is invalid. --top-k takes a whole number from 1 to 100.",
    ],
    ['--top-k 0', retrieve('0'), '--top-k takes a whole number from 1 to 100.'],
    ['--top-k 2.5', retrieve('2.5'), '--top-k takes a whole number from 1 to 100.'],
    [
      '--event-expiry-days 3',
      [
        'policy',
        'delivery',
        '--region',
        'eu-west-1',
        '--account-id',
        '111111111111',
        '--execution-role-name',
        'R',
        '--event-expiry-days',
        '3',
      ],
      '--event-expiry-days takes a whole number from 7 to 365.',
    ],
    [
      '--role SYSTEM',
      [
        'memory',
        'create-event',
        '--memory-arn',
        MEMORY,
        '--actor-id',
        'a',
        '--session-id',
        's',
        '--text',
        't',
        '--role',
        'SYSTEM',
        ...offline,
      ],
      '--role takes one of USER, ASSISTANT, TOOL, OTHER.',
    ],
    [
      '--memory-access write',
      ['policy', 'caller', '--memory-arn', MEMORY, '--memory-access', 'write'],
      '--memory-access takes one of read, read-write.',
    ],
  ])('%s is a usage error (exit 2) before anything runs', async (_name, args, message) => {
    const result = await run(bin, args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/maxResults|topK|eventExpiryDays|NaN/);
  });

  test.each([
    [
      'a session id of the wrong length',
      ['invoke', '--runtime-arn', RUNTIME, '--payload', '{}', '--session-id', 'short', ...offline],
      /--session-id\s+takes 33 to 256 characters; this one has 5\./,
    ],
    [
      'a builder refusal names the flags, not the library fields',
      ['policy', 'runtime', '--runtime-arn', RUNTIME, '--principal', '*'],
      /^agentcore-xacct: A "\*" principal without --org-id grants every AWS account\nfix: .*pass --org-id/,
    ],
    [
      'a malformed ARN names its flag',
      [
        'policy',
        'runtime',
        '--runtime-arn',
        RUNTIME.replace('111111111111', '11111111111'),
        '--principal',
        CALLER,
      ],
      /^agentcore-xacct: --runtime-arn: Invalid AgentCore ARN/,
    ],
  ])('%s: usage error (exit 2) in terms of the flags', async (_name, args, message) => {
    const result = await run(bin, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/principalOrgId|runtimeArn|sessionId/);
  });

  test('enumerated values are matched ignoring case', async () => {
    const result = await run(bin, [
      'policy',
      'caller',
      '--memory-arn',
      MEMORY,
      '--memory-access',
      'READ',
      '--output',
      'JSON',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('Statement');
  });
});

describe('a mistyped flag', () => {
  // Regression: `--principals` was blamed on the missing `--principal` and never named.
  test('is reported before the required option it leaves missing, with the suggestion', async () => {
    const result = await run(bin, ['policy', 'runtime', '--runtime-arn', RUNTIME, '--principals', CALLER]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("unknown option '--principals'");
    expect(result.stderr).toContain('Did you mean --principal?');
    expect(result.stderr).not.toContain('required option');
  });

  test('a required option left out alone is still named, every one of them', async () => {
    const one = await run(bin, ['policy', 'runtime', '--principal', CALLER]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain("error: required option '--runtime-arn <arn>' not specified");
    const two = await run(bin, ['memory', 'retrieve', '--memory-arn', MEMORY]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(
      "error: required options '--namespace <ns>', '--query <text>' not specified",
    );
  });
});
