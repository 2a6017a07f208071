/**
 * `diagnoseAccessDenied`: from an AccessDenied (and whatever the caller knows about the call) to
 * ranked causes with evidence and a fix each. Pure: it reads the error and the context, and
 * evaluates the given policies offline; it never calls AWS.
 * @module
 */
import { shown, ValidationError } from '../errors.js';
import { inputObject, oneOf, optionalRecord, optionalString, plain, stringList } from '../input.js';
import { DIAGNOSIS_ENGINE } from '../policy/engine.js';
import { diagnoseWith } from './diagnosis.js';
import type { Diagnosis, DiagnosisContext } from './types.js';

/**
 * Diagnoses an AccessDenied: who was denied what, where, and why, most likely cause first.
 *
 * Reads the AWS message (`parseAccessDeniedMessage`), the error type (a `RuntimeClientError`,
 * HTTP 424, is the runtime's execution role being denied, not the caller), and what `context`
 * adds: the access mode, the runtime or memory ARN, the qualifier, whether a user id was sent
 * (InvokeAgentRuntimeForUser needs its own grant), the client's region. With `context.policies`
 * it runs `explainAccess` and puts the proven causes first (`confidence: 'proven'`); without
 * them it ranks the known traps for that kind of call (`'possible'`). Never throws.
 *
 * AWS names one policy type whatever the true cause: a cross-account runtime denial says "no
 * resource-based policy allows" on the runtime ARN even when the endpoint policy, an
 * aws:SourceAccount condition or the caller's identity policy is at fault.
 *
 * @param error - The SDK error, an `AgentCoreAccessDeniedError`, or the message text.
 * @param context - What is known about the call; all optional.
 * @returns The diagnosis.
 *
 * @example
 * ```ts
 * import { diagnoseAccessDenied } from 'agentcore-xacct';
 * try {
 *   await client.send(new InvokeAgentRuntimeCommand({ agentRuntimeArn, payload }));
 * } catch (error) {
 *   const diagnosis = diagnoseAccessDenied(error, { policies: { identity: [callerPolicy], resource: attached } });
 *   console.error(diagnosis.causes[0]?.code, diagnosis.causes[0]?.fix);
 * }
 * ```
 */
export function diagnoseAccessDenied(error: unknown, context: DiagnosisContext = {}): Diagnosis {
  return diagnoseWith(error, checkDiagnosisContext(context), DIAGNOSIS_ENGINE);
}

const CONTEXT_FIX = 'Pass the DiagnosisContext fields with their documented types, or leave them out.';

/** The context of a diagnosis, read once and checked field by field. */
function checkDiagnosisContext(given: unknown): DiagnosisContext {
  const context = inputObject(given as DiagnosisContext, CONTEXT_FIX, 'context');
  for (const key of [
    'operation',
    'roleArn',
    'principalArn',
    'runtimeArn',
    'qualifier',
    'memoryArn',
    'region',
  ] as const) {
    optionalString(context[key], `context.${key}`, CONTEXT_FIX);
  }
  for (const key of ['externalIdSent', 'userIdSent'] as const) {
    if (context[key] !== undefined && typeof context[key] !== 'boolean') {
      throw new ValidationError(
        `context.${key}`,
        `context.${key} must be true or false, not ${shown(context[key])}`,
        CONTEXT_FIX,
      );
    }
  }
  if (context.accessMode !== undefined)
    oneOf(context.accessMode, 'context.accessMode', ['resource-policy', 'assume-role', 'profile']);
  optionalRecord(context.requestContext, 'context.requestContext', CONTEXT_FIX);
  optionalRecord(context.policies, 'context.policies', CONTEXT_FIX);
  if (context.policySource !== undefined)
    oneOf(context.policySource, 'context.policySource', ['given', 'read-live']);
  if (context.identityPolicyNames !== undefined) {
    stringList(
      plain(context.identityPolicyNames, 'context.identityPolicyNames'),
      'context.identityPolicyNames',
      CONTEXT_FIX,
    );
  }
  return context;
}
