/**
 * The audit as documents: Markdown (a Mermaid flowchart of who reaches what, then a table per
 * resource), a SARIF log, and JSON with the errors as `{ name, message }`. Pure: an audit in, text
 * or data out.
 * @internal
 */

import type { AccountAudit, AuditedResource, Exposure } from '../index.js';
import { parseArn } from '../index.js';
import { levelOf, type SarifLevel, type SarifResult, sarifLog } from './sarif.js';
import { cliWords } from './wording.js';

/** `bedrock-agentcore:InvokeAgentRuntime` → `InvokeAgentRuntime`. @internal */
export function shortAction(action: string): string {
  return action.replace(/^(NotAction:)?bedrock-agentcore:/i, '$1');
}

/** The resource part of an AgentCore ARN: `runtime/orders-abcdefghij/runtime-endpoint/prod`. @internal */
export function resourceName(arn: string): string {
  try {
    return parseArn(arn).resource;
  } catch {
    return arn;
  }
}

/**
 * A resource as its node in the graph names it: its id, and an endpoint with the runtime (or
 * harness) it belongs to, since every runtime has a `DEFAULT` endpoint.
 */
function nodeName(arn: string): string {
  try {
    const parsed = parseArn(arn);
    if (parsed.resourceType === 'runtime-endpoint') return `${parsed.runtimeId}/${parsed.endpointName}`;
    if (parsed.resourceType === 'harness-endpoint') return `${parsed.harnessId}/${parsed.endpointName}`;
    return parsed.resourceId;
  } catch {
    return arn;
  }
}

/** A principal as a reader names it: `role/the-caller-role` of account 2…, `*`, a service. */
function principalName(e: Exposure): string {
  if (e.kind === 'everyone') return '*';
  if (e.kind === 'account') return 'root';
  return e.principal.replace(/^arn:[^:]+:(?:iam|sts)::\d{12}:/, '');
}

/** The node an exposure comes from: an account, an organization, everyone, a service. */
function sourceOf(e: Exposure): { key: string; label: string; cls: Exposure['class'] } {
  if (e.class === 'public') return { key: 'public', label: 'Everyone (public)', cls: 'public' };
  if (e.class === 'service')
    return { key: `service ${e.principal}`, label: `Service ${e.principal}`, cls: 'service' };
  if (e.accountId !== undefined) {
    return {
      key: `account ${e.accountId} ${e.class}`,
      label: `Account ${e.accountId} (${e.class})`,
      cls: e.class,
    };
  }
  const orgs = e.organizationIds?.join(', ') ?? 'unknown';
  if (e.kind === 'everyone')
    return { key: `org ${orgs} ${e.class}`, label: `Organization ${orgs} (${e.class})`, cls: e.class };
  return { key: `principal ${e.principal}`, label: `${e.principal} (${e.class})`, cls: e.class };
}

/** A Mermaid quoted label: no double quote (written `#quot;`), no line break. */
function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/[\r\n]+/g, ' ')}"`;
}

/** What one exposure holds, for an edge: `role/x: InvokeAgentRuntime, GetAgentCard`. */
function holds(e: Exposure): string {
  const actions = e.actions.map(shortAction).join(', ');
  const who = principalName(e);
  return who === '*' || who === 'root' ? actions : `${who}: ${actions}`;
}

/**
 * The Mermaid flowchart of an audit: the principals outside the account (by account, organization,
 * everyone or service) on the left, the account's exposed resources on the right, each arrow
 * labelled with the actions it grants. `undefined` when nothing is exposed.
 * @internal
 */
