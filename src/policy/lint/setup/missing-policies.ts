/**
 * Set-level check: every ARN AWS authorizes a cross-account call against has a resource policy.
 * @internal
 */
import { codeInfo } from '../../codes.js';
import type { Finding, PolicyDocument } from '../../types.js';
import type { CallerIdentity } from '../grants.js';
import type { ResolvedTarget } from './targets.js';

/**
 * Runtime without a policy, endpoint without one while its runtime has one (seed 000,
 * gotcha 1), memory without one. Targets in the caller's own account need none.
 * @internal
 */
export function missingPolicies(
  targets: readonly ResolvedTarget[],
  policies: Readonly<Record<string, PolicyDocument | undefined>>,
  caller: CallerIdentity | undefined,
): Finding[] {
  const has = (arn: string): boolean => Object.hasOwn(policies, arn) && policies[arn] !== undefined;
  const findings: Finding[] = [];
  for (const target of targets) {
    if (caller !== undefined && caller.accountId === target.accountId) continue;
    if (target.type === 'memory') {
      if (!has(target.arn)) {
        findings.push({
          code: 'memory-policy-missing',
          severity: 'error',
          message: `Memory ${target.arn} has no resource policy: no other account may use it.`,
          path: '',
          fix: codeInfo('memory-policy-missing').fix({
            resourceArn: target.arn,
            ownerAccount: target.accountId,
            action: 'the memory actions it needs',
            grantee: caller?.principalArn,
          }),
          policyArn: target.arn,
        });
      }
      continue;
    }
    const bare = target.endpoints.filter((e) => !has(e));
    if (!has(target.arn)) {
      findings.push({
        code: 'runtime-policy-missing',
        severity: 'error',
        message: `Runtime ${target.arn} has no resource policy${bare.length > 0 ? `, nor ${bare.length === 1 ? 'does its endpoint' : 'do its endpoints'} ${bare.join(', ')}` : ''}: no other account may invoke it.`,
        path: '',
        fix: 'Attach one resource policy to the runtime ARN and one to each endpoint ARN, identical except Resource, which is the exact ARN each is attached to (runtimeAccessPolicies builds them).',
        policyArn: target.arn,
      });
      continue;
    }
    for (const endpoint of bare) {
      findings.push({
        code: 'endpoint-policy-missing',
        severity: 'error',
        message: `Runtime ${target.arn} has a resource policy but its endpoint ${endpoint} has none: AWS authorizes every invocation against both, so it is denied.`,
        path: '',
        fix: codeInfo('endpoint-policy-missing').fix({
          endpointArn: endpoint,
          ownerAccount: target.accountId,
          action: 'the invoke actions',
          grantee: caller?.principalArn,
        }),
        policyArn: endpoint,
      });
    }
  }
  return findings;
}
