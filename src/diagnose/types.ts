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
import type { CauseCode } from '../policy/types.js';
import type { AccessDeniedPolicyType, DenialType } from './message.js';

/**
 * How sure the diagnosis is of a cause: `proven` by evaluating the given policies, `likely` from
 * facts it knows (the error type, the regions, the accounts), `possible` from the known traps.
 *
 * @example
 * ```ts
 * const sure = diagnosis.causes.filter((c) => c.confidence === 'proven');
 * ```
 */
export type CauseConfidence = 'proven' | 'likely' | 'possible';

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
  /** Why this cause is suspected or proven, naming the ARN, policy and statement when known. */
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
   * policies given are not the ones AWS applied (one was never attached, say): the causes are then
   * the traps to check, unproven.
   */
  evaluatedDecision?: Decision;
  /** Ranked causes, most likely first; each with evidence and a fix. */
  causes: DiagnosisCause[];
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
  /** The policies known to apply (the shape `explainAccess` takes). */
  policies?: AccessPolicies;
  /** Extra request context keys for the evaluation (`bedrock-agentcore:actorId`…). */
  requestContext?: Record<string, ContextValue>;
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
