/**
 * `agentcore-xacct explain`: the offline decision of one request from the given policies, and
 * the evaluation trace (resource ARN → policy → statement) as a tree, or the Explanation as JSON.
 * Exit 0 when allowed, 1 when denied.
 * @internal
 */
import {
  type AccessPolicies,
  type AccessRequest,
  type ArnEvaluation,
  type ContextValue,
  type Explanation,
  explainAccess,
  type PolicyDocument,
  type PolicyEvaluation,
  type StatementEvaluation,
} from '../../policy/index.js';
import { CliError } from '../fail.js';
import type { Output } from '../output.js';
import { readJson } from '../read.js';
import type { OptionsOf } from '../spec.js';
import { renderTree, type TreeNode } from '../tree.js';

/** Options of the explain command, as declared in ../spec.ts. @internal */
export type ExplainOptions = OptionsOf<'explain'>;

/** Splits `LEFT=RIGHT` at the first `=`: ARNs and keys hold none, file names and values may. */
function pair(value: string, option: string, shape: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1)
    throw new CliError(`${option} ${JSON.stringify(value)} is not ${shape}`, `Write ${option} ${shape}.`);
  return [value.slice(0, at), value.slice(at + 1)];
}

function document(file: string): PolicyDocument {
  return readJson(file) as PolicyDocument;
}

/** `key=value`; a value holding commas is a list (`aws:TagKeys=a,b`), `true`/`false` booleans. */
function contextOf(entries: readonly string[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const entry of entries) {
    const [key, value] = pair(entry, '--context', 'KEY=VALUE');
    context[key] =
      value === 'true' ? true : value === 'false' ? false : value.includes(',') ? value.split(',') : value;
  }
  return context;
}

function statementNode(s: StatementEvaluation): TreeNode {
  const name = `#${s.index}${s.sid === undefined ? '' : ` ${s.sid}`} ${s.effect}`;
  if (s.matched) return { label: `${name}: matches` };
  return {
    label: `${name}: no match on ${s.failed?.element ?? 'an element'}${s.failed ? ` (${s.failed.detail})` : ''}`,
  };
}

function policyNode(p: PolicyEvaluation): TreeNode {
  const name =
    p.kind === 'resource'
      ? `resource policy on ${p.attachedTo ?? '?'}`
      : `${p.kind} policy${p.index === undefined ? '' : ` [${p.index}]`}`;
  return { label: `${name}: ${p.result}`, children: p.statements.map(statementNode) };
}

function arnNode(out: Output, e: ArnEvaluation, asked: string): TreeNode {
  const decision = e.decision === 'allow' ? out.green(e.decision) : out.red(e.decision);
  const facts = [
    e.crossAccount ? 'cross-account' : 'same account',
    `identity ${e.identityAllows ? 'allows' : 'does not allow'}`,
    e.resourcePolicyMissing
      ? 'no resource policy'
      : `resource policy ${e.resourceAllows ? 'allows' : 'does not allow'}`,
  ];
  return {
    // InvokeHarness is checked with InvokeAgentRuntime: say which action an entry is for.
    label: `${e.action === asked ? '' : `${e.action} on `}${e.resourceType} ${e.resourceArn}: ${decision} (${facts.join(', ')})`,
    children: e.policies.map(policyNode),
  };
}

function printTree(out: Output, x: Explanation): void {
  const verdict = x.decision === 'allow' ? out.green('ALLOW') : out.red(x.decision.toUpperCase());
  out.line(
    `${out.bold(verdict)} ${x.request.principalArn} → ${x.request.action} on ${x.request.resourceArn}`,
  );
  for (const line of renderTree(x.evaluations.map((e) => arnNode(out, e, x.request.action)))) out.line(line);
  if (x.causes.length === 0) return;
  out.line('');
  out.line(out.bold('Why:'));
  for (const cause of x.causes) {
    out.line(`  ${out.bold(cause.code)}: ${cause.message}`);
    out.line(`    fix: ${cause.fix}`);
  }
}

/** Runs the command; resolves to 0 when allowed, 1 when denied. @internal */
export function runExplain(out: Output, o: ExplainOptions): number {
  const resource: Record<string, PolicyDocument> = {};
  for (const entry of o.resourcePolicy ?? []) {
    const [arn, file] = pair(entry, '--resource-policy', 'ARN=FILE');
    resource[arn] = document(file);
  }
  const policies: AccessPolicies = { identity: (o.identity ?? []).map(document), resource };
  if (o.scp !== undefined) policies.scp = o.scp.map(document);
  if (o.sessionPolicy !== undefined) policies.sessionPolicy = document(o.sessionPolicy);
  if (o.permissionsBoundary !== undefined) policies.permissionsBoundary = document(o.permissionsBoundary);
  const request: AccessRequest = { principalArn: o.principal, action: o.action, resourceArn: o.resource };
  if (o.qualifier !== undefined) request.qualifier = o.qualifier;
  if (o.context !== undefined) request.context = contextOf(o.context);
  const explanation = explainAccess(request, policies);
  if (o.output === 'json') out.data(JSON.stringify(explanation, null, 2));
  else printTree(out, explanation);
  return explanation.decision === 'allow' ? 0 : 1;
}
