/**
 * The message of an `AgentCoreAccessDeniedError`: the most likely cause and what to check
 * first, then the other suspects, then AWS's own text (redacted).
 * @internal
 */
import { redact } from '../credentials/redact.js';
import { codeInfo, REPOSITORY_URL, TROUBLESHOOTING_URL } from '../policy/codes.js';
import type { CauseCode } from '../policy/types.js';
import type { Diagnosis } from './types.js';

const MAX_AWS_TEXT = 1000;
const MAX_OTHERS = 8;

export { REPOSITORY_URL, TROUBLESHOOTING_URL };

/** The same page in an installed package, for reading offline. @internal */
export const TROUBLESHOOTING_FILE = 'node_modules/agentcore-xacct/docs/troubleshooting.md';

/**
 * The troubleshooting section of one cause code.
 * @internal
 */
export function troubleshootingLink(code: CauseCode): string {
  return codeInfo(code).helpUri;
}

/**
 * Words a diagnosis as one error message. Never contains a secret: every part is redacted, and
 * AWS's text (which a hostile endpoint could stuff with anything) is cut to 1,000 characters.
 * @internal
 */
export function diagnosisMessage(diagnosis: Diagnosis, awsText: string, operation: string): string {
  const [first, ...rest] = diagnosis.causes;
  const who = diagnosis.principalArn ?? 'the caller';
  const what = diagnosis.action ?? operation;
  const where = diagnosis.resourceArn === undefined ? '' : ` on ${diagnosis.resourceArn}`;
  const parts: string[] = [];
  if (first === undefined) {
    parts.push(`Access denied: ${who} may not ${what}${where}. ${diagnosis.summary}`);
  } else {
    const how = diagnosis.contradiction
      ? 'yet the given policies allow it'
      : first.confidence === 'proven'
        ? 'proven from the given policies'
        : `${first.confidence} cause`;
    parts.push(`Access denied, ${how}: ${first.code}. ${withoutSaid(diagnosis.summary, first.evidence)}`);
    parts.push(`${first.evidence} Check first: ${first.fix}`);
    const others = rest
      .filter((c) => c.confidence !== 'ruled-out')
      .map((c) => c.code)
      .filter((code, i, all) => code !== first.code && all.indexOf(code) === i)
      .slice(0, MAX_OTHERS);
    // By code: each has its troubleshooting section, and `diagnosis.checklist` says what to check.
    if (others.length > 0) parts.push(`Then check: ${others.join(', ')}.`);
    const ruledOut = rest.filter((c) => c.confidence === 'ruled-out').map((c) => c.code);
    if (ruledOut.length > 0)
      parts.push(`Ruled out: ${[...new Set(ruledOut)].slice(0, MAX_OTHERS).join(', ')}.`);
    if (diagnosis.fix !== undefined && diagnosis.fix.changes.length > 0) {
      parts.push(
        `Fix plan: ${diagnosis.fix.changes.map((c) => `${c.policyKind} policy of ${c.attachTo} (${c.code})`).join('; ')} (error.diagnosis.fix).`,
      );
    }
    parts.push(`See ${troubleshootingLink(first.code)} (offline: ${TROUBLESHOOTING_FILE}).`);
    parts.push(`Denied: ${who} may not ${what}${where}.`);
  }
  const text = awsText.length > MAX_AWS_TEXT ? `${awsText.slice(0, MAX_AWS_TEXT)}…` : awsText;
  parts.push(`AWS said: "${text}"`);
  return redact(parts.join(' '));
}

/**
 * `summary` without the sentences `evidence` already says (the summary's "AWS named …" sentence
 * opens the first cause's evidence too): the message says each thing once.
 */
function withoutSaid(summary: string, evidence: string): string {
  const sentences = summary.split(/(?<=\.) (?=[A-Z])/);
  return sentences.filter((sentence) => !evidence.includes(sentence.replace(/\.$/, ''))).join(' ');
}

/**
 * The diagnosis with every string redacted: its parts come from AWS's message, which a hostile
 * or buggy endpoint could fill with anything, and it is enumerable (so `JSON.stringify` shows it).
 * @internal
 */
export function redactDiagnosis<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDiagnosis(item)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactDiagnosis(item);
    return out as T;
  }
  return value;
}
