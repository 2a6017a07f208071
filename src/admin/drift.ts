/**
 * Drift between a runtime's resource policy and its endpoints': AgentCore authorizes an invocation
 * against both (hierarchical authorization), so the two must grant the same, and are meant to be
 * identical but for `Resource` (seed 000, gotcha 1). Pure: documents in, differences out.
 * @internal
 */
import { parseArn } from '../arn/parse.js';
import { appliesTo, grantsOf } from '../policy/exposure.js';
import { readPolicy } from '../policy/statement/read.js';
import type { StatementModel } from '../policy/statement/types.js';
import type { PolicyDocument } from '../policy/types.js';
import { canonicalJson } from './statement.js';

/**
 * What differs between an endpoint's policy and its runtime's:
 * - `endpoint-policy-missing`: the runtime has a policy, the endpoint none (every caller the
 *   runtime's policy lets in is denied at the endpoint);
 * - `runtime-policy-missing`: the endpoint has a policy, the runtime none (it grants nothing
 *   across accounts until the runtime gets one);
 * - `endpoint-policy-drift`: both have one, and they differ other than in `Resource` and `Sid`.
 *
 * @example
 * ```ts
 * const code: DriftCode = 'endpoint-policy-drift';
 * ```
 */
export type DriftCode = 'endpoint-policy-missing' | 'runtime-policy-missing' | 'endpoint-policy-drift';

/**
 * Actions one principal is granted, under one set of conditions.
 *
 * @example
 * ```ts
 * const grant: Grant = { principal: 'arn:aws:iam::222222222222:role/the-caller-role', actions: ['bedrock-agentcore:InvokeAgentRuntime'] };
 * ```
 */
export interface Grant {
  /** An account root ARN, a role, user or session ARN, `*`, or a service principal. */
  principal: string;
  actions: string[];
  /** The statement's `Condition`, when it has one. */
  condition?: Record<string, unknown>;
}

/**
 * How one endpoint's policy differs from its runtime's.
 *
 * @example
 * ```ts
 * for (const d of resource.drift) console.log(d.code, d.message, d.missing, d.extra);
 * ```
 */
export interface Drift {
  code: DriftCode;
  runtimeArn: string;
  endpointArn: string;
  /** What differs and what it does, in one or two sentences. */
  message: string;
  /** Grants of the runtime's policy the endpoint's lacks: those callers are denied at the endpoint now. */
  missing: Grant[];
  /** Grants of the endpoint's policy the runtime's lacks: dormant, live once the runtime's policy grants them. */
  extra: Grant[];
  /** True when Deny statements differ (their effect depends on the request). */
  denyDiffers: boolean;
  fix: string;
}

/** A statement as compared: without `Resource`, `NotResource` and `Sid`. */
function comparable(statement: StatementModel): string {
  const { Resource: _r, NotResource: _n, Sid: _s, ...rest } = statement.raw;
  return canonicalJson(rest);
}

/** The Allow grants of a document, by principal and condition, on the ARN it is attached to. */
function grantTable(document: PolicyDocument, attachedTo: string): Map<string, Grant> {
  const { partition } = parseArn(attachedTo);
  const table = new Map<string, Grant>();
  for (const statement of readPolicy(document).statements) {
    if (statement.effect !== 'Allow' || !appliesTo(statement, attachedTo)) continue;
    const action = statement.action;
    if (action === undefined) continue;
    const actions = action.entries.map((e) => (action.negated ? `NotAction:${e.value}` : e.value));
    const condition = statement.raw['Condition'];
    const conditionKey = condition === undefined ? '' : canonicalJson(condition);
    for (const { principal } of grantsOf(statement, partition)) {
      const key = `${principal}\u0000${conditionKey}`;
      const grant = table.get(key) ?? {
        principal,
        actions: [],
        ...(condition === undefined ? {} : { condition: condition as Record<string, unknown> }),
      };
      for (const a of actions) {
        if (!grant.actions.some((b) => b.toLowerCase() === a.toLowerCase())) grant.actions.push(a);
      }
      table.set(key, grant);
    }
  }
  return table;
}

