import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { codeInfo, TROUBLESHOOTING_URL } from '../../../src/policy/codes.js';
import {
  assumeRoleTrustPolicy,
  callerIdentityPolicy,
  memoryAccessPolicy,
  runtimeAccessPolicies,
} from '../../../src/policy/index.js';
import type { FindingCode } from '../../../src/policy/types.js';
import { buildCli, repoPath, run } from './binary.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const MEMORY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';

const GOTCHAS = [
  ['seed-000-gotcha-1-endpoint-policy-missing.setup.json', 'endpoint-policy-missing'],
  ['seed-000-gotcha-2-resource-wildcard.json', 'resource-wildcard'],
  ['seed-000-gotcha-3-source-account-condition.json', 'source-account-condition'],
  ['seed-000-gotcha-4-identity-wrong-account.json', 'identity-wrong-account'],
] as const;
const gotchaFiles = GOTCHAS.map(([file]) => `test/fixtures/cli/${file}`);

// ajv-draft-04 is CommonJS: under NodeNext its default import is the module object.
const Ajv = AjvModule.default;

let bin: string;
let cleanup: () => void;
let dir: string;
let builderFiles: string[];

beforeAll(async () => {
  ({ bin, cleanup } = await buildCli());
  dir = mkdtempSync(join(tmpdir(), 'xacct-lint-'));
  const runtime = runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [CALLER] });
  const documents: Record<string, unknown> = {
    'runtime.json': runtime.runtime.document,
    'endpoint.json': runtime.endpoints[0]?.document,
    'memory.json': memoryAccessPolicy({ memoryArn: MEMORY, readers: [CALLER], writers: [CALLER] }).document,
    'identity.json': callerIdentityPolicy({ runtimeArns: [RUNTIME], memoryArns: [MEMORY] }),
    'trust.json': assumeRoleTrustPolicy({ trustedPrincipals: [CALLER], externalId: 'ext-1234' }),
  };
  builderFiles = Object.entries(documents).map(([name, document]) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(document, null, 2));
    return file;
  });
}, 60_000);

