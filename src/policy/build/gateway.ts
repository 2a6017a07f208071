/**
 * The resource-based policy that lets principals of other accounts invoke a gateway.
 * @module
 */
import { parseArnOfType } from '../../arn/parse.js';
import { type ActionInfo, GATEWAY_INVOKE_ACTIONS } from '../actions.js';
import type { ConditionElement, ResourcePolicy } from '../types.js';
import { builderInput, normalizeActions, refuseWildcardResource } from './common.js';
import { grantParts, grantPolicy } from './grant.js';

/** Input of {@link gatewayAccessPolicy}. */
export interface GatewayAccessPolicyInput {
  /** The exact gateway ARN in Account A (no wildcard). */
  gatewayArn: string;
  /**
   * Who may call: IAM principal ARNs (role, user, account root, assumed-role session) or bare
   * 12-digit account ids (they become `arn:<partition>:iam::<id>:root`). `*` only together with
   * `principalOrgId`. Repeats are removed; order is kept.
   */
  principals: readonly string[];
  /** Gateway actions to grant, short or qualified. Default {@link GATEWAY_INVOKE_ACTIONS} (InvokeGateway). */
  actions?: readonly string[];
  /** Restricts the principals to an AWS Organization (`StringEquals aws:PrincipalOrgID`). */
  principalOrgId?: string;
  /** Statement id, so a later grant can be merged by Sid. Default `AllowCrossAccountGatewayInvoke`. */
  sid?: string;
  /** Extra conditions; aws:SourceAccount and aws:SourceArn are refused (absent on direct calls). */
  condition?: ConditionElement;
}

/** Default Sid of {@link gatewayAccessPolicy}. */
export const DEFAULT_GATEWAY_SID = 'AllowCrossAccountGatewayInvoke';

/** True for an action that targets a gateway. @internal */
export function isGatewayAction(info: ActionInfo): boolean {
  return [...info.requiredResourceTypes, ...info.optionalResourceTypes].includes('gateway');
}

/**
 * The resource-based policy that lets principals of another account invoke a gateway (MCP over
 * HTTPS, SigV4): a caller in another account is allowed when this policy and its own identity
 * policy both allow `bedrock-agentcore:InvokeGateway`. A gateway is one ARN: unlike a runtime it
 * has no endpoint to authorize as well. `Resource` is exactly the gateway ARN.
 *
 * @throws {@link PolicyBuildError} for a wildcard ARN (`resource-wildcard`), a `*` principal without
 *   `principalOrgId` (`broad-principal`), an aws:SourceAccount / aws:SourceArn condition
 *   (`source-account-condition`), empty principals, unknown (`unknown-action`) or non-gateway actions.
 * @throws {@link InvalidArnError} for a malformed gateway ARN or principal ARN.
 *
 * @example
 * ```ts
 * import { gatewayAccessPolicy } from 'agentcore-xacct/policy';
 * const policy = gatewayAccessPolicy({
 *   gatewayArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 * });
 * // put-resource-policy on policy.resourceArn
 * ```
 */
export function gatewayAccessPolicy(input: GatewayAccessPolicyInput): ResourcePolicy {
  input = builderInput(input, 'gatewayAccessPolicy');
  refuseWildcardResource(input.gatewayArn, 'gatewayArn');
  const gateway = parseArnOfType(input.gatewayArn, 'gateway', 'gatewayArn');
  const actions = normalizeActions(
    input.actions ?? GATEWAY_INVOKE_ACTIONS,
    'actions',
    isGatewayAction,
    'gateway',
  );
  return grantPolicy(grantParts(input, gateway.partition, DEFAULT_GATEWAY_SID, actions), gateway.arn);
}