export function auditMermaid(audit: AccountAudit): string | undefined {
  const exposed = audit.resources.filter((r) => r.exposure.length > 0);
  if (exposed.length === 0) return undefined;
  const lines = ['flowchart LR'];
  const sources = new Map<string, { id: string; label: string; cls: Exposure['class'] }>();
  const edges = new Map<string, { from: string; to: string; labels: string[] }>();
  lines.push(`  subgraph owner[${label(`Account ${audit.accountId ?? '?'} · ${audit.region}`)}]`);
  exposed.forEach((resource, i) => {
    lines.push(`    r${i}[${label(`${resource.type} ${nodeName(resource.arn)}`)}]`);
    for (const e of resource.exposure) {
      const source = sourceOf(e);
      let node = sources.get(source.key);
      if (node === undefined) {
        node = { id: `p${sources.size}`, label: source.label, cls: source.cls };
        sources.set(source.key, node);
      }
      const key = `${node.id} r${i}`;
      const edge = edges.get(key) ?? { from: node.id, to: `r${i}`, labels: [] };
      edge.labels.push(holds(e));
      edges.set(key, edge);
    }
  });
  lines.push('  end');
  for (const node of sources.values())
    lines.push(`  ${node.id}([${label(node.label)}]):::${node.cls.replace('-', '')}`);
  for (const edge of edges.values())
    lines.push(`  ${edge.from} -->|${label(edge.labels.join('; '))}| ${edge.to}`);
  lines.push(
    '  classDef public fill:#fdd,stroke:#c00',
    '  classDef external fill:#fed,stroke:#c60',
    '  classDef trusted fill:#efe,stroke:#393',
    '  classDef sameorg fill:#eef,stroke:#339',
    '  classDef service fill:#eee,stroke:#666',
  );
  return lines.join('\n');
}

/** A table cell: pipes escaped, no line break. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** One line of counts: resources, policies, exposure by class, drift, findings. @internal */
export function summaryLine(audit: AccountAudit): string {
  const s = audit.summary;
  const exposed = (['public', 'external', 'trusted', 'same-org', 'service'] as const)
    .filter((c) => s.exposed[c] > 0)
    .map((c) => `${s.exposed[c]} ${c}`);
  const failed = audit.listFailures.length;
  return [
    `${s.resources} resources, ${s.withPolicy} with a policy, ${s.unreadable} unreadable`,
    ...(failed === 0 ? [] : [`${failed} list${failed === 1 ? '' : 's'} failed: incomplete`]),
    `exposed: ${exposed.length > 0 ? exposed.join(', ') : failed > 0 ? 'unknown' : 'none'}`,
    `${s.drifted} drifted endpoint${s.drifted === 1 ? '' : 's'}`,
    `findings: ${s.findings.error} error${s.findings.error === 1 ? '' : 's'}, ${s.findings.warning} warning${s.findings.warning === 1 ? '' : 's'}`,
  ].join('; ');
}

function exposureCell(r: AuditedResource): string {
  if (r.status === 'unreadable') return '(unreadable)';
  return r.exposure.length === 0
    ? '—'
    : r.exposure
        .map((e) => `**${e.class}** ${e.accountId ?? ''} ${holds(e)}`.replace(/ {2,}/g, ' '))
        .join('<br>');
}

/**
 * The audit in Markdown: a summary, the Mermaid graph of who reaches what, a table of the
 * resources, then the drift, the findings and what could not be read.
 * @internal
 */
export function auditMarkdown(audit: AccountAudit): string {
  const out: string[] = [
    `# AgentCore audit: account ${audit.accountId ?? '(no resources)'}, ${audit.region}`,
    '',
  ];
  out.push(`${summaryLine(audit)}.`, '');
  const graph = auditMermaid(audit);
  out.push('## Who outside the account reaches what', '');
  if (graph === undefined && audit.listFailures.length > 0) {
    out.push('Unknown: the lists that failed leave resources out of the audit.', '');
  } else if (graph === undefined) out.push('Nothing is exposed outside the account.', '');
  else out.push('```mermaid', graph, '```', '');
  out.push(
    '## Resources',
    '',
    '| Resource | Policy | Exposure | Drift | Findings |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const r of audit.resources) {
    const findings = r.findings.map((f) => `${f.severity} ${f.code}`).join('<br>') || '—';
    const drift = r.drift.map((d) => d.code).join('<br>') || '—';
    out.push(
      `| \`${cell(resourceName(r.arn))}\` | ${r.status} | ${cell(exposureCell(r))} | ${drift} | ${cell(findings)} |`,
    );
  }
  out.push('');
  const drifts = audit.resources.flatMap((r) => r.drift);
  if (drifts.length > 0) {
    out.push('## Drift', '');
    for (const d of drifts)
      out.push(`- \`${resourceName(d.endpointArn)}\`: ${d.message} Fix: ${cliWords('audit', d.fix)}`);
    out.push('');
  }
  const findings = audit.resources.flatMap((r) => r.findings.map((f) => ({ r, f })));
  if (findings.length > 0) {
    out.push('## Findings', '');
    for (const { r, f } of findings) {
      out.push(
        `- **${f.severity}** \`${f.code}\` in \`${resourceName(r.arn)}\` at \`${f.path || '/'}\`: ${f.message}${f.fix === undefined ? '' : ` Fix: ${f.fix}`}`,
      );
    }
    out.push('');
  }
  if (audit.unreadable.length > 0 || audit.listFailures.length > 0) {
    out.push('## Not audited', '');
    for (const u of audit.unreadable)
      out.push(`- \`${resourceName(u.arn)}\`: policy ${u.reason} (${u.message})`);
    for (const l of audit.listFailures)
      out.push(
        `- ${l.operation}${l.resourceId === undefined ? '' : ` of ${l.resourceId}`}: ${l.reason} (${l.message})`,
      );
    out.push('');
  }
  return out.join('\n');
}