afterAll(() => {
  cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('agentcore-xacct lint', () => {
  test("the seed's four bad policies exit 1 with each gotcha's code", async () => {
    const result = await run(bin, ['lint', ...gotchaFiles, '--owner-account', '111111111111']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    for (const [file, code] of GOTCHAS) {
      expect(result.stdout).toMatch(
        new RegExp(`error +test/fixtures/cli/${file.replace(/\./g, '\\.')}.* ${code}:`),
      );
    }
    expect(result.stdout).toMatch(/4 file\(s\), 4 error\(s\)/);
    expect(result.stdout).toContain('fix: ');
  });

  test("the seed's four bad policies need no flag: the gotcha-4 policy names its own owner", async () => {
    const result = await run(bin, ['lint', ...gotchaFiles]);
    expect(result.code).toBe(1);
    for (const [file, code] of GOTCHAS) {
      expect(result.stdout).toMatch(
        new RegExp(`error +test/fixtures/cli/${file.replace(/\./g, '\\.')}.* ${code}:`),
      );
    }
  });

  test.each(GOTCHAS)('%s alone exits 1 with %s in the JSON output', async (file, code) => {
    const result = await run(bin, [
      'lint',
      `test/fixtures/cli/${file}`,
      '--owner-account',
      '111111111111',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as { findings: { code: string; severity: string }[] }[];
    expect(parsed[0]?.findings).toContainEqual(expect.objectContaining({ code, severity: 'error' }));
  });

  test("the builders' output exits 0", async () => {
    const result = await run(bin, ['lint', ...builderFiles, '--owner-account', '111111111111']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/5 file\(s\), 0 error\(s\)/);
    expect(result.code).toBe(0);
  });

  test('SARIF output validates against the SARIF 2.1.0 schema and carries each code', async () => {
    const result = await run(bin, [
      'lint',
      ...gotchaFiles,
      '--owner-account',
      '111111111111',
      '--format',
      'sarif',
    ]);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as {
      version: string;
      runs: { results: { ruleId: string; level: string; locations: unknown[] }[] }[];
    };
    const schema = JSON.parse(
      readFileSync(repoPath('test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const errors = log.runs[0]?.results.filter((r) => r.level === 'error').map((r) => r.ruleId);
    expect(errors?.sort()).toEqual(GOTCHAS.map(([, code]) => code).sort());
    // Each rule is described from the code catalogue: title, description, help and its section.
    const rules = (log.runs[0] as unknown as { tool: { driver: { rules: SarifRule[] } } }).tool.driver.rules;
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const info = codeInfo(rule.id as FindingCode);
      expect(rule.shortDescription.text).toBe(info.title);
      expect(rule.fullDescription.text).toBe(info.description);
      expect(rule.help.text).toContain(info.fix());
      expect(rule.helpUri).toBe(`${TROUBLESHOOTING_URL}#${rule.id}`);
      expect(rule.defaultConfiguration.level).toBe(info.severity === 'info' ? 'note' : info.severity);
    }
  });

  test('SARIF places a finding on the line of its element', async () => {
    const file = 'test/fixtures/cli/seed-000-gotcha-3-source-account-condition.json';
    const result = await run(bin, ['lint', file, '--format', 'sarif']);
    const log = JSON.parse(result.stdout) as {
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
      }[];
    };
    const finding = log.runs[0]?.results.find((r) => r.ruleId === 'source-account-condition');
    const line =
      readFileSync(repoPath(file), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('aws:SourceAccount')) + 1;
    expect(finding?.locations[0]?.physicalLocation.region.startLine).toBe(line);
  });

  test.each([
    ['a missing file', ['lint', 'test/fixtures/cli/absent.json'], /cannot read .*absent\.json \(ENOENT\)/],
    [
      'an unknown format',
      ['lint', gotchaFiles[1] ?? '', '--output', 'xml'],
      /argument 'xml' is invalid\. --output takes one of text, json, sarif\./,
    ],
    [
      'an unknown format given with the old flag',
      ['lint', gotchaFiles[1] ?? '', '--format', 'xml'],
      /--format takes one of text, json, sarif\./,
    ],
    [
      'an unknown kind',
      ['lint', gotchaFiles[1] ?? '', '--kind', 'scp'],
      /--kind takes one of resource, identity, trust, setup\./,
    ],
    ['no file', ['lint'], /missing required argument/],
  ])('%s is a usage error: exit 2, one line and the fix', async (_name, args, message) => {
    const result = await run(bin, args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    // A parser error points to the help; a CLI error says its fix.
    expect(result.stderr).toMatch(/^(\(run with --help for usage\)|fix: .+)$/m);
  });

  const GATEWAY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij';
  const HARNESS = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij';
  test.each([
    ['policy runtime', ['--runtime-arn', RUNTIME, '--principal', CALLER, '--qualifier', 'DEFAULT', 'prod']],
    ['policy gateway', ['--gateway-arn', GATEWAY, '--principal', CALLER]],
    ['policy harness', ['--harness-arn', HARNESS, '--principal', CALLER]],
    ['policy memory', ['--memory-arn', MEMORY, '--reader', CALLER]],
    ['policy caller', ['--runtime-arn', RUNTIME, '--memory-arn', MEMORY]],
    ['policy trust', ['--trusted-principal', CALLER, '--external-id', 'ext-1234']],
  ])(
    "%s's JSON output, piped to a file, lints clean (regression: 'must be a JSON object')",
    async (command, args) => {
      const policy = await run(bin, [...command.split(' '), ...args]);
      expect(policy.code).toBe(0);
      const file = join(dir, `${command.replace(' ', '-')}.out.json`);
      writeFileSync(file, policy.stdout);
      const result = await run(bin, ['lint', file, '--owner-account', '111111111111']);
      expect(result.stderr).toBe('');
      expect(result.stdout).not.toContain('invalid-policy');
      expect(result.stdout).toMatch(/1 file\(s\), 0 error\(s\)/);
      expect(result.code).toBe(0);
    },
  );

  test("each policy of `policy`'s output is linted against its own ARN, findings say which", async () => {
    const { runtime, endpoints } = runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [CALLER] });
    const endpoint = endpoints[0];
    // The endpoint's policy names the runtime instead of the endpoint: wrong for where it is put.
    const file = join(dir, 'plan.json');
    writeFileSync(
      file,
      JSON.stringify([
        { resourceArn: runtime.resourceArn, policy: runtime.document },
        { resourceArn: endpoint?.resourceArn, policy: runtime.document },
      ]),
    );
    const text = await run(bin, ['lint', file]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${endpoint?.resourceArn} /1/policy/Statement/0`);
    expect(text.stdout).not.toMatch(/ \/0\/policy/);
    const json = await run(bin, ['lint', file, '--output', 'json']);
    const [entry] = JSON.parse(json.stdout) as { findings: { path: string; policyArn: string }[] }[];
    expect(entry?.findings.length).toBeGreaterThan(0);
    for (const f of entry?.findings ?? []) {
      expect(f.path).toMatch(/^\/1\/policy\//);
      expect(f.policyArn).toBe(endpoint?.resourceArn);
    }
    const clean = join(dir, 'plan-clean.json');
    writeFileSync(clean, JSON.stringify([{ resourceArn: runtime.resourceArn, policy: runtime.document }]));
    expect((await run(bin, ['lint', clean])).stdout).toMatch(
      /ok +.*plan-clean\.json \(1 resource policies\)/,
    );
  });

  test('a file that is not JSON is an error finding, and the other files are still linted', async () => {
    const notJson = 'test/fixtures/cli/not-json.json';
    const result = await run(bin, ['lint', builderFiles[0] ?? '', notJson, gotchaFiles[1] ?? '']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /error +test\/fixtures\/cli\/not-json\.json invalid-policy: .*not valid JSON/,
    );
    expect(result.stdout).toMatch(/ok +.*runtime\.json/);
    expect(result.stdout).toMatch(/resource-wildcard/);
    expect(result.stdout).toMatch(/3 file\(s\), 2 error\(s\)/);
    const sarif = await run(bin, ['lint', notJson, '--output', 'sarif']);
    expect(sarif.code).toBe(1);
    expect(JSON.parse(sarif.stdout).runs[0].results[0].ruleId).toBe('invalid-policy');
  });

  test('--help shows an example', async () => {
    const result = await run(bin, ['lint', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('$ npx agentcore-xacct lint');
    expect(result.stdout).toContain('--format <format>');
  });
});

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: string };
}
