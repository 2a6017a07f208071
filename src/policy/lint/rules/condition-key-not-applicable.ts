import { agentCoreAction, allAgentCoreActions, SERVICE_PREFIX } from '../../actions.js';
import { globMatch } from '../../statement/wildcard.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import type { LintContext, LintRule, StatementView } from '../types.js';

const KEY_PREFIX = `${SERVICE_PREFIX}:`;

/**
 * A `bedrock-agentcore:` condition key that none of the statement's AgentCore actions
 * supports (per the generated IAM action table). The key is then absent from every request
 * the statement covers, so an Allow never applies (or a negated Deny always does).
 * @internal
 */
export const conditionKeyNotApplicableRule: LintRule = {
  name: 'condition-key-not-applicable',
  codes: ['condition-key-not-applicable'],
  kinds: ['resource', 'identity', 'trust'],
  check(context: LintContext): Finding[] {
    const findings: Finding[] = [];
    const expand = memoize((pattern: string) =>
      allAgentCoreActions().filter((a) => globMatch(pattern, a, true)),
    );
    const supporting = memoize(actionsSupporting);
    for (const statement of context.statements) {
      const keyed = statement.conditions.filter((c) => c.key.toLowerCase().startsWith(KEY_PREFIX));
      // NotAction covers nearly every action, so no key can be said not to apply.
      if (keyed.length === 0 || statement.action === undefined || statement.action.negated) continue;
      const { actions, keys } = supportedKeys(statement, expand);
      for (const condition of keyed) {
        if (keys.has(condition.key.toLowerCase())) continue;
        const supporters = supporting(condition.key.toLowerCase());
        findings.push(
          report(
            statement,
            'condition-key-not-applicable',
            'warning',
            condition.keyPath,
            actions.length === 0
              ? `Condition key ${quote(condition.key)} applies to ${SERVICE_PREFIX} actions, and the statement grants none.`
              : `Condition key ${quote(condition.key)} is not supported by ${listed(actions)}: it is absent from those requests, so the condition never matches.`,
            supporters.length === 0
              ? `${quote(condition.key)} is not a condition key of any ${SERVICE_PREFIX} action: check its spelling, or remove it.`
              : `Remove the condition, or move it to a statement of actions that support it (${listed(supporters)}).`,
          ),
        );
      }
    }
    return findings;
  },
};

function supportedKeys(
  statement: StatementView,
  expand: (pattern: string) => readonly string[],
): { actions: string[]; keys: Set<string> } {
  const actions = new Set<string>();
  for (const entry of statement.action?.entries ?? []) {
    const colon = entry.value.indexOf(':');
    if (entry.value !== '*' && (colon < 0 || entry.value.slice(0, colon).toLowerCase() !== SERVICE_PREFIX))
      continue;
    for (const action of expand(entry.value)) actions.add(action);
  }
  const keys = new Set<string>();
  for (const action of actions) {
    for (const key of agentCoreAction(action)?.conditionKeys ?? []) keys.add(key.toLowerCase());
  }
  return { actions: [...actions], keys };
}

function actionsSupporting(lowerKey: string): string[] {
  return allAgentCoreActions().filter((a) =>
    (agentCoreAction(a)?.conditionKeys ?? []).some((k) => k.toLowerCase() === lowerKey),
  );
}

/** Caches a function of a string for one lint run (large documents repeat their values). */
function memoize<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

function listed(actions: readonly string[]): string {
  const names = actions.slice(0, 4).map((a) => a.slice(KEY_PREFIX.length));
  return actions.length > 4 ? `${names.join(', ')} and ${actions.length - 4} more` : names.join(', ');
}
