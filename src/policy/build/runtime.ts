/**
 * Resource-based policies that let principals of other accounts invoke a runtime.
 * @module
 */
import { endpointArn } from '../../arn/format.js';
import { parseArnOfType } from '../../arn/parse.js';
import { type ActionInfo, RUNTIME_INVOKE_ACTIONS, type RuntimeActionPreset } from '../actions.js';
import type { ConditionElement, ResourcePolicy } from '../types.js';
import { builderInput, normalizeActions, refuseWildcardResource, runtimePresetActions } from './common.js';
import { endpointArnsOf, grantParts, grantPolicy } from './grant.js';

/** Input of {@link runtimeAccessPolicies}. */
export interface RuntimeAccessPoliciesInput {
  /** The exact runtime ARN in Account A (not an endpoint ARN, no wildcard). */
  runtimeArn: string;
  /**
   * Who may call: IAM principal ARNs (role, user, account root, assumed-role session) or bare
   * 12-digit account ids (they become `arn:<partition>:iam::<id>:root`). `*` only together with
   * `principalOrgId`. Repeats are removed; order is kept.
   */
  principals: readonly string[];
  /** Endpoint names to emit a policy for. Default `['DEFAULT']`. */
  qualifiers?: readonly string[];
  /**
   * Actions to grant: a {@link RuntimeActionPreset} (`'invoke'`, the default:
   * {@link RUNTIME_INVOKE_ACTIONS}; `'invoke+commands'`; `'all'`), or a list of runtime actions,
   * short (`InvokeAgentRuntime`) or qualified.
   */
  actions?: RuntimeActionPreset | readonly string[];
  /** Restricts the principals to an AWS Organization (`StringEquals aws:PrincipalOrgID`). */
  principalOrgId?: string;
  /** Statement id, so a later grant can be merged by Sid. Default `AllowCrossAccountInvoke`. */
  sid?: string;
  /**
   * Extra conditions (e.g. `StringEquals aws:PrincipalAccount`). aws:SourceAccount and
   * aws:SourceArn are refused: they are absent on direct calls from IAM principals.
   */
  condition?: ConditionElement;
}

/** Output of {@link runtimeAccessPolicies}: attach every document, or invocations are denied. */
export interface RuntimeAccessPolicies {
  /** The policy of the runtime ARN. */
  runtime: ResourcePolicy;
  /** One policy per endpoint ARN, in the order of `qualifiers`. */
  endpoints: ResourcePolicy[];
}

/** Default Sid of {@link runtimeAccessPolicies}. */
export const DEFAULT_RUNTIME_SID = 'AllowCrossAccountInvoke';

/** True for an action that targets a runtime or one of its endpoints. @internal */
export function isRuntimeAction(info: ActionInfo): boolean {
  return [...info.requiredResourceTypes, ...info.optionalResourceTypes].some(
    (type) => type === 'runtime' || type === 'runtime-endpoint',
  );
}

/**
 * The resource-based policies that let principals of another account invoke a runtime: one for
 * the runtime ARN and one for each endpoint ARN, because AgentCore authorizes an invocation
 * against both (hierarchical authorization). The documents are identical except `Resource`,
 * which is always the exact ARN the document is attached to.
 *
 * @throws {@link PolicyBuildError} for a wildcard ARN or qualifier (`resource-wildcard`), a `*`
 *   principal without `principalOrgId` (`broad-principal`), an aws:SourceAccount / aws:SourceArn
 *   condition (`source-account-condition`), empty principals or qualifiers, unknown
 *   (`unknown-action`) or non-runtime actions, an unknown preset.
 * @throws {@link InvalidArnError} for a malformed runtime ARN, qualifier or principal ARN.
 *
 * @example
 * ```ts
 * import { runtimeAccessPolicies } from 'agentcore-xacct/policy';
 * const { runtime, endpoints } = runtimeAccessPolicies({
 *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 * });
 * // put-resource-policy on runtime.resourceArn, then on each endpoints[i].resourceArn
 * ```
 */
export function runtimeAccessPolicies(input: RuntimeAccessPoliciesInput): RuntimeAccessPolicies {
  input = builderInput(input, 'runtimeAccessPolicies');
  refuseWildcardResource(input.runtimeArn, 'runtimeArn');
  const runtime = parseArnOfType(input.runtimeArn, 'runtime', 'runtimeArn');
  const endpointArns = endpointArnsOf(input.qualifiers, runtime.arn, endpointArn);
  const actions = normalizeActions(
    runtimePresetActions(input.actions ?? 'invoke', 'actions'),
    'actions',
    isRuntimeAction,
    'runtime',
  );
  const parts = grantParts(input, runtime.partition, DEFAULT_RUNTIME_SID, actions);
  return {
    runtime: grantPolicy(parts, runtime.arn),
    endpoints: endpointArns.map((arn) => grantPolicy(parts, arn)),
  };
}
