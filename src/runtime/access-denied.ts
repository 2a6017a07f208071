/**
 * Turns the AWS SDK's AccessDenied errors (data plane `AccessDeniedException`, STS
 * `AccessDenied`) into {@link AgentCoreAccessDeniedError}, with the parsed message and the SDK
 * error kept as `cause`.
 * @module
 */
import { redact } from '../credentials/redact.js';
import { parseAccessDeniedMessage } from '../diagnose/message.js';
import {
  type AccessDeniedErrorDetails,
  AgentCoreAccessDeniedError,
  type ErrorResponseMetadata,
} from '../errors.js';

const ACCESS_DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied']);

/** True for an AWS SDK AccessDenied error of any service. @internal */
export function isSdkAccessDenied(error: unknown): error is Error {
  return error instanceof Error && ACCESS_DENIED_NAMES.has(error.name);
}

/** What the client knows about the call that was denied. @internal */
export interface DeniedCall {
  /** The operation, e.g. `InvokeAgentRuntime`. */
  operation: string;
  /** The target the client sent, when there is one. */
  resourceArn?: string;
}

/**
 * The {@link AgentCoreAccessDeniedError} for an SDK AccessDenied error, or the error unchanged.
 * @internal
 */
export function translateError(error: unknown, call: DeniedCall): unknown {
  if (!isSdkAccessDenied(error)) return error;
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
  return new AgentCoreAccessDeniedError(message(error.message, call, details), details, { cause: error });
}

function message(original: string, call: DeniedCall, details: AccessDeniedErrorDetails): string {
  const who = details.principalArn ?? 'the caller';
  const what = details.action ?? call.operation;
  const where = details.resourceArn === undefined ? '' : ` on ${details.resourceArn}`;
  const blamed =
    details.policyType === undefined
      ? ''
      : ` AWS names ${details.denialType === 'explicit' ? 'an explicit deny in' : 'no allow in'} a ${details.policyType} policy (it names one type even when several deny).`;
  return `Access denied: ${who} may not ${what}${where}.${blamed} Check first: ${checkFirst(what)} AWS said: "${redact(
    original.length > 1000 ? `${original.slice(0, 1000)}…` : original,
  )}"`;
}

function checkFirst(action: string): string {
  if (action === 'sts:AssumeRole') {
    return "the role's trust policy must name the caller (with the right ExternalId), and the caller's identity policy must allow sts:AssumeRole on the role.";
  }
  if (/Memory|Event|Actor|Session|Extraction/.test(action) && !/RuntimeSession/.test(action)) {
    return "the memory's resource policy must allow the caller, and the caller's identity policy the action on the full memory ARN, both in Account A.";
  }
  return "the runtime's and the endpoint's resource policies must both allow the caller (no aws:SourceAccount condition), and the caller's identity policy both the runtime ARN and its runtime-endpoint sub-path, all in Account A.";
}
