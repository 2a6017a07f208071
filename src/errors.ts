/**
 * The error family of agentcore-xacct.
 *
 * Every error the library throws on purpose is an {@link AgentCoreXacctError} with a fixed `name`
 * and a stable `code`. Whatever JavaScript value a public function is given (a Symbol, a BigInt,
 * a prototype-less object, a getter or Proxy that throws, a cycle), it answers with one of these,
 * naming the field and the fix, before any request: never a TypeError from inside the library. The `is…Error()` guards compare a brand and the name rather than using
 * `instanceof`, so they keep working when two copies of the package are loaded (a bundled Lambda
 * plus a layer, say).
 *
 * @module
 */

import type { AccessDeniedPolicyType, DenialType } from './diagnose/message.js';
import type { Diagnosis } from './diagnose/types.js';

const BRAND = Symbol.for('agentcore-xacct.error');

/** Stable codes of the error family: safe to switch on, never renamed. */
export type ErrorCode =
  | 'invalid-arn'
  | 'policy-build'
  | 'policy-parse'
  | 'invalid-input'
  | 'access-denied'
  | 'agent-stream'
  | 'emulator'
  | 'missing-dependency';

/** Options every error of the family accepts. */
export interface AgentCoreXacctErrorOptions {
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/**
 * Base class of every error agentcore-xacct throws.
 *
 * @example
 * ```ts
 * import { isAgentCoreXacctError } from 'agentcore-xacct';
 * try {
 *   doSomething();
 * } catch (error) {
 *   if (isAgentCoreXacctError(error)) console.error(error.code, error.message);
 * }
 * ```
 */
export class AgentCoreXacctError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: AgentCoreXacctErrorOptions = {}) {
    const cause = read(options, 'cause');
    super(text(message), cause === undefined ? undefined : { cause });
    this.code = typeof code === 'string' ? code : 'invalid-input';
    this.name = 'AgentCoreXacctError';
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }
}

/**
 * An ARN, ARN part or resource identifier is malformed, uses a wildcard, or lacks the owner
 * account a cross-account call needs.
 *
 * @example
 * ```ts
 * import { parseArn, isInvalidArnError } from 'agentcore-xacct/policy';
 * try {
 *   parseArn('arn:aws:bedrock-agentcore:eu-west-1:11111111111:runtime/agent-abcdefghij');
 * } catch (error) {
 *   if (isInvalidArnError(error)) console.error(error.part); // 'accountId'
 * }
 * ```
 */
export class InvalidArnError extends AgentCoreXacctError {
  /** Which part of the ARN is wrong: `partition`, `service`, `region`, `accountId`, `resource`… */
  readonly part: string;
  /** The offending value (truncated to 200 characters). */
  readonly value: string;
  /** A diagnosis code when the mistake is one of the known traps (e.g. `memory-id-not-arn`). */
  readonly findingCode: string | undefined;

  constructor(
    part: string,
    value: string,
    message: string,
    options: AgentCoreXacctErrorOptions & { findingCode?: string } = {},
  ) {
    super('invalid-arn', message, options);
    this.name = 'InvalidArnError';
    this.part = text(part);
    this.value = truncate(typeof value === 'string' ? value : shown(value, 200));
    this.findingCode = optionalText(read(options, 'findingCode'));
  }
}

/**
 * A policy builder refused to emit a document AWS would reject or that would silently deny:
 * a wildcard `Resource`, a `*` principal without an organization condition, an
 * `aws:SourceAccount` condition on IAM principals, an empty principal list…
 *
 * @example
 * ```ts
 * import { runtimeAccessPolicies, isPolicyBuildError } from 'agentcore-xacct/policy';
 * try {
 *   runtimeAccessPolicies({ runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij', principals: [] });
 * } catch (error) {
 *   if (isPolicyBuildError(error)) console.error(error.field, error.fix);
 * }
 * ```
 */
export class PolicyBuildError extends AgentCoreXacctError {
  /** The input field that caused the refusal. */
  readonly field: string;
  /** The finding code of the trap the builder refused (e.g. `resource-wildcard`), if any. */
  readonly findingCode: string | undefined;
  /** How to fix the input. */
  readonly fix: string;

  constructor(
    field: string,
    message: string,
    fix: string,
    options: AgentCoreXacctErrorOptions & { findingCode?: string } = {},
  ) {
    super('policy-build', `${text(message)} (field: ${text(field)}). Fix: ${text(fix)}`, options);
    this.name = 'PolicyBuildError';
    this.field = text(field) || 'input';
    this.fix = text(fix);
    this.findingCode = optionalText(read(options, 'findingCode'));
  }
}

