import { type CodeFacts, codeInfo } from '../codes.js';
import type { Finding, FindingCode, Severity } from '../types.js';
import type { StatementView } from './types.js';

/**
 * Builds a finding about a statement (or the document, when `statement` is undefined); a
 * statement linted as part of a set gives the finding its `policyArn`. The code catalogue gives
 * the severity when `severity` is undefined, and the fix when `fix` is facts (its template
 * worded with them) rather than a sentence of the rule's own.
 * @internal
 */
export function report(
  statement: StatementView | undefined,
  code: FindingCode,
  severity: Severity | undefined,
  path: string,
  message: string,
  fix: string | CodeFacts = {},
): Finding {
  const info = codeInfo(code);
  const finding: Finding = {
    code,
    severity: severity ?? info.severity,
    message,
    path,
    fix: typeof fix === 'string' ? fix : info.fix(fix),
  };
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
