/**
 * The life cycle every grant and revoke shares: read the current policies, plan every change
 * (refusals are thrown here, before anything is written), lint, then write one policy after the
 * other, recording each outcome so that a partial failure is reported and a re-run completes it.
 * @internal
 */
import { PolicyBuildError, ValidationError } from '../errors.js';
import { deleteResourcePolicyCommand, putResourcePolicyCommand } from '../policy/commands.js';
import { lintAccessSetup } from '../policy/lint/lint-access-setup.js';
import { lintPolicy } from '../policy/lint/lint-policy.js';
import type { LintTarget } from '../policy/lint/types.js';
import type { Finding, FindingCode, PolicyDocument } from '../policy/types.js';
import { asError, type ClientSource, type ControlPlane, openControlPlane } from './control.js';
import type { PolicyEdit } from './merge.js';
import { type PolicyText, readPolicyText } from './policy-text.js';
import type { AdminResult, PolicyChange } from './types.js';

/** One policy to change. @internal */
export interface PolicyTarget<E extends PolicyEdit> {
  resourceArn: string;
  /** Computes the change from the current policy; throws a typed error to refuse it. */
  plan(current: PolicyText | undefined): E;
}

/** Options of {@link runChanges}. @internal */
export interface RunOptions<E extends PolicyEdit> {
  source: ClientSource & { dryRun?: boolean | undefined };
  /** Region of every target ARN. */
  region: string;
  targets: ReadonlyArray<PolicyTarget<E>>;
  /** What the resulting setup must reach, for the set-level lint. */
  lintTargets: readonly LintTarget[];
  /**
   * Refuse a change whose written statements have lint errors (grants). Revokes only report:
   * taking access away must not be blocked by someone else's statement.
   */
  gate: boolean;
}

/** What a policy change's own edit is, by ARN, with the result. @internal */
export interface RunOutcome<E extends PolicyEdit> {
  result: AdminResult;
  edits: Map<string, E>;
}

// Codes of documents AgentCore refuses as a whole: a change that would put one is refused, even
// when the offending statement is not the one written.
const REJECTED: ReadonlySet<FindingCode> = new Set([
  'resource-wildcard',
  'resource-mismatch',
  'invalid-policy',
  'policy-too-large',
  'duplicate-sid',
]);

/**
 * Reads, plans, lints and (unless a dry run) writes.
 * @internal
 */
export async function runChanges<E extends PolicyEdit & { remove?: boolean }>(
  options: RunOptions<E>,
): Promise<RunOutcome<E>> {
  const dryRun = options.source.dryRun === true;
  const plane = await openControlPlane(options.source, options.region);
  if (plane === undefined && !dryRun) {
    throw new ValidationError(
      'client',
      'Neither client nor clientConfig is given, and this is not a dry run',
      'Pass a BedrockAgentCoreControlClient as client or its configuration as clientConfig, or dryRun: true for the plan alone.',
    );
  }
  try {
    const changes: PolicyChange[] = [];
    const edits = new Map<string, E>();
    for (const target of options.targets) {
      let before: string | undefined;
      try {
        before = await plane?.getPolicy(target.resourceArn);
      } catch (error) {
        changes.push(failedRead(target.resourceArn, error));
        continue;
      }
      const edit = target.plan(before === undefined ? undefined : readPolicyText(before));
      const change = describeChange(options.region, target.resourceArn, before, edit);
      if (options.gate && change.action === 'put') refuseLintErrors(change, edit.written);
      edits.set(target.resourceArn, edit);
      changes.push(change);
    }
    if (!dryRun && plane !== undefined) {
      for (const change of changes) await applyChange(plane, change);
    } else {
      for (const change of changes) if (change.action !== 'none') change.status = 'planned';
    }
    return {
      edits,
      result: {
        dryRun,
        ok: changes.every((c) => c.status !== 'failed'),
        currentRead: plane !== undefined,
        changes,
        findings: lintResult(options.lintTargets, changes),
        commands: changes.flatMap((c) => (c.command === undefined ? [] : [c.command])),
      },
    };
  } finally {
    plane?.close();
  }
}

