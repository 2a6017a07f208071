/**
 * Revokes from Account A: take principals out of the runtime (harness) and endpoint policies, or
 * out of a memory or gateway policy, naming who loses what, only when confirmed.
 * @module
 */
import { endpointNameOfArn } from '../arn/fields.js';
import { endpointArn, harnessEndpointArn, memoryArn as resolveMemoryArn } from '../arn/format.js';
import { parseArnOfType } from '../arn/parse.js';
import { ACCOUNT_ID, type Partition } from '../arn/patterns.js';
import { parsePrincipalArn } from '../arn/principal.js';
import { ValidationError } from '../errors.js';
import { type ActionInfo, HARNESS_INVOKE_ACTIONS } from '../policy/actions.js';
import {
  checkSid,
  dedupe,
  normalizeActions,
  quote,
  refuse,
  refuseWildcardResource,
  requireList,
  withField,
} from '../policy/build/common.js';
import { isGatewayAction } from '../policy/build/gateway.js';
import { endpointArnsOf } from '../policy/build/grant.js';
import { memoryActions } from '../policy/build/memory.js';
import { isRuntimeAction } from '../policy/build/runtime.js';
import type { LintTarget } from '../policy/lint/types.js';
import type { ClientSource } from './control.js';
import { adminOptions } from './control.js';
import { planRevoke, type RevokeRequest } from './revoke-plan.js';
import { runChanges } from './run.js';
import type { AdminOptions, RevokeResult } from './types.js';

/**
 * What a revoke takes away, on whichever resource.
 *
 * @example
 * ```ts
 * const scope: RevokeScope = { principals: ['arn:aws:iam::222222222222:role/the-caller-role'] };
 * ```
 */
export interface RevokeScope {
  /** The principals that lose access: IAM principal ARNs, 12-digit account ids (their root), or `*`. */
  principals: readonly string[];
  /**
   * Only these actions (short or qualified). Default: everything the policy's statements grant
   * these principals. A statement that also names other principals, or grants by pattern
   * (`bedrock-agentcore:*`, `NotAction`), cannot be narrowed and is refused.
   */
  actions?: readonly string[];
  /** Only the statement with this Sid. Default: every Allow statement that names the principals. */
  sid?: string;
  /**
   * Delete the whole policy (DeleteResourcePolicy) instead of editing it. Refused when the policy
   * also grants principals not in `principals`, unless `allowOthersToLoseAccess`.
   */
  deletePolicy?: boolean;
  /** With `deletePolicy`: delete even though principals you did not name lose access too. */
  allowOthersToLoseAccess?: boolean;
}

/**
 * Without `dryRun`, a revoke runs only with `confirm: true`: it takes access away.
 *
 * @example
 * ```ts
 * const confirmed: RevokeConfirmation = { confirm: true };
 * ```
 */
export type RevokeConfirmation = { confirm: true } | { dryRun: true; confirm?: boolean };

/**
 * Input of {@link revokeRuntimeAccess}.
 *
 * @example
 * ```ts
 * const input: RevokeRuntimeAccessInput = { runtimeArn, qualifiers: ['DEFAULT'], principals: [callerRole] };
 * ```
 */
export interface RevokeRuntimeAccessInput extends RevokeScope {
  /** The exact runtime ARN (not an endpoint ARN, no wildcard). */
  runtimeArn: string;
  /** Endpoints whose policies to edit as well. Default `['DEFAULT']`. */
  qualifiers?: readonly string[];
}

/**
 * Input of {@link revokeMemoryAccess}.
 *
 * @example
 * ```ts
 * const input: RevokeMemoryAccessInput = { memoryArn, principals: ['arn:aws:iam::222222222222:role/AgentMemoryReaderRole'] };
 * ```
 */
export interface RevokeMemoryAccessInput extends RevokeScope {
  /** The full memory ARN (a bare memory id is refused). */
  memoryArn: string;
}

/**
 * Input of {@link revokeGatewayAccess}.
 *
 * @example
 * ```ts
 * const input: RevokeGatewayAccessInput = { gatewayArn, principals: ['arn:aws:iam::222222222222:role/the-caller-role'] };
 * ```
 */
