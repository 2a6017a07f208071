/**
 * Options and results of the Account A audit (`auditAccount`) and of its drift fix (`fixDrift`).
 * @module
 */
import type { PacingRate } from '../memory/pacing.js';
import type { Exposure, ExposureClass } from '../policy/exposure.js';
import type { Finding, PolicyDocument } from '../policy/types.js';
import type { Drift } from './drift.js';
import type {
  AccessLoss,
  ControlClientConfigOption,
  ControlClientOption,
  ControlPlaneAccess,
  PolicyChange,
} from './types.js';

/**
 * The resource types the audit lists.
 *
 * @example
 * ```ts
 * const type: AuditedResourceType = 'runtime-endpoint';
 * ```
 */
export type AuditedResourceType = 'runtime' | 'runtime-endpoint' | 'memory' | 'gateway';

/**
 * How fast the audit sends each kind of request. Each default stays under the published quota
 * (AgentCore quotas page): the runtime lists share 25 requests per second per account
 * (ListAgentRuntimes, ListAgentRuntimeEndpoints, ListAgentRuntimeVersions: "Control plane List API
 * rate", not adjustable), ListMemories 5, ListGateways and GetGateway 10 each. GetResourcePolicy
 * has no published quota.
 *
 * @example
 * ```ts
 * // An account whose other tools use part of the list quota: go slower.
 * const pacing: AuditPacing = { runtimeLists: { perSecond: 10, burst: 1 } };
 * ```
 */
export interface AuditPacing {
  /** ListAgentRuntimes and ListAgentRuntimeEndpoints together. Default 20/s, one at a time (quota 25/s). */
  runtimeLists?: PacingRate;
  /** ListMemories. Default 4/s (quota 5/s). */
  memoryLists?: PacingRate;
  /** ListGateways and GetGateway, each. Default 8/s (quota 10/s each). */
  gatewayCalls?: PacingRate;
  /**
   * GetResourcePolicy. Default 100/s, bursts of 10: no quota is published for it (assumed: it is a
   * Get API of the control plane, whose documented Get quota is 150/s); throttling answers are
   * retried by the SDK, and a read that still fails is reported `unreadable`.
   */
  policyReads?: PacingRate;
}

/**
 * How far the audit has got, for a progress bar.
 *
 * @example
 * ```ts
 * const onProgress = (p: AuditProgress) => process.stderr.write(`\rlisted ${p.listed}, read ${p.read}`);
 * ```
 */
export interface AuditProgress {
  /** Resources listed so far. */
  listed: number;
  /** Policies read (or found unreadable) so far. */
  read: number;
  /** True once every list has been followed to its last page: `listed` is the total. */
  listingDone: boolean;
}

/**
 * What `auditAccount` needs besides the control plane.
 *
 * @example
 * ```ts
 * const input: AuditAccountInput = { organizationId: 'o-a1b2c3d4e5', trustedAccounts: ['222222222222'] };
 * ```
 */
