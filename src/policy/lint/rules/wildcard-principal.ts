import type { Finding } from '../../types.js';
import { restrictionOf } from '../conditions.js';
import { report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

/**
 * An Allow for every principal (`*`, `{"AWS": "*"}`, or NotPrincipal) with no condition that
 * pins down the caller: anyone in any account may call.
 * @internal
 */
export const wildcardPrincipalRule: LintRule = {
  name: 'wildcard-principal',
  codes: ['wildcard-principal'],
  kinds: ['resource', 'trust'],
  check(context: LintContext): Finding[] {
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const principal = statement.principal;
      if (statement.effect !== 'Allow' || principal === undefined) continue;
      if (principal.negated) {
        findings.push(
          report(
            statement,
            'wildcard-principal',
            'error',
            principal.path,
            'Allow with NotPrincipal grants every principal of every account except those listed.',
            'Replace NotPrincipal with "Principal": {"AWS": [the role ARNs that need access]}.',
          ),
        );
      } else if (principal.everyone && restrictionOf(statement.conditions) === undefined) {
        findings.push(
          report(
            statement,
            'wildcard-principal',
            'error',
            principal.path,
            'Principal "*" with no restricting condition grants every principal of every AWS account.',
          ),
        );
      }
    }
    return findings;
  },
};
