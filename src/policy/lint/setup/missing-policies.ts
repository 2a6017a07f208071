/**
 * Set-level check: every ARN AWS authorizes a cross-account call against has a resource policy.
 * @internal
 */
import { codeInfo } from '../../codes.js';
import type { CauseCode, Finding, PolicyDocument } from '../../types.js';
import type { CallerIdentity } from '../grants.js';
import { hasEndpoints, type ResolvedTarget } from './targets.js';

/** How each target type words a missing policy: the codes, and the builder that makes them. */
const WORDING = {
  runtime: {
    parent: 'runtime-policy-missing',
    endpoint: 'endpoint-policy-missing',
    what: 'Runtime',
    verb: 'invoke',
    builder: 'runtimeAccessPolicies',
  },
  harness: {
    parent: 'harness-policy-missing',
    endpoint: 'harness-endpoint-policy-missing',
    what: 'Harness',
    verb: 'invoke',
    builder: 'harnessAccessPolicies',
  },
  memory: { parent: 'memory-policy-missing', what: 'Memory', verb: 'use', builder: 'memoryAccessPolicy' },
  gateway: {
    parent: 'gateway-policy-missing',
    what: 'Gateway',
    verb: 'invoke',
    builder: 'gatewayAccessPolicy',
  },
} as const satisfies Record<
  ResolvedTarget['type'],
  { parent: CauseCode; endpoint?: CauseCode; what: string; verb: string; builder: string }
>;

/**
 * Runtime (harness) without a policy, endpoint without one while its runtime (harness) has one
 * (seed 000, gotcha 1), memory or gateway without one. Targets in the caller's own account need none.
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
    const words = WORDING[target.type];
    if (!hasEndpoints(target)) {
      if (!has(target.arn)) {
        findings.push({
          code: words.parent,
          severity: 'error',
          message: `${words.what} ${target.arn} has no resource policy: no other account may ${words.verb} it.`,
          path: '',
          fix: codeInfo(words.parent).fix({
            resourceArn: target.arn,
            ownerAccount: target.accountId,
            action: 'the actions it needs',
            grantee: caller?.principalArn,
          }),
          policyArn: target.arn,
        });
      }
      continue;
    }
    const { endpoint: endpointCode } = WORDING[target.type];
    const bare = target.endpoints.filter((e) => !has(e));
    if (!has(target.arn)) {
      findings.push({
        code: words.parent,
        severity: 'error',
        message: `${words.what} ${target.arn} has no resource policy${bare.length > 0 ? `, nor ${bare.length === 1 ? 'does its endpoint' : 'do its endpoints'} ${bare.join(', ')}` : ''}: no other account may invoke it.`,
        path: '',
        fix: `Attach one resource policy to the ${target.type} ARN and one to each endpoint ARN, identical except Resource, which is the exact ARN each is attached to (${words.builder} builds them).`,
        policyArn: target.arn,
      });
      continue;
    }
    for (const endpoint of bare) {
      findings.push({
        code: endpointCode,
        severity: 'error',
        message: `${words.what} ${target.arn} has a resource policy but its endpoint ${endpoint} has none: AWS authorizes every invocation against both, so it is denied.`,
        path: '',
        fix: codeInfo(endpointCode).fix({
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