/**
 * A policy document could not be read at all (not JSON, not an object, no `Statement`).
 * Problems inside a readable document are reported as lint findings instead.
 *
 * @example
 * ```ts
 * import { parsePolicyDocument, isPolicyParseError } from 'agentcore-xacct/policy';
 * try {
 *   parsePolicyDocument('{not json');
 * } catch (error) {
 *   if (isPolicyParseError(error)) console.error(error.path, error.message);
 * }
 * ```
 */
export class PolicyParseError extends AgentCoreXacctError {
  /** JSON pointer to the offending element (`''` for the whole document). */
  readonly path: string;

  constructor(path: string, message: string, options: AgentCoreXacctErrorOptions = {}) {
    super('policy-parse', message, options);
    this.name = 'PolicyParseError';
    this.path = text(path);
  }
}

/**
 * An input failed validation before any request was sent. The message names the field and the fix.
 * A member that cannot be read (a getter or Proxy trap that throws) or that refers to itself is
 * reported the same way, with the original error as `cause`.
 *
 * @example
 * ```ts
 * import { isValidationError } from 'agentcore-xacct';
 * try {
 *   await client.invoke({ runtimeArn, payload: {}, sessionId: 'too-short' });
 * } catch (error) {
 *   if (isValidationError(error)) console.error(error.field, error.fix);
 * }
 * ```
 */
export class ValidationError extends AgentCoreXacctError {
  /** The input field that is invalid. */
  readonly field: string;
  /** How to fix it. */
  readonly fix: string;

  constructor(field: string, message: string, fix: string, options: AgentCoreXacctErrorOptions = {}) {
    super('invalid-input', `${text(message)} (field: ${text(field)}). Fix: ${text(fix)}`, options);
    this.name = 'ValidationError';
    this.field = text(field) || 'input';
    this.fix = text(fix);
  }
}

/**
 * An optional peer dependency that the call needs is not installed (the control-plane client
 * for the Account A functions, STS and the credential providers for assume-role and profile
 * access). The message names the package and the command that installs it, on one line.
 *
 * @example
 * ```ts
 * import { grantRuntimeAccess, isMissingDependencyError } from 'agentcore-xacct';
 * try {
 *   await grantRuntimeAccess({ runtimeArn, principals: [caller], clientConfig: { region: 'eu-west-1' } });
 * } catch (error) {
 *   if (isMissingDependencyError(error)) console.error(error.fix); // npm install @aws-sdk/client-bedrock-agentcore-control
 * }
 * ```
 */
export class MissingDependencyError extends AgentCoreXacctError {
  /** The package that could not be loaded, e.g. `@aws-sdk/client-sts`. */
  readonly packageName: string;
  /** The command that installs it. */
  readonly fix: string;

  constructor(packageName: string, neededFor: string, options: AgentCoreXacctErrorOptions = {}) {
    const name = text(packageName);
    const fix = `npm install ${name}`;
    super(
      'missing-dependency',
      `${text(neededFor)} needs ${name}, an optional peer dependency that is not installed: run ${fix}`,
      options,
    );
    this.name = 'MissingDependencyError';
    this.packageName = name;
    this.fix = fix;
  }
}

/**
 * The response metadata of the AWS SDK error an {@link AgentCoreAccessDeniedError} wraps.
 *
 * @example
 * ```ts
 * if (isAgentCoreAccessDeniedError(error)) console.error('AWS request id', error.$metadata?.requestId);
 * ```
 */
export interface ErrorResponseMetadata {
  readonly httpStatusCode?: number;
  readonly requestId?: string;
  readonly extendedRequestId?: string;
  readonly cfId?: string;
  readonly attempts?: number;
  readonly totalRetryDelay?: number;
}

/**
 * The parsed parts an {@link AgentCoreAccessDeniedError} carries.
 *
 * @example
 * ```ts
 * const details: AccessDeniedErrorDetails = { action: 'bedrock-agentcore:InvokeAgentRuntime', policyType: 'resource-based' };
 * ```
 */
export interface AccessDeniedErrorDetails {
  /** The denied caller, as the AWS message names it. */
  principalArn?: string;
  /** The denied action, e.g. `bedrock-agentcore:InvokeAgentRuntime`. */
  action?: string;
  /** The resource the message names (often the runtime ARN even when the endpoint was denied). */
  resourceArn?: string;
  /** The one policy type the AWS message blames. */
  policyType?: AccessDeniedPolicyType;
  /** Implicit (no policy allows) or explicit (a Deny matched). */
  denialType?: DenialType;
  /** The SDK error's `$metadata` (request id, status code). */
  $metadata?: ErrorResponseMetadata;
}

