/**
 * Types of the AccessDenied diagnosis: what the caller may tell it, and what it answers.
 * @module
 */
import type {
  AccessPolicies,
  AccessRequest,
  ContextValue,
  Decision,
  Explanation,
} from '../policy/evaluate/types.js';
import type { AccessFixPlan, PlanAccessFixOptions } from '../policy/fix/types.js';
import type { LintAccessSetupInput } from '../policy/lint/types.js';
import type { CauseCode, Finding } from '../policy/types.js';
import type { AccessDeniedPolicyType, DenialType } from './message.js';

/**
 * How sure the diagnosis is of a cause: `proven` by evaluating the given policies; `likely` from
 * what AWS's message says (the ARN it names, the policy type, implicit or explicit), a lint error
 * of the given policies, or another fact (the error type, the regions, a bare memory id);
 * `possible` from the known traps of this kind of call; `ruled-out` by the evidence (the given
 * or live-read policies allow that part, or AWS's message excludes it). Causes come in that
 * order: a `ruled-out` cause is never before another.
 *
 * @example
 * ```ts
 * const sure = diagnosis.causes.filter((c) => c.confidence === 'proven');
 * ```
 */
export type CauseConfidence = 'proven' | 'likely' | 'possible' | 'ruled-out';

/**
 * Whose permission failed: the `caller` (the usual case), the runtime's `execution-role`
 * (a RuntimeClientError, HTTP 424: the agent itself was denied something), or the
 * `assume-role` step that gets the caller its credentials.
 *
 * @example
 * ```ts
 * if (diagnosis.deniedParty === 'execution-role') console.log('ask the owner of the runtime');
 * ```
 */
export type DeniedParty = 'caller' | 'execution-role' | 'assume-role';

/**
 * One ranked cause of a denial.
 *
 * @example
 * ```ts
 * const [first] = diagnosis.causes;
 * console.log(`${first.code}: ${first.evidence} Fix: ${first.fix}`);
 * ```
 */
export interface DiagnosisCause {
  /** The stable cause code (DESIGN.md codes table). */
  code: CauseCode;
  confidence: CauseConfidence;
  /** Why this cause is proven, suspected or ruled out, naming the ARN, policy and statement when known. */
  evidence: string;
  /** How to fix it. */
  fix: string;
  /** The ARN whose policy is at fault, when known. */
  resourceArn?: string;
}

/**
 * One thing to verify, in the order to verify it.
 *
 * @example
 * ```ts
 * for (const item of diagnosis.checklist) console.log(`[${item.code}] ${item.check}`);
 * ```
 */
export interface ChecklistItem {
  code: CauseCode;
  /** What to look at. */
  check: string;
}

/**
 * What `diagnoseAccessDenied` concludes about one AccessDenied.
 *
 * @example
 * ```ts
 * const diagnosis: Diagnosis = diagnoseAccessDenied(error, { accessMode: 'resource-policy' });
 * console.log(diagnosis.causes[0]?.code, diagnosis.checklist.map((i) => i.code));
 * ```
 */
export interface Diagnosis {
  /** The denied action, e.g. `bedrock-agentcore:InvokeAgentRuntime`. */
  action: string | undefined;
  /** The resource the denial is about (the message's, else the call's target). */
  resourceArn: string | undefined;
  /** The denied principal, as the message names it (else as the context gives it). */
  principalArn: string | undefined;
  /** The denied principal's account (Account B in a cross-account call). */
  callerAccount: string | undefined;
  /** The resource owner's account (Account A). */
  ownerAccount: string | undefined;
  /** True when the two accounts differ; `undefined` when either is unknown. */
  crossAccount: boolean | undefined;
  /** The one policy type AWS's message blames (AWS names one even when several deny). */
  policyType: AccessDeniedPolicyType | undefined;
  /** Implicit (nothing allowed) or explicit (a Deny matched), when the message says. */
  denialType: DenialType | undefined;
  /** Whose permission failed. */
  deniedParty: DeniedParty;
  /** True when the first cause was proven by evaluating `context.policies`. */
  proven: boolean;
  /**
   * What `explainAccess` decided from `context.policies`, when they were given. `allow` means the
   * policies given are not the ones AWS applied (see `contradiction`).
   */
  evaluatedDecision?: Decision;
  /**
   * True when the given policies allow the request, yet AWS denied it: the policies in force
   * differ from these (one not attached, or changed), a policy type not given denies (an SCP, an
   * RCP, a permissions boundary, a session or VPC endpoint policy), or the call differs (another
   * region, qualifier or user id). `summary` and the error message say so.
   */
  contradiction: boolean;
  /** What is known, in one or two sentences: the proof, AWS's evidence, or the contradiction. */
  summary: string;
  /**
   * Ranked causes, each with its confidence, evidence and fix: proven, then likely, then
   * possible, then ruled out.
   */
  causes: DiagnosisCause[];
  /**
   * The smallest change that makes the given policies allow the request (`planAccessFix`), when
   * the caller's identity and the resource policies were given with an engine that plans fixes.
   */
  fix?: AccessFixPlan;
  /** Every trap worth checking for this kind of call, most likely first. */
  checklist: ChecklistItem[];
}