function failedRead(resourceArn: string, error: unknown): PolicyChange {
  return {
    resourceArn,
    action: 'none',
    status: 'failed',
    before: undefined,
    after: undefined,
    document: undefined,
    diff: { added: [], removed: [], changed: [] },
    command: undefined,
    findings: [],
    error: asError(error),
  };
}

function describeChange(
  region: string,
  resourceArn: string,
  before: string | undefined,
  edit: PolicyEdit & { remove?: boolean },
): PolicyChange {
  const remove = edit.remove === true && before !== undefined;
  const action = remove ? 'delete' : edit.after !== undefined && edit.after !== before ? 'put' : 'none';
  const after = remove ? undefined : edit.after;
  return {
    resourceArn,
    action,
    status: 'unchanged',
    before,
    after,
    document: after === undefined ? undefined : (JSON.parse(after) as PolicyDocument),
    diff: edit.diff,
    command:
      action === 'put' && after !== undefined
        ? putResourcePolicyCommand(region, resourceArn, after)
        : action === 'delete'
          ? deleteResourcePolicyCommand(region, resourceArn)
          : undefined,
    findings: after === undefined ? [] : lintPolicy(after, { kind: 'resource', attachedTo: resourceArn }),
  };
}

function refuseLintErrors(change: PolicyChange, written: readonly number[]): void {
  const inWritten = (path: string): boolean =>
    written.some((i) => path === `/Statement/${i}` || path.startsWith(`/Statement/${i}/`));
  const blocking = change.findings.find(
    (f) => f.severity === 'error' && (REJECTED.has(f.code) || inWritten(f.path)),
  );
  if (blocking === undefined) return;
  const where = inWritten(blocking.path) ? 'the statement this grant writes' : 'the policy already attached';
  throw new PolicyBuildError(
    `policy(${change.resourceArn})${blocking.path}`,
    `The policy for ${change.resourceArn} would not be put: ${blocking.code} in ${where}: ${blocking.message}`,
    blocking.fix ?? 'Fix the statement the message names, then run the grant again.',
    { findingCode: blocking.code },
  );
}

/**
 * Puts or deletes one planned policy; a failure is recorded on the change (`failed`, `error`),
 * never thrown.
 * @internal
 */
export async function applyChange(plane: ControlPlane, change: PolicyChange): Promise<void> {
  if (change.action === 'none') return;
  try {
    if (change.action === 'delete') {
      await plane.deletePolicy(change.resourceArn);
      change.status = 'deleted';
    } else {
      await plane.putPolicy(change.resourceArn, change.after as string);
      change.status = 'put';
    }
  } catch (error) {
    change.status = 'failed';
    change.error = asError(error);
  }
}

/**
 * {@link lintAccessSetup} over the policies known, leaving out what it would say about policies
 * that could not be read (they are not missing, only unknown).
 * @internal
 */
export function lintKnown(
  targets: readonly LintTarget[],
  policies: ReadonlyArray<{ resourceArn: string; document: PolicyDocument | undefined; known: boolean }>,
  caller: { callerArn?: string | undefined; identityPolicies?: readonly PolicyDocument[] | undefined } = {},
): Finding[] {
  const unknown = new Set(policies.filter((p) => !p.known).map((p) => p.resourceArn));
  const resourcePolicies: Record<string, PolicyDocument | undefined> = {};
  for (const p of policies) if (p.known) resourcePolicies[p.resourceArn] = p.document;
  const findings = lintAccessSetup({
    targets,
    resourcePolicies,
    ...(caller.callerArn === undefined ? {} : { callerArn: caller.callerArn }),
    ...(caller.identityPolicies === undefined ? {} : { identityPolicies: caller.identityPolicies }),
  });
  return findings.filter((f) => f.policyArn === undefined || !unknown.has(f.policyArn));
}

function lintResult(targets: readonly LintTarget[], changes: readonly PolicyChange[]): Finding[] {
  return lintKnown(
    targets,
    changes.map((c) => ({
      resourceArn: c.resourceArn,
      // A failed write leaves the policy as it was.
      document: c.status === 'failed' ? parseOrUndefined(c.before) : c.document,
      known: c.status !== 'failed' || c.action !== 'none',
    })),
  );
}

function parseOrUndefined(text: string | undefined): PolicyDocument | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as PolicyDocument);
}
