/**
 * What the resource-policy builders of runtimes, harnesses and gateways share: the statement
 * parts of one grant (principals, actions, Sid, conditions), the endpoint ARNs of a resource with
 * endpoints, and the document attached to each ARN, whose `Resource` is always that ARN.
 * @internal
 */
import type { Partition } from '../../arn/patterns.js';
import type { ConditionElement, ResourcePolicy } from '../types.js';
import {
  allowStatement,
  checkOrgId,
  checkSid,
  dedupe,
  iamPrincipalCondition,
  normalizePrincipals,
  POLICY_VERSION,
  refuseWildcardResource,
  requireList,
  type StatementParts,
  withField,
} from './common.js';

/** The fields of a grant every resource-policy builder takes. @internal */
export interface GrantFields {
  principals: readonly string[];
  principalOrgId?: string;
  sid?: string;
  condition?: ConditionElement;
}

/**
 * The statement parts of a grant of `actions` (already validated) to the input's principals.
 * @internal
 */
export function grantParts(
  input: GrantFields,
  partition: Partition,
  defaultSid: string,
  actions: readonly string[],
): Omit<StatementParts, 'resources'> {
  const principalOrgId = checkOrgId(input.principalOrgId);
  return {
    sid: checkSid(input.sid ?? defaultSid, 'sid'),
    principals: normalizePrincipals(input.principals, { field: 'principals', partition, principalOrgId }),
    actions,
    condition: iamPrincipalCondition(input.condition, principalOrgId),
  };
}

/**
 * The endpoint ARNs of `qualifiers` (default `['DEFAULT']`), repeats removed: every call is also
 * authorized against an endpoint ARN, so the list may not be empty.
 * @internal
 */
export function endpointArnsOf(
  qualifiers: unknown,
  parentArn: string,
  endpointArn: (parent: string, qualifier: string) => string,
): string[] {
  return dedupe(
    requireList(
      qualifiers ?? ['DEFAULT'],
      'qualifiers',
      'endpoint',
      'Every invocation is also authorized against an endpoint ARN; leave qualifiers out for DEFAULT.',
    ).map((qualifier, index) => {
      const field = `qualifiers[${index}]`;
      refuseWildcardResource(qualifier, field);
      return withField(field, () => endpointArn(parentArn, qualifier as string));
    }),
  );
}

/**
 * The resource policy of one ARN: one Allow statement whose `Resource` is exactly that ARN.
 * @internal
 */
export function grantPolicy(parts: Omit<StatementParts, 'resources'>, resourceArn: string): ResourcePolicy {
  return {
    resourceArn,
    document: {
      Version: POLICY_VERSION,
      Statement: [allowStatement({ ...parts, resources: [resourceArn] })],
    },
  };
}