/**
 * AWS denied a call (an `AccessDeniedException`, or `AccessDenied` from STS). The original SDK
 * error is kept as `cause` and its `$metadata` as `$metadata`; the parts of AWS's message are
 * parsed into fields. `diagnosis` ranks the likely causes when the diagnosis module is used.
 *
 * @example
 * ```ts
 * import { isAgentCoreAccessDeniedError } from 'agentcore-xacct';
 * try {
 *   await client.invoke({ runtimeArn, payload: { prompt: 'hi' } });
 * } catch (error) {
 *   if (isAgentCoreAccessDeniedError(error)) console.error(error.principalArn, error.action, error.policyType);
 * }
 * ```
 */
export class AgentCoreAccessDeniedError extends AgentCoreXacctError {
  /** The denied caller, as the AWS message names it. */
  readonly principalArn: string | undefined;
  /** The denied action. */
  readonly action: string | undefined;
  /** The resource the AWS message names. */
  readonly resourceArn: string | undefined;
  /** The one policy type the AWS message blames (AWS names one even when several deny). */
  readonly policyType: AccessDeniedPolicyType | undefined;
  /** Implicit or explicit deny, when the message says. */
  readonly denialType: DenialType | undefined;
  /** The SDK error's response metadata (request id for AWS support, status code). */
  readonly $metadata: ErrorResponseMetadata | undefined;
  /**
   * Who was denied what and why: ranked causes (each with evidence and a fix) and a checklist.
   * Filled in by the client and the SDK plugin (`diagnoseAccessDenied` gives the same for any error).
   */
  diagnosis?: Diagnosis;

  constructor(
    message: string,
    details: AccessDeniedErrorDetails = {},
    options: AgentCoreXacctErrorOptions = {},
  ) {
    super('access-denied', message, options);
    this.name = 'AgentCoreAccessDeniedError';
    this.principalArn = optionalText(read(details, 'principalArn'));
    this.action = optionalText(read(details, 'action'));
    this.resourceArn = optionalText(read(details, 'resourceArn'));
    this.policyType = optionalText(read(details, 'policyType')) as AccessDeniedPolicyType | undefined;
    this.denialType = optionalText(read(details, 'denialType')) as DenialType | undefined;
    const metadata = read(details, '$metadata');
    this.$metadata =
      typeof metadata === 'object' && metadata !== null ? (metadata as ErrorResponseMetadata) : undefined;
  }
}

/**
 * An agent reported an error inside its response stream (an SSE `event: error`, or an in-band
 * `{"error": …}` event after HTTP 200), or the response body could not be read as asked.
 *
 * @example
 * ```ts
 * import { isAgentStreamError } from 'agentcore-xacct';
 * try {
 *   for await (const event of response.events()) console.log(event.data);
 * } catch (error) {
 *   if (isAgentStreamError(error)) console.error(error.errorType, error.message);
 * }
 * ```
 */
export class AgentStreamError extends AgentCoreXacctError {
  /** The SSE event type that carried the error (`error`, `message`…), when it came from an event. */
  readonly eventType: string | undefined;
  /** The `error_type` (or `errorType`) the agent sent, e.g. `ValueError`. */
  readonly errorType: string | undefined;
  /** The event's data, JSON-decoded when it was JSON. */
  readonly data: unknown;
  /** The SSE `id` of the event, when it had one. */
  readonly eventId: string | undefined;

  constructor(
    message: string,
    details: { eventType?: string; errorType?: string; data?: unknown; eventId?: string } = {},
    options: AgentCoreXacctErrorOptions = {},
  ) {
    super('agent-stream', message, options);
    this.name = 'AgentStreamError';
    this.eventType = optionalText(read(details, 'eventType'));
    this.errorType = optionalText(read(details, 'errorType'));
    this.data = read(details, 'data');
    this.eventId = optionalText(read(details, 'eventId'));
  }
}

function truncate(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}

/**
 * Any value, shown short and safely in a message: a string quoted (cut at `max` characters), a
 * number or BigInt as written, anything else by its kind. Never throws, whatever the value (a
 * Symbol, a Proxy whose traps throw, an object whose `toString` throws, a prototype-less object).
 * @internal
 */
export function shown(value: unknown, max = 80): string {
  try {
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
      case 'number':
      case 'boolean':
      case 'undefined':
        return String(value);
      case 'bigint':
        return `${value}n`.slice(0, max);
      case 'symbol':
        return 'a Symbol';
      case 'function':
        return 'a function';
      default:
        if (value === null) return 'null';
        return Array.isArray(value) ? `a list of ${value.length}` : 'an object';
    }
  } catch {
    return 'a value that cannot be read';
  }
}

