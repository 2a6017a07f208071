/**
 * The drift fix: make every drifted endpoint policy of an audit its runtime's, `Resource` aside.
 * The plan is pure (computed from the audit: documents, diffs, AWS CLI commands, who loses what);
 * applying it re-reads each policy, refuses any that changed since the audit, and puts or deletes
 * through the control plane.
 * @module
 */
import { shown, ValidationError } from '../errors.js';
import { isRecord, plain } from '../input.js';
import { deleteResourcePolicyCommand, putResourcePolicyCommand } from '../policy/commands.js';
import { parsePolicyDocument, statementsOf } from '../policy/document.js';
import { lintPolicy } from '../policy/lint/lint-policy.js';
import type { PolicyDocument, Statement } from '../policy/types.js';
import { AUDIT_SOURCE, type AuditSource } from './audit.js';
import type { AccountAudit, AuditedResource, DriftFixResult, FixDriftOptions } from './audit-types.js';
import { asError, type ControlPlane, openControlPlane } from './control.js';
import type { Drift } from './drift.js';
import { policyText } from './policy-text.js';
import { applyChange } from './run.js';
import { canonicalJson } from './statement.js';
import type { AccessLoss, PolicyChange } from './types.js';

const AUDIT_FIX = 'Pass the result of auditAccount (or its JSON read back).';

/** The runtime's document with each `Resource` naming the runtime set to the endpoint. */
function endpointCopy(runtime: PolicyDocument, runtimeArn: string, endpointArn: string): PolicyDocument {
  const swap = (value: unknown): unknown =>
    value === runtimeArn ? endpointArn : Array.isArray(value) ? value.map(swap) : value;
  const statements = statementsOf(runtime).map((s) =>
    s.Resource === undefined ? s : ({ ...s, Resource: swap(s.Resource) } as Statement),
  );
  return {
    ...runtime,
    Statement: Array.isArray(runtime.Statement) ? statements : (statements[0] as Statement),
  };
}

function diffOf(before: PolicyDocument | undefined, after: PolicyDocument | undefined): PolicyChange['diff'] {
  const list = (d: PolicyDocument | undefined) => (d === undefined ? [] : [...statementsOf(d)]);
  const key = (s: Statement) => canonicalJson(s);
  const b = list(before);
  const a = list(after);
  const bKeys = new Set(b.map(key));
  const aKeys = new Set(a.map(key));
  return {
    added: a.filter((s) => !bKeys.has(key(s))),
    removed: b.filter((s) => !aKeys.has(key(s))),
    changed: [],
  };
}

function lossesOf(endpointArn: string, drift: Drift): AccessLoss[] {
  return drift.extra.map((g) => ({
    resourceArn: endpointArn,
    principal: g.principal,
    actions: g.actions,
  }));
}

function isGrant(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value['principal'] === 'string' &&
    Array.isArray(value['actions']) &&
    value['actions'].every((a) => typeof a === 'string')
  );
}

/** A drift entry with what the plan reads from it. */
function checkDrift(value: unknown, field: string): void {
  const ok =
    isRecord(value) &&
    typeof value['runtimeArn'] === 'string' &&
    typeof value['endpointArn'] === 'string' &&
    Array.isArray(value['extra']) &&
    value['extra'].every(isGrant);
  if (!ok) throw new ValidationError(field, `${field} is not a drift entry`, AUDIT_FIX);
}

/** The audit, read: its resources by ARN, checked enough to plan from. */
function readAudit(audit: unknown): {
  region: string;
  resources: AuditedResource[];
  source: AuditSource | undefined;
} {
  let source: AuditSource | undefined;
  try {
    source = (audit as { [AUDIT_SOURCE]?: AuditSource } | null)?.[AUDIT_SOURCE];
  } catch {
    source = undefined;
  }
  const copy = plain(audit, 'audit');
  if (!isRecord(copy) || !Array.isArray(copy['resources']) || typeof copy['region'] !== 'string') {
    throw new ValidationError('audit', `audit is ${shown(copy)}, not an account audit`, AUDIT_FIX);
  }
  const resources = copy['resources'].map((r: unknown, i: number) => {
    const ok =
      isRecord(r) &&
      typeof r['arn'] === 'string' &&
      typeof r['type'] === 'string' &&
      Array.isArray(r['drift']) &&
      (r['policyText'] === undefined || typeof r['policyText'] === 'string');
    if (!ok)
      throw new ValidationError(
        `audit.resources[${i}]`,
        `audit.resources[${i}] is not an audited resource`,
        AUDIT_FIX,
      );
    (r['drift'] as unknown[]).forEach((d, j) => {
      checkDrift(d, `audit.resources[${i}].drift[${j}]`);
    });
    return r as unknown as AuditedResource;
  });
  return { region: copy['region'], resources, source };
}