export interface RevokeGatewayAccessInput extends RevokeScope {
  /** The exact gateway ARN (no wildcard). */
  gatewayArn: string;
}

/**
 * Input of {@link revokeHarnessAccess}.
 *
 * @example
 * ```ts
 * const input: RevokeHarnessAccessInput = { harnessArn, qualifiers: ['DEFAULT', 'prod'], principals: [callerRole] };
 * ```
 */
export interface RevokeHarnessAccessInput extends RevokeScope {
  /** The exact harness ARN (not an endpoint ARN, no wildcard). */
  harnessArn: string;
  /** Harness endpoints whose policies to edit as well. Default `['DEFAULT']`. */
  qualifiers?: readonly string[];
}

/**
 * Options of {@link revokeGatewayAccess}.
 *
 * @example
 * ```ts
 * const options: RevokeGatewayAccessOptions = { gatewayArn, principals: [callerRole], clientConfig: { region: 'eu-west-1' }, confirm: true };
 * ```
 */
export type RevokeGatewayAccessOptions = AdminOptions<RevokeGatewayAccessInput> & RevokeConfirmation;

/**
 * Options of {@link revokeHarnessAccess}.
 *
 * @example
 * ```ts
 * const options: RevokeHarnessAccessOptions = { harnessArn, principals: [callerRole], clientConfig: { region: 'eu-west-1' }, dryRun: true };
 * ```
 */
export type RevokeHarnessAccessOptions = AdminOptions<RevokeHarnessAccessInput> & RevokeConfirmation;

/**
 * Options of {@link revokeRuntimeAccess}.
 *
 * @example
 * ```ts
 * const options: RevokeRuntimeAccessOptions = { runtimeArn, principals: [callerRole], clientConfig: { region: 'eu-west-1' }, confirm: true };
 * ```
 */
export type RevokeRuntimeAccessOptions = AdminOptions<RevokeRuntimeAccessInput> & RevokeConfirmation;

/**
 * Options of {@link revokeMemoryAccess}.
 *
 * @example
 * ```ts
 * const options: RevokeMemoryAccessOptions = { memoryArn, principals: [readerRole], clientConfig: { region: 'eu-west-1' }, dryRun: true };
 * ```
 */
export type RevokeMemoryAccessOptions = AdminOptions<RevokeMemoryAccessInput> & RevokeConfirmation;

/**
 * Takes principals out of a runtime's policy and its endpoints' policies: every Allow statement
 * that names them loses them (or, with `actions`, loses those actions), a statement nobody is
 * left in goes, and a policy no statement is left in is deleted. Deny statements are never
 * touched (removing one would widen access).
 *
 * - Names who loses what (`losses`), and who may keep access another way (`residual`: a
 *   statement naming the principal's account root, or `*`).
 * - Refuses without `confirm: true` (unless `dryRun`), before any request.
 * - After a grant, puts back exactly the policy text that was there before it (the grant's
 *   statement is cut from the text with the separator it added), or deletes the policy if the
 *   grant created it. Statements it edits (rather than removes) are written as compact JSON.
 * - A failed write is reported and the others attempted; run it again to complete.
 *
 * @returns The plan and outcome of each policy, `losses`, `residual`, lint findings and the CLI
 *   commands (`put-resource-policy`, or `delete-resource-policy`).
 * @throws {@link ValidationError} without `confirm`, for a revoke that would need a statement
 *   split, or a `deletePolicy` that would cut off others; {@link PolicyBuildError} or
 *   {@link InvalidArnError} for a wildcard or malformed ARN, qualifier or principal.
 *
 * @example
 * ```ts
 * import { revokeRuntimeAccess } from 'agentcore-xacct';
 * const plan = await revokeRuntimeAccess({ runtimeArn, principals: [callerRole], clientConfig, dryRun: true });
 * console.log(plan.losses); // who loses what, on the runtime and on each endpoint
 * await revokeRuntimeAccess({ runtimeArn, principals: [callerRole], clientConfig, confirm: true });
 * ```
 */
