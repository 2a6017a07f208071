import { type AgentCoreResourceType, isAgentCoreArn, parseArn } from '../../../arn/parse.js';
import { type ActionInfo, agentCoreAction, HARNESS_INVOKE_ACTIONS, SERVICE_PREFIX } from '../../actions.js';
import { hasWildcard } from '../../statement/wildcard.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

/**
 * True when `action` can be authorized on a resource of `type`: its resource types (IAM data)
 * name the type, or it is InvokeAgentRuntime on a harness, which AWS checks there with
 * InvokeHarness (AgentCore developer guide, harness-security).
 */
function appliesTo(info: ActionInfo, type: AgentCoreResourceType): boolean {
  if (info.action === HARNESS_INVOKE_ACTIONS[1] && (type === 'harness' || type === 'harness-endpoint'))
    return true;
  return [...info.requiredResourceTypes, ...info.optionalResourceTypes].includes(type);
}

/**
 * An action in a resource policy that can never be authorized on the resource the policy is
 * attached to, such as InvokeAgentRuntime in a gateway's policy copied from a runtime's: the
 * statement grants nothing there. Named actions only (a pattern may cover the right ones).
 * @internal
 */
export const actionNotApplicableRule: LintRule = {
  name: 'action-not-applicable',
  codes: ['action-not-applicable'],
  kinds: ['resource'],
  check(context: LintContext): Finding[] {
    const attached = context.attachedTo;
    if (attached === undefined || !isAgentCoreArn(attached)) return [];
    const type = parseArn(attached).resourceType;
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const element = statement.action;
      if (statement.effect !== 'Allow' || element === undefined || element.negated) continue;
      for (const entry of element.entries) {
        if (hasWildcard(entry.value) || !entry.value.toLowerCase().startsWith(`${SERVICE_PREFIX}:`)) continue;
        const info = agentCoreAction(entry.value);
        if (info === undefined || appliesTo(info, type)) continue;
        findings.push(
          report(
            statement,
            'action-not-applicable',
            'warning',
            entry.path,
            `${quote(entry.value)} is never authorized on a ${type}, so this policy on ${attached} grants nothing with it.`,
            `Remove it, and grant it in the policy of the resource it targets (${[...info.requiredResourceTypes, ...info.optionalResourceTypes].join(', ') || 'an identity policy: it takes no resource'}).`,
          ),
        );
      }
    }
    return findings;
  },
};
