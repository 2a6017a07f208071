/**
 * The trust policy of the invoker role in Account A (pattern 2).
 * @module
 */

import { PARTITIONS, type Partition } from '../../arn/patterns.js';
import { parsePrincipalArn } from '../../arn/principal.js';
import type { PolicyDocument, Statement } from '../types.js';
import {
  allowStatement,
  builderInput,
  checkOrgId,
  iamPrincipalCondition,
  normalizePrincipals,
  POLICY_VERSION,
  quote,
  refuse,
} from './common.js';

/** Input of {@link assumeRoleTrustPolicy}. */
export interface AssumeRoleTrustPolicyInput {
  /**
   * Who may assume the role: IAM principal ARNs (preferably the caller role in Account B) or
   * 12-digit account ids. `*` only together with `principalOrgId`.
   */
  trustedPrincipals: readonly string[];
  /** Required `sts:ExternalId` (StringEquals), for a role assumed on behalf of a third party. */
  externalId?: string;
  /** Restricts the principals to an AWS Organization (`StringEquals aws:PrincipalOrgID`). */
  principalOrgId?: string;
  /** Also allow `sts:SetSourceIdentity`, needed when the caller passes a source identity. Default false. */
  allowSourceIdentity?: boolean;
  /** Also allow `sts:TagSession`, needed when the caller passes session tags. Default false. */
  allowTagSession?: boolean;
  /** Partition of the role; default: the partition of the first principal ARN, else `aws`. */
  partition?: Partition;
}

/** Sids of the statements of {@link assumeRoleTrustPolicy}. */
export const TRUST_SIDS = {
  assumeRole: 'AllowCrossAccountAssumeRole',
  sessionOptions: 'AllowCrossAccountSessionOptions',
} as const;

const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

function partitionOf(input: AssumeRoleTrustPolicyInput): Partition {
  if (input.partition !== undefined) {
    if (!(PARTITIONS as readonly string[]).includes(input.partition)) {
      refuse(
        'partition',
        `${quote(input.partition)} is not a partition`,
        `Use one of ${PARTITIONS.join(', ')}.`,
      );
    }
    return input.partition;
  }
  const first = Array.isArray(input.trustedPrincipals)
    ? input.trustedPrincipals.find((p) => typeof p === 'string' && p.startsWith('arn:'))
    : undefined;
  if (first === undefined) return 'aws';
  try {
    return parsePrincipalArn(first).partition;
  } catch {
    return 'aws'; // normalizePrincipals reports the malformed ARN with its field
  }
}

/**
 * The trust policy of a role in Account A that principals of Account B assume before invoking
 * (pattern 2 of the field report): `sts:AssumeRole` for the trusted principals, with the
 * ExternalId and organization conditions when given. `sts:SetSourceIdentity` and `sts:TagSession`
 * get their own statement without the ExternalId condition: they are authorized only inside an
 * AssumeRole call that the first statement already gates, so they work whether or not AWS puts
 * sts:ExternalId in their request context.
 *
 * @throws {@link PolicyBuildError} for empty principals, a `*` principal without
 *   `principalOrgId` (`broad-principal`), a malformed ExternalId or organization id.
 * @throws {@link InvalidArnError} for a malformed principal ARN.
 *
 * @example
 * ```ts
 * import { assumeRoleTrustPolicy } from 'agentcore-xacct/policy';
 * const trust = assumeRoleTrustPolicy({
 *   trustedPrincipals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 *   externalId: 'agent-invoker-7f3a',
 * });
 * ```
 */
export function assumeRoleTrustPolicy(input: AssumeRoleTrustPolicyInput): PolicyDocument {
  input = builderInput(input, 'assumeRoleTrustPolicy');
  const principalOrgId = checkOrgId(input.principalOrgId);
  const principals = normalizePrincipals(input.trustedPrincipals, {
    field: 'trustedPrincipals',
    partition: partitionOf(input),
    principalOrgId,
  });
  if (
    input.externalId !== undefined &&
    (typeof input.externalId !== 'string' || !EXTERNAL_ID.test(input.externalId))
  ) {
    refuse(
      'externalId',
      `${quote(input.externalId)} is not a valid ExternalId`,
      'Use 2 to 1224 characters among letters, digits and +=,.@:/-_ (as sts:AssumeRole accepts).',
    );
  }
  const orgCondition = iamPrincipalCondition(undefined, principalOrgId);
  const assumeCondition = iamPrincipalCondition(
    input.externalId === undefined ? undefined : { StringEquals: { 'sts:ExternalId': input.externalId } },
    principalOrgId,
  );
  const sessionActions = [
    ...(input.allowSourceIdentity === true ? ['sts:SetSourceIdentity'] : []),
    ...(input.allowTagSession === true ? ['sts:TagSession'] : []),
  ];
  const statements: Statement[] = [
    allowStatement({
      sid: TRUST_SIDS.assumeRole,
      principals,
      actions: ['sts:AssumeRole'],
      condition: assumeCondition,
    }),
  ];
  if (sessionActions.length > 0) {
    statements.push(
      allowStatement({
        sid: TRUST_SIDS.sessionOptions,
        principals,
        actions: sessionActions,
        condition: orgCondition,
      }),
    );
  }
  return { Version: POLICY_VERSION, Statement: statements };
}
