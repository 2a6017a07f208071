import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { callerIdentityPolicy, grantRuntimeAccess } from '../../../src/index.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { buildCli, run } from './binary.js';

const A = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime';
const JSON_RUNTIME = `${A}/agent-abcdefghij`;
const SSE_RUNTIME = `${A}/agent_sse_py-abcdefghij`;
const UNSHARED_RUNTIME = `${A}/agent_strict-abcdefghij`;
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const ADMIN = 'arn:aws:iam::111111111111:role/admin';
const KNOWN_TOKEN = 'KnownSessionTokenThatMustNeverBePrinted/abc+def==';

let bin: string;
let cleanup: () => void;
let emulator: LocalAgentCore;
let callerEnv: Record<string, string>;

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
  emulator = await startLocalAgentCore();
  for (const runtimeArn of [JSON_RUNTIME, SSE_RUNTIME]) {
    const result = await grantRuntimeAccess({
      runtimeArn,
      principals: [CALLER],
      clientConfig: emulator.clientConfig(ADMIN),
    });
    expect(result.ok).toBe(true);
  }
  emulator.setIdentityPolicy(
    CALLER,
    callerIdentityPolicy({ runtimeArns: [JSON_RUNTIME, SSE_RUNTIME, UNSHARED_RUNTIME] }),
  );
  const credentials = emulator.credentialsFor(CALLER);
  callerEnv = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
}, 60_000);

afterAll(async () => {
  await emulator.stop();
  cleanup();
});

const invoke = (runtimeArn: string, ...extra: string[]) => [
  'invoke',
  '--runtime-arn',
  runtimeArn,
  '--payload',
  '{"prompt":"Hello from account B"}',
  '--endpoint-url',
  emulator.endpoint,
  ...extra,
];

function expectNoSecret(text: string): void {
  expect(text).not.toContain(callerEnv.AWS_SECRET_ACCESS_KEY);
  expect(text).not.toContain(KNOWN_TOKEN);
  expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
}

describe('agentcore-xacct invoke', () => {
  test('streams a text/event-stream reply as NDJSON, one event a line', async () => {
    const result = await run(bin, invoke(SSE_RUNTIME, '--json'), callerEnv);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^session: \S{33,}/);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; data: unknown });
    // The emulated Python agent streams one event per word of the prompt.
    expect(events.map((e) => e.data)).toEqual([
      { text: 'Hello' },
      { text: 'from' },
      { text: 'account' },
      { text: 'B' },
    ]);
    for (const e of events) expect(typeof e.event).toBe('string');
    expectNoSecret(result.stdout + result.stderr);
  });

  test('prints a JSON reply as one text event and keeps the given session id', async () => {
    const session = `cli-test-session-${'x'.repeat(24)}`;
    const result = await run(bin, invoke(JSON_RUNTIME, '--session-id', session), callerEnv);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`session: ${session}`);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/^message: \{/);
  });

  test('a denied invoke exits 1 with one line and the fix, and no credential even with --debug', async () => {
    const result = await run(bin, invoke(UNSHARED_RUNTIME, '--debug'), callerEnv);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    // Worded for a CLI user from the error's fields (no library field names), then the stack.
    const lines = result.stderr.split('\n');
    expect(lines[0]).toMatch(
      /^agentcore-xacct: access denied: \S+the-caller-role may not bedrock-agentcore:InvokeAgentRuntime on /,
    );
    // AWS named the runtime ARN and the resource-based policy: its policy is the likely cause.
    expect(lines[1]).toMatch(
      /^likely cause: runtime-policy-missing\. AWS named \S+, with no resource-based policy allowing/,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^see https:\/\/github\.com\/.*troubleshooting\.md#runtime-policy-missing/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^AWS said: "User: /));
    const fix = lines.findIndex((l) => l.startsWith('fix: Attach '));
    expect(fix).toBeGreaterThan(1);
    expect(lines[fix + 1]).toMatch(/^AgentCoreAccessDeniedError: /);
    expect(result.stderr).not.toContain('error.diagnosis');
    expectNoSecret(result.stderr);
  });

  test('a rejected session token never appears in the error or the --debug stack', async () => {
    const result = await run(bin, invoke(JSON_RUNTIME, '--debug'), {
      ...callerEnv,
      AWS_SESSION_TOKEN: KNOWN_TOKEN,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^agentcore-xacct: /);
    expectNoSecret(result.stdout + result.stderr);
  });

  test('a payload that is not JSON is a usage error (exit 2)', async () => {
    const result = await run(
      bin,
      ['invoke', '--runtime-arn', JSON_RUNTIME, '--payload', '{prompt'],
      callerEnv,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--payload is not valid JSON/);
    expect(result.stderr).toMatch(/^fix: /m);
  });

  test('--help shows an example', async () => {
    const result = await run(bin, ['invoke', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('$ npx agentcore-xacct invoke --runtime-arn');
  });
});
