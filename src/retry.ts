/**
 * The client's one retry layer (p-retry): exponential backoff with jitter, bounded attempts and
 * total time. The SDK clients make one attempt each while this layer is on, so the two never
 * multiply (3 × 3 = 9 attempts of an invocation would be the default otherwise).
 *
 * Which failures are retried depends on what a repeat could do:
 * - AccessDenied, validation, not-found, quota and runtime-client (424) errors never: the
 *   answer would not change.
 * - Throttling is a refusal at the front door, and a refused connection never carried the
 *   request: retried for every operation, invocations included (`sent: 'no'`).
 * - 5xx, retryable conflicts, resets and timeouts may come after the agent started: the
 *   request may have run (`sent: 'maybe'`). Retried for idempotent calls; for an invocation
 *   only with `retry.invoke: 'always'`, because a re-sent invocation can run the agent twice and
 *   corrupt its session (strands-agents/harness-sdk 1365).
 * @module
 */
import { log } from './credentials/redact.js';
import type { Logger } from './credentials/types.js';

/**
 * Retry settings of a {@link CrossAccountAgentClient}; `retry: false` turns the layer off (one
 * attempt, and the SDK's own retries stay at one attempt unless `clientConfig.maxAttempts` says otherwise).
 *
 * @example
 * ```ts
 * new CrossAccountAgentClient({ retry: { attempts: 5, maxElapsedMs: 10_000, invoke: 'unsent' } });
 * ```
 */
export interface RetryOptions {
  /** Attempts in total, the first included; default 3. */
  attempts?: number;
  /** Delay before the first retry, in ms; doubles each retry, times a random 1–2 jitter. Default 100. */
  baseDelayMs?: number;
  /** Longest delay between two attempts, in ms; default 5000. */
  maxDelayMs?: number;
  /** Longest time all attempts may take together, in ms; default 20000. */
  maxElapsedMs?: number;
  /**
   * When an invocation is retried. `'unsent'` (default): only when it provably never reached
   * the agent (throttled at the front door, connection refused, credentials not obtained).
   * `'always'`: also after 5xx, resets and timeouts, accepting that the agent may run twice.
   * `'never'`: one attempt.
   */
  invoke?: 'unsent' | 'always' | 'never';
}

/**
 * Errors thrown while fetching credentials, so the retry layer knows the request they failed
 * was never sent (signing happens before sending). Filled by the credential cache.
 * @internal
 */
export const credentialFetchErrors = new WeakSet<object>();

/** How an operation may be retried. @internal */
export type RetryKind = 'idempotent' | 'invoke';

/** What a failure says about retrying. @internal */
export interface ErrorClass {
  retryable: boolean;
  /** `no`: the request provably never reached the service's back end; `maybe`: it may have. */
  sent: 'no' | 'maybe';
  /** A short label for logs. */
  reason: string;
}

// Everything else is never retried: AccessDenied, validation, not-found, quota (402),
// RuntimeClientError (424, the agent's own failure), expired or invalid credentials, aborts.
const THROTTLING = new Set([
  'ThrottlingException',
  'ThrottledException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const TRANSIENT = new Set([
  'InternalServerException',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RetryableConflictException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'IDPCommunicationError',
]);
// The socket never connected: the request was never written.
const UNSENT_NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
// The connection broke or stalled: the request may have been read.
const MAYBE_SENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

/**
 * Classifies a failure of an AWS call (SDK service errors, Node network errors, credential
 * fetch failures).
 * @internal
 */
