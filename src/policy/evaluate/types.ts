/**
 * Types of the offline IAM evaluation: what is asked, which policies are known, what comes back.
 * @module
 */
import type { AgentCoreResourceType } from '../../arn/parse.js';
import type { ContextValue } from '../statement/context-map.js';
import type { CauseCode, PolicyDocument } from '../types.js';

export type { ContextValue };

/** The request to authorize. */
export interface AccessRequest {
  /**
   * The calling principal: a role, user, account root or assumed-role session ARN
   * (`arn:aws:sts::222222222222:assumed-role/the-caller-role/session`).
   */
  principalArn: string;
  /** `bedrock-agentcore:InvokeAgentRuntime`; a short name is qualified with the service prefix. */
  action: string;
  /** The runtime, runtime-endpoint or memory ARN the call names. */
  resourceArn: string;
  /**
   * The endpoint a runtime action targets (`DEFAULT` when omitted). Ignored for a
   * runtime-endpoint `resourceArn`, which names its endpoint already.
   */
  qualifier?: string;
  /**
   * Extra request context keys. Keys AWS derives from the principal (aws:PrincipalArn,
   * aws:PrincipalAccount, aws:PrincipalType, aws:userid, aws:username) are filled in and win
   * over values given here only when not given.
   */
  context?: Record<string, ContextValue>;
}

/**
 * The organization policies attached at one level of AWS Organizations (the root, an OU, or the
 * account): one document, or several. A level allows an action when any of its policies does.
 */
export type OrganizationLevel = PolicyDocument | readonly PolicyDocument[];

/** The VPC endpoint a request goes through, and its endpoint policy. */
export interface VpcEndpointPolicy {
  /** The endpoint's id (`vpce-0123456789abcdef0`): the request's aws:SourceVpce. */
  vpcEndpointId: string;
  /** The id of the endpoint's VPC (`vpc-0123456789abcdef0`): the request's aws:SourceVpc. */
  vpcId?: string;
  /**
   * The endpoint policy. It must allow the request too; the default endpoint policy allows
   * everything (`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`).
   */
  document: PolicyDocument;
}

/**
 * The policies known to apply to the request. Unknown fields are refused (a `ValidationError`),
 * so a misspelt policy kind is never silently ignored.
 */
export interface AccessPolicies {
  /** Identity-based policies attached to the caller (or to the role of its session). */
  identity: readonly PolicyDocument[];
  /** Resource-based policies by the ARN they are attached to; `undefined` or absent: none attached. */
  resource: Readonly<Record<string, PolicyDocument | undefined>>;
  /**
   * Service control policies on the path from the organization root to the caller's account,
   * one entry per level (root, each OU, the account), each a document or a list of documents:
   * `[[rootFullAccess], [ouPolicyA, ouPolicyB], [accountPolicy]]`. AWS requires an Allow at every
   * level; a Deny anywhere denies. A flat list of documents (the earlier shape) reads as one level
   * per document, so each must allow, as before. SCPs bound IAM principals of the caller's account
   * (not service principals or anonymous callers).
   */
  scp?: readonly OrganizationLevel[];
  /**
   * Resource control policies on the path from the organization root to the resource owner's
   * account, in the shape of `scp`. RCPs can only deny: "The effect of Allow is only supported for
   * the RCPFullAWSAccess policy", which AWS attaches to every level and which cannot be detached
   * (AWS Organizations User Guide, RCP syntax), so every level allows and a Deny anywhere denies,
   * whoever the caller. Give them only when the resource type is subject to RCPs.
   */
  rcp?: readonly OrganizationLevel[];
  /** The session policy passed to AssumeRole, when the caller is such a session. */
  sessionPolicy?: PolicyDocument;
  /** The permissions boundary of the caller's role or user. */
  permissionsBoundary?: PolicyDocument;
  /**
   * The VPC endpoint the request goes through: its policy must allow too, and the request context
   * gains aws:SourceVpce (and aws:SourceVpc) unless `request.context` gives them.
   */
  vpcEndpoint?: VpcEndpointPolicy;
}

/** The outcome of an authorization. */
export type Decision = 'allow' | 'implicit-deny' | 'explicit-deny';

