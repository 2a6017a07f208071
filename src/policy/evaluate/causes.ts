/**
 * Ranking the causes of a denial from the per-ARN evaluations.
 *
 * Every cause comes from a side that really failed on some ARN (the identity side, the resource
 * policy, an SCP, a boundary, a session policy, or a Deny that applied), so it is proven; within a
 * failed policy the statements that came closest to applying (failing at a later element:
 * principal, then action, then resource, then condition) give the primary causes and the others
 * secondary ones. Ties are broken by how specific a code is (the seed's gotchas first), then by
 * ARN order (runtime before endpoint).
 * @internal
 */
import { arnAccountId, arnRegion, parentOfEndpoint, withArnField } from '../../arn/fields.js';
import { parentTypeOf } from '../../arn/parse.js';
import { type CodeFacts, codeInfo } from '../codes.js';
import { type Caller, grantableArn } from '../statement/caller.js';
import type { ContextMap } from '../statement/context-map.js';
import { ACCOUNT, NONE, ROLE } from '../statement/principal.js';
import type { CauseCode } from '../types.js';
import type { ArnOutcome } from './authorize.js';
import type { ArnEvaluation, Cause, PolicyEvaluation, PolicyKind, StatementEvaluation } from './types.js';

/** What the ranking reads. @internal */
export interface RankInput {
  caller: Caller;
  action: string;
  hierarchical: boolean;
  outcomes: readonly ArnOutcome[];
  context: ContextMap;
}

/** The code of a guardrail that allows nothing, by policy kind. */
const GUARDRAIL_CODE: Partial<Record<PolicyKind, CauseCode>> = {
  scp: 'scp-not-allowed',
  'permissions-boundary': 'permissions-boundary-not-allowed',
  session: 'session-policy-not-allowed',
  'vpc-endpoint': 'vpc-endpoint-policy-not-allowed',
};

// Keys AWS sets only when a service calls on someone's behalf.
const SOURCE_KEYS = new Set([
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
]);

interface Candidate {
  cause: Cause;
  tier: number;
  seq: number;
}

type Failed = NonNullable<StatementEvaluation['failed']>;

function level(p: PolicyEvaluation): string {
  const at = p.position === undefined ? '' : `, policy ${p.position}`;
  return `level ${p.index ?? 0}${at}`;
}

function policyLabel(p: PolicyEvaluation): string {
  switch (p.kind) {
    case 'identity':
      return `identity policy [${p.index ?? 0}]`;
    case 'scp':
      return `SCP (${level(p)})`;
    case 'rcp':
      return `RCP (${level(p)})`;
    case 'resource':
      return `resource policy on ${p.attachedTo ?? 'the resource'}`;
    case 'session':
      return 'session policy';
    case 'permissions-boundary':
      return 'permissions boundary';
    case 'vpc-endpoint':
      return 'VPC endpoint policy';
  }
}

function statementLabel(s: StatementEvaluation): string {
  return s.sid === undefined ? `statement ${s.index}` : `statement ${s.index} (Sid "${s.sid}")`;
}

const BOUNDS: readonly PolicyKind[] = ['permissions-boundary', 'session'];

const MISSING_CODE: Record<ArnEvaluation['resourceType'], CauseCode> = {
  runtime: 'runtime-policy-missing',
  'runtime-endpoint': 'endpoint-policy-missing',
  memory: 'memory-policy-missing',
  gateway: 'gateway-policy-missing',
  harness: 'harness-policy-missing',
  'harness-endpoint': 'harness-endpoint-policy-missing',
  // No resource, no resource policy: never the cause (the identity side is).
  '*': 'identity-missing-action',
};

/** Collects the causes for one request. */
class Collector {
  readonly list: Candidate[] = [];
  readonly caller: Caller;
  readonly grantee: string;

  constructor(readonly input: RankInput) {
    this.caller = input.caller;
    this.grantee = grantableArn(input.caller);
  }

  /**
   * True when `e` checks the action AWS requires with the asked one (InvokeAgentRuntime with
   * InvokeHarness) and the `side` that fails it allowed the asked action on the same ARN: the
   * grant names InvokeHarness without InvokeAgentRuntime.
   */
  private missingCompanion(e: ArnEvaluation, side: 'resource' | 'identity'): boolean {
    if (e.action === this.input.action) return false;
    const asked = this.input.outcomes.find(
      (o) => o.evaluation.action === this.input.action && o.evaluation.resourceArn === e.resourceArn,
    );
    if (asked === undefined) return false;
    return side === 'resource' ? asked.resourceStrength !== NONE : asked.identityPoliciesAllow;
  }

