import type { Finding, FindingCode, Severity } from '../types.js';
import type { StatementView } from './types.js';

/**
 * Builds a finding about a statement (or the document, when `statement` is undefined); a
 * statement linted as part of a set gives the finding its `policyArn`.
 * @internal
 */
export function report(
  statement: StatementView | undefined,
  code: FindingCode,
  severity: Severity,
  path: string,
  message: string,
  fix: string,
): Finding {
  const finding: Finding = { code, severity, message, path, fix };
  if (statement?.origin !== undefined) finding.policyArn = statement.origin;
  return finding;
}

/** Shortens a value quoted in a message. @internal */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(typeof value);
  }
  return `"${text.length > 120 ? `${text.slice(0, 120)}…` : text}"`;
}
