import { parseOperator } from '../../statement/conditions.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

/**
 * A condition operator IAM does not know. Operators are compared ignoring case (as IAM's
 * evaluation libraries do); a different case alone is only a warning, since the documentation
 * spells each operator one way. That part is an assumption: FACTS.md does not cover it.
 * @internal
 */
export const unknownConditionOperatorRule: LintRule = {
  name: 'unknown-condition-operator',
  codes: ['unknown-condition-operator'],
  kinds: ['resource', 'identity', 'trust'],
  check(context: LintContext): Finding[] {
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const seen = new Set<string>();
      for (const { operator, operatorPath } of statement.conditions) {
        if (seen.has(operator)) continue;
        seen.add(operator);
        const parsed = parseOperator(operator);
        if (parsed === undefined) {
          findings.push(
            report(
              statement,
              'unknown-condition-operator',
              'error',
              operatorPath,
              `Condition operator ${quote(operator)} does not exist.`,
            ),
          );
        } else if (parsed.canonical !== operator) {
          findings.push(
            report(
              statement,
              'unknown-condition-operator',
              'warning',
              operatorPath,
              `Condition operator ${quote(operator)} is spelled ${quote(parsed.canonical)} in the IAM grammar.`,
              `Write ${quote(parsed.canonical)}.`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