  private companionCause(
    e: ArnEvaluation,
    where: string,
    p: PolicyEvaluation | undefined,
    s: StatementEvaluation | undefined,
  ): Cause {
    return this.cause(
      'harness-missing-invoke-runtime',
      `${where} allows ${this.input.action} on ${e.resourceArn} but not ${e.action}, and AWS requires both: "calling InvokeHarness requires both bedrock-agentcore:InvokeHarness and bedrock-agentcore:InvokeAgentRuntime permissions on the harness ARN" (AgentCore developer guide).`,
      `Add "${e.action}" to the Action that allows ${this.input.action}${p?.kind === 'resource' ? `, in the policies of the harness and of each endpoint` : ''}.`,
      e.resourceArn,
      p,
      s,
    );
  }

  add(tier: number, cause: Cause): void {
    this.list.push({ cause, tier, seq: this.list.length });
  }

  ranked(): Cause[] {
    const sorted = [...this.list].sort(
      (a, b) => a.tier - b.tier || codeInfo(a.cause.code).rank - codeInfo(b.cause.code).rank || a.seq - b.seq,
    );
    const seen = new Set<string>();
    const out: Cause[] = [];
    for (const { cause } of sorted) {
      const key = `${cause.code}|${cause.resourceArn}|${cause.policyKind}|${cause.policyIndex}|${cause.statementIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(cause);
    }
    return out;
  }

  /** The catalogue's wording of a code's fix for this request on `e`'s ARN. */
  fix(code: CauseCode, e: ArnEvaluation, extra: CodeFacts = {}): string {
    return codeInfo(code).fix({
      action: e.action,
      resourceArn: e.resourceArn,
      endpointArn: e.resourceArn,
      principalArn: this.caller.arn,
      grantee: this.grantee,
      callerAccount: this.caller.accountId,
      ownerAccount: arnAccountId(e.resourceArn),
      region: arnRegion(e.resourceArn),
      ...extra,
    });
  }

  cause(
    code: CauseCode,
    message: string,
    fix: string,
    arn: string,
    policy?: PolicyEvaluation,
    statement?: StatementEvaluation,
  ): Cause {
    const cause: Cause = { code, message, fix, resourceArn: arn };
    if (policy !== undefined) cause.policyKind = policy.kind;
    if (policy?.index !== undefined) cause.policyIndex = policy.index;
    if (statement !== undefined) cause.statementIndex = statement.index;
    return cause;
  }

  explicitDenies(e: ArnEvaluation): void {
    for (const p of e.policies) {
      if (p.result !== 'deny') continue;
      for (const s of p.statements) {
        if (!s.matched || s.effect !== 'Deny') continue;
        this.add(
          0,
          this.cause(
            // An RCP can only deny: its denial has its own code.
            p.kind === 'rcp' ? 'rcp-denied' : 'explicit-deny',
            `${statementLabel(s)} of the ${policyLabel(p)} denies ${e.action} by ${this.caller.arn} on ${e.resourceArn}; an explicit Deny overrides every Allow.`,
            this.fix(p.kind === 'rcp' ? 'rcp-denied' : 'explicit-deny', e),
            e.resourceArn,
            p,
            s,
          ),
        );
      }
    }
  }

  /** Causes on the resource-policy side of an ARN that the owner's policy does not allow. */
  resourceSide(e: ArnEvaluation, tier: number): void {
    const policy = e.policies.find((p) => p.kind === 'resource');
    if (policy === undefined) {
      this.missingPolicy(e, tier, `No resource policy is attached to ${e.resourceArn}`);
      return;
    }
    const accountOnly = policy.statements.find((s) => s.effect === 'Allow' && s.matched);
    if (accountOnly !== undefined) {
      // Within the owner's account, naming the account delegates to the caller's identity policies.
      this.add(
        tier,
        this.cause(
          'principal-not-allowed',
          `${statementLabel(accountOnly)} of the ${policyLabel(policy)} names only the account ${this.caller.accountId}, which within that account grants nothing by itself: it defers to the identity policies.`,
          `Name "${this.grantee}" in its Principal, or allow ${e.action} in an identity policy of ${this.grantee}.`,
          e.resourceArn,
          policy,
          accountOnly,
        ),
      );
      return;
    }
    const misses = policy.statements.filter(
      (s) => s.effect === 'Allow' && !s.matched && s.failed !== undefined,
    );
    if (misses.length === 0) {
      this.missingPolicy(e, tier, `The ${policyLabel(policy)} has no Allow statement`);
      return;
    }
    const depth = (f: Failed) =>
      f.wildcardResource
        ? 4
        : f.element === 'condition'
          ? 3
          : f.element === 'resource'
            ? 2
            : f.element === 'action'
              ? 1
              : 0;
    const deepest = Math.max(...misses.map((s) => depth(s.failed as Failed)));
    for (const s of misses) {
      const f = s.failed as Failed;
      this.add(depth(f) === deepest ? tier : tier + 1, this.resourceStatementCause(e, policy, s, f));
    }
  }

  private missingPolicy(e: ArnEvaluation, tier: number, what: string): void {
    const code = MISSING_CODE[e.resourceType];
    let message = `${what}, so nothing in account ${arnAccountId(e.resourceArn)} allows ${e.action} by ${this.caller.arn} on it.`;
    const parent = parentTypeOf(e.resourceType);
    if (parent !== undefined) {
      message = `${what}. AgentCore authorizes ${e.action} against both the ${parent} and its endpoint (hierarchical authorization), so the ${parent}'s policy alone is not enough.`;
    }
    this.add(tier, this.cause(code, message, this.fix(code, e), e.resourceArn));
  }

