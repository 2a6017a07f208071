/**
 * Runtime session ids: generated valid, validated before any request. AgentCore needs 33–256
 * characters; the SDK invents a UUID when none is given (a new microVM session per call) and
 * does not check the minimum, so a short id only fails at the service.
 * @module
 */
import { ValidationError } from '../errors.js';

/**
 * Shortest runtime session id AgentCore accepts.
 *
 * @example
 * ```ts
 * const ok = (id: string) => id.length >= MIN_SESSION_ID_LENGTH && id.length <= MAX_SESSION_ID_LENGTH;
 * ```
 */
export const MIN_SESSION_ID_LENGTH = 33;
/**
 * Longest runtime session id AgentCore accepts.
 *
 * @example
 * ```ts
 * if (id.length > MAX_SESSION_ID_LENGTH) throw new Error('too long');
 * ```
 */
export const MAX_SESSION_ID_LENGTH = 256;

// The id travels in an HTTP header: visible ASCII only. FACTS gives only the length; this
// character set is our assumption, chosen so a header can always carry the id.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * A new runtime session id: `xacct-` and a random UUID, 42 characters.
 *
 * @example
 * ```ts
 * import { newSessionId } from 'agentcore-xacct';
 * const sessionId = newSessionId(); // 'xacct-3b241101-e2bb-4255-8caf-4136c566a962'
 * ```
 */
export function newSessionId(): string {
  return `xacct-${globalThis.crypto.randomUUID()}`;
}

/**
 * Throws a {@link ValidationError} unless `sessionId` is a runtime session id AgentCore accepts.
 *
 * @example
 * ```ts
 * import { validateSessionId } from 'agentcore-xacct';
 * validateSessionId('too-short'); // throws ValidationError (field sessionId)
 * ```
 */
export function validateSessionId(sessionId: unknown, field = 'sessionId'): asserts sessionId is string {
  if (typeof sessionId !== 'string') {
    throw new ValidationError(
      field,
      'the runtime session id is not a string',
      'Pass a string, or omit it to get a new session.',
    );
  }
  if (sessionId.length < MIN_SESSION_ID_LENGTH || sessionId.length > MAX_SESSION_ID_LENGTH) {
    throw new ValidationError(
      field,
      `the runtime session id is ${sessionId.length} characters long; AgentCore needs ${MIN_SESSION_ID_LENGTH}–${MAX_SESSION_ID_LENGTH}`,
      'Use newSessionId() (or client.session()) to get a valid one, or pad yours, e.g. with a UUID.',
    );
  }
  if (!HEADER_SAFE.test(sessionId)) {
    throw new ValidationError(
      field,
      'the runtime session id contains spaces, control or non-ASCII characters',
      'Use visible ASCII characters only (it is sent as an HTTP header).',
    );
  }
}

/**
 * The session id a runtime call sends: the given one, checked, or a new valid one.
 * @internal
 */
export function sessionIdOrNew(sessionId: unknown): string {
  if (sessionId === undefined) return newSessionId();
  validateSessionId(sessionId);
  return sessionId;
}
