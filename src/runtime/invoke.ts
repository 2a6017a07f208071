/**
 * Validation and encoding of an invocation, before any request: the target ARN, qualifier,
 * session and user ids, payload and headers.
 * @module
 */
import type { InvokeAgentRuntimeCommandInput } from '@aws-sdk/client-bedrock-agentcore';
import { type AgentCoreArn, parseArn } from '../arn/parse.js';
import { ENDPOINT_NAME } from '../arn/patterns.js';
import { isInvalidArnError, shown, ValidationError } from '../errors.js';
import { callControl, inputObject } from '../input.js';
import { sessionIdOrNew } from './session-id.js';

/**
 * A JSON-compatible value, sent as `application/json`.
 *
 * @example
 * ```ts
 * const payload: JsonValue = { prompt: 'Hello', history: [] };
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Input of {@link CrossAccountAgentClient.invoke}.
 *
 * @example
 * ```ts
 * const input: InvokeInput = {
 *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   payload: { prompt: 'Hello' },
 *   timeoutMs: 30_000,
 * };
 * ```
 */
export interface InvokeInput extends TraceHeaders {
  /**
   * The full ARN of the runtime in Account A (or of one of its endpoints, which sets the
   * qualifier). A bare runtime id is refused: it would resolve in the caller's account.
   */
  runtimeArn: string;
  /**
   * The request body. An object, array, number, boolean or null is sent as JSON; a string or
   * bytes are sent as they are.
   */
  payload: JsonValue | object | Uint8Array;
  /** The endpoint name; default `DEFAULT` (what AgentCore uses when none is named). */
  qualifier?: string;
  /** The runtime session id (33–256 characters); a new valid one is generated when absent. */
  sessionId?: string;
  /** End-user id (1–1024 characters); needs InvokeAgentRuntimeForUser as well as InvokeAgentRuntime. */
  userId?: string;
  /** Content type of the payload; default `application/json`. */
  contentType?: string;
  /** Accept header; default `application/json, text/event-stream` (some agents answer 406 without the latter). */
  accept?: string;
  /** Aborts the invocation, including the reading of a streamed response. */
  signal?: AbortSignal;
  /**
   * Longest time until the response starts (headers received), retries and backoff included,
   * in ms; default: none. Reading a stream is not limited by it: use `signal` for that.
   */
  timeoutMs?: number;
}

/**
 * The trace headers a runtime call propagates to the agent (and back).
 *
 * @example
 * ```ts
 * const trace: TraceHeaders = { traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
 * ```
 */
export interface TraceHeaders {
  /** W3C `traceparent` to propagate. */
  traceParent?: string;
  /** W3C `tracestate` to propagate. */
  traceState?: string;
  /** W3C `baggage` to propagate. */
  baggage?: string;
  /** `X-Amzn-Trace-Id` to propagate. */
  traceId?: string;
}

/** The longest value of each trace header an operation takes. @internal */
export type TraceLimits = Readonly<Record<keyof TraceHeaders, number>>;

/** The botocore model's trace header lengths of InvokeAgentRuntime (InvokeAgentRuntimeRequest*String). */
const INVOKE_TRACE_LIMITS: TraceLimits = { traceParent: 128, traceState: 512, baggage: 8192, traceId: 128 };

/**
 * The trace headers of an input, checked (printable ASCII within `limits`), as the SDK input
 * members of the same names.
 * @internal
 */
export function checkTraceHeaders(
  input: TraceHeaders,
  limits: TraceLimits = INVOKE_TRACE_LIMITS,
): TraceHeaders {
  for (const name of ['traceParent', 'traceState', 'baggage', 'traceId'] as const) {
    checkHeader(name, input[name], 1, limits[name]);
  }
  const out: TraceHeaders = {};
  if (input.traceParent !== undefined) out.traceParent = input.traceParent;
  if (input.traceState !== undefined) out.traceState = input.traceState;
  if (input.baggage !== undefined) out.baggage = input.baggage;
  if (input.traceId !== undefined) out.traceId = input.traceId;
  return out;
}

/**
 * Default `Accept`: AgentCore agents stream SSE or answer JSON.
 *
 * @example
 * ```ts
 * await client.invoke({ runtimeArn, payload, accept: DEFAULT_ACCEPT });
 * ```
 */
export const DEFAULT_ACCEPT = 'application/json, text/event-stream';
/**
 * Default `Content-Type` of a payload.
 *
 * @example
 * ```ts
 * await client.invoke({ runtimeArn, payload: '{"prompt":"hi"}', contentType: DEFAULT_CONTENT_TYPE });
 * ```
 */
export const DEFAULT_CONTENT_TYPE = 'application/json';

