import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCli, run, start } from './binary.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';

let bin: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
}, 60_000);

afterAll(() => cleanup());

/** Collects stdout until `marker` appears. */
function readUntil(child: ChildProcess, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes(marker)) resolve(text);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before "${marker}": ${text}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('agentcore-xacct emulator', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)(
    'prints the endpoint and working keys per principal, and stops on %s with exit 0',
    async (signal) => {
      const child = start(bin, ['emulator']);
      const done = exited(child);
      let rest = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        rest += chunk.toString();
      });
      const text = await readUntil(child, 'Press Ctrl-C to stop.');
      const endpoint = /^endpoint: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(text)?.[1];
      expect(endpoint).toBeDefined();
      expect(text).toMatch(/^region: +eu-west-1$/m);
      expect(text).toContain('Throwaway local keys');
      const admin =
        /# arn:aws:iam::111111111111:role\/admin\nexport AWS_ACCESS_KEY_ID=(\S+)\nexport AWS_SECRET_ACCESS_KEY=(\S+)\n/.exec(
          text,
        );
      expect(admin).not.toBeNull();
      expect(text).toContain(`# ${CALLER}\nexport AWS_ACCESS_KEY_ID=`);
      // The printed keys work: the admin applies a runtime policy through them.
      const applied = await run(
        bin,
        [
          'policy',
          'runtime',
          '--runtime-arn',
          RUNTIME,
          '--principal',
          CALLER,
          '--apply',
          '--endpoint-url',
          endpoint ?? '',
        ],
        { AWS_ACCESS_KEY_ID: admin?.[1] ?? '', AWS_SECRET_ACCESS_KEY: admin?.[2] ?? '' },
      );
      expect(applied.stderr).toBe('');
      expect(applied.stdout).toContain(`put ${RUNTIME}`);
      child.kill(signal);
      expect(await done).toBe(0);
      expect(rest).toContain('emulator stopped');
    },
  );

  test('--help shows an example', async () => {
    const result = await run(bin, ['emulator', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('$ npx agentcore-xacct emulator');
  });
});