export interface AuditAccountInput {
  /** Your organization (`o-…`): principals narrowed to it are `same-org` rather than `external`. */
  organizationId?: string;
  /** Accounts you trust (12-digit ids): `trusted` rather than `external`. */
  trustedAccounts?: readonly string[];
  /** Request pacing; `false` sends as fast as the answers come (an emulator, a test). */
  pacing?: AuditPacing | false;
  /** Called as resources are listed and policies read. */
  onProgress?: (progress: AuditProgress) => void;
  /** Aborts the audit: it rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Options of `auditAccount`: the input and a control-plane client or its configuration (its
 * region is the region audited). It only reads.
 *
 * @example
 * ```ts
 * const options: AuditAccountOptions = { clientConfig: { region: 'eu-west-1' }, trustedAccounts: ['222222222222'] };
 * ```
 */
export type AuditAccountOptions = AuditAccountInput & ControlPlaneAccess;

/**
 * One resource of the account, its policy and what the audit found in it.
 *
 * @example
 * ```ts
 * const publicOnes = audit.resources.filter((r) => r.exposure.some((e) => e.class === 'public'));
 * ```
 */
export interface AuditedResource {
  arn: string;
  type: AuditedResourceType;
  /** For an endpoint: its runtime's ARN. */
  runtimeArn?: string;
  /** `unreadable`: GetResourcePolicy failed (see `audit.unreadable`); never taken for "no policy". */
  status: 'attached' | 'none' | 'unreadable';
  /** The policy attached, parsed; `undefined` when there is none or it could not be read. */
  policy: PolicyDocument | undefined;
  /** The policy exactly as read. */
  policyText?: string;
  /** Who outside the account it lets in, and with which actions. */
  exposure: Exposure[];
  /** For an endpoint: how its policy differs from its runtime's. */
  drift: Drift[];
  /** Lint of the policy (`lintPolicy` attached to `arn`), `policy-near-limit` included. */
  findings: Finding[];
}

/**
 * A policy the audit could not read.
 *
 * @example
 * ```ts
 * for (const u of audit.unreadable) console.log(u.arn, u.reason, u.message);
 * ```
 */
export interface UnreadablePolicy {
  arn: string;
  type: AuditedResourceType;
  /** `access-denied`: the auditor may not read it; `throttled`: still throttled after the SDK's retries. */
  reason: 'access-denied' | 'throttled' | 'error';
  /** The service's message. */
  message: string;
  error: Error;
}

/**
 * A list (or GetGateway) that failed: what it would have listed is missing from the audit.
 *
 * @example
 * ```ts
 * if (audit.listFailures.length > 0) console.warn('incomplete audit', audit.listFailures);
 * ```
 */
export interface ListFailure {
  operation:
    | 'ListAgentRuntimes'
    | 'ListAgentRuntimeEndpoints'
    | 'ListMemories'
    | 'ListGateways'
    | 'GetGateway';
  /** The runtime whose endpoints, or the gateway whose ARN, it was for. */
  resourceId?: string;
  reason: UnreadablePolicy['reason'];
  message: string;
  error: Error;
}

/**
 * Counts over the audit.
 *
 * @example
 * ```ts
 * if (audit.summary.exposed.public > 0) process.exitCode = 1;
 * ```
 */
export interface AuditSummary {
  resources: number;
  /** Resources with a policy attached. */
  withPolicy: number;
  unreadable: number;
  /** Resources exposed to at least one principal of each class. */
  exposed: Record<ExposureClass, number>;
  /** Endpoints whose policy drifts from their runtime's. */
  drifted: number;
  /** Lint findings by severity. */
  findings: { error: number; warning: number; info: number };
}

/**
 * The result of `auditAccount`.
 *
 * @example
 * ```ts
 * const audit: AccountAudit = await auditAccount({ clientConfig: { region: 'eu-west-1' } });
 * console.log(audit.summary);
 * ```
 */
export interface AccountAudit {
  /** The account audited (from the ARNs listed); `undefined` when it holds none of these resources. */
  accountId: string | undefined;
  region: string;
  organizationId?: string;
  trustedAccounts: string[];
  /** Every runtime (each followed by its endpoints), memory and gateway, in that order. */
  resources: AuditedResource[];
  unreadable: UnreadablePolicy[];
  listFailures: ListFailure[];
  /** True when every list was followed to its end and every policy read. */
  complete: boolean;
  summary: AuditSummary;
}

/**
 * Options of `fixDrift`: `dryRun` (default `true`: the plan alone, sent nowhere) and, to apply, a
 * control-plane client or its configuration (never both). By default it applies with the audit's
 * own client or configuration; an audit read back from JSON carries none.
 *
 * @example
 * ```ts
 * const options: FixDriftOptions = { dryRun: false };
 * ```
 */
export type FixDriftOptions = { dryRun?: boolean } & (
  | ControlClientOption
  | ControlClientConfigOption
  | { client?: never; clientConfig?: never }
);

/**
 * The plan, and the outcome, of `fixDrift`.
 *
 * @example
 * ```ts
 * const plan = await fixDrift(audit);
 * console.log(plan.commands.join('\n'));
 * ```
 */
export interface DriftFixResult {
  dryRun: boolean;
  /** True when nothing failed. */
  ok: boolean;
  /** One change per drifted endpoint: put the runtime's policy (its `Resource` the endpoint), or delete. */
  changes: PolicyChange[];
  /** Drift that is not fixed, and why (the runtime's policy unreadable, or changed since the audit). */
  skipped: Array<{ endpointArn: string; runtimeArn: string; reason: string }>;
  /** Principals that lose actions on an endpoint: what its policy granted beyond the runtime's. */
  losses: AccessLoss[];
  /** The equivalent AWS CLI commands, in order. */
  commands: string[];
}
