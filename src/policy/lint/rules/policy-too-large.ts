import { resourcePolicyExcess } from '../../limits.js';
import type { Finding } from '../../types.js';
import { report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

/**
 * A resource policy over one of AgentCore's caps ({@link resourcePolicyExcess}): more characters
 * than PutResourcePolicy accepts, or more than 100 statements. AWS refuses it; so do the Account
 * A functions, before they put it.
 * @internal
 */
export const policyTooLargeRule: LintRule = {
  name: 'policy-too-large',
  codes: ['policy-too-large'],
  kinds: ['resource'],
  check(context: LintContext): Finding[] {
    return resourcePolicyExcess(context.size, context.statements.length).map((over) =>
      over.cap === 'length'
        ? report(
            undefined,
            'policy-too-large',
            undefined,
            '',
            `The policy is ${over.actual} characters (a JSON string as given, an object as compact JSON); PutResourcePolicy accepts at most ${over.max}.`,
          )
        : report(
            undefined,
            'policy-too-large',
            undefined,
            '/Statement',
            `The policy has ${over.actual} statements; a resource policy holds at most ${over.max}.`,
            'Merge statements that grant the same actions (one statement can name many principals), or grant account roots or an organization (principalOrgId) instead of one statement per role.',
          ),
    );
  },
};
