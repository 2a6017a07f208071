import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCli, run } from './binary.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const ENDPOINT = `${RUNTIME}/runtime-endpoint/DEFAULT`;
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const F = 'test/fixtures/cli';
const base = [
  'explain',
  '--principal',
  CALLER,
  '--action',
  'bedrock-agentcore:InvokeAgentRuntime',
  '--resource',
  RUNTIME,
];

let bin: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
}, 60_000);

afterAll(() => cleanup());

describe('agentcore-xacct explain', () => {
  test('an identity file holding null: one line naming the policy, exit 2 (was a raw TypeError)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-null-'));
    try {
      writeFileSync(join(dir, 'null.json'), 'null\n');
      const result = await run(bin, [...base, '--identity', join(dir, 'null.json')]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toMatch(/TypeError/);
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        'agentcore-xacct: policies.identity[0]: Policy document must be a JSON object with a "Statement" element.',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the seed setup without an endpoint policy: denied, the tree and the cause, exit 1', async () => {
    const result = await run(bin, [
      ...base,
      '--identity',
      `${F}/seed-000-caller-identity.json`,
      '--resource-policy',
      `${RUNTIME}=${F}/seed-000-runtime-policy.json`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`IMPLICIT-DENY ${CALLER} → bedrock-agentcore:InvokeAgentRuntime on ${RUNTIME}`);
    expect(lines).toContain(
      `├─ runtime ${RUNTIME}: allow (cross-account, identity allows, resource policy allows)`,
    );
    expect(lines).toContain(
      `└─ runtime-endpoint ${ENDPOINT}: implicit-deny (cross-account, identity allows, no resource policy)`,
    );
    // AWS's order: the resource-based policy, then the identity-based ones.
    expect(lines).toContain('│  │  └─ #0 AllowCallerRole Allow: matches');
    expect(result.stdout).toMatch(/^ {2}endpoint-policy-missing: /m);
    expect(result.stdout).toMatch(/^ {4}fix: Attach a resource policy to /m);
  });

  test('with the endpoint policy too: allowed, exit 0', async () => {
    const result = await run(bin, [
      ...base,
      '--identity',
      `${F}/seed-000-caller-identity.json`,
      '--resource-policy',
      `${RUNTIME}=${F}/seed-000-runtime-policy.json`,
      `${ENDPOINT}=${F}/seed-000-endpoint-policy.json`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^ALLOW /);
    expect(result.stdout).not.toContain('Why:');
  });

  test('--json prints the Explanation with its causes', async () => {
    const result = await run(bin, [
      ...base,
      '--identity',
      `${F}/seed-000-caller-identity.json`,
      '--resource-policy',
      `${RUNTIME}=${F}/seed-000-runtime-policy.json`,
      '--json',
    ]);
    expect(result.code).toBe(1);
    const explanation = JSON.parse(result.stdout) as { decision: string; causes: { code: string }[] };
    expect(explanation.decision).toBe('implicit-deny');
    expect(explanation.causes.map((c) => c.code)).toContain('endpoint-policy-missing');
  });

  test.each([
    [
      'a resource policy without =',
      ['--resource-policy', 'runtime.json'],
      /--resource-policy "runtime\.json" is not ARN=FILE/,
    ],
    ['a missing policy file', ['--identity', `${F}/absent.json`], /cannot read .*absent\.json/],
    [
      'a context entry without a value',
      ['--context', 'aws:SourceIp'],
      /--context "aws:SourceIp" is not KEY=VALUE/,
    ],
  ])('%s: exit 2, one line and the fix', async (_name, extra, message) => {
    const result = await run(bin, [...base, ...extra]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^fix: /m);
  });

  test('a missing required option is a usage error', async () => {
    const result = await run(bin, ['explain', '--principal', CALLER]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required options '--action <action>', '--resource <arn>' not specified");
  });

  test('--help shows an example', async () => {
    const result = await run(bin, ['explain', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('$ npx agentcore-xacct explain --principal');
  });
});