/** A string argument as given, anything else shown: error constructors never throw on their inputs. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : shown(value);
}

function optionalText(value: unknown): string | undefined {
  return value === undefined ? undefined : text(value);
}

/** `holder[key]`, or `undefined` when `holder` is not an object or reading it throws. */
function read(holder: unknown, key: string): unknown {
  if ((typeof holder !== 'object' && typeof holder !== 'function') || holder === null) return undefined;
  try {
    return (holder as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function hasBrand(error: unknown, name?: string): error is AgentCoreXacctError {
  if (typeof error !== 'object' || error === null) return false;
  try {
    // A Proxy's traps may throw: whatever it is, it is not one of ours.
    return (
      (error as Record<symbol, unknown>)[BRAND] === true &&
      (name === undefined || (error as { name?: unknown }).name === name)
    );
  } catch {
    return false;
  }
}

/**
 * True for any error of the agentcore-xacct family, even from another copy of the package.
 *
 * @example
 * ```ts
 * if (isAgentCoreXacctError(error)) console.error(error.code);
 * ```
 */
export function isAgentCoreXacctError(error: unknown): error is AgentCoreXacctError {
  return hasBrand(error);
}

/**
 * True for an {@link InvalidArnError}.
 *
 * @example
 * ```ts
 * if (isInvalidArnError(error)) console.error(`bad ${error.part}`);
 * ```
 */
export function isInvalidArnError(error: unknown): error is InvalidArnError {
  return hasBrand(error, 'InvalidArnError');
}

/**
 * True for a {@link PolicyBuildError}.
 *
 * @example
 * ```ts
 * if (isPolicyBuildError(error)) console.error(error.fix);
 * ```
 */
export function isPolicyBuildError(error: unknown): error is PolicyBuildError {
  return hasBrand(error, 'PolicyBuildError');
}

/**
 * True for a {@link PolicyParseError}.
 *
 * @example
 * ```ts
 * if (isPolicyParseError(error)) console.error(error.path);
 * ```
 */
export function isPolicyParseError(error: unknown): error is PolicyParseError {
  return hasBrand(error, 'PolicyParseError');
}

/**
 * True for a {@link ValidationError}.
 *
 * @example
 * ```ts
 * if (isValidationError(error)) console.error(error.field);
 * ```
 */
export function isValidationError(error: unknown): error is ValidationError {
  return hasBrand(error, 'ValidationError');
}

/**
 * True for an {@link AgentCoreAccessDeniedError}, and for an AWS SDK AccessDenied error that the
 * `accessDeniedDiagnosis()` plugin diagnosed in place (it keeps the SDK's class and `name`, and
 * carries the same fields; its `cause` is unset, as the SDK error is the error itself).
 *
 * @example
 * ```ts
 * if (isAgentCoreAccessDeniedError(error)) console.error(error.action, error.resourceArn);
 * ```
 */
export function isAgentCoreAccessDeniedError(error: unknown): error is AgentCoreAccessDeniedError {
  // By code, not name: the SDK plugin diagnoses the SDK's own error in place (see markAccessDenied).
  return hasBrand(error) && error.code === 'access-denied';
}

/**
 * Makes an AWS SDK AccessDenied error carry what an {@link AgentCoreAccessDeniedError} carries
 * (the brand, `code: 'access-denied'`, the parsed fields, `diagnosis` and the diagnosed message)
 * while it stays the SDK's error: its class, `name`, `$fault` and `$metadata` are untouched.
 * @internal
 */
export function markAccessDenied(
  error: Error,
  message: string,
  fields: Omit<AccessDeniedErrorDetails, '$metadata'> & { diagnosis: Diagnosis },
): void {
  Object.defineProperty(error, BRAND, { value: true, enumerable: false });
  error.message = message;
  Object.assign(error, {
    code: 'access-denied',
    principalArn: fields.principalArn,
    action: fields.action,
    resourceArn: fields.resourceArn,
    policyType: fields.policyType,
    denialType: fields.denialType,
    diagnosis: fields.diagnosis,
  });
}

/**
 * True for a {@link MissingDependencyError}.
 *
 * @example
 * ```ts
 * if (isMissingDependencyError(error)) console.error(`${error.packageName}: ${error.fix}`);
 * ```
 */
export function isMissingDependencyError(error: unknown): error is MissingDependencyError {
  return hasBrand(error, 'MissingDependencyError');
}

/**
 * True for an {@link AgentStreamError}.
 *
 * @example
 * ```ts
 * if (isAgentStreamError(error)) console.error(error.errorType);
 * ```
 */
export function isAgentStreamError(error: unknown): error is AgentStreamError {
  return hasBrand(error, 'AgentStreamError');
}