export async function revokeRuntimeAccess(options: RevokeRuntimeAccessOptions): Promise<RevokeResult> {
  options = adminOptions(options, 'revokeRuntimeAccess');
  refuseWildcardResource(options.runtimeArn, 'runtimeArn');
  const runtime = parseArnOfType(options.runtimeArn, 'runtime', 'runtimeArn');
  const endpoints = endpointArnsOf(options.qualifiers, runtime.arn, endpointArn);
  const actions = revokedActions(options.actions, isRuntimeAction, 'runtime');
  return revoke(options, runtime, [runtime.arn, ...endpoints], actions, [
    { runtimeArn: runtime.arn, qualifiers: endpoints.map(endpointNameOfArn) },
  ]);
}

/**
 * Takes principals out of a memory's policy, as {@link revokeRuntimeAccess} does for a runtime:
 * names who loses what, refuses without `confirm: true`, deletes the policy when nothing is left
 * (or with `deletePolicy`, refused while it grants others unless `allowOthersToLoseAccess`).
 *
 * @returns The plan and outcome, `losses`, `residual`, lint findings and the CLI command.
 * @throws {@link ValidationError} without `confirm` and for refused revokes;
 *   {@link PolicyBuildError} or {@link InvalidArnError} for a wildcard, malformed or bare memory id.
 *
 * @example
 * ```ts
 * import { revokeMemoryAccess } from 'agentcore-xacct';
 * const result = await revokeMemoryAccess({
 *   memoryArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/AgentMemoryReaderRole'],
 *   clientConfig: { region: 'eu-west-1' },
 *   confirm: true,
 * });
 * ```
 */
export async function revokeMemoryAccess(options: RevokeMemoryAccessOptions): Promise<RevokeResult> {
  options = adminOptions(options, 'revokeMemoryAccess');
  refuseWildcardResource(options.memoryArn, 'memoryArn');
  const arn = withField('memoryArn', () => resolveMemoryArn(options.memoryArn));
  const memory = parseArnOfType(arn, 'memory', 'memoryArn');
  const actions = options.actions === undefined ? undefined : memoryActions(options.actions, 'actions');
  return revoke(options, memory, [memory.arn], actions, [{ memoryArn: memory.arn }]);
}

/**
 * Takes principals out of a gateway's policy, as {@link revokeRuntimeAccess} does for a runtime:
 * names who loses what, refuses without `confirm: true`, deletes the policy when nothing is left
 * (or with `deletePolicy`, refused while it grants others unless `allowOthersToLoseAccess`).
 *
 * @returns The plan and outcome, `losses`, `residual`, lint findings and the CLI command.
 * @throws {@link ValidationError} without `confirm` and for refused revokes;
 *   {@link PolicyBuildError} or {@link InvalidArnError} for a wildcard or malformed ARN.
 *
 * @example
 * ```ts
 * import { revokeGatewayAccess } from 'agentcore-xacct';
 * const plan = await revokeGatewayAccess({
 *   gatewayArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 *   clientConfig: { region: 'eu-west-1' },
 *   dryRun: true,
 * });
 * console.log(plan.losses);
 * ```
 */
export async function revokeGatewayAccess(options: RevokeGatewayAccessOptions): Promise<RevokeResult> {
  options = adminOptions(options, 'revokeGatewayAccess');
  refuseWildcardResource(options.gatewayArn, 'gatewayArn');
  const gateway = parseArnOfType(options.gatewayArn, 'gateway', 'gatewayArn');
  const actions = revokedActions(options.actions, isGatewayAction, 'gateway');
  return revoke(options, gateway, [gateway.arn], actions, [{ gatewayArn: gateway.arn }]);
}

/** An action a harness policy may grant: one on harnesses, or InvokeAgentRuntime, which InvokeHarness needs. */
function isHarnessPolicyAction(info: ActionInfo): boolean {
  return (
    info.action === HARNESS_INVOKE_ACTIONS[1] ||
    [...info.requiredResourceTypes, ...info.optionalResourceTypes].includes('harness')
  );
}