export function classifyError(error: unknown): ErrorClass {
  if (typeof error !== 'object' || error === null)
    return { retryable: false, sent: 'maybe', reason: 'unknown' };
  const e = error as ErrorShape;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  if (credentialFetchErrors.has(error)) {
    // Credentials are resolved before signing: whatever failed, the request was never sent.
    const inner = classifyError(withoutCredentialMark(error));
    return { retryable: inner.retryable, sent: 'no', reason: `credentials: ${inner.reason}` };
  }
  if (THROTTLING.has(name) || status === 429 || e.$retryable?.throttling === true) {
    return { retryable: true, sent: 'no', reason: name || 'throttled' };
  }
  if (UNSENT_NETWORK.has(code)) return { retryable: true, sent: 'no', reason: code };
  if (MAYBE_SENT_NETWORK.has(code)) return { retryable: true, sent: 'maybe', reason: code };
  if (TRANSIENT.has(name)) return { retryable: true, sent: 'maybe', reason: name };
  if (status === 500 || status === 502 || status === 503 || status === 504) {
    return { retryable: true, sent: 'maybe', reason: `HTTP ${status}` };
  }
  // fetch() wraps the socket error: look one level down.
  if (name === 'TypeError' && typeof e.cause === 'object' && e.cause !== null) {
    const inner = classifyError(e.cause);
    if (inner.retryable) return inner;
  }
  return { retryable: false, sent: 'maybe', reason: name || code || 'unknown' };
}

// The WeakSet mark must not leak into the recursive call.
function withoutCredentialMark(error: object): object {
  const { name, code, cause, $metadata, $retryable } = error as ErrorShape;
  return { name, code, cause, $metadata, $retryable };
}

/**
 * Whether a failure of an operation of `kind` should be retried under `options`.
 * @internal
 */
export function shouldRetry(error: unknown, kind: RetryKind, options: RetryOptions): boolean {
  const verdict = classifyError(error);
  if (!verdict.retryable) return false;
  if (kind === 'idempotent') return true;
  const policy = options.invoke ?? 'unsent';
  if (policy === 'never') return false;
  return policy === 'always' || verdict.sent === 'no';
}

/** Per-call context of {@link withRetry}. @internal */
export interface RetryCall {
  kind: RetryKind;
  /** The operation, for logs: `InvokeAgentRuntime`. */
  operation: string;
  options: RetryOptions | false;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
}

/**
 * Runs `attempt` with the client's retry policy. The first attempt runs directly; p-retry is
 * loaded (`import()`) and takes over only when a failure is worth retrying, so the common path
 * pays neither its import nor its bookkeeping.
 * @internal
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  call: RetryCall,
): Promise<T> {
  if (call.options === false) return attempt(1);
  const options = call.options;
  const attempts = Math.max(1, Math.floor(options.attempts ?? 3));
  const started = performance.now();
  let firstError: unknown;
  try {
    return await attempt(1);
  } catch (error) {
    if (attempts > 1 && shouldRetry(error, call.kind, options)) firstError = error;
    else {
      logFailure(call, error, 1, false);
      throw error;
    }
  }
  const { default: pRetry } = await import('p-retry');
  // p-retry replays the first failure (so its backoff and budget apply from attempt 2 on).
  return pRetry((n) => (n === 1 ? Promise.reject(firstError) : attempt(n)), {
    retries: attempts - 1,
    factor: 2,
    minTimeout: options.baseDelayMs ?? 100,
    maxTimeout: options.maxDelayMs ?? 5000,
    maxRetryTime: Math.max(0, (options.maxElapsedMs ?? 20_000) - (performance.now() - started)),
    randomize: true,
    // The backoff timer stays referenced: it is the only thing a one-shot script waits on
    // between two attempts, and an unref'd one let the process exit with the call pending.
    ...(call.signal === undefined ? {} : { signal: call.signal }),
    onFailedAttempt: ({ error, attemptNumber, retriesLeft }) =>
      logFailure(call, error, attemptNumber, retriesLeft > 0 && shouldRetry(error, call.kind, options)),
    shouldRetry: ({ error }) => shouldRetry(error, call.kind, options),
  });
}

function logFailure(call: RetryCall, error: unknown, attemptNumber: number, retrying: boolean): void {
  const verdict = classifyError(error);
  log(call.logger, 'debug', `agentcore-xacct: ${call.operation} attempt ${attemptNumber} failed`, {
    reason: verdict.reason,
    requestSent: verdict.sent,
    retrying,
  });
}
