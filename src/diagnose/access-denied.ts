/**
 * Turns the AWS SDK's AccessDenied errors (data plane `AccessDeniedException`, STS
 * `AccessDenied`, and a `RuntimeClientError` that carries the execution role's denial) into
 * {@link AgentCoreAccessDeniedError}, with the parsed message, the diagnosis, and the SDK error
 * kept as `cause`.
 *
 * @module
 */

import { redact } from '../credentials/redact.js';
import type { AccessMode } from '../credentials/types.js';
import {
  type AccessDeniedErrorDetails,
  AgentCoreAccessDeniedError,
  type ErrorResponseMetadata,
  isAgentCoreAccessDeniedError,
  markAccessDenied,
  shown,
  ValidationError,
} from '../errors.js';
import { isRecord } from '../input.js';
import type { ContextValue } from '../policy/evaluate/types.js';
import { diagnoseWith } from './diagnosis.js';
import { parseAccessDeniedMessage } from './message.js';
import { diagnosisMessage, redactDiagnosis } from './summary.js';
import type {
  AccessExplainer,
  Diagnosis,
  DiagnosisContext,
  DiagnosisEngine,
  DiagnosisPolicies,
} from './types.js';

const ACCESS_DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied']);

/** True for an AWS SDK AccessDenied error of any service. @internal */
export function isSdkAccessDenied(error: unknown): error is Error {
  return error instanceof Error && ACCESS_DENIED_NAMES.has(error.name);
}

/**
 * True for a `RuntimeClientError` (HTTP 424) whose message is an IAM denial: the runtime's
 * execution role was denied something while running the agent. ASSUMPTION (FACTS.md says a 424
 * "can carry an AccessDenied" without quoting it): the IAM text appears in the message, or the
 * message names AccessDenied.
 * @internal
 */
export function isExecutionRoleDenial(error: unknown): error is Error {
  if (!(error instanceof Error) || error.name !== 'RuntimeClientError') return false;
  return parseAccessDeniedMessage(error.message) !== undefined || /AccessDenied/.test(error.message);
}

/**
 * How a client diagnoses the AccessDenied errors it throws. Without options the causes rest on
 * what AWS's message says (the ARN it names, the policy type) and the known traps of that kind of
 * call. Give the policies (or a function that fetches them) with the engine, `DIAGNOSIS_ENGINE`,
 * to have the cause proven, the policies linted and a fix planned (`diagnosis.fix`); with
 * `explain: explainAccess` alone the cause is proven, without lint or fix.
 *
 * The engine is an option rather than built in so that a client that only ranks causes (a Lambda
 * function, typically) does not carry the evaluator in its bundle.
 *
 * @example
 * ```ts
 * import { DIAGNOSIS_ENGINE } from 'agentcore-xacct/policy';
 * const diagnose: DiagnoseOptions = {
 *   policies: async () => ({ identity: [await loadCallerPolicy()], resource: await loadAttachedPolicies() }),
 *   engine: DIAGNOSIS_ENGINE,
 * };
 * ```
 */
export interface DiagnoseOptions {
  /**
   * The policies known to apply (`identity` may be left out when unknown), or a function returning
   * them (called on a denial only; errors are ignored). Needs `engine` or `explain`.
   */
  policies?:
    | DiagnosisPolicies
    | (() => DiagnosisPolicies | undefined | Promise<DiagnosisPolicies | undefined>);
  /** The evaluator, linter and fix planner: pass `DIAGNOSIS_ENGINE`. */
  engine?: DiagnosisEngine;
  /** The evaluator alone (`explainAccess`): proves the cause, without lint or fix plan. */
  explain?: AccessExplainer;
  /** Extra request context keys for the evaluation (`bedrock-agentcore:actorId`…). */
  requestContext?: Record<string, ContextValue>;
  /** The inline names of `policies.identity`, by index, for the fix plan's commands. */
  identityPolicyNames?: readonly (string | undefined)[];
  /** Where `policies` come from: `given` (default), or `read-live` (read just now, as doctor does). */
  policySource?: 'given' | 'read-live';
}

/** The engine the options give: `engine`, else one made of `explain`. @internal */
export function engineOf(options: DiagnoseOptions | undefined): DiagnosisEngine | undefined {
  if (options?.engine !== undefined) return options.engine;
  return options?.explain === undefined ? undefined : { explain: options.explain };
}

/**
 * Refuses diagnosis options that could not work: policies without the evaluator that reads them.
 * @param field - Where the options were given, for the error (`diagnose`, `options`).
 * @internal
 */
