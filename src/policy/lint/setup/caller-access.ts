/**
 * Set-level check of the owner's side for a known caller: does each resource policy name the
 * caller (itself, its role or its account) and allow it the invoke or memory actions?
 * @internal
 */
import { MEMORY_DATA_PLANE_ACTIONS } from '../../actions.js';
import type { Finding } from '../../types.js';
import { report } from '../finding.js';
import { type CallerIdentity, grantsAction, INVOKE, namesCaller } from '../grants.js';
import type { LintContext } from '../types.js';
import { explicitDenies } from './deny.js';
import type { ResolvedTarget } from './targets.js';

/** @internal */
export function callerAccess(
  targets: readonly ResolvedTarget[],
  contexts: ReadonlyMap<string, LintContext>,
  caller: CallerIdentity,
): Finding[] {
  const findings: Finding[] = [];
  for (const target of targets) {
    if (target.accountId === caller.accountId) continue;
    const arns = target.type === 'runtime' ? [target.arn, ...target.endpoints] : [target.arn];
    const actions = target.type === 'runtime' ? [INVOKE] : MEMORY_DATA_PLANE_ACTIONS;
    for (const arn of arns) {
      const context = contexts.get(arn);
      if (context === undefined) continue;
      const naming = context.statements.filter((s) => namesCaller(s, caller));
      findings.push(...explicitDenies(naming, [arn], actions));
      const allows = naming.filter((s) => s.effect === 'Allow');
      const what = target.type === 'runtime' ? INVOKE : 'any memory data-plane action';
      const first = allows[0];
      if (first === undefined) {
        findings.push({
          code: 'principal-not-allowed',
          severity: 'error',
          message: `The resource policy on ${arn} allows neither ${caller.arn}, its role, nor its account ${caller.accountId}.`,
          path: '/Statement',
          fix: `Add a statement with "Principal": {"AWS": "${caller.principalArn}"} allowing ${what}, Resource exactly ${arn}.`,
          policyArn: arn,
        });
      } else if (!allows.some((s) => actions.some((a) => grantsAction(s, a)))) {
        findings.push(
          report(
            first,
            'action-not-allowed',
            'error',
            first.action?.path ?? first.path,
            `The resource policy on ${arn} names the caller but does not allow it ${what}.`,
            `Add ${target.type === 'runtime' ? INVOKE : 'the memory actions the caller needs'} to the Action of the statement that names the caller.`,
          ),
        );
      }
    }
  }
  return findings;
}