/**
 * What the diagnosis may know beyond the error: the client's access mode and target, and the
 * policies themselves (fetched or supplied), which let it prove the cause instead of ranking guesses.
 *
 * @example
 * ```ts
 * const context: DiagnosisContext = {
 *   accessMode: 'resource-policy',
 *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   qualifier: 'DEFAULT',
 *   policies: { identity: [callerPolicy], resource: { [runtimeArn]: runtimePolicy, [endpointArn]: endpointPolicy } },
 * };
 * ```
 */
export interface DiagnosisContext {
  /** The operation that was denied, e.g. `InvokeAgentRuntime` (when the message does not say). */
  operation?: string;
  /** How the caller got its credentials. */
  accessMode?: 'resource-policy' | 'assume-role' | 'profile';
  /** The role assumed in Account A (assume-role mode). */
  roleArn?: string;
  /** True when the client sends an ExternalId with AssumeRole. */
  externalIdSent?: boolean;
  /** The caller, when the message does not name it. */
  principalArn?: string;
  /** The runtime (or runtime-endpoint) ARN invoked. */
  runtimeArn?: string;
  /** The endpoint invoked; default `DEFAULT`. */
  qualifier?: string;
  /** The memory ARN (or the id as given) the call named. */
  memoryArn?: string;
  /** True when the call sent a runtime user id (needs InvokeAgentRuntimeForUser too). */
  userIdSent?: boolean;
  /** The region the client called. */
  region?: string;
  /**
   * The policies known to apply, in the shape `explainAccess` takes; `identity` may be left out
   * when the caller's identity policies are not known (the resource side is then proven or ruled
   * out alone, the identity side is not judged).
   */
  policies?: DiagnosisPolicies;
  /** Where `policies` come from: `given` by the caller (default), or `read-live` (doctor read them just now). */
  policySource?: 'given' | 'read-live';
  /** The inline policy names of `policies.identity`, by index, for the fix plan's commands. */
  identityPolicyNames?: readonly (string | undefined)[];
  /** Extra request context keys for the evaluation (`bedrock-agentcore:actorId`…). */
  requestContext?: Record<string, ContextValue>;
}

/**
 * The policies a diagnosis may know: `explainAccess`'s, with the caller's identity policies
 * optional (unknown when left out; `[]` means none attached).
 *
 * @example
 * ```ts
 * const readFromAccountA: DiagnosisPolicies = { resource: { [runtimeArn]: runtimePolicy, [endpointArn]: endpointPolicy } };
 * ```
 */
export type DiagnosisPolicies = Omit<AccessPolicies, 'identity'> & { identity?: AccessPolicies['identity'] };

/**
 * What a diagnosis proves causes with: the evaluator, and optionally the linter (lint errors of the
 * given policies become likely causes) and the fix planner (`diagnosis.fix`). `DIAGNOSIS_ENGINE`
 * (from `agentcore-xacct/policy`) has all three; a client is given it only where a diagnosis should
 * prove its causes, so that a client that only ranks them does not carry the evaluator.
 *
 * @example
 * ```ts
 * import { DIAGNOSIS_ENGINE } from 'agentcore-xacct/policy';
 * const engine: DiagnosisEngine = DIAGNOSIS_ENGINE;
 * ```
 */
export interface DiagnosisEngine {
  /** The evaluator (`explainAccess`): proves the cause from the policies. */
  explain: AccessExplainer;
  /** The linter (`lintAccessSetup`): the policies' lint errors become likely causes. */
  lint?: (input: LintAccessSetupInput) => Finding[];
  /** The fix planner (`planAccessFix`): gives `diagnosis.fix`. */
  planFix?: (
    request: AccessRequest,
    policies: AccessPolicies,
    options?: PlanAccessFixOptions,
  ) => AccessFixPlan;
}

/**
 * The IAM evaluator a diagnosis proves causes with: `explainAccess`.
 *
 * @example
 * ```ts
 * import { explainAccess } from 'agentcore-xacct';
 * const explain: AccessExplainer = explainAccess;
 * ```
 */
export type AccessExplainer = (request: AccessRequest, policies: AccessPolicies) => Explanation;
