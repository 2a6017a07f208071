/**
 * IAM policy document types. Documents are plain JSON-compatible objects, never strings.
 * @module
 */

/** One value or a list of them, as IAM allows for most elements. */
export type OneOrMany<T> = T | readonly T[];

/** The `Principal` / `NotPrincipal` element. */
export type PrincipalElement =
  | '*'
  | {
      AWS?: OneOrMany<string>;
      Service?: OneOrMany<string>;
      Federated?: OneOrMany<string>;
      CanonicalUser?: OneOrMany<string>;
    };

/** A condition value as it appears in JSON. */
export type ConditionValue = string | number | boolean;

/** `{ "StringEquals": { "aws:PrincipalAccount": "222222222222" } }` */
export type ConditionElement = Record<string, Record<string, OneOrMany<ConditionValue>>>;

/** One statement of a policy document. */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PrincipalElement;
  NotPrincipal?: PrincipalElement;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: ConditionElement;
}

/** An IAM policy document. */
export interface PolicyDocument {
  Version?: '2012-10-17' | '2008-10-17';
  Id?: string;
  Statement: Statement | readonly Statement[];
}

/** A resource-based policy and the ARN it is attached to. */
export interface ResourcePolicy {
  /** The exact ARN the document is attached to (and that its `Resource` names). */
  resourceArn: string;
  document: PolicyDocument;
}

/** Stable cause and finding codes shared by lint, explain and diagnosis. */
export type CauseCode =
  | 'endpoint-policy-missing'
  | 'runtime-policy-missing'
  | 'memory-policy-missing'
  | 'gateway-policy-missing'
  | 'harness-policy-missing'
  | 'harness-endpoint-policy-missing'
  | 'harness-missing-invoke-runtime'
  | 'resource-wildcard'
  | 'resource-mismatch'
  | 'source-account-condition'
  | 'identity-wrong-account'
  | 'identity-missing-endpoint'
  | 'identity-missing-action'
  | 'principal-not-allowed'
  | 'action-not-allowed'
  | 'explicit-deny'
  | 'region-mismatch'
  | 'memory-id-not-arn'
  | 'assume-role-denied'
  | 'execution-role-denied'
  | 'broad-principal'
  | 'mixed-read-write'
  | 'scp-not-allowed'
  | 'rcp-denied'
  | 'permissions-boundary-not-allowed'
  | 'session-policy-not-allowed'
  | 'vpc-endpoint-policy-not-allowed';

/** Codes only the linter emits (document hygiene rather than access causes). */
export type LintOnlyCode =
  | 'unknown-action'
  | 'action-not-applicable'
  | 'condition-key-not-applicable'
  | 'duplicate-sid'
  | 'policy-too-large'
  | 'policy-near-limit'
  | 'missing-version'
  | 'invalid-policy'
  | 'unknown-condition-operator'
  | 'wildcard-principal';

/** Every code a {@link Finding} can carry. */
export type FindingCode = CauseCode | LintOnlyCode;

/** How serious a finding is. `error`: AWS rejects it or it denies; `warning`: works but risky. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem the linter found. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** What is wrong, in one or two sentences. */
  message: string;
  /** JSON pointer into the document (`/Statement/0/Resource`); `''` for the whole document. */
  path: string;
  /** How to fix it. */
  fix?: string;
  /** The ARN of the policy the finding is about, for set-level checks. */
  policyArn?: string;
}
