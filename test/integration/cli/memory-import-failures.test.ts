import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { callerIdentityPolicy, grantMemoryAccess } from '../../../src/index.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { buildCli, run } from './binary.js';

const MEMORY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const ADMIN = 'arn:aws:iam::111111111111:role/admin';

let bin: string;
let cleanup: () => void;
let emulator: LocalAgentCore;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
  // A memory with one strategy: a record naming another strategy fails on its own (HTTP 400 item).
  emulator = await startLocalAgentCore({
    memories: [
      {
        memoryId: 'shared_memory-abcdefghij',
        accountId: '111111111111',
        region: 'eu-west-1',
        strategies: [{ strategyId: 'preferences-abcdefghij', namespaces: ['preferences/{actorId}'] }],
      },
    ],
  });
  await grantMemoryAccess({
    memoryArn: MEMORY,
    writers: [CALLER],
    clientConfig: emulator.clientConfig(ADMIN),
  });
  emulator.setIdentityPolicy(
    CALLER,
    callerIdentityPolicy({ memoryArns: [MEMORY], memoryAccess: 'read-write' }),
  );
  const credentials = emulator.credentialsFor(CALLER);
  env = { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
  dir = mkdtempSync(join(tmpdir(), 'xacct-import-'));
}, 60_000);

afterAll(async () => {
  await emulator.stop();
  cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('import writes the records the service failed to a file, counts them and exits 1', async () => {
  const file = join(dir, 'records.jsonl');
  const record = (i: number, strategy?: string) =>
    JSON.stringify({
      content: { text: `Record ${i}` },
      namespaces: ['preferences/user-42'],
      ...(strategy === undefined ? {} : { memoryStrategyId: strategy }),
    });
  const lines = Array.from({ length: 120 }, (_, i) =>
    record(i, i % 40 === 7 ? 'no-such-strategy' : undefined),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  const failedFile = join(dir, 'failed.jsonl');
  const result = await run(
    bin,
    [
      'memory',
      'import',
      file,
      '--memory-arn',
      MEMORY,
      '--endpoint-url',
      emulator.endpoint,
      '--failed-file',
      failedFile,
    ],
    env,
  );
  expect(result.code).toBe(1);
  expect(result.stdout.trim()).toBe(`117 succeeded, 3 failed (written to ${failedFile})`);
  const failed = readFileSync(failedFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; record: { content: { text: string } }; error: string });
  expect(failed.map((f) => f.line)).toEqual([8, 48, 88]);
  expect(failed.map((f) => f.record.content.text)).toEqual(['Record 7', 'Record 47', 'Record 87']);
  expect(failed[0]?.error).toContain('no-such-strategy');
  expect(result.stdout + result.stderr).not.toContain(env.AWS_SECRET_ACCESS_KEY);
});

test('a clean import writes no failed file', async () => {
  const file = join(dir, 'clean.jsonl');
  writeFileSync(file, `${JSON.stringify({ content: { text: 'ok' }, namespaces: ['preferences/user-1'] })}\n`);
  const result = await run(
    bin,
    ['memory', 'import', file, '--memory-arn', MEMORY, '--endpoint-url', emulator.endpoint],
    env,
  );
  expect(result.code).toBe(0);
  expect(result.stdout.trim()).toBe('1 succeeded, 0 failed');
  expect(existsSync(join(dir, 'clean.failed.jsonl'))).toBe(false);
});
