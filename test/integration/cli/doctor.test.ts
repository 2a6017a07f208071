import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BedrockAgentCoreControlClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { callerIdentityPolicy, grantRuntimeAccess, runtimeAccessPolicies } from '../../../src/index.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, CALLER_ROLE_ARN, MEMORY_ARN, REGION } from '../../fixtures/arns.js';
import { PROBE_ACTIONS, PROBE_NAMESPACE } from '../../fixtures/extraction-probe.js';
import { grant } from '../client/access-patterns.js';
import { buildCli, run } from './binary.js';

const A = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime';
const SHARED = `${A}/agent-abcdefghij`;
const HALF_SHARED = `${A}/agent_sse_ts-abcdefghij`;
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const ADMIN = 'arn:aws:iam::111111111111:role/admin';

let bin: string;
let cleanup: () => void;
let emulator: LocalAgentCore;
let dir: string;
let env: Record<string, string>;
let secrets: string[];

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
  emulator = await startLocalAgentCore();
  const admin = emulator.clientConfig(ADMIN);
  expect(
    (await grantRuntimeAccess({ runtimeArn: SHARED, principals: [CALLER], clientConfig: admin })).ok,
  ).toBe(true);
  // Seed gotcha 1: the runtime's policy but none on its endpoint.
  const control = new BedrockAgentCoreControlClient(admin);
  const { runtime } = runtimeAccessPolicies({ runtimeArn: HALF_SHARED, principals: [CALLER] });
  await control.send(
    new PutResourcePolicyCommand({ resourceArn: HALF_SHARED, policy: JSON.stringify(runtime.document) }),
  );
  control.destroy();
  emulator.setIdentityPolicy(CALLER, callerIdentityPolicy({ runtimeArns: [SHARED, HALF_SHARED] }));
  const caller = emulator.credentialsFor(CALLER);
  dir = mkdtempSync(join(tmpdir(), 'xacct-doctor-'));
  const credentialsFile = join(dir, 'credentials');
  writeFileSync(
    credentialsFile,
    `[account-a]\naws_access_key_id = ${admin.credentials.accessKeyId}\naws_secret_access_key = ${admin.credentials.secretAccessKey}\n`,
  );
  env = {
    AWS_ACCESS_KEY_ID: caller.accessKeyId,
    AWS_SECRET_ACCESS_KEY: caller.secretAccessKey,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_CONFIG_FILE: join(dir, 'config'),
  };
  secrets = [caller.secretAccessKey, admin.credentials.secretAccessKey];
}, 60_000);

