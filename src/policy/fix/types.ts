/**
 * Types of the fix planner: what `planAccessFix` takes and returns.
 * @module
 */
import type { AccessPolicies, Explanation, PolicyKind } from '../evaluate/types.js';
import type { CauseCode, PolicyDocument, Statement } from '../types.js';

/**
 * The CloudFormation resource that sets a changed document: the resource policy of a runtime,
 * endpoint or memory (`AWS::BedrockAgentCore::ResourcePolicy`, `Policy` a JSON string), or an
 * inline policy of the caller's role or user (`AWS::IAM::RolePolicy` / `AWS::IAM::UserPolicy`).
 *
 * @example
 * ```ts
 * const resource: AccessFixCloudFormation = {
 *   Type: 'AWS::BedrockAgentCore::ResourcePolicy',
 *   Properties: { ResourceArn: endpointArn, Policy: JSON.stringify(document) },
 * };
 * ```
 */
export type AccessFixCloudFormation =
  | {
      Type: 'AWS::BedrockAgentCore::ResourcePolicy';
      Properties: { ResourceArn: string; Policy: string };
    }
  | {
      Type: 'AWS::IAM::RolePolicy';
      Properties: { RoleName: string; PolicyName: string; PolicyDocument: PolicyDocument };
    }
  | {
      Type: 'AWS::IAM::UserPolicy';
      Properties: { UserName: string; PolicyName: string; PolicyDocument: PolicyDocument };
    };

/**
 * One document the plan changes: where it lives, before and after, the cause it fixes, and how to
 * apply it (the AWS CLI command and the CloudFormation resource).
 *
 * @example
 * ```ts
 * for (const change of plan.changes) console.log(`${change.account} ${change.code}: ${change.awsCli}`);
 * ```
 */
export interface AccessFixChange {
  /** The account whose policy changes: the owner's for a resource policy, the caller's for an identity policy. */
  account: string;
  policyKind: 'resource' | 'identity';
  /**
   * Where the document is attached: the runtime, endpoint or memory ARN (resource policy), or
   * the caller's role or user ARN (identity policy; its role for a session).
   */
  attachTo: string;
  /** An identity policy's inline policy name (the name given, or `agentcore-xacct-caller` for a new one). */
  policyName?: string;
  /** An identity policy's index in `policies.identity` (one past the end for a new document). */
  identityIndex?: number;
  /** The document before the change; `undefined` when none was attached. */
  before: PolicyDocument | undefined;
  after: PolicyDocument;
  /** The cause the change fixes (the first, when it fixes several). */
  code: CauseCode;
  /** Every cause the change fixes, in the order they were fixed. */
  codes: CauseCode[];
  /** What changed, in words. */
  summary: string;
  /** The AWS CLI command that sets `after` (run with credentials of `account`). */
  awsCli: string;
  cloudFormation: AccessFixCloudFormation;
}

/**
 * Why no change to the given documents can allow the request: a Deny (which the planner never
 * weakens), a guardrail it does not own (SCP, RCP, permissions boundary, session policy, VPC
 * endpoint policy), or the request itself (another region).
 *
 * @example
 * ```ts
 * if (plan.blocked) console.error(plan.blocked.code, plan.blocked.reason, plan.blocked.statement);
 * ```
 */
export interface AccessFixBlock {
  code: CauseCode;
  /** Why, and who can lift it. */
  reason: string;
  /** The ARN whose authorization it blocks. */
  resourceArn?: string;
  /** The policy that blocks. */
  policyKind?: PolicyKind;
  /** Its index in `policies.identity`, or its level in `policies.scp` / `policies.rcp`. */
  policyIndex?: number;
  /** The blocking statement's index, and the statement itself, when one blocks. */
  statementIndex?: number;
  statement?: Statement;
}

/**
 * What `planAccessFix` answers: the fixed policies (in `explainAccess`'s shape), their
 * explanation, the changes that lead there, and `blocked` when no change to the given documents
 * can allow the request (then there is no change: `policies` are the given ones, `explanation`
 * theirs).
 *
 * @example
 * ```ts
 * const plan: AccessFixPlan = planAccessFix(request, policies);
 * if (plan.explanation.decision === 'allow') for (const c of plan.changes) console.log(c.awsCli);
 * ```
 */
export interface AccessFixPlan {
  policies: AccessPolicies;
  /** `explainAccess(request, policies)`: `allow` unless blocked. */
  explanation: Explanation;
  changes: AccessFixChange[];
  blocked?: AccessFixBlock;
}

/**
 * Options of `planAccessFix`.
 *
 * @example
 * ```ts
 * const options: PlanAccessFixOptions = { identityPolicyNames: ['agentcore-invoke'] };
 * ```
 */
export interface PlanAccessFixOptions {
  /**
   * The inline policy name of each document of `policies.identity`, by index, so a change to one
   * is put under its own name (`aws iam put-role-policy --policy-name …`). A document without a
   * name is put as `agentcore-xacct-caller` (for index 0) or `agentcore-xacct-caller-N`.
   */
  identityPolicyNames?: readonly (string | undefined)[];
}