  private resourceStatementCause(
    e: ArnEvaluation,
    p: PolicyEvaluation,
    s: StatementEvaluation,
    f: Failed,
  ): Cause {
    const where = `${statementLabel(s)} of the ${policyLabel(p)}`;
    if (f.wildcardResource) {
      const fix = this.fix('resource-wildcard', e);
      return this.cause('resource-wildcard', `${where}: ${f.detail}.`, fix, e.resourceArn, p, s);
    }
    switch (f.element) {
      case 'principal':
        return this.cause(
          'principal-not-allowed',
          `${where} does not name the caller: ${f.detail}.`,
          this.fix('principal-not-allowed', e),
          e.resourceArn,
          p,
          s,
        );
      case 'action':
        if (this.missingCompanion(e, 'resource')) return this.companionCause(e, where, p, s);
        return this.cause(
          'action-not-allowed',
          `${where} names the caller but not the action: ${f.detail}.`,
          this.fix('action-not-allowed', e),
          e.resourceArn,
          p,
          s,
        );
      case 'resource':
        return this.cause(
          'resource-mismatch',
          `${where} does not name the ARN it is attached to: ${f.detail}.`,
          this.fix('resource-mismatch', e),
          e.resourceArn,
          p,
          s,
        );
      case 'condition':
        return this.conditionCause(e, p, s, f, 'resource');
    }
  }

  private conditionCause(
    e: ArnEvaluation,
    p: PolicyEvaluation,
    s: StatementEvaluation,
    f: Failed,
    side: 'resource' | 'identity',
  ): Cause {
    const where = `${statementLabel(s)} of the ${policyLabel(p)}`;
    const key = f.conditionKey ?? '';
    const lower = key.toLowerCase();
    if (SOURCE_KEYS.has(lower) && f.keyMissing === true && this.caller.kind !== 'service') {
      return this.cause(
        'source-account-condition',
        `${where} requires ${key} (${f.operator}), which AWS sets only when an AWS service calls on someone's behalf; the direct call by ${this.caller.arn} carries no ${key}, so the condition fails and the statement silently does not apply.`,
        this.fix('source-account-condition', e, { conditionKey: key }),
        e.resourceArn,
        p,
        s,
      );
    }
    const fix = `Change the condition ${f.operator} on ${key} so it holds for this request, or give the key in the request context if the real request carries it.`;
    if (lower === 'aws:requestedregion') {
      return this.cause(
        'region-mismatch',
        `${where} does not hold for ${e.resourceArn}: ${f.detail}.`,
        fix,
        e.resourceArn,
        p,
        s,
      );
    }
    if (side === 'identity') {
      return this.cause(
        'identity-missing-action',
        `${where} would allow ${e.action} on ${e.resourceArn} but its condition fails: ${f.detail}.`,
        fix,
        e.resourceArn,
        p,
        s,
      );
    }
    const aboutPrincipal =
      lower.startsWith('aws:principal') ||
      lower === 'aws:userid' ||
      lower === 'aws:username' ||
      SOURCE_KEYS.has(lower);
    return this.cause(
      aboutPrincipal ? 'principal-not-allowed' : 'action-not-allowed',
      `${where} names the caller and the action but its condition fails: ${f.detail}.`,
      fix,
      e.resourceArn,
      p,
      s,
    );
  }

