/**
 * Options and results of the Account A functions (grant, revoke, verify, create memory).
 * @module
 */
import type { SdkClient, SdkClientConfig } from '../credentials/types.js';
import type { LintTarget } from '../policy/lint/types.js';
import type { Finding, PolicyDocument, Statement } from '../policy/types.js';

/**
 * A control-plane client of your own. It is used, never destroyed.
 *
 * @example
 * ```ts
 * const access: ControlClientOption = { client: new BedrockAgentCoreControlClient({ region: 'eu-west-1' }) };
 * ```
 */
export interface ControlClientOption {
  /** The `BedrockAgentCoreControlClient` to send through (its region must be the resource's). */
  client: SdkClient;
  clientConfig?: never;
}

/**
 * The configuration of a control-plane client the function creates (loading
 * `@aws-sdk/client-bedrock-agentcore-control` only then) and destroys when it is done.
 *
 * @example
 * ```ts
 * const access: ControlClientConfigOption = { clientConfig: { region: 'eu-west-1', maxAttempts: 5 } };
 * ```
 */
export interface ControlClientConfigOption {
  /** Passed to `new BedrockAgentCoreControlClient(…)`; `region` defaults to the resource's region. */
  clientConfig: SdkClientConfig;
  client?: never;
}

/**
 * How a function reaches the control plane: `client` or `clientConfig`, never both.
 *
 * @example
 * ```ts
 * const access: ControlPlaneAccess = { clientConfig: emulator.clientConfig('arn:aws:iam::111111111111:role/admin') };
 * ```
 */
export type ControlPlaneAccess = ControlClientOption | ControlClientConfigOption;

/**
 * No control plane at all: allowed for a dry run only.
 *
 * @example
 * ```ts
 * const offline: OfflinePlan = { dryRun: true };
 * ```
 */
export interface OfflinePlan {
  client?: never;
  clientConfig?: never;
  /** Required without a client: plan only, against no current policy. */
  dryRun: true;
}

/**
 * The options every Account A function shares, around its own input `T`.
 *
 * - With `client` or `clientConfig` (never both) the function reads the current policies and,
 *   unless `dryRun`, writes the changes.
 * - `dryRun: true` returns the plan and writes nothing. With a client it still reads the current
 *   policies (read-only GetResourcePolicy calls), so that the plan's diff and commands are those
 *   of the real change; without one it calls nothing and plans against no current policy
 *   (`currentRead: false` in the result).
 *
 * @example
 * ```ts
 * const options: AdminOptions<{ runtimeArn: string }> = { runtimeArn, clientConfig: { region: 'eu-west-1' }, dryRun: true };
 * ```
 */
export type AdminOptions<T> = T & ((ControlPlaneAccess & { dryRun?: boolean }) | OfflinePlan);

/**
 * Statements a change adds, removes and rewrites, compared by position and Sid.
 *
 * @example
 * ```ts
 * const diff: PolicyDiff = { added: [statement], removed: [], changed: [] };
 * ```
 */
export interface PolicyDiff {
  added: Statement[];
  removed: Statement[];
  changed: Array<{ sid?: string; before: Statement; after: Statement }>;
}

/**
 * What happened to one policy.
 *
 * - `put` / `deleted`: written (PutResourcePolicy / DeleteResourcePolicy answered).
 * - `unchanged`: already as wanted; nothing was sent.
 * - `planned`: a dry run; nothing was sent.
 * - `failed`: reading or writing failed; `error` says why. Run the same call again to complete.
 *
 * @example
 * ```ts
 * const retry = result.changes.some((c) => c.status === 'failed');
 * ```
 */
export type ChangeStatus = 'put' | 'deleted' | 'unchanged' | 'planned' | 'failed';

/**
 * The plan and the outcome for one resource policy.
 *
 * @example
 * ```ts
 * for (const change of result.changes) console.log(change.resourceArn, change.status, change.command);
 * ```
 */
export interface PolicyChange {
  /** The runtime, harness, endpoint, memory or gateway ARN the policy is attached to. */
  resourceArn: string;
  /** What the change does: put a policy, delete it, or nothing. */
  action: 'put' | 'delete' | 'none';
  status: ChangeStatus;
  /** The policy text before, exactly as read; `undefined` when none is attached (or not read). */
  before: string | undefined;
  /** The policy text put, exactly as sent; `undefined` when the policy is deleted or absent. */
  after: string | undefined;
  /** `after` parsed. */
  document: PolicyDocument | undefined;
  diff: PolicyDiff;
  /** The equivalent AWS CLI command; `undefined` when there is nothing to do. */
  command: string | undefined;
  /** Lint findings of the resulting document (kind `resource`, attached to `resourceArn`). */
  findings: Finding[];
  /** Why the change failed (the SDK error, untouched). */
  error?: Error;
}

