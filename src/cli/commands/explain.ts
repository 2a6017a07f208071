/**
 * `agentcore-xacct explain`: the offline decision of one request from the given policies, and
 * the evaluation trace (resource ARN → policy → statement) as a tree, or the Explanation as JSON;
 * with `--fix`, the smallest policy change that allows it (planAccessFix) and its commands.
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
  type PolicyEvaluation,
  planAccessFix,
  type StatementEvaluation,
} from '../../policy/index.js';
import type { Output } from '../output.js';
import { pair, readPolicyFiles } from '../policy-files.js';
import { printFix, printPlan } from '../report.js';
import type { OptionsOf } from '../spec.js';
import { renderTree, type TreeNode } from '../tree.js';

/** Options of the explain command, as declared in ../spec.ts. @internal */
export type ExplainOptions = OptionsOf<'explain'>;

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
    printFix(out, cause.fix, '    ');
  }
}

/** Runs the command; resolves to 0 when allowed, 1 when denied. @internal */
export function runExplain(out: Output, o: ExplainOptions): number {
  const policies = readPolicyFiles(o) as AccessPolicies;
  const request: AccessRequest = { principalArn: o.principal, action: o.action, resourceArn: o.resource };
  if (o.qualifier !== undefined) request.qualifier = o.qualifier;
  if (o.context !== undefined) request.context = contextOf(o.context);
  const explanation = explainAccess(request, policies);
  const plan =
    o.fix === true && explanation.decision !== 'allow' ? planAccessFix(request, policies) : undefined;
  if (o.output === 'json') {
    out.data(JSON.stringify(plan === undefined ? explanation : { ...explanation, fix: plan }, null, 2));
  } else {
    printTree(out, explanation);
    if (plan !== undefined) {
      out.line('');
      out.line(out.bold('Fix plan (the smallest change that allows it):'));
      printPlan(out, plan, '  ');
    }
  }
  return explanation.decision === 'allow' ? 0 : 1;
}