/**
 * The policy a resource had at the audit, read from its text (what the control plane answered):
 * `undefined` for none, `null` when unknown (unreadable, or not a policy).
 */
function documentOf(resource: AuditedResource): PolicyDocument | undefined | null {
  if (resource.status === 'none') return undefined;
  if (resource.status !== 'attached' || resource.policyText === undefined) return null;
  try {
    return parsePolicyDocument(resource.policyText);
  } catch {
    return null;
  }
}

/** One planned change and the policy texts it was planned from (checked again before applying). */
interface Step {
  change: PolicyChange;
  runtimeArn: string;
  runtimeText: string | undefined;
  endpointText: string | undefined;
}

/** The pure plan: one change per drifted endpoint, and the drift it cannot fix. */
function plan(
  region: string,
  resources: readonly AuditedResource[],
): Omit<DriftFixResult, 'dryRun' | 'ok' | 'changes'> & { steps: Step[] } {
  const byArn = new Map(resources.map((r) => [r.arn, r]));
  const steps: Step[] = [];
  const skipped: DriftFixResult['skipped'] = [];
  const losses: AccessLoss[] = [];
  for (const endpoint of resources) {
    for (const drift of endpoint.drift) {
      const runtime = byArn.get(drift.runtimeArn);
      const runtimeDocument = runtime === undefined ? null : documentOf(runtime);
      const endpointDocument = documentOf(endpoint);
      if (runtime === undefined || runtimeDocument === null || endpointDocument === null) {
        skipped.push({
          endpointArn: drift.endpointArn,
          runtimeArn: drift.runtimeArn,
          reason:
            'The runtime or endpoint policy was not read as a policy document: audit again with permission to read both.',
        });
        continue;
      }
      const document =
        runtimeDocument === undefined ? undefined : endpointCopy(runtimeDocument, runtime.arn, endpoint.arn);
      const after = document === undefined ? undefined : policyText(document);
      const action = after === undefined ? 'delete' : 'put';
      const change: PolicyChange = {
        resourceArn: endpoint.arn,
        action,
        status: 'planned',
        before: endpoint.policyText,
        after,
        document,
        diff: diffOf(endpointDocument, document),
        command:
          after === undefined
            ? deleteResourcePolicyCommand(region, endpoint.arn)
            : putResourcePolicyCommand(region, endpoint.arn, after),
        findings:
          after === undefined ? [] : lintPolicy(after, { kind: 'resource', attachedTo: endpoint.arn }),
      };
      steps.push({
        change,
        runtimeArn: runtime.arn,
        runtimeText: runtime.policyText,
        endpointText: endpoint.policyText,
      });
      losses.push(...lossesOf(endpoint.arn, drift));
    }
  }
  return { steps, skipped, losses, commands: steps.map((s) => s.change.command as string) };
}

