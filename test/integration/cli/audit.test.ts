/**
 * `agentcore-xacct audit` as a built binary in its own process, against the audit world
 * (../admin/audit-world.ts) served by this process: the table, JSON (the library's audit), SARIF
 * that validates against the 2.1.0 schema, Markdown whose Mermaid graph parses, `--fail-on` for
 * CI, and the drift fix planned then applied.
 */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditAccount } from '../../../src/admin/index.js';
import type { LocalAgentCore } from '../../../src/testing/index.js';
import { parseMermaid } from '../../fixtures/mermaid.js';
import {
  AUDITOR,
  B,
  GATEWAY,
  ORDERS_PROD,
  ORG,
  PARTNER_READER,
  PRIVATE_MEMORY,
  startAuditWorld,
} from '../admin/audit-world.js';
import { buildCli, repoPath, run } from './binary.js';

// ajv-draft-04 is CommonJS: under NodeNext its default import is the module object.
const Ajv = AjvModule.default;

let bin: string;
let cleanup: () => void;
let emulator: LocalAgentCore;
let env: Record<string, string>;

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
  emulator = await startAuditWorld();
  const { accessKeyId, secretAccessKey } = emulator.credentialsFor(AUDITOR);
  env = { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_REGION: 'eu-west-1' };
}, 60_000);

afterAll(async () => {
  await emulator.stop();
  cleanup();
});

const audit = (...args: string[]) =>
  run(
    bin,
    ['audit', '--endpoint-url', emulator.endpoint, '--trusted-account', B, '--organization-id', ORG, ...args],
    env,
  );

describe('agentcore-xacct audit', () => {
  test('prints a table per resource and the counts, and exits 0 without --fail-on', async () => {
    const result = await audit();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('AgentCore audit of account 111111111111 in eu-west-1');
    expect(result.stdout).toContain(`runtime-endpoint  policy  drift\n${ORDERS_PROD}\n`);
    // Regression: the drift's fix named the library function (`fixDrift(audit) plans it`).
    expect(result.stdout).toContain('`agentcore-xacct audit --fix-drift` plans it');
    expect(result.stdout).not.toContain('fixDrift');
    expect(result.stdout).toMatch(/exposure {3}public {2}\*\n {13}InvokeGateway\n/);
    expect(result.stdout).toContain(`exposure   external  ${PARTNER_READER}`);
    expect(result.stdout).toContain(
      `memory  unreadable\n${PRIVATE_MEMORY}\n  not read   access-denied: User: ${AUDITOR} is not authorized`,
    );
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      '11 resources, 8 with a policy, 1 unreadable; exposed: 1 public, 1 external, 3 trusted, 3 same-org; 1 drifted endpoint; findings: 1 error, 3 warnings',
    );
  });

  test.each([
    [['external,public,drift'], 1, 'external, public, drift'],
    [['public', 'drift'], 1, 'public, drift'],
    [['unreadable'], 1, 'unreadable'],
    [['error'], 1, 'error'],
    [['same-org,trusted'], 1, 'same-org, trusted'],
  ])('--fail-on %j exits %i', async (failOn, code, named) => {
    const result = await audit(...failOn.flatMap((f) => ['--fail-on', f]), '--output', 'json');
    expect(result.code).toBe(code);
    expect(result.stderr.trim()).toBe(`audit: failing on ${named} (--fail-on)`);
  });

  test('refuses an unknown --fail-on with a usage error (exit 2)', async () => {
    const result = await audit('--fail-on', 'public,everything');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--fail-on takes one of public, external, trusted, same-org, drift, unreadable, error/,
    );
  });

  test('--output json is the library audit, errors as name and message', async () => {
    const result = await audit('--output', 'json');
    const printed = JSON.parse(result.stdout);
    const library = await auditAccount({
      clientConfig: emulator.clientConfig(AUDITOR),
      trustedAccounts: [B],
      organizationId: ORG,
      pacing: false,
    });
    expect(printed).toEqual(
      JSON.parse(
        JSON.stringify({
          ...library,
          unreadable: library.unreadable.map((u) => ({
            ...u,
            error: { name: u.error.name, message: u.error.message },
          })),
        }),
      ),
    );
  });

  test('--output sarif validates against SARIF 2.1.0 and names each planted thing', async () => {
    const result = await audit('--output', 'sarif');
    const log = JSON.parse(result.stdout);
    const schema = JSON.parse(readFileSync(repoPath('test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0].results as Array<{
      ruleId: string;
      level: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
    }>;
    const where = (ruleId: string) =>
      results
        .filter((r) => r.ruleId === ruleId)
        .map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    expect(where('exposure-public')).toEqual([GATEWAY]);
    expect(where('exposure-external')).toHaveLength(1);
    expect(where('endpoint-policy-drift')).toEqual([ORDERS_PROD]);
    expect(where('policy-unreadable')).toEqual([PRIVATE_MEMORY]);
    expect(
      results
        .filter((r) => r.level === 'error')
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(['endpoint-policy-drift', 'exposure-public', 'wildcard-principal']);
  });

  test('--output markdown holds a Mermaid graph of accounts to resources that parses', async () => {
    const result = await audit('--output', 'markdown');
    const graph = /```mermaid\n([\s\S]*?)\n```/.exec(result.stdout)?.[1];
    expect(result.stdout).toContain('`agentcore-xacct audit --fix-drift` plans it');
    expect(result.stdout).not.toContain('fixDrift');
    expect(graph).toBeDefined();
    await expect(parseMermaid(graph as string)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    expect(graph).toContain('p0(["Account 222222222222 (trusted)"]):::trusted');
    expect(graph).toMatch(/-->\|"role\/the-caller-role: InvokeAgentRuntime, InvokeAgentRuntimeForUser"\| r2/);
    expect(graph).toContain('(["Everyone (public)"]):::public');
    expect(result.stdout).toContain(
      '| `gateway/tools-gateway-abcdefghij` | attached | **public** InvokeGateway | — | error wildcard-principal |',
    );
  });

  test('a list that fails makes the run fail whatever --fail-on says, and nothing is called unexposed', async () => {
    // Credentials the emulator does not know: every list is refused.
    const result = await run(
      bin,
      ['audit', '--endpoint-url', emulator.endpoint, '--fail-on', 'public,external,drift'],
      {
        ...env,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'not-a-key-the-emulator-knows',
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^audit: ListAgentRuntimes failed \(/m);
    expect(result.stderr).toContain('audit: incomplete');
    expect(result.stdout).toContain('exposed: unknown');
    expect(result.stdout).not.toContain('exposed: none');
  });

  test('--apply needs --fix-drift', async () => {
    const result = await audit('--apply');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--apply applies the drift fix: it needs --fix-drift');
  });

  test('--fix-drift prints the plan; with --apply it applies it, and --fail-on drift then passes', async () => {
    const planned = await audit('--fix-drift');
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('aws bedrock-agentcore-control put-resource-policy');
    expect(planned.stdout).toContain(`'${ORDERS_PROD}'`);
    expect((await audit('--fail-on', 'drift', '--output', 'json')).code).toBe(1);
    const applied = await audit('--fix-drift', '--apply');
    expect(applied.stdout.trim()).toBe(`put ${ORDERS_PROD}`);
    expect((await audit('--fail-on', 'drift', '--output', 'json')).code).toBe(0);
  });
});
