/**
 * Grants from Account A: the runtime (harness) and endpoint policies, and the memory or gateway
 * policy, merged into what is already attached.
 * @module
 */

import { endpointNameOfArn } from '../arn/fields.js';
import { parseArn } from '../arn/parse.js';
import { type GatewayAccessPolicyInput, gatewayAccessPolicy } from '../policy/build/gateway.js';
import { type HarnessAccessPoliciesInput, harnessAccessPolicies } from '../policy/build/harness.js';
import { type MemoryAccessPolicyInput, memoryAccessPolicy } from '../policy/build/memory.js';
import { type RuntimeAccessPoliciesInput, runtimeAccessPolicies } from '../policy/build/runtime.js';
import type { ResourcePolicy } from '../policy/types.js';
import { adminOptions } from './control.js';
import { mergeGrant } from './merge.js';
import { runChanges } from './run.js';
import type { AdminOptions, AdminResult } from './types.js';

/**
 * Options of {@link grantRuntimeAccess}: the input of `runtimeAccessPolicies` (runtime ARN,
 * principals, qualifiers, actions, principalOrgId, sid, condition), a control-plane client or
 * its configuration, and `dryRun`.
 *
 * @example
 * ```ts
 * const options: GrantRuntimeAccessOptions = {
 *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * ```
 */
export type GrantRuntimeAccessOptions = AdminOptions<RuntimeAccessPoliciesInput>;

/**
 * Options of {@link grantMemoryAccess}: the input of `memoryAccessPolicy` (memory ARN, readers,
 * writers, actions, statements, principalOrgId, condition), a control-plane client or its
 * configuration, and `dryRun`.
 *
 * @example
 * ```ts
 * const options: GrantMemoryAccessOptions = {
 *   memoryArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij',
 *   readers: ['arn:aws:iam::222222222222:role/AgentMemoryReaderRole'],
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * ```
 */
export type GrantMemoryAccessOptions = AdminOptions<MemoryAccessPolicyInput>;

/**
 * Options of {@link grantGatewayAccess}: the input of `gatewayAccessPolicy` (gateway ARN,
 * principals, actions, principalOrgId, sid, condition), a control-plane client or its
 * configuration, and `dryRun`.
 *
 * @example
 * ```ts
 * const options: GrantGatewayAccessOptions = {
 *   gatewayArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * ```
 */
export type GrantGatewayAccessOptions = AdminOptions<GatewayAccessPolicyInput>;

/**
 * Options of {@link grantHarnessAccess}: the input of `harnessAccessPolicies` (harness ARN,
 * principals, qualifiers, principalOrgId, sid, condition), a control-plane client or its
 * configuration, and `dryRun`.
 *
 * @example
 * ```ts
 * const options: GrantHarnessAccessOptions = {
 *   harnessArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 *   qualifiers: ['DEFAULT', 'prod'],
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * ```
 */
export type GrantHarnessAccessOptions = AdminOptions<HarnessAccessPoliciesInput>;

/**
 * Lets principals of other accounts invoke a runtime: builds the runtime policy and one policy
 * per endpoint (`runtimeAccessPolicies`; AgentCore authorizes an invocation against both), reads
 * what is attached, merges by Sid, lints, and puts each policy that changes.
 *
 * - Idempotent: a second run finds every statement in place and sends no write (`unchanged`).
 * - Nothing else is touched: a new statement is appended to the policy text, whose other bytes
 *   stay as they were, so {@link revokeRuntimeAccess} can put back the exact text. A statement
 *   with the same Sid gets the new principals when it grants the same actions (or the new
 *   actions when it names the same principals); any other difference is refused.
 * - Refused before anything is written (typed errors naming the field and the fix): a wildcard
 *   or non-runtime ARN, a wildcard qualifier, a `*` principal without principalOrgId, an
 *   aws:SourceAccount condition (builder refusals, before any request at all); a Sid conflict; a
 *   result with lint errors in the written statements, or that AgentCore refuses as a whole (a
 *   wildcard or mismatched `Resource` already in the policy, too large…).
 * - A write that fails is reported (`status: 'failed'` with the SDK `error`, `ok: false`); the
 *   others are still attempted. Run the same call again to complete: what was put is `unchanged`.
 * - `dryRun` returns the plan: each document, its diff against the current policy (read when a
 *   client is given), and the equivalent `aws bedrock-agentcore-control put-resource-policy`
 *   commands.
 *
 * Not atomic across policies, and not guarded against a concurrent writer: the control plane has
 * no revision check, so a policy changed between the read and the write is overwritten.
 *
 * @returns Each policy's plan and outcome, the set-level lint findings and the CLI commands.
 * @throws {@link PolicyBuildError} or {@link InvalidArnError} for a refused input or result,
 *   {@link ValidationError} for both `client` and `clientConfig`, or a client in another region.
 *
 * @example
 * ```ts
 * import { grantRuntimeAccess } from 'agentcore-xacct';
 * const result = await grantRuntimeAccess({
 *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * for (const change of result.changes) console.log(change.resourceArn, change.status);
 * ```
 */
export async function grantRuntimeAccess(options: GrantRuntimeAccessOptions): Promise<AdminResult> {
  options = adminOptions(options, 'grantRuntimeAccess');
  const { client, clientConfig, dryRun, ...input } = options;
  const { runtime, endpoints } = runtimeAccessPolicies(input);
  const target = { runtimeArn: runtime.resourceArn, qualifiers: endpointNames(endpoints) };
  return grant({ client, clientConfig, dryRun }, [runtime, ...endpoints], [target]);
}

