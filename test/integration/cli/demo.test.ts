import { describe, expect, it } from 'vitest';
import { runDemo } from '../../../src/cli/commands/demo.js';
import type { Output } from '../../../src/cli/output.js';

function captured(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const plain = (text: string) => text;
  return {
    stdout,
    stderr,
    color: false,
    width: 80,
    line: (text = '') => stdout.push(text),
    error: (text) => stderr.push(text),
    data: (text) => stdout.push(text),
    green: plain,
    red: plain,
    yellow: plain,
    dim: plain,
    bold: plain,
  };
}

describe('agentcore-xacct demo', () => {
  it('runs both patterns, memory and the four gotchas on the emulator and exits 0', async () => {
    const out = captured();
    const code = await runDemo(out);
    const text = out.stdout.join('\n');
    expect(out.stderr).toEqual([]);
    expect(code).toBe(0);
    expect(text).toContain('the-caller-role invoked');
    expect(text).toMatch(/CrossAccountAgentClient streams .*\n.*\{"text":"Stream"\}/);
    expect(text).toContain('the assumed-role session invoked the runtime');
    expect(text).toMatch(/RetrieveMemoryRecords "meeting preferences" → "User prefers morning meeting times/);
    // Each gotcha: AWS's message (one policy type, on the ARN that failed), then the library's cause code.
    const aws =
      text.match(
        /AWS says: +AccessDeniedException: .* because no (resource|identity)-based policy allows/g,
      ) ?? [];
    expect(aws).toHaveLength(4);
    for (const code of [
      'endpoint-policy-missing',
      'resource-wildcard',
      'source-account-condition',
      'identity-wrong-account',
    ]) {
      expect(text).toMatch(new RegExp(`library says: ${code}:`));
    }
    // Each gotcha's planned fix, applied through the control plane and IAM, makes the call work.
    expect(text.match(/the planned fix applied: invoke works/g) ?? []).toHaveLength(4);
    expect(text).toContain('restored the correct setup: invoke works again');
  });

  it('never prints a credential', async () => {
    const out = captured();
    await runDemo(out);
    const text = out.stdout.join('\n');
    expect(text).not.toMatch(/AKIA[A-Z2-7]{16}|ASIA[A-Z2-7]{16}/);
    expect(text).not.toMatch(/SecretAccessKey|sessionToken|X-Amz-Security-Token|Signature=/i);
  });
});
