/**
 * IAM enforcement of the emulator: every call is authorized through `explainAccess`, and a denial
 * is worded the way AWS words it.
 *
 * Which ARN and which policy type a denial names (FACTS.md, "Which ARN is named"): AWS names the
 * ARN that failed, with the policy type that failed it. A live capture (identity policy covering
 * only the runtime) names the ENDPOINT ARN with "no identity-based policy allows"; captures where
 * nothing allowed name the runtime ARN (aws/agentcore-cli issue 607: "no resource-based policy
 * allows", cross-account). The model followed, an inference from those captures: for a runtime
 * action the runtime ARN is authorized first, then the endpoint ARN; the first that is not
 * authorized is named. Within that ARN the policy type named is the first that failed in AWS's
 * evaluation order (authorize.ts): a Deny's own policy type for an explicit deny; otherwise the
 * SCPs, then (across accounts) the resource-based policy, then the identity-based policies, the
 * permissions boundary, the session policy and the VPC endpoint policy. Within one account a
 * resource policy that does not allow is not named: the identity side is.
 *
 * So gotcha 1 (no endpoint policy) names the endpoint ARN and the resource-based policy; gotcha 3
 * (aws:SourceAccount in both policies) the runtime ARN and the resource-based policy; gotcha 4
 * (the identity policy's endpoint entry in the caller's account, runtime entry exact) the
 * endpoint ARN and the identity-based policy. Gotcha 2 (a wildcard `Resource`) never gets that
 * far: PutResourcePolicy refuses the document, so the call is denied for want of a policy on the
 * runtime. Only one policy type is ever named, as AWS does.
 *
 * @module
 */
import {
  isHierarchicalHarnessAction,
  isHierarchicalRuntimeAction,
  qualifyAction,
} from '../policy/actions.js';
import type { ArnEvaluation, ContextValue, Explanation, PolicyKind } from '../policy/evaluate/types.js';
import { explainAccess } from '../policy/index.js';
import { accessDenied } from './http-error.js';
import { type Caller, harnessResourceArns, mfaContext, runtimeResourceArns, type World } from './world.js';

/** What one authorization asks. @internal */
export interface AccessCheck {
  action: string;
  /**
   * The ARN the call names (for a runtime action the runtime ARN, for InvokeHarness the harness
   * ARN: the endpoint comes from `qualifier`).
   */
  resourceArn: string;
  qualifier?: string;
  context?: Record<string, ContextValue>;
}

/** The outcome, for the request log. @internal */
export interface AccessOutcome {
  action: string;
  resourceArn: string;
  decision: Explanation['decision'];
}

const POLICY_WORDS: Record<PolicyKind, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  'permissions-boundary': 'permissions boundary',
  'vpc-endpoint': 'VPC endpoint policy',
};

function article(words: string): string {
  return /^[aeiou]/.test(words) ? 'an' : 'a';
}

/**
 * The ARN a denial names and the policy type that failed it (see the module comment).
 * @internal
 */
export function namedDenial(explanation: Explanation): {
  resourceArn: string;
  action: string;
  kind: PolicyKind;
} {
  const failed = explanation.evaluations.find((e) => e.decision !== 'allow') ?? explanation.evaluations[0];
  if (failed === undefined) {
    const { resourceArn, action } = explanation.request;
    return { resourceArn, action, kind: 'identity' };
  }
  // InvokeHarness is checked with InvokeAgentRuntime: the action that failed is named (an inference).
  const named = { resourceArn: failed.resourceArn, action: failed.action };
  if (failed.decision === 'explicit-deny') {
    const denying = failed.policies.find((p) => p.result === 'deny');
    return { ...named, kind: denying?.kind ?? 'identity' };
  }
  return { ...named, kind: failedKind(failed) };
}

/** True when every level of `kind` (one per level for SCPs; one for the others) has an Allow, or none is given. */
function kindAllows(e: ArnEvaluation, kind: PolicyKind): boolean {
  const ofKind = e.policies.filter((p) => p.kind === kind);
  if (ofKind.length === 0) return true;
  const levels = new Map<number, boolean>();
  for (const p of ofKind) {
    const level = p.index ?? 0;
    levels.set(level, (levels.get(level) ?? false) || p.result === 'allow');
  }
  return [...levels.values()].every(Boolean);
}