/**
 * Makes every drifted endpoint policy of an audit match its runtime's: the plan puts the runtime's
 * policy on the endpoint with `Resource` set to the endpoint ARN (or deletes the endpoint's policy
 * when the runtime has none: the runtime's policy is the reference). Every endpoint then grants
 * exactly what its runtime grants, so no caller is denied at one and allowed at the other.
 *
 * - `dryRun` (default `true`): the plan alone, computed from the audit, without a request: each
 *   change with the policy before and after, the statements added and removed, lint findings of
 *   the result, and the equivalent `aws bedrock-agentcore-control` commands; `losses` names the
 *   principals an endpoint stops granting (what it granted beyond its runtime).
 * - `dryRun: false`: applies it with the audit's own client (or `client` / `clientConfig`): each
 *   runtime and endpoint policy is read again first, and a change whose policies changed since
 *   the audit is skipped (audit again); the others are put or deleted, a failure reported
 *   (`status: 'failed'`) without stopping the rest. Run it again to complete.
 *
 * Drift the audit could not judge (an unreadable policy) is not in the audit, so not fixed.
 *
 * @returns The changes (`planned`, or `put` / `deleted` / `failed`), what was skipped and why, the
 *   losses, and the CLI commands.
 * @throws {@link ValidationError} for something that is not an audit, a `dryRun` that is not a
 *   boolean, both `client` and `clientConfig`, or `dryRun: false` without a control plane.
 *
 * @example
 * ```ts
 * import { auditAccount, fixDrift } from 'agentcore-xacct';
 * const audit = await auditAccount({ clientConfig: { region: 'eu-west-1' } });
 * const plan = await fixDrift(audit); // dry run
 * for (const loss of plan.losses) console.log(`${loss.principal} loses ${loss.actions.join(', ')} on ${loss.resourceArn}`);
 * const applied = await fixDrift(audit, { dryRun: false });
 * console.log(applied.changes.map((c) => `${c.resourceArn} ${c.status}`));
 * ```
 */
export async function fixDrift(audit: AccountAudit, options: FixDriftOptions = {}): Promise<DriftFixResult> {
  const { region, resources, source } = readAudit(audit);
  const given = plain(options, 'options');
  if (!isRecord(given)) {
    throw new ValidationError(
      'options',
      `options is ${shown(given)}, not an object`,
      'Pass { dryRun?, client?, clientConfig? }.',
    );
  }
  const dryRun = given['dryRun'] ?? true;
  if (typeof dryRun !== 'boolean') {
    throw new ValidationError(
      'dryRun',
      `dryRun must be true or false, not ${shown(dryRun)}`,
      'Pass dryRun: false to apply, or leave it out for the plan.',
    );
  }
  const { steps, ...planned } = plan(region, resources);
  if (dryRun || steps.length === 0)
    return { dryRun, ok: true, changes: steps.map((s) => s.change), ...planned };
  const explicit = given['client'] !== undefined || given['clientConfig'] !== undefined;
  const access = explicit ? { client: given['client'], clientConfig: given['clientConfig'] } : (source ?? {});
  const plane = await openControlPlane(access as AuditSource, region);
  if (plane === undefined) {
    throw new ValidationError(
      'client',
      'fixDrift needs a control plane to apply: this audit carries none (read back from JSON?)',
      'Pass client or clientConfig, or dryRun: true for the plan alone.',
    );
  }
  try {
    return await apply(plane, steps, planned);
  } finally {
    plane.close();
  }
}

async function apply(
  plane: ControlPlane,
  steps: readonly Step[],
  planned: Pick<DriftFixResult, 'skipped' | 'losses'>,
): Promise<DriftFixResult> {
  const skipped = [...planned.skipped];
  const changes: PolicyChange[] = [];
  const current = new Map<string, Promise<string | undefined>>();
  const read = (arn: string) => {
    let text = current.get(arn);
    if (text === undefined) {
      text = plane.getPolicy(arn);
      current.set(arn, text);
    }
    return text;
  };
  for (const { change, runtimeArn, runtimeText, endpointText } of steps) {
    let now: [string | undefined, string | undefined];
    try {
      now = await Promise.all([read(runtimeArn), read(change.resourceArn)]);
    } catch (error) {
      change.status = 'failed';
      change.error = asError(error);
      changes.push(change);
      continue;
    }
    const [runtimeNow, endpointNow] = now;
    if (runtimeNow !== runtimeText || endpointNow !== endpointText) {
      skipped.push({
        endpointArn: change.resourceArn,
        runtimeArn,
        reason: `The ${runtimeNow !== runtimeText ? "runtime's" : "endpoint's"} policy changed since the audit: audit again, then fix.`,
      });
      continue;
    }
    await applyChange(plane, change);
    changes.push(change);
  }
  const kept = new Set(changes.map((c) => c.resourceArn));
  return {
    dryRun: false,
    ok: changes.every((c) => c.status !== 'failed'),
    changes,
    skipped,
    losses: planned.losses.filter((l) => kept.has(l.resourceArn)),
    commands: changes.flatMap((c) => (c.command === undefined ? [] : [c.command])),
  };
}
