import type { Finding } from '../../types.js';
import { resultWhenKeyAbsent } from '../conditions.js';
import { quote, report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

/** Keys only an AWS service calling on someone's behalf sets (FACTS.md, Authorization), and their IAM-principal counterparts. */
const SOURCE_KEYS = new Map<string, string>([
  ['aws:sourceaccount', 'aws:PrincipalAccount'],
  ['aws:sourcearn', 'aws:PrincipalArn'],
]);

/**
 * aws:SourceAccount / aws:SourceArn in a policy whose principals are IAM principals: a direct
 * call never carries them, so an Allow never applies and a negated Deny always does, and AWS
 * reports only "no resource-based policy allows" (seed 000, gotcha 3). Right with a Service
 * principal, where the service sets them.
 * @internal
 */
export const sourceAccountConditionRule: LintRule = {
  name: 'source-account-condition',
  codes: ['source-account-condition'],
  kinds: ['resource', 'trust'],
  check(context: LintContext): Finding[] {
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const principal = statement.principal;
      if (principal === undefined || principal.negated) continue;
      const iam = principal.entries.filter((e) => e.type === 'AWS');
      if (iam.length === 0) continue;
      const alsoService = principal.entries.some((e) => e.type === 'Service');
      for (const condition of statement.conditions) {
        const replacement = SOURCE_KEYS.get(condition.key.toLowerCase());
        if (replacement === undefined) continue;
        const whenAbsent = resultWhenKeyAbsent(condition.operator, condition.values);
        const fix = { conditionKey: condition.key };
        if (statement.effect === 'Allow' && whenAbsent === false) {
          findings.push(
            report(
              statement,
              'source-account-condition',
              alsoService ? 'warning' : 'error',
              condition.keyPath,
              `${quote(condition.key)} is never set on a direct call by an IAM principal, so this Allow never applies to ${quote(iam[0]?.value)}${alsoService ? ' (only to the service)' : ''}; AWS then reports "no resource-based policy allows".`,
              fix,
            ),
          );
        } else if (statement.effect === 'Deny' && whenAbsent === true) {
          findings.push(
            report(
              statement,
              'source-account-condition',
              'error',
              condition.keyPath,
              `${quote(condition.key)} is absent on a direct call by an IAM principal, so ${quote(condition.operator)} is true and this Deny matches every such call.`,
              fix,
            ),
          );
        }
      }
    }
    return findings;
  },
};