export function validateDiagnoseOptions(options: DiagnoseOptions | undefined, field: string): void {
  if (options === undefined) return;
  if (!isRecord(options)) {
    throw new ValidationError(
      field,
      `${field} must be an object, not ${shown(options)}`,
      'Pass { policies?, engine?, explain?, requestContext?, identityPolicyNames? }.',
    );
  }
  if (options.explain !== undefined && typeof options.explain !== 'function') {
    throw new ValidationError(
      `${field}.explain`,
      `${field}.explain must be a function, not ${shown(options.explain)}`,
      'Pass explain: explainAccess.',
    );
  }
  const engine = options.engine as unknown;
  if (
    engine !== undefined &&
    (!isRecord(engine) ||
      typeof engine['explain'] !== 'function' ||
      (engine['lint'] !== undefined && typeof engine['lint'] !== 'function') ||
      (engine['planFix'] !== undefined && typeof engine['planFix'] !== 'function'))
  ) {
    throw new ValidationError(
      `${field}.engine`,
      `${field}.engine must be { explain, lint?, planFix? } functions, not ${shown(engine)}`,
      "Pass engine: DIAGNOSIS_ENGINE (import { DIAGNOSIS_ENGINE } from 'agentcore-xacct/policy').",
    );
  }
  if (
    options.policySource !== undefined &&
    options.policySource !== 'given' &&
    options.policySource !== 'read-live'
  ) {
    throw new ValidationError(
      `${field}.policySource`,
      `${field}.policySource must be 'given' or 'read-live', not ${shown(options.policySource)}`,
      "Pass 'given' (the default) or 'read-live'.",
    );
  }
  const names = options.identityPolicyNames as unknown;
  if (
    names !== undefined &&
    (!Array.isArray(names) || names.some((n) => n !== undefined && typeof n !== 'string'))
  ) {
    throw new ValidationError(
      `${field}.identityPolicyNames`,
      `${field}.identityPolicyNames must be a list of policy names, not ${shown(names)}`,
      "Pass ['agentcore-invoke'], one name per identity policy.",
    );
  }
  const policies = options.policies;
  if (policies !== undefined && typeof policies !== 'function' && !isRecord(policies)) {
    throw new ValidationError(
      `${field}.policies`,
      `${field}.policies must be the policies or a function returning them, not ${shown(policies)}`,
      'Pass { identity, resource } or () => fetchPolicies().',
    );
  }
  if (options.requestContext !== undefined && !isRecord(options.requestContext)) {
    throw new ValidationError(
      `${field}.requestContext`,
      `${field}.requestContext must be an object, not ${shown(options.requestContext)}`,
      'Pass { "bedrock-agentcore:actorId": "…" }.',
    );
  }
  if (
    options.policies !== undefined &&
    typeof options.explain !== 'function' &&
    options.engine === undefined
  ) {
    throw new ValidationError(
      `${field}.engine`,
      `${field}.policies is given without ${field}.engine, the evaluator that proves the cause from them`,
      `Add engine: DIAGNOSIS_ENGINE (import { DIAGNOSIS_ENGINE } from 'agentcore-xacct/policy'), or drop ${field}.policies to have the causes ranked only.`,
    );
  }
}

/** What the client knows about the call that was denied. @internal */
export interface DeniedCall {
  /** The operation, e.g. `InvokeAgentRuntime`. */
  operation: string;
  /** The target the client sent, when there is one. */
  resourceArn?: string;
  /** The endpoint invoked. */
  qualifier?: string;
  /** True when the call sent a runtime user id. */
  userIdSent?: boolean;
  /** The region called. */
  region?: string;
  /** The client's access mode (only the mode, role ARN and whether an ExternalId is set are read). */
  access?: AccessMode;
  /** The client's diagnosis options. */
  diagnose?: DiagnoseOptions;
}

/**
 * The {@link AgentCoreAccessDeniedError} for an SDK AccessDenied error (or a RuntimeClientError
 * carrying one), with its diagnosis and the SDK error as `cause`; any other error unchanged.
 * @internal
 */
export async function translateError(error: unknown, call: DeniedCall): Promise<unknown> {
  if (!isSdkAccessDenied(error) && !isExecutionRoleDenial(error)) return error;
  if (isAgentCoreAccessDeniedError(error)) {
    // Diagnosed in place already, by the plugin on a client the caller passed in: wrapped as it is
    // (its message is no longer AWS's, so it is not diagnosed twice).
    const { principalArn, action, resourceArn, policyType, denialType, $metadata } = error;
    const details: AccessDeniedErrorDetails = {};
    Object.assign(details, { principalArn, action, resourceArn, policyType, denialType, $metadata });
    const translated = new AgentCoreAccessDeniedError(error.message, details, { cause: error });
    if (error.diagnosis !== undefined) translated.diagnosis = error.diagnosis;
    return translated;
  }
  const { message, details, diagnosis } = await describeDenial(error, call);
  const translated = new AgentCoreAccessDeniedError(message, details, { cause: error });
  translated.diagnosis = diagnosis;
  return translated;
}