afterAll(async () => {
  await emulator.stop();
  cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const doctor = (runtimeArn: string, ...extra: string[]) => [
  'doctor',
  '--runtime-arn',
  runtimeArn,
  '--endpoint-url',
  emulator.endpoint,
  '--owner-profile',
  'account-a',
  ...extra,
];

describe('agentcore-xacct doctor', () => {
  test('a correct setup: a table of passes and skips, exit 0', async () => {
    const result = await run(bin, doctor(SHARED), env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^pass {4}Account B: the caller's identity/);
    expect(lines[1]).toMatch(/^ {8}arn:aws:iam::222222222222:role\/the-caller-role/);
    expect(lines.filter((l) => l.startsWith('pass ')).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('fail '))).toBe(false);
    expect(result.stdout).toMatch(/\d+ passed, 0 failed, \d+ skipped/);
    for (const secret of secrets) expect(result.stdout).not.toContain(secret);
  });

  test("the seed's gotcha 1: a failed check names endpoint-policy-missing with its fix, exit 1", async () => {
    const result = await run(bin, doctor(HALF_SHARED), env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fail .*\n {8}endpoint-policy-missing: /m);
    expect(result.stdout).toMatch(/^ {8}fix: /m);
    expect(result.stdout).toMatch(/\d+ passed, [1-9]\d* failed/);
    for (const secret of secrets) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  test('no credentials: the fix speaks of what a CLI user configures, not caller.credentials', async () => {
    const result = await run(bin, doctor(SHARED), {
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'eu-west-1',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fail .*\n {8}no usable credentials/m);
    expect(result.stdout).toContain('fix: Configure the default credential chain (AWS_PROFILE');
    expect(result.stdout).not.toContain('caller.credentials');
  });

  test('--json prints the report', async () => {
    const result = await run(bin, doctor(HALF_SHARED, '--json'), env);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: { status: string; code?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.checks).toContainEqual(
      expect.objectContaining({ status: 'fail', code: 'endpoint-policy-missing' }),
    );
  });

  test('--help shows an example', async () => {
    const result = await run(bin, ['doctor', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('$ npx agentcore-xacct doctor --runtime-arn');
  });
});

describe('agentcore-xacct doctor --extraction-probe', () => {
  let world: LocalAgentCore | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  /** An emulator whose memory extracts (or, like the user report, skips) events written by ARN. */
  async function memoryWorld(byArn: 'extract' | 'skip'): Promise<Record<string, string>> {
    world = await startLocalAgentCore({
      memories: [
        {
          memoryId: 'shared_memory-abcdefghij',
          accountId: ACCOUNT_A,
          region: REGION,
          strategies: [{ strategyId: 'preferences-abcdefghij', namespaces: [PROBE_NAMESPACE] }],
          extraction: { byArn, delayMs: 100 },
        },
      ],
    });
    await grant(world, 'resource-policy', [{ resourceArns: [MEMORY_ARN], actions: PROBE_ACTIONS }]);
    const caller = world.credentialsFor(CALLER_ROLE_ARN);
    return {
      AWS_ACCESS_KEY_ID: caller.accessKeyId,
      AWS_SECRET_ACCESS_KEY: caller.secretAccessKey,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    };
  }

  const probe = (...extra: string[]) => [
    'doctor',
    '--memory-arn',
    MEMORY_ARN,
    '--endpoint-url',
    (world as LocalAgentCore).endpoint,
    '--extraction-probe',
    PROBE_NAMESPACE,
    ...extra,
  ];

  test('extraction runs: the check passes, naming the record, and the probe cleans up', async () => {
    const probeEnv = await memoryWorld('extract');
    const result = await run(bin, probe('--extraction-timeout', '5', '--json'), probeEnv);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { checks: { id: string; status: string; reason: string }[] };
    const check = report.checks.find((c) => c.id === 'memory-extraction-by-arn');
    expect(check).toMatchObject({ status: 'pass' });
    expect(check?.reason).toMatch(/^extraction ran: record mem-/);
    expect(world?.memory.counts(MEMORY_ARN)).toEqual({ events: 0, records: 0 });
  });

  test('the reported symptom: nothing extracted within --extraction-timeout, a failed check with its fix, exit 1', async () => {
    const probeEnv = await memoryWorld('skip');
    const result = await run(bin, probe('--extraction-timeout', '1'), probeEnv);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fail {4}Account B: long-term extraction of an event written by full/m);
    expect(result.stdout).toMatch(/^ {8}fix: /m);
    // Regression: the fix named the library option (`retry with a longer timeoutMs`).
    expect(result.stdout).toContain('retry with a longer --extraction-timeout (seconds)');
    expect(result.stdout).not.toContain('timeoutMs');
  });

  test('usage errors before anything is written: no --memory-arn, a timeout without the probe, out of range', async () => {
    const probeEnv = await memoryWorld('extract');
    const endpoint = (world as LocalAgentCore).endpoint;
    const noMemory = await run(
      bin,
      ['doctor', '--endpoint-url', endpoint, '--extraction-probe', PROBE_NAMESPACE],
      probeEnv,
    );
    expect(noMemory.code).toBe(2);
    expect(noMemory.stderr).toContain('--extraction-probe writes an event through the memory ARN');
    const noProbe = await run(
      bin,
      ['doctor', '--memory-arn', MEMORY_ARN, '--endpoint-url', endpoint, '--extraction-timeout', '5'],
      probeEnv,
    );
    expect(noProbe.code).toBe(2);
    expect(noProbe.stderr).toContain('it needs --extraction-probe');
    const tooLong = await run(bin, probe('--extraction-timeout', '901'), probeEnv);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain('--extraction-timeout');
    expect(world?.requests.filter((r) => r.operation === 'CreateEvent')).toEqual([]);
  });
});
