import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run } from './binary.js';
import { MEMORY, type MemoryCliWorld, startMemoryCliWorld } from './memory-world.js';

const SESSION = 'session-cli-test-0001';

let world: MemoryCliWorld;
let bin: string;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  world = await startMemoryCliWorld();
  ({ bin, env, dir } = world);
}, 60_000);

afterAll(() => world.stop());

const memory = (sub: string, ...extra: string[]) => [
  'memory',
  sub,
  '--memory-arn',
  MEMORY,
  '--endpoint-url',
  world.emulator.endpoint,
  ...extra,
];

describe('agentcore-xacct memory', () => {
  test('create-event, then list-events shows the turn', async () => {
    const created = await run(
      bin,
      memory('create-event', '--actor-id', 'user-42', '--session-id', SESSION, '--text', 'I prefer mornings'),
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const eventId = /^created event (\S+)$/m.exec(created.stdout)?.[1];
    expect(eventId).toBeDefined();
    const listed = await run(
      bin,
      memory('list-events', '--actor-id', 'user-42', '--session-id', SESSION),
      env,
    );
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${eventId}  USER: I prefer mornings`);
  });

  test('import sends 250 records in batches, counts them, then list-records and retrieve find them', async () => {
    const file = join(dir, 'records.jsonl');
    const lines = Array.from({ length: 250 }, (_, i) =>
      JSON.stringify({
        content: { text: `Record ${i} prefers morning meetings` },
        namespaces: ['preferences/user-42'],
      }),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const imported = await run(bin, memory('import', file), env);
    expect(imported.code).toBe(0);
    expect(imported.stdout.trim()).toBe('250 succeeded, 0 failed');
    // Not a TTY: one progress line per batch of 100.
    expect(imported.stderr.trim().split('\n')).toEqual([
      'imported 100/250',
      'imported 200/250',
      'imported 250/250',
    ]);
    const listed = await run(
      bin,
      memory('list-records', '--namespace', 'preferences/user-42', '--json'),
      env,
    );
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n')).toHaveLength(250);
    const found = await run(
      bin,
      memory('retrieve', '--namespace', 'preferences/user-42', '--query', 'morning meetings', '--top-k', '3'),
      env,
    );
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/prefers morning meetings/);
  });

  test('a bad JSONL line is a usage error naming the line', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"content":{"text":"ok"},"namespaces":["a"]}\n{"text":"no content"}\n');
    const result = await run(bin, memory('import', file), env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2 is not a record`);
    expect(result.stderr).toMatch(/^fix: /m);
    expect(readFileSync(file, 'utf8')).toContain('no content');
  });

  test('a denied call exits 1 and prints no credential, even with --debug', async () => {
    const other = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/other_memory-abcdefghij';
    const result = await run(
      bin,
      [
        'memory',
        'list-records',
        '--memory-arn',
        other,
        '--namespace',
        'x',
        '--endpoint-url',
        world.emulator.endpoint,
        '--debug',
      ],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^agentcore-xacct: /);
    expect(result.stdout + result.stderr).not.toContain(env.AWS_SECRET_ACCESS_KEY);
  });

  test.each(['create-event', 'retrieve', 'list-records', 'list-events', 'import'])(
    'memory %s --help shows an example',
    async (sub) => {
      const result = await run(bin, ['memory', sub, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`$ npx agentcore-xacct memory ${sub}`);
    },
  );
});