/**
 * The SDK AccessDenied error itself (or a RuntimeClientError carrying one), diagnosed in place:
 * its class, `name`, `$fault`, `$metadata` and `$response` stay; the diagnosed message, the parsed
 * fields and `diagnosis` are added, so both `instanceof AccessDeniedException` and
 * `isAgentCoreAccessDeniedError` hold. Any other error unchanged. What the SDK plugin throws.
 * @internal
 */
export async function diagnoseInPlace(error: unknown, call: DeniedCall): Promise<unknown> {
  if (!isSdkAccessDenied(error) && !isExecutionRoleDenial(error)) return error;
  const { message, details, diagnosis } = await describeDenial(error, call);
  // Read before the message changes (V8 formats the stack on first read), so that its first line,
  // which Node prints for an uncaught error, can carry the diagnosis too.
  const awsText = error.message;
  const stack = error.stack;
  const { $metadata: _kept, ...parsed } = details;
  markAccessDenied(error, message, { ...parsed, diagnosis });
  if (typeof stack === 'string') error.stack = stack.replace(awsText, message);
  return error;
}

/** The diagnosed message, the parsed fields and the diagnosis of an SDK denial. */
async function describeDenial(
  error: Error,
  call: DeniedCall,
): Promise<{ message: string; details: AccessDeniedErrorDetails; diagnosis: Diagnosis }> {
  // The SDK error stays the cause (its name, $metadata and $response), but `util.inspect` and
  // loggers print its message and stack: AWS never echoes a credential, a hostile or buggy
  // endpoint might, so redact them before anything is parsed from them.
  const clean = redact(error.message);
  if (clean !== error.message) {
    error.message = clean;
    if (typeof error.stack === 'string') error.stack = redact(error.stack);
  }
  const parsed = parseAccessDeniedMessage(error.message);
  const details: AccessDeniedErrorDetails = {};
  if (parsed !== undefined) {
    details.principalArn = parsed.principalArn;
    details.action = parsed.action;
    if (parsed.resourceArn !== undefined) details.resourceArn = parsed.resourceArn;
    if (parsed.policyType !== undefined) details.policyType = parsed.policyType;
    if (parsed.denialType !== undefined) details.denialType = parsed.denialType;
  }
  if (details.resourceArn === undefined && call.resourceArn !== undefined)
    details.resourceArn = call.resourceArn;
  const metadata = (error as { $metadata?: unknown }).$metadata;
  if (typeof metadata === 'object' && metadata !== null)
    details.$metadata = { ...(metadata as ErrorResponseMetadata) };

  const diagnosis = diagnoseWith(error, await contextOf(call), engineOf(call.diagnose));
  const message = diagnosisMessage(diagnosis, error.message, call.operation);
  return { message, details, diagnosis: redactDiagnosis(diagnosis) };
}

async function contextOf(call: DeniedCall): Promise<DiagnosisContext> {
  const context: DiagnosisContext = { operation: call.operation };
  const target = call.resourceArn;
  if (target !== undefined) {
    if (target.includes(':memory/') || !target.startsWith('arn:')) context.memoryArn = target;
    else if (target.includes(':runtime/')) context.runtimeArn = target;
  }
  if (call.qualifier !== undefined) context.qualifier = call.qualifier;
  if (call.userIdSent !== undefined) context.userIdSent = call.userIdSent;
  if (call.region !== undefined) context.region = call.region;
  const access = call.access;
  if (access !== undefined) {
    context.accessMode = access.mode;
    if (access.mode === 'assume-role') {
      context.roleArn = access.roleArn;
      context.externalIdSent = access.externalId !== undefined;
    }
  }
  const options = call.diagnose;
  if (options === undefined) return context;
  if (options.requestContext !== undefined) context.requestContext = options.requestContext;
  if (options.identityPolicyNames !== undefined) context.identityPolicyNames = options.identityPolicyNames;
  if (options.policySource !== undefined) context.policySource = options.policySource;
  try {
    const policies = typeof options.policies === 'function' ? await options.policies() : options.policies;
    if (policies !== undefined) context.policies = policies;
  } catch {
    // Fetching the policies is best effort: the denial is the error to report, not this one.
  }
  return context;
}
