/**
 * Removes secrets (access key ids, secret keys, session tokens, SigV4 signatures) from text that
 * leaves the library: error messages and log lines. Defense in depth: the client never puts
 * credentials in a message on purpose, but it does quote AWS's messages.
 * @module
 */
import type { Logger } from './types.js';

// Every pattern is a bounded run of one character class: linear time, no backtracking blow-up.
const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // SigV4 query and header parts.
  [/(X-Amz-Security-Token=)[^&\s"']+/gi, '$1[redacted]'],
  [/(X-Amz-Signature=)[0-9a-f]+/gi, '$1[redacted]'],
  [/(Signature=)[0-9a-f]{16,}/gi, '$1[redacted]'],
  [/(Credential=)[A-Z0-9]{16,128}/g, '$1[redacted]'],
  // Long-term (AKIA) and temporary (ASIA) access key ids.
  [/\b(?:AKIA|ASIA)[A-Z0-9]{12,124}\b/g, '[redacted-access-key]'],
  // Session tokens are long base64 runs; no ARN, id or message word is that long.
  [/[A-Za-z0-9+/=]{100,}/g, '[redacted-token]'],
  // Secret access keys: 40 base64 characters standing alone.
  [/(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g, '[redacted-secret]'],
];

/**
 * Returns `text` with anything that looks like a credential replaced by a placeholder.
 *
 * @example
 * ```ts
 * redact('Credential=ASIAXXXXXXXXXXXXXXXX/20260101/eu-west-1'); // 'Credential=[redacted]/20260101/eu-west-1'
 * ```
 * @internal
 */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Redacts every string value of a log record's details (one level deep, plus nested plain objects).
 * @internal
 */
export function redactDetails(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (/secret|token|signature|password|credential/i.test(key)) out[key] = '[redacted]';
    else if (typeof value === 'string') out[key] = redact(value);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date))
      out[key] = redactDetails(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

/** Log levels of {@link Logger}. @internal */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Writes one redacted record to `logger`, if it has that level. A logger that throws is ignored:
 * logging must never fail a request.
 * @internal
 */
export function log(
  logger: Logger | undefined,
  level: LogLevel,
  message: string,
  details?: Record<string, unknown>,
): void {
  try {
    // Inside the try: a logger's getter may throw too.
    const write = logger?.[level];
    if (typeof write !== 'function') return;
    if (details === undefined) write.call(logger, redact(message));
    else write.call(logger, redact(message), redactDetails(details));
  } catch {
    // A broken logger is not the caller's request's problem.
  }
}
