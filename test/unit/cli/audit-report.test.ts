/**
 * The audit's documents: the Mermaid graph (valid for mermaid's own parser, labels escaped), the
 * Markdown table, SARIF levels, and which --fail-on conditions an audit meets.
 */
import { describe, expect, it } from 'vitest';
import { auditMarkdown, auditMermaid, auditSarif } from '../../../src/cli/audit-report.js';
import { failures } from '../../../src/cli/commands/audit.js';
import type { AccountAudit, AuditedResource, Exposure } from '../../../src/index.js';
import { parseMermaid } from '../../fixtures/mermaid.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const MEMORY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/m-abcdefghij';

const exposure = (fields: Partial<Exposure>): Exposure => ({
  principal: '*',
  kind: 'everyone',
  class: 'public',
  actions: ['bedrock-agentcore:InvokeAgentRuntime'],
  statements: ['/Statement/0'],
  conditions: [],
  limitedBy: [],
  ...fields,
});

const resource = (arn: string, fields: Partial<AuditedResource>): AuditedResource => ({
  arn,
  type: arn.includes(':memory/') ? 'memory' : 'runtime',
  status: 'attached',
  policy: { Statement: [] },
  exposure: [],
  drift: [],
  findings: [],
  ...fields,
});

function auditOf(resources: AuditedResource[], summary: Partial<AccountAudit['summary']> = {}): AccountAudit {
  return {
    accountId: '111111111111',
    region: 'eu-west-1',
    trustedAccounts: [],
    resources,
    unreadable: [],
    listFailures: [],
    complete: true,
    summary: {
      resources: resources.length,
      withPolicy: resources.length,
      unreadable: 0,
      exposed: { 'same-org': 0, trusted: 0, external: 0, public: 0, service: 0 },
      drifted: 0,
      findings: { error: 0, warning: 0, info: 0 },
      ...summary,
    },
  };
}

const exposed = auditOf([
  resource(RUNTIME, {
    exposure: [
      exposure({}),
      exposure({
        principal: 'arn:aws:iam::333333333333:role/x"y',
        kind: 'role',
        accountId: '333333333333',
        class: 'external',
        actions: ['bedrock-agentcore:GetAgentCard'],
      }),
      exposure({ principal: 'lambda.amazonaws.com', kind: 'service', class: 'service' }),
      exposure({ class: 'same-org', organizationIds: ['o-a1b2c3d4e5'] }),
    ],
  }),
  resource(MEMORY, {
    exposure: [
      exposure({
        principal: 'arn:aws:iam::333333333333:root',
        kind: 'account',
        accountId: '333333333333',
        class: 'external',
        actions: ['bedrock-agentcore:RetrieveMemoryRecords'],
      }),
    ],
  }),
]);

describe('auditMermaid', () => {
  it('tells endpoints of different runtimes apart (regression: two nodes "runtime-endpoint DEFAULT")', () => {
    const endpoints = ['agent-abcdefghij', 'other-abcdefghij'].map((runtime) =>
      resource(
        `arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/${runtime}/runtime-endpoint/DEFAULT`,
        {
          type: 'runtime-endpoint',
          exposure: [exposure({})],
        },
      ),
    );
    const nodes = (auditMermaid(auditOf(endpoints)) as string).split('\n').filter((l) => /^ {4}r\d/.test(l));
    expect(nodes).toEqual([
      '    r0["runtime-endpoint agent-abcdefghij/DEFAULT"]',
      '    r1["runtime-endpoint other-abcdefghij/DEFAULT"]',
    ]);
  });

  it('draws accounts, organizations, everyone and services to the resources, labelled with the actions', async () => {
    const graph = auditMermaid(exposed) as string;
    await expect(parseMermaid(graph)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    expect(graph.split('\n')).toEqual([
      'flowchart LR',
      '  subgraph owner["Account 111111111111 · eu-west-1"]',
      '    r0["runtime agent-abcdefghij"]',
      '    r1["memory m-abcdefghij"]',
      '  end',
      '  p0(["Everyone (public)"]):::public',
      '  p1(["Account 333333333333 (external)"]):::external',
      '  p2(["Service lambda.amazonaws.com"]):::service',
      '  p3(["Organization o-a1b2c3d4e5 (same-org)"]):::sameorg',
      '  p0 -->|"InvokeAgentRuntime"| r0',
      '  p1 -->|"role/x#quot;y: GetAgentCard"| r0',
      '  p2 -->|"lambda.amazonaws.com: InvokeAgentRuntime"| r0',
      '  p3 -->|"InvokeAgentRuntime"| r0',
      '  p1 -->|"RetrieveMemoryRecords"| r1',
      '  classDef public fill:#fdd,stroke:#c00',
      '  classDef external fill:#fed,stroke:#c60',
      '  classDef trusted fill:#efe,stroke:#393',
      '  classDef sameorg fill:#eef,stroke:#339',
      '  classDef service fill:#eee,stroke:#666',
    ]);
  });

  it('draws nothing when nothing is exposed', () => {
    expect(auditMermaid(auditOf([resource(RUNTIME, {})]))).toBeUndefined();
    expect(auditMarkdown(auditOf([resource(RUNTIME, {})]))).toContain(
      'Nothing is exposed outside the account.',
    );
  });

  it('a mermaid syntax error is caught by the parser the test uses', async () => {
    await expect(parseMermaid('flowchart LR\n  a -->|"x"|')).rejects.toThrow(/Parse error/);
  });
});

describe('auditSarif', () => {
  it('levels: public an error, external a warning, the others notes', () => {
    const log = auditSarif(exposed) as { runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    expect(log.runs[0]?.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['exposure-public', 'error'],
      ['exposure-external', 'warning'],
      ['exposure-service', 'note'],
      ['exposure-same-org', 'note'],
      ['exposure-external', 'warning'],
    ]);
  });
});

describe('--fail-on', () => {
  const audit = auditOf([], {
    exposed: { 'same-org': 1, trusted: 0, external: 2, public: 0, service: 0 },
    drifted: 1,
    findings: { error: 0, warning: 3, info: 0 },
  });
  it.each([
    [
      ['public', 'external', 'drift'],
      ['external', 'drift'],
    ],
    [['trusted', 'error'], []],
    [['same-org', 'same-org'], ['same-org']],
    [['unreadable'], []],
  ] as const)('%j fails on %j', (failOn, met) => {
    expect(failures(audit, failOn)).toEqual(met);
  });

  it('an incomplete audit fails on unreadable', () => {
    expect(failures({ ...audit, complete: false }, ['unreadable'])).toEqual(['unreadable']);
  });
});
