import { globMatch } from '../../statement/wildcard.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import { allowsFor, INVOKE, ResourceIndex } from '../grants.js';
import { sampleOf } from '../resources.js';
import type { LintContext, LintRule } from '../types.js';

const FOR_USER = 'bedrock-agentcore:InvokeAgentRuntimeForUser';

/**
 * InvokeAgentRuntimeForUser granted where InvokeAgentRuntime is not: a call that sends a user
 * id needs both (FACTS.md, Wire), so the grant is useless alone. In an identity policy this is
 * `identity-missing-action`, in a resource policy `action-not-allowed`.
 * @internal
 */
export const forUserNeedsInvokeRule: LintRule = {
  name: 'for-user-needs-invoke',
  codes: ['identity-missing-action', 'action-not-allowed'],
  kinds: ['identity', 'resource'],
  acrossPolicies: true,
  check(context: LintContext): Finding[] {
    const forUser = allowsFor(context.statements, FOR_USER);
    if (forUser.length === 0) return [];
    const invoke = new ResourceIndex(allowsFor(context.statements, INVOKE));
    const findings: Finding[] = [];
    for (const statement of forUser) {
      const element = statement.resource;
      if (element === undefined || element.negated) continue;
      const uncovered = element.entries.find((e) => invoke.find(sampleOf(e.value)) === undefined);
      if (uncovered === undefined) continue;
      const at =
        statement.action?.entries.find((e) => globMatch(e.value, FOR_USER, true))?.path ?? statement.path;
      findings.push(
        report(
          statement,
          context.kind === 'identity' ? 'identity-missing-action' : 'action-not-allowed',
          'error',
          at,
          `InvokeAgentRuntimeForUser is allowed on ${quote(uncovered.value)} without InvokeAgentRuntime: a call with a user id needs both, a call without one needs InvokeAgentRuntime.`,
          `Allow ${INVOKE} on the same resources, next to InvokeAgentRuntimeForUser.`,
        ),
      );
    }
    return findings;
  },
};
