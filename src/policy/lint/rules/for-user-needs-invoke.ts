import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import { grantedWithout, INVOKE } from '../grants.js';
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
    return grantedWithout(context.statements, FOR_USER, INVOKE).map(({ statement, entry, at }) =>
      report(
        statement,
        context.kind === 'identity' ? 'identity-missing-action' : 'action-not-allowed',
        'error',
        at,
        `InvokeAgentRuntimeForUser is allowed on ${quote(entry.value)} without InvokeAgentRuntime: a call with a user id needs both, a call without one needs InvokeAgentRuntime.`,
        `Allow ${INVOKE} on the same resources, next to InvokeAgentRuntimeForUser.`,
      ),
    );
  },
};
