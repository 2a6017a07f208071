import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCli, run } from './binary.js';

let bin: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
}, 60_000);

afterAll(() => cleanup());

describe('the agentcore-xacct binary', () => {
  test('demo runs end to end on the emulator and exits 0 without a credential or a colour code', async () => {
    const result = await run(bin, ['demo']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('restored the correct setup: invoke works again');
    expect(result.stdout).not.toMatch(/AKIA[A-Z2-7]{16}|ASIA[A-Z2-7]{16}/);
    // Not a TTY (and NO_COLOR is set): no ANSI escapes.
    expect(result.stdout).not.toContain('\u001b[');
  });

  test.each([
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown option', ['lint', 'x.json', '--colour'], /unknown option '--colour'/],
  ])('%s exits 2', async (_name, args, message) => {
    const result = await run(bin, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test('--help lists every command and exits 0', async () => {
    const result = await run(bin, ['--help']);
    expect(result.code).toBe(0);
    for (const command of ['demo', 'lint', 'policy', 'explain', 'emulator', 'invoke', 'doctor', 'memory'])
      expect(result.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
  });

  test('--version prints the package version', async () => {
    const result = await run(bin, ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
