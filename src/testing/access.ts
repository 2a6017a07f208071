/**
 * IAM enforcement of the emulator: every call is authorized through `explainAccess`, and a denial
 * is worded the way AWS words it.
 *
 * Wording, and how well each case is grounded:
 *
 * - Grounded (aws/agentcore-cli issue 607, and gotchas 1, 3 and 4 of the seed): a cross-account
 *   runtime call that is implicitly denied answers
 *   `User: <principal> is not authorized to perform: <action> on resource: <runtime ARN> because no
 *   resource-based policy allows the <action> action`, naming the RUNTIME ARN and the
 *   resource-based policy whatever the real cause (missing endpoint policy, failed
 *   aws:SourceAccount condition, or the caller's identity policy missing the endpoint path).
 *   Gotcha 2 (a wildcard `Resource`) never gets that far: PutResourcePolicy refuses the document,
 *   so the call is then denied for want of a policy, with the same words.
 * - By analogy with IAM's general format (FACTS.md "AccessDenied wording"): an explicit deny says
 *   `… with an explicit deny in a resource-based policy` (or identity-based, session, service
 *   control, permissions boundary); a same-account implicit deny says `because no identity-based
 *   policy allows …` (or the session / permissions boundary / service control policy that failed);
 *   runtime actions name the runtime ARN in every case, as the cross-account case does.
 * - Memory and control-plane calls cross-account (no public sample of the real text): the policy
 *   type named is the side that really failed: `resource-based` when the resource policy does not
 *   allow, otherwise the identity side. Only one policy type is ever named, as AWS does.
 *
 * @module
 */
import {
  isHierarchicalHarnessAction,
  isHierarchicalRuntimeAction,
  qualifyAction,
} from '../policy/actions.js';
import type { ContextValue, Explanation, PolicyKind } from '../policy/evaluate/types.js';
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
 * The AccessDenied message AWS would send for a denied explanation (see the module comment for
 * which cases are grounded and which are by analogy).
 * @internal
 */
export function accessDeniedMessage(
  principalArn: string,
  action: string,
  namedArn: string,
  explanation: Explanation,
): string {
  // An action that takes no resource is denied without naming one, as IAM words it.
  const on = namedArn === '*' ? '' : ` on resource: ${namedArn}`;
  const head = `User: ${principalArn} is not authorized to perform: ${action}${on}`;
  if (explanation.decision === 'explicit-deny') {
    const kind = deniedBy(explanation) ?? 'identity';
    const words = POLICY_WORDS[kind];
    return `${head} with an explicit deny in ${article(words)} ${words}`;
  }
  const words = POLICY_WORDS[implicitKind(action, explanation)];
  return `${head} because no ${words} allows the ${action} action`;
}

function deniedBy(explanation: Explanation): PolicyKind | undefined {
  for (const evaluation of explanation.evaluations) {
    for (const policy of evaluation.policies) if (policy.result === 'deny') return policy.kind;
  }
  return undefined;
}

function implicitKind(action: string, explanation: Explanation): PolicyKind {
  const denied = explanation.evaluations.filter((e) => e.decision !== 'allow');
  const crossAccount = explanation.evaluations.some((e) => e.crossAccount);
  if (crossAccount && (isHierarchicalRuntimeAction(action) || isHierarchicalHarnessAction(action)))
    return 'resource';
  if (crossAccount && denied.some((e) => !e.resourceAllows)) return 'resource';
  // The identity side failed: name the first of its policy kinds that allowed nothing, in the
  // order AWS evaluates them.
  for (const kind of ['rcp', 'scp', 'identity', 'permissions-boundary', 'session', 'vpc-endpoint'] as const) {
    const failed = denied.some((e) => {
      const ofKind = e.policies.filter((p) => p.kind === kind);
      return ofKind.length > 0 && ofKind.every((p) => p.result !== 'allow');
    });
    if (failed) return kind;
  }
  return 'identity';
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
  const outcome: AccessOutcome = { action, resourceArn: check.resourceArn, decision: explanation.decision };
  env.outcomes.push(outcome);
  if (explanation.decision !== 'allow') {
    // InvokeHarness is checked with InvokeAgentRuntime: name the action that failed (an inference).
    const failed = explanation.evaluations.find((e) => e.decision !== 'allow')?.action ?? action;
    throw accessDenied(accessDeniedMessage(caller.principalArn, failed, check.resourceArn, explanation));
  }
  return outcome;
}