/** The grants of `a` that `b` does not hold (same principal and condition, action by action). */
function difference(a: Map<string, Grant>, b: Map<string, Grant>): Grant[] {
  const out: Grant[] = [];
  for (const [key, grant] of a) {
    const other = b.get(key);
    const actions = grant.actions.filter(
      (x) => !(other?.actions ?? []).some((y) => y.toLowerCase() === x.toLowerCase()),
    );
    if (actions.length > 0) out.push({ ...grant, actions });
  }
  return out;
}

function statementsOfEffect(document: PolicyDocument, effect: 'Allow' | 'Deny'): string[] {
  return readPolicy(document)
    .statements.filter((s) => s.effect === effect)
    .map(comparable)
    .sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function count(grants: readonly Grant[]): string {
  return grants.length === 1 ? '1 principal' : `${grants.length} principals`;
}

function describeGrants(grants: readonly Grant[]): string {
  const shown = grants.slice(0, 3).map((g) => `${g.principal} (${g.actions.join(', ')})`);
  return grants.length > 3 ? `${shown.join('; ')}; and ${grants.length - 3} more` : shown.join('; ');
}

/**
 * How an endpoint's policy differs from its runtime's (`undefined`: as it should be: both absent,
 * or the same but for `Resource` and `Sid`).
 * @internal
 */
export function compareEndpointPolicy(
  runtime: { arn: string; document: PolicyDocument | undefined },
  endpoint: { arn: string; document: PolicyDocument | undefined },
): Drift | undefined {
  const base = { runtimeArn: runtime.arn, endpointArn: endpoint.arn };
  const fix = `Put the runtime's policy on this endpoint with "Resource" set to the endpoint's ARN: fixDrift(audit) plans it.`;
  if (runtime.document === undefined && endpoint.document === undefined) return undefined;
  if (endpoint.document === undefined) {
    const missing = [...grantTable(runtime.document as PolicyDocument, runtime.arn).values()];
    return {
      code: 'endpoint-policy-missing',
      ...base,
      message: `The runtime has a resource policy and this endpoint has none: every caller the runtime's policy lets in (${count(missing)}) is denied here, AgentCore authorizing the endpoint too.`,
      missing,
      extra: [],
      denyDiffers: false,
      fix,
    };
  }
  if (runtime.document === undefined) {
    const extra = [...grantTable(endpoint.document, endpoint.arn).values()];
    return {
      code: 'runtime-policy-missing',
      ...base,
      message: `This endpoint has a resource policy and its runtime none: what it grants (${count(extra)}) no caller of another account gets until the runtime's policy grants it too.`,
      missing: [],
      extra,
      denyDiffers: false,
      fix: `Delete the endpoint's policy, or give the runtime the same policy with "Resource" set to the runtime's ARN (fixDrift deletes it: the runtime's policy is the reference).`,
    };
  }
  const version = (d: PolicyDocument) => canonicalJson((d as { Version?: unknown }).Version ?? null);
  const allowSame = sameList(
    statementsOfEffect(runtime.document, 'Allow'),
    statementsOfEffect(endpoint.document, 'Allow'),
  );
  const denySame = sameList(
    statementsOfEffect(runtime.document, 'Deny'),
    statementsOfEffect(endpoint.document, 'Deny'),
  );
  if (allowSame && denySame && version(runtime.document) === version(endpoint.document)) return undefined;
  const runtimeGrants = grantTable(runtime.document, runtime.arn);
  const endpointGrants = grantTable(endpoint.document, endpoint.arn);
  const missing = difference(runtimeGrants, endpointGrants);
  const extra = difference(endpointGrants, runtimeGrants);
  const parts: string[] = [];
  if (missing.length > 0) {
    parts.push(
      `the runtime's policy lets in ${describeGrants(missing)}, which this endpoint's denies (gotcha 1)`,
    );
  }
  if (extra.length > 0) {
    parts.push(
      `this endpoint's policy grants ${describeGrants(extra)}, which the runtime's does not: dormant, and live as soon as the runtime's policy grants it`,
    );
  }
  if (!denySame) parts.push('their Deny statements differ');
  if (parts.length === 0)
    parts.push(
      'their statements differ in form (Version, how principals, actions or conditions are grouped)',
    );
  return {
    code: 'endpoint-policy-drift',
    ...base,
    message: `This endpoint's policy differs from its runtime's other than in Resource: ${parts.join('; ')}.`,
    missing,
    extra,
    denyDiffers: !denySame,
    fix,
  };
}
