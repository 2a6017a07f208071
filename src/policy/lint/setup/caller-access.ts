/**
 * Set-level check of the owner's side for a known caller: does each resource policy name the
 * caller (itself, its role or its account) and allow it the invoke, gateway, harness or memory
 * actions?
 * @internal
 */
import { GATEWAY_INVOKE_ACTIONS, HARNESS_INVOKE_ACTIONS, MEMORY_DATA_PLANE_ACTIONS } from '../../actions.js';
import { globMatch } from '../../statement/wildcard.js';
import type { Finding } from '../../types.js';
import { report } from '../finding.js';
import { type CallerIdentity, grantsAction, INVOKE, namesCaller } from '../grants.js';
import type { LintContext, StatementView } from '../types.js';
import { explicitDenies } from './deny.js';
import { hasEndpoints, type ResolvedTarget } from './targets.js';

/**
 * What a resource policy must allow the caller, by target type: every one of `actions` (for a
 * memory, any one of them).
 */
const NEEDED: Record<ResolvedTarget['type'], { actions: readonly string[]; what: string }> = {
  runtime: { actions: [INVOKE], what: INVOKE },
  harness: { actions: HARNESS_INVOKE_ACTIONS, what: HARNESS_INVOKE_ACTIONS.join(' and ') },
  gateway: { actions: GATEWAY_INVOKE_ACTIONS, what: GATEWAY_INVOKE_ACTIONS[0] },
  memory: { actions: MEMORY_DATA_PLANE_ACTIONS, what: 'any memory data-plane action' },
};

/** @internal */
export function callerAccess(
  targets: readonly ResolvedTarget[],
  contexts: ReadonlyMap<string, LintContext>,
  caller: CallerIdentity,
): Finding[] {
  const findings: Finding[] = [];
  for (const target of targets) {
    if (target.accountId === caller.accountId) continue;
    const arns = hasEndpoints(target) ? [target.arn, ...target.endpoints] : [target.arn];
    const { actions, what } = NEEDED[target.type];
    for (const arn of arns) {
      const context = contexts.get(arn);
      if (context === undefined) continue;
      const naming = context.statements.filter((s) => namesCaller(s, caller));
      findings.push(...explicitDenies(naming, [arn], actions));
      const allows = naming.filter((s) => s.effect === 'Allow');
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
      } else {
        const missing = actions.filter((a) => !allows.some((s) => grantsAction(s, a)));
        if (missing.length === 0 || (target.type === 'memory' && missing.length < actions.length)) continue;
        if (target.type === 'harness' && !missing.includes(HARNESS_INVOKE_ACTIONS[0])) {
          findings.push(missingCompanion(allows, arn));
          continue;
        }
        findings.push(
          report(
            first,
            'action-not-allowed',
            'error',
            first.action?.path ?? first.path,
            `The resource policy on ${arn} names the caller but does not allow it ${what}.`,
            `Add ${target.type === 'memory' ? 'the memory actions the caller needs' : missing.join(' and ')} to the Action of the statement that names the caller.`,
          ),
        );
      }
    }
  }
  return findings;
}

/**
 * A harness policy that lets the caller InvokeHarness but not InvokeAgentRuntime, which AWS
 * requires too; reported at the InvokeHarness entry, where the document rule reports it as well.
 */
function missingCompanion(allows: readonly StatementView[], arn: string): Finding {
  const [invokeHarness, invokeRuntime] = HARNESS_INVOKE_ACTIONS;
  const statement = allows.find((s) => grantsAction(s, invokeHarness)) as StatementView;
  const at =
    statement.action?.entries.find((e) => globMatch(e.value, invokeHarness, true))?.path ?? statement.path;
  return report(
    statement,
    'harness-missing-invoke-runtime',
    'error',
    at,
    `The resource policy on ${arn} allows the caller ${invokeHarness} but not ${invokeRuntime}, and AWS requires both on the harness ARN.`,
    `Add ${invokeRuntime} to the Action of that statement.`,
  );
}
