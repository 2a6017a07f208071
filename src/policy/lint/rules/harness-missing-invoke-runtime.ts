import { HARNESS_INVOKE_ACTIONS } from '../../actions.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import { grantedWithout } from '../grants.js';
import type { LintContext, LintRule } from '../types.js';

const [INVOKE_HARNESS, INVOKE_RUNTIME] = HARNESS_INVOKE_ACTIONS;

/**
 * InvokeHarness granted where InvokeAgentRuntime is not: "calling InvokeHarness requires both
 * bedrock-agentcore:InvokeHarness and bedrock-agentcore:InvokeAgentRuntime permissions on the
 * harness ARN" (AgentCore developer guide, harness-security), so the grant denies alone, in a
 * harness's resource policy or in the caller's identity policy alike.
 * @internal
 */
export const harnessMissingInvokeRuntimeRule: LintRule = {
  name: 'harness-missing-invoke-runtime',
  codes: ['harness-missing-invoke-runtime'],
  kinds: ['identity', 'resource'],
  acrossPolicies: true,
  check(context: LintContext): Finding[] {
    return grantedWithout(context.statements, INVOKE_HARNESS, INVOKE_RUNTIME).map(
      ({ statement, entry, at }) =>
        report(
          statement,
          'harness-missing-invoke-runtime',
          'error',
          at,
          `InvokeHarness is allowed on ${quote(entry.value)} without InvokeAgentRuntime, and AWS requires both on the harness ARN: every InvokeHarness call is denied.`,
          `Allow ${INVOKE_RUNTIME} on the same resources, next to ${INVOKE_HARNESS} (harnessAccessPolicies and callerIdentityPolicy({ harnessArns }) grant both).`,
        ),
    );
  },
};
