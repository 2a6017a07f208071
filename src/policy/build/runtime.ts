/**
 * Resource-based policies that let principals of other accounts invoke a runtime.
 * @module
 */
import { endpointArn } from '../../arn/format.js';
import { parseArnOfType } from '../../arn/parse.js';
import { type ActionInfo, RUNTIME_INVOKE_ACTIONS } from '../actions.js';
import type { ConditionElement, ResourcePolicy } from '../types.js';
import {
  allowStatement,
  builderInput,
  checkOrgId,
  checkSid,
  dedupe,
  iamPrincipalCondition,
  normalizeActions,
  normalizePrincipals,
  POLICY_VERSION,
  refuseWildcardResource,
  requireList,
  type StatementParts,
  withField,
} from './common.js';

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
   * Actions to grant: runtime actions, short (`InvokeAgentRuntime`) or qualified.
   * Default {@link RUNTIME_INVOKE_ACTIONS}.
   */
  actions?: readonly string[];
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
 *   (`unknown-action`) or non-runtime actions.
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
  const endpointArns = dedupe(
    requireList(
      input.qualifiers ?? ['DEFAULT'],
      'qualifiers',
      'endpoint',
      'Every invocation is also authorized against an endpoint ARN; leave qualifiers out for DEFAULT.',
    ).map((qualifier, index) => {
      const field = `qualifiers[${index}]`;
      refuseWildcardResource(qualifier, field);
      return withField(field, () => endpointArn(runtime.arn, qualifier as string));
    }),
  );
  const principalOrgId = checkOrgId(input.principalOrgId);
  const parts: Omit<StatementParts, 'resources'> = {
    sid: checkSid(input.sid ?? DEFAULT_RUNTIME_SID, 'sid'),
    principals: normalizePrincipals(input.principals, {
      field: 'principals',
      partition: runtime.partition,
      principalOrgId,
    }),
    actions: normalizeActions(input.actions ?? RUNTIME_INVOKE_ACTIONS, 'actions', isRuntimeAction, 'runtime'),
    condition: iamPrincipalCondition(input.condition, principalOrgId),
  };
  const policyFor = (resourceArn: string): ResourcePolicy => ({
    resourceArn,
    document: {
      Version: POLICY_VERSION,
      Statement: [allowStatement({ ...parts, resources: [resourceArn] })],
    },
  });
  return { runtime: policyFor(runtime.arn), endpoints: endpointArns.map(policyFor) };
}