/**
 * Takes principals out of a harness's policy and its endpoints' policies, as
 * {@link revokeRuntimeAccess} does for a runtime and its endpoints: names who loses what (on the
 * harness and on each endpoint), refuses without `confirm: true`, puts back the text a grant
 * found, deletes a policy nothing is left in. Revoking InvokeAgentRuntime alone leaves an
 * InvokeHarness grant that AWS denies (`harness-missing-invoke-runtime` in the findings).
 *
 * @returns The plan and outcome of each policy, `losses`, `residual`, lint findings and the CLI
 *   commands.
 * @throws {@link ValidationError} without `confirm` and for refused revokes;
 *   {@link PolicyBuildError} or {@link InvalidArnError} for a wildcard or malformed ARN,
 *   qualifier or principal.
 *
 * @example
 * ```ts
 * import { revokeHarnessAccess } from 'agentcore-xacct';
 * await revokeHarnessAccess({
 *   harnessArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij',
 *   principals: ['arn:aws:iam::222222222222:role/the-caller-role'],
 *   clientConfig: { region: 'eu-west-1' },
 *   confirm: true,
 * });
 * ```
 */
export async function revokeHarnessAccess(options: RevokeHarnessAccessOptions): Promise<RevokeResult> {
  options = adminOptions(options, 'revokeHarnessAccess');
  refuseWildcardResource(options.harnessArn, 'harnessArn');
  const harness = parseArnOfType(options.harnessArn, 'harness', 'harnessArn');
  const endpoints = endpointArnsOf(options.qualifiers, harness.arn, harnessEndpointArn);
  const actions = revokedActions(options.actions, isHarnessPolicyAction, 'harness');
  return revoke(options, harness, [harness.arn, ...endpoints], actions, [
    { harnessArn: harness.arn, qualifiers: endpoints.map(endpointNameOfArn) },
  ]);
}

async function revoke(
  options: (
    | RevokeRuntimeAccessOptions
    | RevokeMemoryAccessOptions
    | RevokeGatewayAccessOptions
    | RevokeHarnessAccessOptions
  ) &
    ClientSource,
  resource: { partition: Partition; region: string },
  arns: readonly string[],
  actions: readonly string[] | undefined,
  lintTargets: readonly LintTarget[],
): Promise<RevokeResult> {
  const principals = revokedPrincipals(options.principals, resource.partition);
  const sid = checkSid(options.sid, 'sid');
  const dryRun = options.dryRun === true;
  if (!dryRun && options.confirm !== true) {
    throw new ValidationError(
      'confirm',
      `Revoking takes ${actions === undefined ? 'all access' : actions.join(', ')} away from ${principals.join(', ')} on ${arns.join(', ')}; it runs only when confirmed`,
      'Run it with dryRun: true to see which principals lose which actions, then pass confirm: true.',
    );
  }
  const request = (resourceArn: string): RevokeRequest => ({
    resourceArn,
    partition: resource.partition,
    principals,
    actions,
    sid,
    deletePolicy: options.deletePolicy === true,
    allowOthersToLoseAccess: options.allowOthersToLoseAccess === true,
  });
  const { result, edits } = await runChanges({
    source: { client: options.client, clientConfig: options.clientConfig, dryRun },
    region: resource.region,
    gate: false,
    lintTargets,
    targets: arns.map((arn) => ({ resourceArn: arn, plan: (current) => planRevoke(current, request(arn)) })),
  });
  const planned = [...edits.values()];
  return {
    ...result,
    losses: planned.flatMap((e) => e.losses),
    residual: planned.flatMap((e) => e.residual),
  };
}

/** The actions a revoke takes away (`undefined`: all), checked like a grant's. */
function revokedActions(
  actions: unknown,
  accept: (info: ActionInfo) => boolean,
  kind: string,
): string[] | undefined {
  return actions === undefined ? undefined : normalizeActions(actions, 'actions', accept, kind);
}

function revokedPrincipals(values: unknown, partition: Partition): string[] {
  const list = requireList(values, 'principals', 'principal', 'Name the principals whose access to revoke.');
  return dedupe(
    list.map((value, index) => {
      const field = `principals[${index}]`;
      if (typeof value !== 'string') {
        return refuse(
          field,
          `${quote(value)} is not a string`,
          'Pass each principal as an ARN or account id.',
        );
      }
      if (value === '*') return value;
      if (ACCOUNT_ID.test(value)) return `arn:${partition}:iam::${value}:root`;
      withField(field, () => parsePrincipalArn(value));
      return value;
    }),
  );
}