const EXPOSURE_LEVEL: Record<Exposure['class'], SarifLevel> = {
  public: 'error',
  external: 'warning',
  trusted: 'note',
  'same-org': 'note',
  service: 'note',
};

const RULES: Readonly<Record<string, string>> = {
  'exposure-public': 'a resource policy lets everyone in',
  'exposure-external': 'a resource policy lets in a principal of an account you did not list as trusted',
  'exposure-trusted': 'a resource policy lets in a principal of a trusted account',
  'exposure-same-org': 'a resource policy lets in the principals of your organization',
  'exposure-service': 'a resource policy lets in an AWS service',
  'endpoint-policy-missing':
    "an endpoint has no policy while its runtime has one: the runtime's callers are denied",
  'runtime-policy-missing': 'an endpoint has a policy while its runtime has none',
  'endpoint-policy-drift': "an endpoint policy grants other principals or actions than its runtime's",
  'policy-unreadable': 'the auditor may not read a resource policy',
  'list-failed': 'a control-plane list failed: its resources were not audited',
};

/** The audit as a SARIF 2.1.0 log: exposure, drift, lint findings and what could not be read. @internal */
export function auditSarif(audit: AccountAudit): Record<string, unknown> {
  const results: SarifResult[] = [];
  for (const r of audit.resources) {
    for (const e of r.exposure) {
      results.push({
        ruleId: `exposure-${e.class}`,
        level: EXPOSURE_LEVEL[e.class],
        message: `${e.principal}${e.accountId === undefined || e.principal.includes(e.accountId) ? '' : ` (account ${e.accountId})`} may ${e.actions.map(shortAction).join(', ')} on ${r.arn}${e.limitedBy.length > 0 ? ', unless a conditional Deny applies' : ''}.`,
        uri: r.arn,
        logical: `${r.arn}#${e.statements[0] ?? ''}`,
      });
    }
    for (const d of r.drift) {
      results.push({
        ruleId: d.code,
        level: d.code === 'endpoint-policy-missing' || d.missing.length > 0 ? 'error' : 'warning',
        message: `${d.message} Fix: ${cliWords('audit', d.fix)}`,
        uri: r.arn,
        logical: r.arn,
      });
    }
    for (const f of r.findings) {
      results.push({
        ruleId: f.code,
        level: levelOf(f.severity),
        message: f.fix === undefined ? f.message : `${f.message} Fix: ${f.fix}`,
        uri: r.arn,
        logical: `${r.arn}#${f.path}`,
      });
    }
  }
  for (const u of audit.unreadable) {
    results.push({
      ruleId: 'policy-unreadable',
      level: 'warning',
      message: `${u.reason}: ${u.message}`,
      uri: u.arn,
      logical: u.arn,
    });
  }
  for (const l of audit.listFailures) {
    results.push({
      ruleId: 'list-failed',
      level: 'warning',
      message: `${l.operation}${l.resourceId === undefined ? '' : ` of ${l.resourceId}`}: ${l.reason}: ${l.message}`,
      uri: `arn:aws:bedrock-agentcore:${audit.region}:${audit.accountId ?? ''}:`,
      logical: l.operation,
    });
  }
  return sarifLog(results, (id) => `agentcore-xacct audit: ${RULES[id] ?? id}`);
}

/** The audit as JSON data: errors as `{ name, message }`. @internal */
export function auditJson(audit: AccountAudit): unknown {
  const error = (e: Error) => ({ name: e.name, message: e.message });
  return {
    ...audit,
    unreadable: audit.unreadable.map((u) => ({ ...u, error: error(u.error) })),
    listFailures: audit.listFailures.map((l) => ({ ...l, error: error(l.error) })),
  };
}
