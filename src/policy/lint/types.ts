/**
 * Options of the policy linter, and the internal shapes its rules share.
 * @module
 */
import type { StatementModel } from '../statement/types.js';
import type { Finding, FindingCode, PolicyDocument } from '../types.js';

/** What a document is: where it is attached decides which rules apply. */
export type LintPolicyKind = 'resource' | 'identity' | 'trust';

/** Options of {@link lintPolicy}. */
export interface LintPolicyOptions {
  /**
   * `resource`: a resource-based policy on a runtime, endpoint or memory (Account A);
   * `identity`: a policy attached to the caller's role or user; `trust`: a role trust policy.
   */
  kind: LintPolicyKind;
  /** For a resource policy: the exact ARN it is (to be) attached to; its `Resource` must name it. */
  attachedTo?: string;
  /**
   * For an identity policy: the 12-digit account that owns the runtimes and memories it grants
   * (Account A); AgentCore resources it names in any other account are reported.
   */
  ownerAccountId?: string;
}

/** A runtime to reach: its runtime ARN and the endpoints (qualifiers) the caller invokes. */
export interface RuntimeLintTarget {
  /** The runtime ARN (an endpoint ARN is accepted too: its endpoint is added to `qualifiers`). */
  runtimeArn: string;
  /** Endpoint names the caller invokes; default `['DEFAULT']`. */
  qualifiers?: readonly string[];
}

/** A memory to reach. */
export interface MemoryLintTarget {
  /** The full memory ARN (a bare memory id is reported as `memory-id-not-arn`). */
  memoryArn: string;
}

/** A gateway to reach (one ARN: a gateway has no endpoint). */
export interface GatewayLintTarget {
  /** The gateway ARN. */
  gatewayArn: string;
}

/** A harness to reach: its ARN and the endpoints (qualifiers) the caller invokes. */
export interface HarnessLintTarget {
  /** The harness ARN (a harness endpoint ARN is accepted too: its endpoint is added to `qualifiers`). */
  harnessArn: string;
  /** Endpoint names the caller invokes; default `['DEFAULT']`. */
  qualifiers?: readonly string[];
}

/** One resource a cross-account setup must reach. */
export type LintTarget = RuntimeLintTarget | MemoryLintTarget | GatewayLintTarget | HarnessLintTarget;

/** Input of {@link lintAccessSetup}: the resources, and every policy known to apply. */
export interface LintAccessSetupInput {
  /** The runtimes, memories, gateways and harnesses the caller must reach. */
  targets: readonly LintTarget[];
  /** Resource policies by the ARN they are attached to; `undefined` or absent: none attached. */
  resourcePolicies: Readonly<Record<string, PolicyDocument | undefined>>;
  /** The caller's identity policies; when omitted, the caller's side is not checked. */
  identityPolicies?: readonly PolicyDocument[];
  /**
   * The calling principal (role, user or assumed-role session ARN); when given, each resource
   * policy is checked to name it and to allow it the invoke or memory actions.
   */
  callerArn?: string;
}

export type {
  ConditionView,
  Entry,
  ListElement,
  PrincipalEntry,
  PrincipalView,
} from '../statement/types.js';

/** A statement as the rules see it: the shared statement model and where findings go. @internal */
export interface StatementView extends StatementModel {
  /** The `policyArn` of findings about this statement, when linted as part of a set. */
  readonly origin: string | undefined;
}

/** What a rule sees. @internal */
export interface LintContext {
  readonly kind: LintPolicyKind;
  /** The document as plain JSON data (for a set-wide check: an empty document). */
  readonly document: Readonly<Record<string, unknown>>;
  readonly statements: readonly StatementView[];
  readonly attachedTo: string | undefined;
  /** Accounts that own the AgentCore resources an identity policy may name. */
  readonly owners: readonly string[];
  /** Characters the document takes as sent: a string as given, an object as compact JSON. */
  readonly size: number;
}

/** One lint rule: a file under `rules/`. @internal */
export interface LintRule {
  readonly name: string;
  readonly codes: readonly FindingCode[];
  readonly kinds: readonly LintPolicyKind[];
  /**
   * True when the verdict depends on every statement the caller holds (an endpoint granted in
   * another policy counts): {@link lintAccessSetup} runs it once over all identity policies.
   */
  readonly acrossPolicies?: boolean;
  check(context: LintContext): Finding[];
}
