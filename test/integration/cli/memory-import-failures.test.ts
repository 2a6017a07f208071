import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { run } from './binary.js';
import { MEMORY, type MemoryCliWorld, startMemoryCliWorld } from './memory-world.js';

let world: MemoryCliWorld;
let bin: string;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  // A memory with one strategy: a record naming another strategy fails on its own (HTTP 400 item).
  world = await startMemoryCliWorld({
    memories: [
      {
        memoryId: 'shared_memory-abcdefghij',
        accountId: '111111111111',
        region: 'eu-west-1',
        strategies: [{ strategyId: 'preferences-abcdefghij', namespaces: ['preferences/{actorId}'] }],
      },
    ],
  });
  ({ bin, env, dir } = world);
}, 60_000);

afterAll(() => world.stop());

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
      world.emulator.endpoint,
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
  // Grouped by reason, with a count and the first line of the file that failed for it.
  const reasons = result.stderr.split('\n').filter((l) => /^\d+ failed/.test(l));
  expect(reasons).toHaveLength(1);
  expect(reasons[0]).toMatch(new RegExp(`^3 failed \\(first: ${file} line 8\\): \\d{3}: `));
  expect(result.stdout + result.stderr).not.toContain(env.AWS_SECRET_ACCESS_KEY);
});

test('a denied caller sees why: one reason for every record, with the fix, not just a count', async () => {
  const file = join(dir, 'denied.jsonl');
  const lines = Array.from({ length: 250 }, (_, i) =>
    JSON.stringify({ content: { text: `Record ${i}` }, namespaces: ['preferences/user-42'] }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  const stranger = 'arn:aws:iam::222222222222:role/not-granted';
  world.emulator.setIdentityPolicy(stranger, undefined);
  const keys = world.emulator.credentialsFor(stranger);
  const result = await run(
    bin,
    ['memory', 'import', file, '--memory-arn', MEMORY, '--endpoint-url', world.emulator.endpoint],
    { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey },
  );
  expect(result.code).toBe(1);
  expect(result.stdout).toContain('0 succeeded, 250 failed');
  const text = result.stderr.replace(/\n {2}/g, ' ');
  expect(text).toContain(
    `250 failed (first: ${file} line 1): access denied: ${stranger} may not bedrock-agentcore:BatchCreateMemoryRecords on ${MEMORY}`,
  );
  expect(result.stderr).toMatch(/^ {2}fix: Attach /m);
  expect(result.stderr).not.toContain('error.diagnosis');
});

test('a clean import writes no failed file', async () => {
  const file = join(dir, 'clean.jsonl');
  writeFileSync(file, `${JSON.stringify({ content: { text: 'ok' }, namespaces: ['preferences/user-1'] })}\n`);
  const result = await run(
    bin,
    ['memory', 'import', file, '--memory-arn', MEMORY, '--endpoint-url', world.emulator.endpoint],
    env,
  );
  expect(result.code).toBe(0);
  expect(result.stdout.trim()).toBe('1 succeeded, 0 failed');
  expect(existsSync(join(dir, 'clean.failed.jsonl'))).toBe(false);
});
