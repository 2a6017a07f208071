/**
 * Regression: a one-shot script whose first attempt was throttled exited before the retry ran
 * (exit 0 under CommonJS, 13 "unsettled top-level await" under ESM), because the backoff timer
 * was unref'd: the call was neither made nor reported. The suite did not see it while the
 * emulator shared the test's process (its server kept the event loop alive).
 *
 * Here everything runs as users run it: the emulator in a process of its own, each client a
 * fresh process importing the built package by name, the CLI as the built binary.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run } from '../cli/binary.js';
import { type BuiltPackage, installBuiltPackage, startNode, stopNode } from './built-package.js';

const MEMORY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';

interface Ready {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

let pkg: BuiltPackage;
let emulator: ChildProcess;
let env: Record<string, string>;

beforeAll(async () => {
  pkg = await installBuiltPackage();
  const started = await startNode<Ready>(pkg.script('emulator.mjs'), []);
  emulator = started.child;
  env = {
    EMULATOR_ENDPOINT: started.ready.endpoint,
    AWS_ACCESS_KEY_ID: started.ready.accessKeyId,
    AWS_SECRET_ACCESS_KEY: started.ready.secretAccessKey,
    AWS_REGION: 'eu-west-1',
    // No ambient profile: the keys above are the only credentials.
    HOME: '/nonexistent',
  };
  pkg.script('client.mjs');
  pkg.script('client.cjs');
}, 60_000);

afterAll(async () => {
  if (emulator !== undefined) await stopNode(emulator);
  pkg?.cleanup();
});

const retried = (stderr: string, operation: string) =>
  expect(stderr).toMatch(new RegExp(`${operation} attempt 1 failed.*"retrying":true`));

describe('a one-shot script whose first attempt is throttled completes with the answer', () => {
  for (const script of ['client.mjs', 'client.cjs']) {
    test(`${script}: invoke`, async () => {
      const result = await run(`${pkg.app}/${script}`, ['invoke'], env);
      expect(result.code, result.stderr).toBe(0);
      retried(result.stderr, 'InvokeAgentRuntime');
      const answer = JSON.parse(result.stdout) as { echo?: unknown };
      expect(JSON.stringify(answer)).toContain(`one shot from ${script === 'client.mjs' ? 'esm' : 'cjs'}`);
    });

    test(`${script}: create-event`, async () => {
      const result = await run(`${pkg.app}/${script}`, ['create-event'], env);
      expect(result.code, result.stderr).toBe(0);
      retried(result.stderr, 'CreateEvent');
      expect(JSON.parse(result.stdout)).toEqual({ eventId: expect.any(String) });
    });
  }
});

describe('the CLI never ends silently with a call pending', () => {
  test('invoke against a closed port prints one error line and exits non-zero', async () => {
    const result = await run(
      pkg.bin,
      ['invoke', '--runtime-arn', RUNTIME, '--payload', '{}', '--endpoint-url', 'http://127.0.0.1:1'],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^agentcore-xacct: .*ECONNREFUSED/);
    expect(lines.length).toBeLessThanOrEqual(2);
  });

  test('a throttled memory create-event completes', async () => {
    const result = await run(
      pkg.bin,
      [
        'memory',
        'create-event',
        '--memory-arn',
        MEMORY,
        '--actor-id',
        'cli-user',
        '--session-id',
        'cli-session',
        '--text',
        'one shot from the cli',
        '--endpoint-url',
        env.EMULATOR_ENDPOINT as string,
        '--json',
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('eventId');
  });
});