  /** Causes on the caller's identity side (identity policies, boundary, session policy). */
  identitySide(o: ArnOutcome, tier: number): void {
    if (!o.identityPoliciesAllow) {
      this.identityPolicies(o, tier);
      if (!(o.boundaryAllows && o.sessionAllows)) this.guardrails(o.evaluation, BOUNDS, tier + 1);
    } else {
      this.guardrails(o.evaluation, BOUNDS, tier);
    }
  }

  /**
   * A guardrail that allows nothing for the request: an RCP or SCP level none of whose policies
   * allows, the permissions boundary, the session policy, the VPC endpoint policy.
   */
  guardrails(e: ArnEvaluation, kinds: readonly PolicyKind[], tier: number): void {
    for (const kind of kinds) {
      const ofKind = e.policies.filter((p) => p.kind === kind);
      const levels = new Map<number, PolicyEvaluation[]>();
      for (const p of ofKind) {
        const key = p.index ?? 0;
        levels.set(key, [...(levels.get(key) ?? []), p]);
      }
      for (const policies of levels.values()) {
        if (policies.some((p) => p.statements.some((s) => s.matched && s.effect === 'Allow'))) continue;
        const p = policies[0] as PolicyEvaluation;
        this.add(
          tier,
          this.cause(
            GUARDRAIL_CODE[kind] ?? 'identity-missing-action',
            this.guardrailMessage(kind, e, policies),
            this.fix(GUARDRAIL_CODE[kind] ?? 'identity-missing-action', e),
            e.resourceArn,
            p,
          ),
        );
      }
    }
  }

  private guardrailMessage(
    kind: PolicyKind,
    e: ArnEvaluation,
    policies: readonly PolicyEvaluation[],
  ): string {
    const on = `${e.action} on ${e.resourceArn}`;
    switch (kind) {
      case 'scp': {
        const n = policies.length;
        const which = `level ${policies[0]?.index ?? 0} of the organization (0: the root)`;
        return `No SCP at ${which} allows ${on}${n > 1 ? ` (none of its ${n} policies does)` : ''}; AWS requires an Allow at every level from the root to the caller's account.`;
      }
      case 'permissions-boundary':
        return `The permissions boundary does not allow ${on}, and it bounds every permission of ${this.caller.arn}.`;
      case 'session':
        return `The session policy does not allow ${on}, and it bounds every permission of the session ${this.caller.arn}.`;
      default:
        return `The VPC endpoint policy does not allow ${on} by ${this.caller.arn}; a request through the endpoint needs its Allow too.`;
    }
  }

