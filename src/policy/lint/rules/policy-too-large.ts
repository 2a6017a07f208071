import type { Finding } from '../../types.js';
import { report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

/** PutResourcePolicy accepts a policy of 1 to 20,480 characters (FACTS.md, Wire). @internal */
export const MAX_RESOURCE_POLICY_LENGTH = 20_480;

/** A resource policy longer than AgentCore's PutResourcePolicy accepts. @internal */
export const policyTooLargeRule: LintRule = {
  name: 'policy-too-large',
  codes: ['policy-too-large'],
  kinds: ['resource'],
  check(context: LintContext): Finding[] {
    if (context.size <= MAX_RESOURCE_POLICY_LENGTH) return [];
    return [
      report(
        undefined,
        'policy-too-large',
        undefined,
        '',
        `The policy is ${context.size} characters (a JSON string as given, an object as compact JSON); PutResourcePolicy accepts at most ${MAX_RESOURCE_POLICY_LENGTH}.`,
      ),
    ];
  },
};