/**
 * The result of a grant or revoke.
 *
 * @example
 * ```ts
 * const result = await grantRuntimeAccess({ runtimeArn, principals, clientConfig });
 * if (!result.ok) console.error(result.changes.filter((c) => c.status === 'failed'));
 * ```
 */
export interface AdminResult {
  dryRun: boolean;
  /** True when nothing failed: every policy is as planned (or, in a dry run, could be read). */
  ok: boolean;
  /** False for a dry run without a client: the current policies were not read. */
  currentRead: boolean;
  /** One entry per policy, in the order they are written (runtime first, then its endpoints). */
  changes: PolicyChange[];
  /** `lintAccessSetup` over the resulting policies (set-level checks included). */
  findings: Finding[];
  /** The equivalent AWS CLI commands, in order. */
  commands: string[];
}

/**
 * One principal losing actions on one resource.
 *
 * @example
 * ```ts
 * for (const loss of result.losses) console.log(`${loss.principal} loses ${loss.actions.join(', ')} on ${loss.resourceArn}`);
 * ```
 */
export interface AccessLoss {
  resourceArn: string;
  /** The principal as the policy names it. */
  principal: string;
  /** The actions (or action patterns) it loses; for a `NotAction` statement, `NotAction:` entries. */
  actions: string[];
  /** The Sid of the statement that granted them. */
  sid?: string;
}

/**
 * A revoked principal that a remaining statement may still allow, through its account root or `*`.
 *
 * @example
 * ```ts
 * const residual: ResidualAccess = { resourceArn, principal: callerRole, via: 'arn:aws:iam::222222222222:root', sid: 'Legacy' };
 * ```
 */
export interface ResidualAccess {
  resourceArn: string;
  principal: string;
  /** The entry that still covers it. */
  via: string;
  sid?: string;
}

/**
 * The result of a revoke: who loses what, and who may keep access another way.
 *
 * @example
 * ```ts
 * const plan = await revokeRuntimeAccess({ runtimeArn, principals, clientConfig, dryRun: true });
 * console.log(plan.losses);
 * ```
 */
export interface RevokeResult extends AdminResult {
  losses: AccessLoss[];
  residual: ResidualAccess[];
}

/**
 * What `verifyAccess` found on one resource.
 *
 * @example
 * ```ts
 * const unreadable = result.policies.filter((p) => p.status === 'unreadable');
 * ```
 */
export interface VerifiedPolicy {
  resourceArn: string;
  /** `unreadable`: GetResourcePolicy failed (denied, throttled…); `error` says why. */
  status: 'attached' | 'none' | 'unreadable';
  policy?: string;
  document?: PolicyDocument;
  error?: Error;
}

/**
 * Input of `verifyAccess`.
 *
 * @example
 * ```ts
 * const input: VerifyAccessInput = { targets: [{ runtimeArn }, { memoryArn }], callerArn: 'arn:aws:iam::222222222222:role/the-caller-role' };
 * ```
 */
export interface VerifyAccessInput {
  /** The runtimes and harnesses (with their qualifiers), memories and gateways the caller must reach. */
  targets: readonly LintTarget[];
  /** The caller in Account B: each resource policy is checked to allow it. */
  callerArn?: string;
  /**
   * The caller's identity policies, when you have them (Account A's credentials cannot read
   * Account B's IAM): the caller's side is then linted too.
   */
  identityPolicies?: readonly PolicyDocument[];
}

/**
 * Options of `verifyAccess`: the input and a control-plane client (it only reads).
 *
 * @example
 * ```ts
 * const options: VerifyAccessOptions = { targets: [{ runtimeArn }], clientConfig: { region: 'eu-west-1' } };
 * ```
 */
export type VerifyAccessOptions = VerifyAccessInput & ControlPlaneAccess;

/**
 * Result of `verifyAccess`.
 *
 * @example
 * ```ts
 * if (!result.ok) for (const f of result.findings) console.log(f.code, f.policyArn, f.fix);
 * ```
 */
export interface VerifyAccessResult {
  /** True when every policy could be read and no finding is an error. */
  ok: boolean;
  policies: VerifiedPolicy[];
  /** `lintAccessSetup` over what could be read (nothing is reported missing that was unreadable). */
  findings: Finding[];
}
