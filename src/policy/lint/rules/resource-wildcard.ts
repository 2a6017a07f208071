import { hasWildcard } from '../../statement/wildcard.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

/**
 * A wildcard `Resource` (or any `NotResource`, which names everything else) in a resource
 * policy: AgentCore's PutResourcePolicy rejects it (seed 000, gotcha 2).
 * @internal
 */
export const resourceWildcardRule: LintRule = {
  name: 'resource-wildcard',
  codes: ['resource-wildcard'],
  kinds: ['resource'],
  check(context: LintContext): Finding[] {
    const target =
      context.attachedTo === undefined
        ? 'the exact ARN the policy is attached to'
        : `exactly ${context.attachedTo}`;
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const element = statement.resource;
      if (element === undefined) continue;
      if (element.negated) {
        findings.push(
          report(
            statement,
            'resource-wildcard',
            'error',
            element.path,
            'NotResource in a resource policy names every resource but those listed: AgentCore accepts only the exact ARN.',
            `Replace NotResource with "Resource": ${target}.`,
          ),
        );
        continue;
      }
      for (const entry of element.entries) {
        if (!hasWildcard(entry.value)) continue;
        findings.push(
          report(
            statement,
            'resource-wildcard',
            undefined,
            entry.path,
            `Resource ${quote(entry.value)} holds a wildcard: AgentCore rejects wildcards in a resource policy.`,
            { resourceArn: context.attachedTo },
          ),
        );
      }
    }
    return findings;
  },
};