/** The element of a statement that made it not apply. */
export type FailedElement = 'principal' | 'action' | 'resource' | 'condition';

/** Why one statement did or did not apply. */
export interface StatementEvaluation {
  /** Position in the document's `Statement` list. */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** True when every element matched, so the statement applies to the request. */
  matched: boolean;
  /** For an unmatched statement, the first element that failed. */
  failed?: {
    element: FailedElement;
    /** Human-readable reason: "Resource names account 222222222222, the resource is in 111111111111". */
    detail: string;
    /** For a resource mismatch, which part differed. */
    resourcePart?: 'account' | 'region' | 'pattern';
    /** For a failed condition: operator and key. */
    operator?: string;
    conditionKey?: string;
    /** True when the condition failed because the key is absent from the request context. */
    keyMissing?: boolean;
    /**
     * For a resource failure, the `Resource` entry closest to the ARN (the one that differs in
     * `resourcePart` only, when there is one), as written in the policy.
     */
    resourcePattern?: string;
    /**
     * True when a resource policy statement names a wildcard `Resource`: AgentCore rejects such a
     * document at PutResourcePolicy, so the statement never applies.
     */
    wildcardResource?: boolean;
  };
}

/** The kinds of policy AWS evaluates. */
export type PolicyKind =
  | 'identity'
  | 'resource'
  | 'scp'
  | 'rcp'
  | 'session'
  | 'permissions-boundary'
  | 'vpc-endpoint';

/** How one policy document judged the request for one ARN. */
export interface PolicyEvaluation {
  kind: PolicyKind;
  /** Index in `policies.identity`, or the level in `policies.scp` / `policies.rcp` (0: the root). */
  index?: number;
  /** For an SCP or RCP level given as a list: the position of this document in it. */
  position?: number;
  /** The ARN a resource policy is attached to. */
  attachedTo?: string;
  /** `allow`: an Allow matched and no Deny; `deny`: a Deny matched; `no-match`: nothing applied. */
  result: 'allow' | 'deny' | 'no-match';
  statements: StatementEvaluation[];
}

/**
 * The evaluation of the request against one ARN and action (a runtime action has two: runtime
 * and endpoint; InvokeHarness four: InvokeHarness and InvokeAgentRuntime on the harness and its
 * endpoint).
 */
export interface ArnEvaluation {
  /** The action authorized: the request's, or the one AWS requires with it (InvokeAgentRuntime for InvokeHarness). */
  action: string;
  /** The ARN authorized, or `*` for an action that takes no resource (ListAgentRuntimes…). */
  resourceArn: string;
  resourceType: AgentCoreResourceType | '*';
  decision: Decision;
  /** True when the caller's account differs from the resource owner's. */
  crossAccount: boolean;
  /** Did the caller's identity side (identity, SCP, boundary, session) allow? */
  identityAllows: boolean;
  /** Did a resource policy on this ARN allow? `false` too when none is attached. */
  resourceAllows: boolean;
  /** True when no resource policy is attached to this ARN. */
  resourcePolicyMissing: boolean;
  policies: PolicyEvaluation[];
}

/** One likely or proven reason for a denial, ranked most likely first. */
export interface Cause {
  code: CauseCode;
  /** What is wrong, naming the ARN, policy and statement. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** The ARN whose evaluation shows the cause. */
  resourceArn?: string;
  /** The policy at fault. */
  policyKind?: PolicyKind;
  /** Its index in `policies.identity`, or the level in `policies.scp` / `policies.rcp`. */
  policyIndex?: number;
  /** Statement index in that policy. */
  statementIndex?: number;
}

/** The full answer of `explainAccess`. */
export interface Explanation {
  decision: Decision;
  /** The request as evaluated: qualified action and the complete request context. */
  request: {
    principalArn: string;
    action: string;
    resourceArn: string;
    context: Readonly<Record<string, ContextValue>>;
  };
  /**
   * One entry per ARN and action authorized (runtime and endpoint for a runtime action; for
   * InvokeHarness, InvokeHarness then InvokeAgentRuntime, each on the harness and its endpoint).
   */
  evaluations: ArnEvaluation[];
  /** Empty when allowed; otherwise ranked causes, the proven one first. */
  causes: Cause[];
}