/** A validated invocation. @internal */
export interface PreparedInvocation {
  region: string;
  runtimeArn: string;
  sessionId: string;
  command: InvokeAgentRuntimeCommandInput;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Parses a runtime (or runtime-endpoint) ARN and the qualifier into the runtime ARN, the
 * endpoint name and the region. Throws {@link ValidationError} naming the field.
 * @internal
 */
export function resolveTarget(runtimeArn: unknown, qualifier: unknown, field = 'runtimeArn'): Target {
  // A client invokes the same few runtimes over and over: parse each (ARN, qualifier) once.
  const key =
    typeof runtimeArn === 'string' && (qualifier === undefined || typeof qualifier === 'string')
      ? `${runtimeArn}\n${qualifier ?? ''}`
      : undefined;
  const cached = key === undefined ? undefined : targets.get(key);
  if (cached !== undefined) return cached;
  const target = parseTarget(runtimeArn, qualifier, field);
  if (key !== undefined) {
    if (targets.size >= MAX_CACHED_TARGETS) targets.clear();
    targets.set(key, target);
  }
  return target;
}

/** A validated invocation target. @internal */
export interface Target {
  readonly runtimeArn: string;
  readonly qualifier: string | undefined;
  readonly region: string;
  readonly accountId: string;
}

const MAX_CACHED_TARGETS = 256;
const targets = new Map<string, Target>();

function parseTarget(runtimeArn: unknown, qualifier: unknown, field: string): Target {
  let parsed: AgentCoreArn;
  try {
    parsed = parseArn(runtimeArn as string);
  } catch (error) {
    const looksLikeId = typeof runtimeArn === 'string' && !runtimeArn.startsWith('arn:');
    throw new ValidationError(
      field,
      isInvalidArnError(error) ? error.message : 'the runtime ARN is invalid',
      looksLikeId
        ? "Pass the runtime's full ARN (arn:aws:bedrock-agentcore:REGION:ACCOUNT_A:runtime/ID): a bare id resolves in the caller's own account."
        : 'Pass the full runtime ARN from Account A.',
      { cause: error },
    );
  }
  if (parsed.resourceType !== 'runtime' && parsed.resourceType !== 'runtime-endpoint') {
    throw new ValidationError(
      field,
      `expected a runtime ARN, got a ${parsed.resourceType} ARN`,
      'Pass arn:aws:bedrock-agentcore:REGION:ACCOUNT_A:runtime/ID.',
    );
  }
  let endpoint = parsed.resourceType === 'runtime-endpoint' ? parsed.endpointName : undefined;
  if (qualifier !== undefined) {
    if (typeof qualifier !== 'string' || !ENDPOINT_NAME.test(qualifier)) {
      throw new ValidationError(
        'qualifier',
        `${shown(qualifier, 60)} is not an endpoint name`,
        'Use an endpoint name such as DEFAULT (a letter, then up to 47 letters, digits or _).',
      );
    }
    if (endpoint !== undefined && endpoint !== qualifier) {
      throw new ValidationError(
        'qualifier',
        `the qualifier "${qualifier}" differs from the endpoint "${endpoint}" in the ARN`,
        'Pass the runtime ARN with a qualifier, or the endpoint ARN alone.',
      );
    }
    endpoint = qualifier;
  }
  return {
    // The runtime ARN itself, also when an endpoint ARN was given.
    runtimeArn: `arn:${parsed.partition}:bedrock-agentcore:${parsed.region}:${parsed.accountId}:runtime/${parsed.runtimeId}`,
    qualifier: endpoint,
    region: parsed.region,
    accountId: parsed.accountId,
  };
}

const HEADER_VALUE = /^[\x20-\x7e]*$/;

function checkHeader(field: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length < min || value.length > max || !HEADER_VALUE.test(value)) {
    throw new ValidationError(
      field,
      `${field} must be ${min}–${max} printable ASCII characters`,
      `Pass ${min}–${max} printable ASCII characters (it is sent as an HTTP header).`,
    );
  }
}

/** Encodes a payload: bytes and strings as they are, anything else as JSON. @internal */
export function encodePayload(payload: unknown, field = 'payload'): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (typeof payload === 'string') return new TextEncoder().encode(payload);
  if (payload === undefined || typeof payload === 'function' || typeof payload === 'symbol') {
    throw new ValidationError(
      field,
      `the ${field} is ${payload === undefined ? 'missing' : `a ${typeof payload}`}`,
      'Pass a JSON-compatible value, a string or a Uint8Array.',
    );
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new ValidationError(
      field,
      `the ${field} cannot be serialized as JSON`,
      'Pass a JSON-compatible value (no cycles, no BigInt), a string or a Uint8Array.',
      { cause: error },
    );
  }
  return new TextEncoder().encode(json ?? 'null');
}

/**
 * Validates an invocation and builds the SDK command input. Generates a session id when none is
 * given. Throws {@link ValidationError} before any request.
 * @internal
 */
export function prepareInvocation(given: InvokeInput): PreparedInvocation {
  const input = inputObject(given, 'Pass { runtimeArn, payload }.');
  const control = callControl(input as unknown as Record<string, unknown>);
  const target = resolveTarget(input.runtimeArn, input.qualifier);
  const sessionId = sessionIdOrNew(input.sessionId);
  checkHeader('userId', input.userId, 1, 1024);
  checkHeader('contentType', input.contentType, 1, 256);
  checkHeader('accept', input.accept, 1, 256);
  const trace = checkTraceHeaders(input);
  const command: InvokeAgentRuntimeCommandInput = {
    agentRuntimeArn: target.runtimeArn,
    runtimeSessionId: sessionId,
    payload: encodePayload(input.payload),
    contentType: input.contentType ?? DEFAULT_CONTENT_TYPE,
    accept: input.accept ?? DEFAULT_ACCEPT,
    ...trace,
  };
  if (target.qualifier !== undefined) command.qualifier = target.qualifier;
  if (input.userId !== undefined) command.runtimeUserId = input.userId;
  return { region: target.region, runtimeArn: target.runtimeArn, sessionId, command, ...control };
}
