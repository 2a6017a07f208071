import type { Finding } from '../../types.js';
import { restrictionOf } from '../conditions.js';
import { quote, report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

const ACCOUNT_ROOT = /^(?:arn:aws(?:-cn|-us-gov)?:iam::\d{12}:root|\d{12})$/;

/**
 * Least privilege: an account root (every role the account allows) or a `*` narrowed only to
 * an account, an organization or a network, where naming the caller role would do.
 * @internal
 */
export const broadPrincipalRule: LintRule = {
  name: 'broad-principal',
  codes: ['broad-principal'],
  kinds: ['resource', 'trust'],
  check(context: LintContext): Finding[] {
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const principal = statement.principal;
      if (statement.effect !== 'Allow' || principal === undefined || principal.negated) continue;
      for (const entry of principal.entries) {
        if (entry.type !== 'AWS' || !ACCOUNT_ROOT.test(entry.value)) continue;
        findings.push(
          report(
            statement,
            'broad-principal',
            'warning',
            entry.path,
            `Principal ${quote(entry.value)} is a whole account: every role and user its administrators allow may call.`,
          ),
        );
      }
      const restriction = principal.everyone ? restrictionOf(statement.conditions) : undefined;
      if (restriction !== undefined && restriction !== 'principal') {
        findings.push(
          report(
            statement,
            'broad-principal',
            'warning',
            principal.path,
            `Principal "*" is narrowed only to ${restriction === 'other' ? 'a source or network' : `an ${restriction === 'org' ? 'organization' : 'account'}`}: every principal in it may call.`,
            'Name the caller roles in "Principal": {"AWS": […]}, or narrow the condition with aws:PrincipalArn.',
          ),
        );
      }
    }
    return findings;
  },
};
