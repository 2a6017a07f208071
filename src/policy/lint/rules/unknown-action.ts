import { agentCoreAction, allAgentCoreActions, SERVICE_PREFIX } from '../../actions.js';
import { globMatch, hasWildcard } from '../../statement/wildcard.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

// Suggestions cost an edit distance against every action: only for the first few names.
const MAX_SUGGESTIONS = 20;

/**
 * A `bedrock-agentcore:` action (or pattern) that matches no action IAM knows: IAM accepts
 * the document, and the statement silently grants or denies nothing. Other services are not
 * checked.
 * @internal
 */
export const unknownActionRule: LintRule = {
  name: 'unknown-action',
  codes: ['unknown-action'],
  kinds: ['resource', 'identity', 'trust'],
  check(context: LintContext): Finding[] {
    const known = new Map<string, boolean>();
    const findings: Finding[] = [];
    let suggestions = 0;
    for (const statement of context.statements) {
      for (const entry of statement.action?.entries ?? []) {
        const colon = entry.value.indexOf(':');
        if (colon < 0 || entry.value.slice(0, colon).toLowerCase() !== SERVICE_PREFIX) continue;
        let exists = known.get(entry.value);
        if (exists === undefined) {
          exists = isKnown(entry.value);
          known.set(entry.value, exists);
        }
        if (exists) continue;
        const name = entry.value.slice(colon + 1);
        const suggestion = suggestions++ < MAX_SUGGESTIONS && !hasWildcard(name) ? closest(name) : undefined;
        findings.push(
          report(
            statement,
            'unknown-action',
            'error',
            entry.path,
            hasWildcard(name)
              ? `Action pattern ${quote(entry.value)} matches no ${SERVICE_PREFIX} action IAM knows.`
              : `Action ${quote(entry.value)} is not a ${SERVICE_PREFIX} action IAM knows.`,
            suggestion === undefined
              ? `Use an action from the IAM service authorization reference for ${SERVICE_PREFIX}, e.g. ${SERVICE_PREFIX}:InvokeAgentRuntime.`
              : `Did you mean ${quote(suggestion)}?`,
          ),
        );
      }
    }
    return findings;
  },
};

function isKnown(action: string): boolean {
  if (!hasWildcard(action)) return agentCoreAction(action) !== undefined;
  return allAgentCoreActions().some((known) => globMatch(action, known, true));
}

function closest(name: string): string | undefined {
  if (name.length > 80) return undefined;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 4)) + 1;
  for (const action of allAgentCoreActions()) {
    const candidate = action.slice(SERVICE_PREFIX.length + 1).toLowerCase();
    const prefix = lower.length >= 4 && (candidate.startsWith(lower) || lower.startsWith(candidate));
    const distance = prefix ? 1 : editDistance(lower, candidate, bestDistance);
    if (distance < bestDistance) {
      best = action;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be under `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return previous[b.length] ?? limit;
}
