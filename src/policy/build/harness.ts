/**
 * Resource-based policies that let principals of other accounts invoke a harness.
 * @module
 */
import { harnessEndpointArn } from '../../arn/format.js';
import { parseArnOfType } from '../../arn/parse.js';
import { HARNESS_INVOKE_ACTIONS } from '../actions.js';
import type { ConditionElement, ResourcePolicy } from '../types.js';
import { builderInput, refuseWildcardResource } from './common.js';
import { endpointArnsOf, grantParts, grantPolicy } from './grant.js';

/** Input of {@link harnessAccessPolicies}. */
export interface HarnessAccessPoliciesInput {
  /** The exact harness ARN in Account A (not an endpoint ARN, no wildcard). */
  harnessArn: string;
  /**
   * Who may call: IAM principal ARNs (role, user, account root, assumed-role session) or bare
   * 12-digit account ids. `*` only together with `principalOrgId`.
   */
  principals: readonly string[];
  /** Harness endpoint names to emit a policy for. Default `['DEFAULT']`. */
  qualifiers?: readonly string[];
  /** Restricts the principals to an AWS Organization (`StringEquals aws:PrincipalOrgID`). */
  principalOrgId?: string;
  /** Statement id, so a later grant can be merged by Sid. Default `AllowCrossAccountHarnessInvoke`. */
  sid?: string;
  /** Extra conditions; aws:SourceAccount and aws:SourceArn are refused (absent on direct calls). */
  condition?: ConditionElement;
}

/** Output of {@link harnessAccessPolicies}: attach every document, or invocations are denied. */
export interface HarnessAccessPolicies {
  /** The policy of the harness ARN. */
  harness: ResourcePolicy;
  /** One policy per harness endpoint ARN, in the order of `qualifiers`. */
  endpoints: ResourcePolicy[];
}

/** Default Sid of {@link harnessAccessPolicies}. */
export const DEFAULT_HARNESS_SID = 'AllowCrossAccountHarnessInvoke';

/**
 * The resource-based policies that let principals of another account invoke a harness: one for the
 * harness ARN and one for each endpoint ARN, because AgentCore authorizes InvokeHarness against
 * both (the IAM data marks `harness` and `harness-endpoint` required), identical except `Resource`.
 * Each grants InvokeHarness and InvokeAgentRuntime ({@link HARNESS_INVOKE_ACTIONS}): "calling
 * InvokeHarness requires both bedrock-agentcore:InvokeHarness and bedrock-agentcore:InvokeAgentRuntime
 * permissions on the harness ARN" (AgentCore developer guide, harness-security).
 *
 * @throws {@link PolicyBuildError} for a wildcard ARN or qualifier (`resource-wildcard`), a `*`
 *   principal without `principalOrgId` (`broad-principal`), an aws:SourceAccount / aws:SourceArn
 *   condition (`source-account-condition`), empty principals or qualifiers.
 * @throws {@link InvalidArnError} for a malformed harness ARN, qualifier or principal ARN.
 *
 * @example
 * ```ts
 * import { harnessAccessPolicies } from 'agentcore-xacct/policy';
 * const { harness, endpoints } = harnessAccessPolicies({
 *   harnessArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 * });
 * // put-resource-policy on harness.resourceArn, then on each endpoints[i].resourceArn
 * ```
 */
export function harnessAccessPolicies(input: HarnessAccessPoliciesInput): HarnessAccessPolicies {
  input = builderInput(input, 'harnessAccessPolicies');
  refuseWildcardResource(input.harnessArn, 'harnessArn');
  const harness = parseArnOfType(input.harnessArn, 'harness', 'harnessArn');
  const endpointArns = endpointArnsOf(input.qualifiers, harness.arn, harnessEndpointArn);
  const parts = grantParts(input, harness.partition, DEFAULT_HARNESS_SID, [...HARNESS_INVOKE_ACTIONS]);
  return {
    harness: grantPolicy(parts, harness.arn),
    endpoints: endpointArns.map((arn) => grantPolicy(parts, arn)),
  };
}