  private identityPolicies(o: ArnOutcome, tier: number): void {
    const e = o.evaluation;
    const parentType = parentTypeOf(e.resourceType);
    const parent = this.input.outcomes.find(
      (x) => x.evaluation.resourceType === parentType && x.evaluation.action === e.action,
    );
    const endpointCase = this.input.hierarchical && parent?.identityPoliciesAllow === true;
    const parentArn = parentOfEndpoint(e.resourceArn);
    const subPath = `${parentArn}/${e.resourceType}/*`;
    const account = arnAccountId(e.resourceArn) ?? '';
    if (endpointCase) {
      this.add(
        tier,
        this.cause(
          'identity-missing-endpoint',
          `The identity policies of ${this.caller.arn} allow ${e.action} on the ${parentType} ${parentArn} but not on its endpoint ${e.resourceArn}; AgentCore authorizes both.`,
          this.fix('identity-missing-endpoint', e),
          e.resourceArn,
        ),
      );
    }
    const misses: Array<{ p: PolicyEvaluation; s: StatementEvaluation; f: Failed }> = [];
    for (const p of e.policies) {
      if (p.kind !== 'identity') continue;
      for (const s of p.statements) {
        if (s.effect === 'Allow' && !s.matched && s.failed !== undefined) misses.push({ p, s, f: s.failed });
      }
    }
    const depth = (f: Failed) => (f.element === 'condition' ? 2 : f.element === 'resource' ? 1 : 0);
    const deepest = misses.length === 0 ? 0 : Math.max(...misses.map((m) => depth(m.f)));
    for (const { p, s, f } of misses) {
      const t = depth(f) === deepest ? tier : tier + 1;
      const where = `${statementLabel(s)} of the ${policyLabel(p)}`;
      if (f.element === 'condition') {
        this.add(t, this.conditionCause(e, p, s, f, 'identity'));
      } else if (f.element === 'resource' && f.resourcePart === 'account') {
        const pattern = f.resourcePattern ?? '';
        this.add(
          t,
          this.cause(
            'identity-wrong-account',
            `${where} would allow ${e.action} but for the account: ${f.detail}. The resource belongs to its owner's account ${account}, not to the caller's.`,
            this.fix('identity-wrong-account', e, {
              resourcePattern: withArnField(pattern, 'account', account),
            }),
            e.resourceArn,
            p,
            s,
          ),
        );
      } else if (f.element === 'resource' && f.resourcePart === 'region') {
        this.add(
          t,
          this.cause(
            'region-mismatch',
            `${where} names another region: ${f.detail}.`,
            `Name the resource's region (${arnRegion(e.resourceArn)}) in that Resource, or "*".`,
            e.resourceArn,
            p,
            s,
          ),
        );
      } else if (f.element === 'resource' && endpointCase) {
        // Secondary to the proven identity-missing-endpoint above: it points at the statement.
        this.add(
          t + 1,
          this.cause(
            'identity-missing-endpoint',
            `${where} does not cover the endpoint: ${f.detail}.`,
            `Add "${subPath}" to its Resource.`,
            e.resourceArn,
            p,
            s,
          ),
        );
      } else if (this.missingCompanion(e, 'identity')) {
        this.add(t, this.companionCause(e, where, p, s));
      } else {
        this.add(
          t,
          this.cause(
            'identity-missing-action',
            `${where} does not allow ${e.action} on ${e.resourceArn}: ${f.detail}.`,
            `Allow ${e.action} on ${e.resourceArn} in that statement (Action and Resource).`,
            e.resourceArn,
            p,
            s,
          ),
        );
      }
    }
    if (misses.length === 0 && !endpointCase) {
      this.add(
        tier,
        this.cause(
          'identity-missing-action',
          `No identity-based policy of ${this.caller.arn} allows ${e.action} on ${e.resourceArn}.`,
          this.fix('identity-missing-action', e),
          e.resourceArn,
        ),
      );
    }
  }
}

/**
 * The ranked causes of a denial, the proven one first.
 * @internal
 */
export function rankCauses(input: RankInput): Cause[] {
  const c = new Collector(input);
  const explicit = input.outcomes.some((o) => o.evaluation.decision === 'explicit-deny');
  for (const o of input.outcomes) c.explicitDenies(o.evaluation);
  const base = explicit ? 1 : 0;
  const requested = input.context.get('aws:requestedregion');
  const first = input.outcomes[0]?.evaluation;
  if (first !== undefined && typeof requested === 'string') {
    const region = arnRegion(first.resourceArn);
    if (region !== requested) {
      c.add(
        base,
        c.cause(
          'region-mismatch',
          `The request is made in region ${requested} but ${first.resourceArn} is in ${region}.`,
          `Call the ${region} endpoint: set the client's region to ${region}.`,
          first.resourceArn,
        ),
      );
    }
  }
  for (const o of input.outcomes) {
    if (o.allowedIgnoringDeny) continue;
    const e = o.evaluation;
    // In AWS's order: SCPs (RCPs always allow: RCPFullAWSAccess), the resource and identity
    // sides, then the VPC endpoint.
    if (!o.scpAllows) c.guardrails(e, ['scp'], base);
    if (!o.vpcEndpointAllows) c.guardrails(e, ['vpc-endpoint'], base);
    if (o.sidesAllow) continue;
    if (input.caller.kind === 'service' || input.caller.kind === 'anonymous') {
      c.resourceSide(e, base);
    } else if (e.crossAccount) {
      if (o.resourceStrength === NONE) c.resourceSide(e, base);
      if (!(o.identityPoliciesAllow && o.boundaryAllows && o.sessionAllows)) c.identitySide(o, base);
    } else if (o.resourceStrength === ROLE) {
      // The resource policy names the session's role: only the boundary or session policy can stop it.
      c.guardrails(e, BOUNDS, base);
    } else {
      // Within one account either side could allow: the identity side is the usual fix.
      if (!(o.identityPoliciesAllow && o.boundaryAllows && o.sessionAllows)) c.identitySide(o, base);
      if (o.resourceStrength === NONE || o.resourceStrength === ACCOUNT) c.resourceSide(e, base + 1);
    }
  }
  return c.ranked();
}
