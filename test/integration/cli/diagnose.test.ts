/**
 * `agentcore-xacct diagnose`, `explain --fix` and `policy caller --apply`, as a built binary in
 * a fresh process: AWS's message as the argument or on stdin, the policies as files; the ranked
 * causes with their evidence, the contradiction, and the fix plan with its commands.
 */
import { spawn } from 'node:child_process';
import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { iam } from '../emulator/helpers.js';
import { buildCli, collect, type RunResult, repoPath, run } from './binary.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const ENDPOINT = `${RUNTIME}/runtime-endpoint/DEFAULT`;
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const ADMIN_B = 'arn:aws:iam::222222222222:role/admin';
const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';
const F = 'test/fixtures/cli';

/** The denial AWS really sent (FACTS.md, "Which ARN is named"). */
const CAPTURED =
  'User: arn:aws:sts::166827918465:assumed-role/AgentCoreRuntime-m7-callerc-7c4e/BedrockAgentCore-x is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: arn:aws:bedrock-agentcore:us-east-1:166827918465:runtime/m7peerb7c4e_runtime-WPEH9FF1C8/runtime-endpoint/DEFAULT because no identity-based policy allows the bedrock-agentcore:InvokeAgentRuntime action';
const NO_ENDPOINT_POLICY = `User: ${CALLER} is not authorized to perform: ${INVOKE} on resource: ${ENDPOINT} because no resource-based policy allows the ${INVOKE} action`;
const RUNTIME_NAMED = `User: ${CALLER} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME} because no resource-based policy allows the ${INVOKE} action`;

let bin: string;
let cleanup: () => void;
let emulator: LocalAgentCore;

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
  emulator = await startLocalAgentCore();
}, 60_000);

afterAll(async () => {
  await emulator.stop();
  cleanup();
});

/** Runs the binary with `input` on its stdin. */
function withStdin(args: readonly string[], input: string): Promise<RunResult> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: repoPath(''),
    env: { PATH: process.env.PATH, COLUMNS: '10000', NO_COLOR: '1' },
  });
  child.stdin?.end(input);
  return collect(child);
}

describe('agentcore-xacct diagnose', () => {
  test('the denial AWS really sent: identity-missing-endpoint, likely; the action itself ruled out', async () => {
    const result = await run(bin, ['diagnose', CAPTURED]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^access denied: arn:aws:sts::166827918465:assumed-role\/.* may not bedrock-agentcore:InvokeAgentRuntime on /,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}likely identity-missing-endpoint: AWS named the endpoint ARN/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}ruled out: .*identity-missing-action/));
    expect(result.stdout).toContain('Give the policies (--identity, --resource-policy ARN=FILE)');
  });

  test('the message on stdin with the policies as files: proven, and the fix plan with its command', async () => {
    const result = await withStdin(
      [
        'diagnose',
        '--runtime-arn',
        RUNTIME,
        '--identity',
        `${F}/seed-000-caller-identity.json`,
        '--resource-policy',
        `${RUNTIME}=${F}/seed-000-runtime-policy.json`,
      ],
      `${NO_ENDPOINT_POLICY}\n`,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}proven endpoint-policy-missing: /m);
    expect(result.stdout).toContain('Fix plan (the smallest change that allows it):');
    expect(result.stdout).toMatch(
      /change 1 \(account 111111111111, endpoint-policy-missing\): new resource policy on /,
    );
    expect(result.stdout).toContain(
      `aws bedrock-agentcore-control put-resource-policy --region eu-west-1 --resource-arn '${ENDPOINT}'`,
    );
  });

  test("the field report's literal gotcha-4 policy: the contradiction, and lint leading", async () => {
    const result = await run(bin, [
      'diagnose',
      RUNTIME_NAMED,
      '--runtime-arn',
      RUNTIME,
      '--identity',
      `${F}/seed-000-gotcha-4-identity-wrong-account.json`,
      '--resource-policy',
      `${RUNTIME}=${F}/seed-000-runtime-policy.json`,
      `${ENDPOINT}=${F}/seed-000-endpoint-policy.json`,
      '--output',
      'json',
    ]);
    expect(result.code).toBe(0);
    const diagnosis = JSON.parse(result.stdout) as {
      contradiction: boolean;
      summary: string;
      causes: { code: string; confidence: string }[];
      fix?: { changes: unknown[] };
    };
    expect(diagnosis.contradiction).toBe(true);
    expect(diagnosis.summary).toContain('The given policies allow this request, yet AWS denied it');
    expect(diagnosis.causes[0]).toEqual(
      expect.objectContaining({ code: 'identity-wrong-account', confidence: 'likely' }),
    );
    expect(diagnosis.fix?.changes).toEqual([]);
  });

  test('text that is no AccessDenied: exit 2 with one line', async () => {
    const result = await run(bin, ['diagnose', 'something went wrong']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^agentcore-xacct: the message is not an AccessDenied/);
  });
});

describe('agentcore-xacct explain --fix', () => {
  test('gotcha 1: denied, then the plan that attaches the endpoint policy', async () => {
    const explain = [
      'explain',
      '--principal',
      CALLER,
      '--action',
      INVOKE,
      '--resource',
      RUNTIME,
      '--identity',
      `${F}/seed-000-caller-identity.json`,
      '--resource-policy',
      `${RUNTIME}=${F}/seed-000-runtime-policy.json`,
      '--fix',
    ];
    const result = await run(bin, explain);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Fix plan (the smallest change that allows it):');
    expect(result.stdout).toContain(`put-resource-policy --region eu-west-1 --resource-arn '${ENDPOINT}'`);
    const json = await run(bin, [...explain, '--output', 'json']);
    const out = JSON.parse(json.stdout) as { decision: string; fix: { explanation: { decision: string } } };
    expect(out.decision).toBe('implicit-deny');
    expect(out.fix.explanation.decision).toBe('allow');
  });
});

describe('agentcore-xacct policy caller --apply', () => {
  test("puts the caller's identity policy through IAM, as Account B's administrator", async () => {
    const keys = emulator.credentialsFor(ADMIN_B);
    const result = await run(
      bin,
      [
        'policy',
        'caller',
        '--runtime-arn',
        RUNTIME,
        '--role-name',
        'the-caller-role',
        '--apply',
        '--endpoint-url',
        emulator.endpoint,
      ],
      { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('put agentcore-xacct-cross-account on role the-caller-role');
    const admin = iam(emulator, ADMIN_B);
    const got = await admin.send(
      new GetRolePolicyCommand({ RoleName: 'the-caller-role', PolicyName: 'agentcore-xacct-cross-account' }),
    );
    admin.destroy();
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument ?? '')).Statement[0].Resource).toEqual([
      RUNTIME,
      `${RUNTIME}/runtime-endpoint/DEFAULT`,
    ]);
    expect(result.stdout + result.stderr).not.toContain(keys.secretAccessKey);
  });

  test('--apply without --role-name: exit 2 with one line', async () => {
    const result = await run(bin, ['policy', 'caller', '--runtime-arn', RUNTIME, '--apply']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--apply needs --role-name/);
  });
});
