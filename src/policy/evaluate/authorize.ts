/**
 * AWS's decision for one ARN, in the order of AWS's policy evaluation logic ("How AWS
 * enforcement code logic evaluates requests to allow or deny access",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
 * 1. Deny evaluation: "an explicit deny in any policy" wins, whichever kind holds it;
 * 2. Organizations RCPs: every level from the root to the resource owner's account must allow,
 *    and does, through RCPFullAWSAccess, which AWS attaches to every level and which cannot be
 *    detached; the RCPs given can only deny (AWS Organizations User Guide, RCP syntax and RCP
 *    evaluation). RCPs bound every caller, service principals included;
 * 3. Organizations SCPs: likewise, every level from the root to the caller's account must allow;
 *    they bound the IAM principals of the caller's account, not service principals;
 * 4. resource-based policies; 5. identity-based policies; 6. permissions boundaries; 7. session
 *    policies, combined as the cross-account page
 *    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html)
 *    and the single-account page
 *    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow)
 *    say: cross-account, both the caller's identity side and the owner's resource policy must
 *    allow; within one account either suffices, a resource policy that names the caller itself
 *    (user, session, `*`) standing against an implicit deny anywhere, one that names the session's
 *    role still bounded by the permissions boundary and session policy, one that names only the
 *    account delegating to the identity policies;
 * 8. a VPC endpoint policy, when the request goes through an endpoint, must allow as well (the
 *    denyallow page does not place it; it is a guardrail like an RCP: "An endpoint policy does not
 *    override or replace identity-based policies or resource-based policies", AWS PrivateLink
 *    guide, Control access to VPC endpoints using endpoint policies).
 * The order decides which cause is named first, never the decision.
 *
 * The account root user needs no identity policy; a service principal has none and is allowed by
 * the resource policy alone; an anonymous caller (`"*"`) only by a resource policy that names
 * `"*"`.
 * @internal
 */
import type { AgentCoreResourceType } from '../../arn/parse.js';
import type { Target } from '../statement/match.js';
import { ACCOUNT, DIRECT, NONE, ROLE, type Strength } from '../statement/principal.js';
import { readPolicy } from '../statement/read.js';
import type { PolicyModel } from '../statement/types.js';
import type { PolicyDocument } from '../types.js';
import { type DocumentOutcome, evaluateDocument } from './document.js';
import type {
  AccessPolicies,
  ArnEvaluation,
  Decision,
  OrganizationLevel,
  PolicyEvaluation,
  PolicyKind,
} from './types.js';

/** One level of organization policies, read: the documents and their positions. @internal */
export type ReadLevel = ReadonlyArray<{ policy: PolicyModel; position: number | undefined }>;

/** The policies of a request, each read once into statement models. @internal */
export interface ReadPolicies {
  identity: readonly PolicyModel[];
  scp: readonly ReadLevel[];
  rcp: readonly ReadLevel[];
  sessionPolicy: PolicyModel | undefined;
  permissionsBoundary: PolicyModel | undefined;
  vpcEndpoint: PolicyModel | undefined;
  /** The resource policy attached to an ARN, read on first use; `undefined`: none attached. */
  resource(arn: string): PolicyModel | undefined;
}

function readLevels(
  levels: readonly OrganizationLevel[] | undefined,
  read: (doc: PolicyDocument) => PolicyModel,
): ReadLevel[] {
  return (levels ?? []).map((level) =>
    Array.isArray(level)
      ? (level as readonly PolicyDocument[]).map((doc, position) => ({ policy: read(doc), position }))
      : [{ policy: read(level as PolicyDocument), position: undefined }],
  );
}

/**
 * Reads the policies of a request. A document given in several places (FullAWSAccess at every
 * SCP level, say) is read once.
 * @internal
 */
export function readPolicies(policies: AccessPolicies): ReadPolicies {
  const models = new Map<PolicyDocument, PolicyModel>();
  const read = (doc: PolicyDocument): PolicyModel => {
    let model = models.get(doc);
    if (model === undefined) {
      model = readPolicy(doc);
      models.set(doc, model);
    }
    return model;
  };
  const maybe = (doc: PolicyDocument | undefined) => (doc === undefined ? undefined : read(doc));
  const resources = new Map<string, PolicyModel | undefined>();
  return {
    identity: (policies.identity ?? []).map(read),
    scp: readLevels(policies.scp, read),
    rcp: readLevels(policies.rcp, read),
    sessionPolicy: maybe(policies.sessionPolicy),
    permissionsBoundary: maybe(policies.permissionsBoundary),
    vpcEndpoint: maybe(policies.vpcEndpoint?.document),
    resource(arn) {
      if (!resources.has(arn)) resources.set(arn, maybe(policies.resource?.[arn]));
      return resources.get(arn);
    },
  };
}