/** The first policy type that failed an implicitly denied ARN, in AWS's evaluation order. */
function failedKind(e: ArnEvaluation): PolicyKind {
  if (!kindAllows(e, 'scp')) return 'scp';
  if (e.crossAccount && !e.resourceAllows) return 'resource';
  const identity = e.policies.filter((p) => p.kind === 'identity');
  // Within one account a resource policy naming the caller can stand in for the identity side.
  if (!identity.some((p) => p.result === 'allow') && (e.crossAccount || !e.resourceAllows)) return 'identity';
  for (const kind of ['permissions-boundary', 'session', 'vpc-endpoint'] as const) {
    if (e.policies.some((p) => p.kind === kind) && !kindAllows(e, kind)) return kind;
  }
  return e.crossAccount ? 'resource' : 'identity';
}

/**
 * The AccessDenied message AWS would send for a denied explanation: the ARN that failed and the
 * policy type that failed it (see the module comment).
 * @internal
 */
export function accessDeniedMessage(principalArn: string, explanation: Explanation): string {
  const { resourceArn, action, kind } = namedDenial(explanation);
  // An action that takes no resource is denied without naming one, as IAM words it.
  const on = resourceArn === '*' ? '' : ` on resource: ${resourceArn}`;
  const head = `User: ${principalArn} is not authorized to perform: ${action}${on}`;
  const words = POLICY_WORDS[kind];
  if (explanation.decision === 'explicit-deny')
    return `${head} with an explicit deny in ${article(words)} ${words}`;
  return `${head} because no ${words} allows the ${action} action`;
}

/** Per-request facts an authorization needs, and where it records its outcome. @internal */
export interface AccessEnv {
  now: number;
  /** The region the request was signed for (aws:RequestedRegion). */
  region: string;
  outcomes: AccessOutcome[];
}

/**
 * Authorizes `caller` for `check`, or throws the AccessDeniedException AWS would answer. Either
 * way the outcome is appended to `env.outcomes`.
 * @internal
 */
export function authorize(world: World, caller: Caller, check: AccessCheck, env: AccessEnv): AccessOutcome {
  const { now } = env;
  const action = qualifyAction(check.action);
  const harness = isHierarchicalHarnessAction(action);
  const hierarchical = harness || isHierarchicalRuntimeAction(action);
  const arns = !hierarchical
    ? [check.resourceArn]
    : (harness ? harnessResourceArns : runtimeResourceArns)(check.resourceArn, check.qualifier ?? 'DEFAULT');
  const context: Record<string, ContextValue> = {
    'aws:RequestedRegion': env.region,
    // The emulator speaks plain HTTP on loopback, but stands for AWS's HTTPS endpoint.
    'aws:SecureTransport': true,
    'aws:CurrentTime': new Date(now).toISOString(),
    'aws:EpochTime': Math.floor(now / 1000),
    ...(caller.sourceIdentity === undefined ? {} : { 'aws:SourceIdentity': caller.sourceIdentity }),
    // A session's aws:PrincipalArn is its role's ARN, path included (the session ARN has none).
    ...(caller.isSession ? { 'aws:PrincipalArn': caller.identityArn } : {}),
    ...mfaContext(caller, now),
    ...check.context,
  };
  const explanation = explainAccess(
    {
      principalArn: caller.principalArn,
      action,
      resourceArn: check.resourceArn,
      ...(hierarchical ? { qualifier: check.qualifier ?? 'DEFAULT' } : {}),
      context,
    },
    world.policiesFor(caller, arns),
  );
  const named = explanation.decision === 'allow' ? check.resourceArn : namedDenial(explanation).resourceArn;
  const outcome: AccessOutcome = { action, resourceArn: named, decision: explanation.decision };
  env.outcomes.push(outcome);
  if (explanation.decision !== 'allow') {
    throw accessDenied(accessDeniedMessage(caller.principalArn, explanation));
  }
  return outcome;
}
