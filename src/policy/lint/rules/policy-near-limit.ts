import { MAX_RESOURCE_POLICY_LENGTH, MAX_RESOURCE_POLICY_STATEMENTS } from '../../limits.js';
import type { Finding } from '../../types.js';
import { report } from '../finding.js';
import type { LintContext, LintRule } from '../types.js';

/** The share of a limit past which a policy is reported as near it. */
const NEAR = 0.8;

/**
 * A resource policy within 20 % of AgentCore's caps (20,480 characters, 100 statements): the next
 * grant merged into it may be refused. Past a cap, `policy-too-large` reports it instead.
 * @internal
 */
export const policyNearLimitRule: LintRule = {
  name: 'policy-near-limit',
  codes: ['policy-near-limit'],
  kinds: ['resource'],
  check(context: LintContext): Finding[] {
    const findings: Finding[] = [];
    const { size } = context;
    if (size > NEAR * MAX_RESOURCE_POLICY_LENGTH && size <= MAX_RESOURCE_POLICY_LENGTH) {
      findings.push(
        report(
          undefined,
          'policy-near-limit',
          'warning',
          '',
          `The policy is ${size} characters, ${Math.round((size / MAX_RESOURCE_POLICY_LENGTH) * 100)} % of the ${MAX_RESOURCE_POLICY_LENGTH} PutResourcePolicy accepts: the next grant may not fit.`,
        ),
      );
    }
    const count = context.statements.length;
    if (count > NEAR * MAX_RESOURCE_POLICY_STATEMENTS && count <= MAX_RESOURCE_POLICY_STATEMENTS) {
      findings.push(
        report(
          undefined,
          'policy-near-limit',
          'warning',
          '/Statement',
          `The policy has ${count} statements of the ${MAX_RESOURCE_POLICY_STATEMENTS} a resource policy may hold: the next grants may not fit.`,
        ),
      );
    }
    return findings;
  },
};