/** The per-ARN outcome and the facts the cause ranking needs. @internal */
export interface ArnOutcome {
  evaluation: ArnEvaluation;
  /** Did the caller's identity-based policies (not SCP, boundary or session) allow? */
  identityPoliciesAllow: boolean;
  /** Every SCP level allows (true without SCPs, and for callers SCPs do not bound). */
  scpAllows: boolean;
  boundaryAllows: boolean;
  sessionAllows: boolean;
  /** The VPC endpoint policy allows (true when the request uses no endpoint). */
  vpcEndpointAllows: boolean;
  resourceStrength: Strength;
  /** The resource and identity sides allow, RCPs, SCPs and the VPC endpoint policy aside. */
  sidesAllow: boolean;
  /** The decision had no Deny statement applied. */
  allowedIgnoringDeny: boolean;
}

/**
 * Authorizes the target on one ARN.
 * @internal
 */
export function authorizeArn(
  target: Target,
  resourceType: AgentCoreResourceType | '*',
  policies: ReadPolicies,
): ArnOutcome {
  const { caller } = target;
  // `*` (an action that takes no resource) is authorized in the caller's own account.
  const resourceAccount = resourceType === '*' ? caller.accountId : (target.fields?.account ?? '');
  // Callers without an identity side: a service principal, an anonymous request.
  const principalOnly = caller.kind === 'service' || caller.kind === 'anonymous';
  const crossAccount = !principalOnly && caller.accountId !== resourceAccount;
  const records: PolicyEvaluation[] = [];
  let denied = false;
  const run = (
    document: PolicyModel,
    kind: PolicyKind,
    where: { index?: number; position?: number | undefined; attachedTo?: string },
  ): DocumentOutcome => {
    const outcome = evaluateDocument(document, kind, target, where);
    records.push(outcome.evaluation);
    if (outcome.denied) denied = true;
    return outcome;
  };
  // A level allows when one of its documents does; every level must.
  const levels = (list: readonly ReadLevel[], kind: 'scp' | 'rcp'): boolean => {
    let all = true;
    list.forEach((level, index) => {
      let any = false;
      for (const { policy, position } of level)
        if (run(policy, kind, { index, position }).allowed) any = true;
      if (!any) all = false;
    });
    return all;
  };

  // RCPFullAWSAccess "is automatically attached to the organization root, every OU, and every
  // account … You cannot detach this policy", and "The effect of Allow is only supported for the
  // RCPFullAWSAccess policy" (AWS Organizations User Guide, RCP syntax): every level allows, and
  // the RCPs given can only deny.
  levels(policies.rcp, 'rcp');
  const scpAllows = principalOnly ? true : levels(policies.scp, 'scp');
  const resourceDocument = policies.resource(target.resourceArn);
  const resource =
    resourceDocument === undefined
      ? undefined
      : run(resourceDocument, 'resource', { attachedTo: target.resourceArn });
  const identity: DocumentOutcome[] = [];
  let boundary: DocumentOutcome | undefined;
  let session: DocumentOutcome | undefined;
  if (!principalOnly) {
    policies.identity.forEach((doc, index) => {
      identity.push(run(doc, 'identity', { index }));
    });
    if (policies.permissionsBoundary !== undefined) {
      boundary = run(policies.permissionsBoundary, 'permissions-boundary', {});
    }
    if (policies.sessionPolicy !== undefined) session = run(policies.sessionPolicy, 'session', {});
  }
  const vpcEndpoint =
    policies.vpcEndpoint === undefined ? undefined : run(policies.vpcEndpoint, 'vpc-endpoint', {});

  const identityPoliciesAllow = caller.kind === 'root' || identity.some((o) => o.allowed);
  const boundaryAllows = boundary === undefined || boundary.allowed;
  const sessionAllows = session === undefined || session.allowed;
  const vpcEndpointAllows = vpcEndpoint === undefined || vpcEndpoint.allowed;
  const strength: Strength = resource?.allowStrength ?? NONE;
  const bounded = boundaryAllows && sessionAllows;
  const identityAllows = !principalOnly && identityPoliciesAllow && scpAllows && bounded;

  let sidesAllow: boolean;
  if (principalOnly) sidesAllow = strength !== NONE;
  else if (crossAccount) sidesAllow = strength !== NONE && identityPoliciesAllow && bounded;
  else
    sidesAllow = strength === DIRECT || (strength === ROLE && bounded) || (identityPoliciesAllow && bounded);
  const allowed = sidesAllow && scpAllows && vpcEndpointAllows;

  const decision: Decision = denied ? 'explicit-deny' : allowed ? 'allow' : 'implicit-deny';
  const evaluation: ArnEvaluation = {
    action: target.actionName,
    resourceArn: target.resourceArn,
    resourceType,
    decision,
    crossAccount,
    identityAllows,
    // Within the account, naming only the account grants nothing by itself.
    resourceAllows: strength !== NONE && (crossAccount || principalOnly || strength !== ACCOUNT),
    resourcePolicyMissing: resourceDocument === undefined,
    policies: records,
  };
  return {
    evaluation,
    identityPoliciesAllow,
    scpAllows,
    boundaryAllows,
    sessionAllows,
    vpcEndpointAllows,
    resourceStrength: strength,
    sidesAllow,
    allowedIgnoringDeny: allowed,
  };
}
