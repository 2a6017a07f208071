import type { Finding } from '../../types.js';
import { report } from '../finding.js';
import { coversResource, grantsAction } from '../grants.js';
import type { StatementView } from '../types.js';

/**
 * Deny statements that match `actions` on one of `arns`: an explicit deny wins over every
 * allow. A conditional Deny may not apply (warning); one that denies only some of the memory
 * actions is likely deliberate hardening (info).
 * @internal
 */
export function explicitDenies(
  statements: readonly StatementView[],
  arns: readonly string[],
  actions: readonly string[],
): Finding[] {
  const findings: Finding[] = [];
  for (const statement of statements) {
    if (statement.effect !== 'Deny') continue;
    const denied = actions.filter((a) => grantsAction(statement, a));
    const arn = arns.find((a) => coversResource(statement, a));
    if (denied.length === 0 || arn === undefined) continue;
    const conditional = statement.conditions.length > 0;
    const partial = denied.length < actions.length;
    const named =
      statement.sid === undefined ? `Statement ${statement.index}` : `Statement "${statement.sid}"`;
    findings.push(
      report(
        statement,
        'explicit-deny',
        partial ? 'info' : conditional ? 'warning' : 'error',
        statement.path,
        `${named} denies ${partial ? `${denied.length} of the ${actions.length} actions (${denied.slice(0, 3).join(', ')}…)` : denied.join(', ')} on ${arn}${conditional ? ' when its conditions hold' : ''}: an explicit deny wins over every allow.`,
        'Remove the Deny, or narrow its Action, Resource or Condition so that it no longer matches this caller.',
      ),
    );
  }
  return findings;
}