/** The endpoint names of endpoint policies. */
function endpointNames(endpoints: readonly ResourcePolicy[]): string[] {
  return endpoints.map((e) => endpointNameOfArn(e.resourceArn));
}

/**
 * Lets principals of other accounts use a memory: builds its policy (`memoryAccessPolicy`:
 * readers and writers in separate statements), reads what is attached, merges by Sid, lints, and
 * puts it if it changes. Same guarantees as {@link grantRuntimeAccess}: idempotent, nothing else
 * touched, refusals before any write, failures reported, `dryRun` plans.
 *
 * @returns The plan and outcome of the memory policy, lint findings and the CLI command.
 * @throws {@link PolicyBuildError} or {@link InvalidArnError} for a refused input or result,
 *   {@link ValidationError} for both `client` and `clientConfig`, or a client in another region.
 *
 * @example
 * ```ts
 * import { grantMemoryAccess } from 'agentcore-xacct';
 * await grantMemoryAccess({
 *   memoryArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij',
 *   readers: ['arn:aws:iam::222222222222:role/AgentMemoryReaderRole'],
 *   writers: ['arn:aws:iam::222222222222:role/AgentMemoryWriterRole'],
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * ```
 */
export async function grantMemoryAccess(options: GrantMemoryAccessOptions): Promise<AdminResult> {
  options = adminOptions(options, 'grantMemoryAccess');
  const { client, clientConfig, dryRun, ...input } = options;
  const policy = memoryAccessPolicy(input);
  return grant({ client, clientConfig, dryRun }, [policy], [{ memoryArn: policy.resourceArn }]);
}

/**
 * Lets principals of other accounts invoke a gateway: builds its policy (`gatewayAccessPolicy`,
 * InvokeGateway by default), reads what is attached, merges by Sid, lints, and puts it if it
 * changes. Same guarantees as {@link grantRuntimeAccess}: idempotent, nothing else touched,
 * refusals before any write (a merged policy over 100 statements or 20,480 characters too),
 * failures reported, `dryRun` plans with the AWS CLI command.
 *
 * @returns The plan and outcome of the gateway policy, lint findings and the CLI command.
 * @throws {@link PolicyBuildError} or {@link InvalidArnError} for a refused input or result,
 *   {@link ValidationError} for both `client` and `clientConfig`, or a client in another region.
 *
 * @example
 * ```ts
 * import { grantGatewayAccess } from 'agentcore-xacct';
 * await grantGatewayAccess({
 *   gatewayArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * ```
 */
export async function grantGatewayAccess(options: GrantGatewayAccessOptions): Promise<AdminResult> {
  options = adminOptions(options, 'grantGatewayAccess');
  const { client, clientConfig, dryRun, ...input } = options;
  const policy = gatewayAccessPolicy(input);
  return grant({ client, clientConfig, dryRun }, [policy], [{ gatewayArn: policy.resourceArn }]);
}

/**
 * Lets principals of other accounts invoke a harness: builds the harness policy and one per
 * endpoint (`harnessAccessPolicies`: InvokeHarness with InvokeAgentRuntime, which AWS requires as
 * well, on both, since InvokeHarness is authorized against the harness and its endpoint), reads
 * what is attached, merges by Sid, lints, and puts each policy that changes. Same guarantees as
 * {@link grantRuntimeAccess}.
 *
 * @returns Each policy's plan and outcome (harness first, then its endpoints), lint findings and
 *   the CLI commands.
 * @throws {@link PolicyBuildError} or {@link InvalidArnError} for a refused input or result,
 *   {@link ValidationError} for both `client` and `clientConfig`, or a client in another region.
 *
 * @example
 * ```ts
 * import { grantHarnessAccess } from 'agentcore-xacct';
 * const result = await grantHarnessAccess({
 *   harnessArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 *   clientConfig: { region: 'eu-west-1' },
 *   dryRun: true,
 * });
 * console.log(result.commands.join('\n'));
 * ```
 */
export async function grantHarnessAccess(options: GrantHarnessAccessOptions): Promise<AdminResult> {
  options = adminOptions(options, 'grantHarnessAccess');
  const { client, clientConfig, dryRun, ...input } = options;
  const { harness, endpoints } = harnessAccessPolicies(input);
  const target = { harnessArn: harness.resourceArn, qualifiers: endpointNames(endpoints) };
  return grant({ client, clientConfig, dryRun }, [harness, ...endpoints], [target]);
}

async function grant(
  source: Parameters<typeof runChanges>[0]['source'],
  policies: readonly ResourcePolicy[],
  lintTargets: Parameters<typeof runChanges>[0]['lintTargets'],
): Promise<AdminResult> {
  // The builders validated every ARN; all are in the first one's partition and region.
  const { partition, region } = parseArn((policies[0] as ResourcePolicy).resourceArn);
  const { result } = await runChanges({
    source,
    region,
    gate: true,
    lintTargets,
    targets: policies.map((policy) => ({
      resourceArn: policy.resourceArn,
      plan: (current) => mergeGrant(current, policy, partition),
    })),
  });
  return result;
}
