/**
 * AWS's decision for one ARN, following the documented policy evaluation logic:
 * - an explicit Deny in any policy wins
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html);
 * - SCPs of the caller's organization, its permissions boundary and its session policy, when
 *   given, must each allow (they bound the identity side);
 * - cross-account, both the caller's identity side and the owner's resource policy must allow
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html);
 * - within one account either suffices, with AWS's nuances: a resource policy that names the
 *   caller itself (user, session, `*`) stands against an implicit deny anywhere; one that names
 *   the session's role is still bounded by the permissions boundary and session policy; one that
 *   names only the account delegates to the identity policies
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow);
 * - the account root user needs no identity policy; a service principal has none and is allowed
 *   by the resource policy alone (SCPs do not apply to service principals).
 * @internal
 */
import type { AgentCoreResourceType } from '../../arn/parse.js';
import type { Target } from '../statement/match.js';
import { ACCOUNT, DIRECT, NONE, ROLE, type Strength } from '../statement/principal.js';
import { readPolicy } from '../statement/read.js';
import type { PolicyModel } from '../statement/types.js';
import type { PolicyDocument } from '../types.js';
import { type DocumentOutcome, evaluateDocument } from './document.js';
import type { AccessPolicies, ArnEvaluation, Decision, PolicyEvaluation, PolicyKind } from './types.js';

/** The policies of a request, each read once into statement models. @internal */
export interface ReadPolicies {
  identity: readonly PolicyModel[];
  scp: readonly PolicyModel[];
  sessionPolicy: PolicyModel | undefined;
  permissionsBoundary: PolicyModel | undefined;
  /** The resource policy attached to an ARN, read on first use; `undefined`: none attached. */
  resource(arn: string): PolicyModel | undefined;
}

/** Reads the policies of a request. @internal */
export function readPolicies(policies: AccessPolicies): ReadPolicies {
  const read = (doc: PolicyDocument | undefined) => (doc === undefined ? undefined : readPolicy(doc));
  const resources = new Map<string, PolicyModel | undefined>();
  return {
    identity: (policies.identity ?? []).map((d) => readPolicy(d)),
    scp: (policies.scp ?? []).map((d) => readPolicy(d)),
    sessionPolicy: read(policies.sessionPolicy),
    permissionsBoundary: read(policies.permissionsBoundary),
    resource(arn) {
      if (!resources.has(arn)) resources.set(arn, read(policies.resource?.[arn]));
      return resources.get(arn);
    },
  };
}

/** The per-ARN outcome and the facts the cause ranking needs. @internal */
export interface ArnOutcome {
  evaluation: ArnEvaluation;
  /** Did the caller's identity-based policies (not SCP, boundary or session) allow? */
  identityPoliciesAllow: boolean;
  scpAllows: boolean;
  boundaryAllows: boolean;
  sessionAllows: boolean;
  resourceStrength: Strength;
  /** The decision had no Deny statement applied. */
  allowedIgnoringDeny: boolean;
}

// Sides are judged on their Allow statements alone; a Deny that also applied decides separately.
function allAllow(outcomes: readonly DocumentOutcome[]): boolean {
  return outcomes.every((o) => o.allowed);
}

/**
 * Authorizes the target on one ARN.
 * @internal
 */
export function authorizeArn(
  target: Target,
  resourceType: AgentCoreResourceType,
  policies: ReadPolicies,
): ArnOutcome {
  const { caller } = target;
  const resourceAccount = target.fields?.account ?? '';
  const service = caller.kind === 'service';
  const crossAccount = !service && caller.accountId !== resourceAccount;
  const records: PolicyEvaluation[] = [];
  let denied = false;
  const run = (document: PolicyModel, kind: PolicyKind, where: { index?: number; attachedTo?: string }) => {
    const outcome = evaluateDocument(document, kind, target, where);
    records.push(outcome.evaluation);
    if (outcome.denied) denied = true;
    return outcome;
  };

  const identity: DocumentOutcome[] = [];
  const scps: DocumentOutcome[] = [];
  let boundary: DocumentOutcome | undefined;
  let session: DocumentOutcome | undefined;
  if (!service) {
    policies.scp.forEach((doc, index) => {
      scps.push(run(doc, 'scp', { index }));
    });
    policies.identity.forEach((doc, index) => {
      identity.push(run(doc, 'identity', { index }));
    });
    if (policies.permissionsBoundary !== undefined) {
      boundary = run(policies.permissionsBoundary, 'permissions-boundary', {});
    }
    if (policies.sessionPolicy !== undefined) session = run(policies.sessionPolicy, 'session', {});
  }
  const resourceDocument = policies.resource(target.resourceArn);
  const resource =
    resourceDocument === undefined
      ? undefined
      : run(resourceDocument, 'resource', { attachedTo: target.resourceArn });

  const identityPoliciesAllow = caller.kind === 'root' || identity.some((o) => o.allowed);
  const scpAllows = allAllow(scps);
  const boundaryAllows = boundary === undefined || boundary.allowed;
  const sessionAllows = session === undefined || session.allowed;
  const strength: Strength = resource?.allowStrength ?? NONE;
  const bounded = boundaryAllows && sessionAllows;
  const identityAllows = !service && identityPoliciesAllow && scpAllows && bounded;

  let allowed: boolean;
  if (service) allowed = strength !== NONE;
  else if (!scpAllows) allowed = false;
  else if (crossAccount) allowed = strength !== NONE && identityPoliciesAllow && bounded;
  else allowed = strength === DIRECT || (strength === ROLE && bounded) || (identityPoliciesAllow && bounded);

  const decision: Decision = denied ? 'explicit-deny' : allowed ? 'allow' : 'implicit-deny';
  const evaluation: ArnEvaluation = {
    resourceArn: target.resourceArn,
    resourceType,
    decision,
    crossAccount,
    identityAllows,
    // Within the account, naming only the account grants nothing by itself.
    resourceAllows: strength !== NONE && (crossAccount || service || strength !== ACCOUNT),
    resourcePolicyMissing: resourceDocument === undefined,
    policies: records,
  };
  return {
    evaluation,
    identityPoliciesAllow,
    scpAllows,
    boundaryAllows,
    sessionAllows,
    resourceStrength: strength,
    allowedIgnoringDeny: allowed,
  };
}
