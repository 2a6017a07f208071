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
  expect(result.stdout + result.stderr).not.toContain(env.AWS_SECRET_ACCESS_KEY);
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
