/**
 * The Account A audit: every runtime (with its endpoints), memory and gateway of the account and
 * region, who outside the account each lets in, where endpoint policies drift from their
 * runtime's, and the lint of each policy. Listing and reading is I/O; what is found in each policy
 * is pure (`policyExposure`, `compareEndpointPolicy`, `lintPolicy`).
 * @module
 */
import { arnAccountId } from '../arn/fields.js';
import { gatewayArn } from '../arn/format.js';
import type { SdkClient, SdkClientConfig } from '../credentials/types.js';
import { ValidationError } from '../errors.js';
import { callable, optionalSignal } from '../input.js';
import { checkRate, Pacer, type PacingRate } from '../memory/pacing.js';
import { parsePolicyDocument } from '../policy/document.js';
import { classOptions, exposureOf } from '../policy/exposure.js';
import { lintPolicy } from '../policy/lint/lint-policy.js';
import type { PolicyDocument } from '../policy/types.js';
import type {
  AccountAudit,
  AuditAccountOptions,
  AuditedResource,
  AuditedResourceType,
  AuditPacing,
  AuditProgress,
  AuditSummary,
  ListFailure,
  UnreadablePolicy,
} from './audit-types.js';
import {
  adminOptions,
  asError,
  type ControlPlane,
  type Listed,
  type ListPage,
  openControlPlane,
} from './control.js';
import { compareEndpointPolicy } from './drift.js';

/** The default pacing: under each published control-plane quota (see {@link AuditPacing}). */
const DEFAULT_PACING: Readonly<Required<AuditPacing>> = Object.freeze({
  runtimeLists: { perSecond: 20, burst: 1 },
  memoryLists: { perSecond: 4, burst: 1 },
  gatewayCalls: { perSecond: 8, burst: 1 },
  policyReads: { perSecond: 100, burst: 10 },
});

const PACING_FIX =
  'Pass pacing: { runtimeLists?, memoryLists?, gatewayCalls?, policyReads? } each { perSecond: > 0, burst: ≥ 1 }, or false.';

/** Where the audit's control plane came from, kept (not enumerable) so that `fixDrift` can apply with it. @internal */
export const AUDIT_SOURCE: unique symbol = Symbol('agentcore-xacct.audit-source');

/** The client or configuration an audit was made with. @internal */
export interface AuditSource {
  client?: SdkClient | undefined;
  clientConfig?: SdkClientConfig | undefined;
}

type Kind = 'runtimeLists' | 'memoryLists' | 'gatewayCalls' | 'policyReads';

/** One pacer per quota; `take(kind, key)` waits for the turn of one request. */
class Pacing {
  readonly #pacers: Partial<Record<Kind, Pacer>> = {};

  constructor(pacing: Required<AuditPacing> | false) {
    if (pacing === false) return;
    for (const kind of Object.keys(pacing) as Kind[]) this.#pacers[kind] = new Pacer(pacing[kind]);
  }

  take(kind: Kind, signal: AbortSignal | undefined, key: string = kind): Promise<void> {
    signal?.throwIfAborted();
    return this.#pacers[kind]?.take(key, signal) ?? Promise.resolve();
  }
}

function pacingOf(value: unknown): Required<AuditPacing> | false {
  if (value === undefined) return DEFAULT_PACING;
  if (value === false) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('pacing', 'pacing must be the request rates or false', PACING_FIX);
  }
  const given = value as Record<string, unknown>;
  const out: Record<string, PacingRate> = { ...DEFAULT_PACING };
  for (const [key, rate] of Object.entries(given)) {
    if (!(key in DEFAULT_PACING)) {
      throw new ValidationError(
        `pacing.${key}`,
        `pacing has no rate ${JSON.stringify(key.slice(0, 40))}`,
        PACING_FIX,
      );
    }
    if (rate !== undefined) out[key] = checkRate(rate, `pacing.${key}`, PACING_FIX);
  }
  return out as Required<AuditPacing>;
}

/** Why a call failed, in the audit's three words. */
function reasonOf(error: unknown): UnreadablePolicy['reason'] {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | undefined;
  const status = e?.$metadata?.httpStatusCode;
  if (e?.name === 'AccessDeniedException' || status === 403) return 'access-denied';
  if (e?.name === 'ThrottlingException' || e?.name === 'ThrottledException' || status === 429)
    return 'throttled';
  return 'error';
}

/** What reading one policy gave. */
type Read =
  | { status: 'none' }
  | { status: 'attached'; text: string }
  | { status: 'unreadable'; error: Error };

/** A listed resource, its read under way. */
interface Entry {
  arn: string;
  type: AuditedResourceType;
  runtimeArn?: string;
  read: Promise<Read>;
}

/** One runtime and its endpoints, in the order they were listed. */
interface RuntimeEntry extends Entry {
  id: string;
  endpoints: Entry[];
}

/** The audit's requests, paced, and what they found. */
class Inventory {
  readonly runtimes: RuntimeEntry[] = [];
  readonly memories: Entry[] = [];
  readonly gateways: Entry[] = [];
  readonly failures: ListFailure[] = [];
  readonly #tasks: Array<Promise<unknown>> = [];
  #listed = 0;
  #read = 0;
  #listingDone = false;

  constructor(
    private readonly plane: ControlPlane,
    private readonly pacing: Pacing,
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress: ((progress: AuditProgress) => void) | undefined,
  ) {}

  async run(): Promise<void> {
    const runtimes = this.#track(this.#listRuntimes());
    const memories = this.#track(this.#listMemories());
    const others = Promise.allSettled([runtimes, memories]);
    this.#track(this.#listGateways(others));
    // Every task settles before the client is closed, even when the audit is aborted: endpoint
    // lists start as runtimes are listed, reads as resources are.
    for (let done = 0; done < this.#tasks.length; ) {
      const pending = this.#tasks.slice(done);
      done = this.#tasks.length;
      await Promise.allSettled(pending);
    }
    // Lists record their own failures; only an abort gets here as a rejection.
    this.signal?.throwIfAborted();
    this.#listingDone = true;
    this.#progress();
  }

  #track<T>(task: Promise<T>): Promise<T> {
    this.#tasks.push(task.catch(() => undefined));
    return task;
  }

  #progress(): void {
    if (this.onProgress === undefined) return;
    try {
      this.onProgress({ listed: this.#listed, read: this.#read, listingDone: this.#listingDone });
    } catch {
      // A progress display that fails must not fail the audit.
    }
  }

  /** Follows a list to its last page; a failure is recorded, what was listed before it kept. */
  async #follow<T>(
    operation: ListFailure['operation'],
    pace: () => Promise<void>,
    page: (token: string | undefined) => Promise<ListPage<T>>,
    each: (item: T) => void,
    resourceId?: string,
  ): Promise<void> {
    let token: string | undefined;
    const seen = new Set<string>();
    try {
      do {
        await pace();
        const result = await page(token);
        for (const item of result.items) each(item);
        this.#progress();
        token = result.nextToken;
        if (token !== undefined && seen.has(token)) {
          throw new ValidationError(
            'nextToken',
            `${operation} answered a page token it had already given`,
            'Check the control-plane endpoint.',
          );
        }
        if (token !== undefined) seen.add(token);
      } while (token !== undefined && token !== '');
    } catch (error) {
      if (this.signal?.aborted === true) throw error;
      const e = asError(error);
      this.failures.push({
        operation,
        ...(resourceId === undefined ? {} : { resourceId }),
        reason: reasonOf(error),
        message: e.message,
        error: e,
      });
    }
  }

  #entry(arn: string, type: AuditedResourceType, runtimeArn?: string): Entry {
    this.#listed += 1;
    const read = this.#track(this.#readPolicy(arn));
    return { arn, type, ...(runtimeArn === undefined ? {} : { runtimeArn }), read };
  }

  async #readPolicy(arn: string): Promise<Read> {
    let read: Read;
    try {
      await this.pacing.take('policyReads', this.signal);
      const text = await this.plane.getPolicy(arn);
      read = text === undefined ? { status: 'none' } : { status: 'attached', text };
    } catch (error) {
      if (this.signal?.aborted === true) throw error;
      read = { status: 'unreadable', error: asError(error) };
    }
    this.#read += 1;
    this.#progress();
    return read;
  }

  #listRuntimes(): Promise<void> {
    return this.#follow(
      'ListAgentRuntimes',
      () => this.pacing.take('runtimeLists', this.signal),
      (token) => this.plane.listRuntimes(token),
      (runtime: Listed) => {
        const entry: RuntimeEntry = { ...this.#entry(runtime.arn, 'runtime'), id: runtime.id, endpoints: [] };
        this.runtimes.push(entry);
        this.#track(this.#listEndpoints(entry));
      },
    );
  }

  #listEndpoints(runtime: RuntimeEntry): Promise<void> {
    return this.#follow(
      'ListAgentRuntimeEndpoints',
      () => this.pacing.take('runtimeLists', this.signal),
      (token) => this.plane.listEndpoints(runtime.id, token),
      (endpoint: Listed) => {
        runtime.endpoints.push(this.#entry(endpoint.arn, 'runtime-endpoint', runtime.arn));
      },
      runtime.id,
    );
  }

  #listMemories(): Promise<void> {
    return this.#follow(
      'ListMemories',
      () => this.pacing.take('memoryLists', this.signal),
      (token) => this.plane.listMemories(token),
      (memory: Listed) => {
        this.memories.push(this.#entry(memory.arn, 'memory'));
      },
    );
  }

  /**
   * Gateway summaries carry no ARN: it is built from the account the other ARNs name, or read
   * from the first gateway (GetGateway) when the account holds no runtime or memory.
   */
  async #listGateways(others: Promise<unknown>): Promise<void> {
    const ids: string[] = [];
    await this.#follow(
      'ListGateways',
      () => this.pacing.take('gatewayCalls', this.signal, 'ListGateways'),
      (token) => this.plane.listGateways(token),
      (id: string) => {
        ids.push(id);
      },
    );
    if (ids.length === 0) return;
    await others;
    let accountId = this.accountId;
    if (accountId === undefined) {
      const first = ids[0] as string;
      try {
        await this.pacing.take('gatewayCalls', this.signal, 'GetGateway');
        accountId = arnAccountId(await this.plane.gatewayArn(first));
      } catch (error) {
        if (this.signal?.aborted === true) throw error;
        const e = asError(error);
        this.failures.push({
          operation: 'GetGateway',
          resourceId: first,
          reason: reasonOf(error),
          message: e.message,
          error: e,
        });
        return;
      }
    }
    const region = this.plane.region;
    for (const gatewayId of ids) {
      const arn = gatewayArn({ region, accountId: accountId as string, gatewayId });
      this.gateways.push(this.#entry(arn, 'gateway'));
    }
  }

  /** The account the listed runtimes and memories are in. */
  get accountId(): string | undefined {
    const first = this.runtimes[0] ?? this.memories[0] ?? this.gateways[0];
    return first === undefined ? undefined : arnAccountId(first.arn);
  }
}

/**
 * Audits the AgentCore resource policies of an account (Account A) in one region: lists every
 * runtime with its endpoints, every memory and gateway (ListAgentRuntimes,
 * ListAgentRuntimeEndpoints, ListMemories, ListGateways, following every page, paced under the
 * control-plane quotas), reads each resource policy, and reports per resource:
 * - `exposure`: each principal outside the account and the actions it holds, classed `same-org`,
 *   `trusted`, `external`, `public` or `service` (`policyExposure`: static, conditions listed, not
 *   evaluated; a Deny that may apply under conditions is listed in `limitedBy`);
 * - `drift` (endpoints): an endpoint policy that grants other principals or actions than its
 *   runtime's (the callers it misses are denied: gotcha 1), an endpoint without a policy while its
 *   runtime has one, and the reverse; compared modulo `Resource` and `Sid`;
 * - `findings`: `lintPolicy` of the policy attached to the resource (wildcards, mismatched
 *   `Resource`, aws:SourceAccount on IAM principals, broad principals, mixed read/write, near the
 *   20 KB and 100-statement caps…).
 *
 * It only reads. A policy it may not read (AccessDenied on GetResourcePolicy, or still throttled
 * after the SDK's retries) is `unreadable`, listed in `unreadable`, and never taken for "no
 * policy": no drift is concluded from it. A list that fails is in `listFailures`; what it listed
 * before failing is audited. IAM Access Analyzer does not cover AgentCore resource types; this does.
 *
 * The auditor needs `bedrock-agentcore:ListAgentRuntimes`, `ListAgentRuntimeEndpoints`,
 * `ListMemories`, `ListGateways` (on `*`), `GetGateway` (only for an account with gateways alone)
 * and `GetResourcePolicy` on the resources.
 *
 * @returns Every resource (runtimes each followed by its endpoints, then memories, then gateways),
 *   the unreadable policies, the failed lists and a summary. The result keeps (not enumerable)
 *   the client or configuration it was made with, for {@link fixDrift}.
 * @throws {@link ValidationError} for malformed options (both `client` and `clientConfig`, a
 *   client without a region, an organization id that is not `o-…`, an account that is not 12
 *   digits, a malformed rate); the signal's reason when `signal` aborts.
 *
 * @example
 * ```ts
 * import { auditAccount } from 'agentcore-xacct';
 * const audit = await auditAccount({
 *   clientConfig: { region: 'eu-west-1' },
 *   organizationId: 'o-a1b2c3d4e5',
 *   trustedAccounts: ['222222222222'],
 * });
 * for (const r of audit.resources) {
 *   for (const e of r.exposure) console.log(r.arn, e.class, e.principal, e.actions.join(' '));
 *   for (const d of r.drift) console.log(r.arn, d.code, d.message);
 * }
 * ```
 */
export async function auditAccount(options: AuditAccountOptions): Promise<AccountAudit> {
  options = adminOptions(options, 'auditAccount');
  const given = options as unknown as Record<string, unknown>;
  const { organizationId, trustedAccounts } = classOptions(given, 'auditAccount');
  const pacing = pacingOf(given['pacing']);
  const onProgress =
    given['onProgress'] === undefined
      ? undefined
      : callable<(progress: AuditProgress) => void>(
          given['onProgress'],
          'onProgress',
          'Pass a function of ({ listed, read, listingDone }).',
        );
  const signal = optionalSignal(given['signal'], 'signal');
  const plane = await openControlPlane(options, undefined);
  if (plane === undefined) {
    throw new ValidationError(
      'client',
      'auditAccount needs a control plane',
      'Pass a BedrockAgentCoreControlClient as client, or its configuration as clientConfig.',
    );
  }
  const inventory = new Inventory(plane, new Pacing(pacing), signal, onProgress);
  try {
    await inventory.run();
  } finally {
    plane.close();
  }
  const audit = await assemble(inventory, plane.region, { organizationId, trustedAccounts });
  const source: AuditSource = { client: options.client, clientConfig: options.clientConfig };
  Object.defineProperty(audit, AUDIT_SOURCE, { value: source, enumerable: false });
  return audit;
}

async function assemble(
  inventory: Inventory,
  region: string,
  classes: { organizationId: string | undefined; trustedAccounts: string[] },
): Promise<AccountAudit> {
  const entries: Entry[] = [];
  for (const runtime of inventory.runtimes) entries.push(runtime, ...runtime.endpoints);
  entries.push(...inventory.memories, ...inventory.gateways);
  const reads = new Map<string, Read>();
  for (const entry of entries) reads.set(entry.arn, await entry.read);
  const documents = new Map<string, PolicyDocument | undefined>();
  const unreadable: UnreadablePolicy[] = [];
  const resources: AuditedResource[] = entries.map((entry) => {
    const read = reads.get(entry.arn) as Read;
    const base = {
      arn: entry.arn,
      type: entry.type,
      ...(entry.runtimeArn === undefined ? {} : { runtimeArn: entry.runtimeArn }),
    };
    if (read.status === 'unreadable') {
      unreadable.push({
        arn: entry.arn,
        type: entry.type,
        reason: reasonOf(read.error),
        message: read.error.message,
        error: read.error,
      });
      return { ...base, status: 'unreadable', policy: undefined, exposure: [], drift: [], findings: [] };
    }
    if (read.status === 'none') {
      documents.set(entry.arn, undefined);
      return { ...base, status: 'none', policy: undefined, exposure: [], drift: [], findings: [] };
    }
    let policy: PolicyDocument | undefined;
    try {
      policy = parsePolicyDocument(read.text);
    } catch {
      // Not a policy document: lint says why (invalid-policy).
    }
    documents.set(entry.arn, policy);
    return {
      ...base,
      status: 'attached',
      policy,
      policyText: read.text,
      exposure: policy === undefined ? [] : exposureOf(policy, { attachedTo: entry.arn, ...classes }),
      drift: [],
      findings: lintPolicy(read.text, { kind: 'resource', attachedTo: entry.arn }),
    };
  });
  for (const resource of resources) {
    if (resource.type !== 'runtime-endpoint' || resource.runtimeArn === undefined) continue;
    // An unreadable side: nothing can be concluded.
    if (!documents.has(resource.arn) || !documents.has(resource.runtimeArn)) continue;
    const drift = compareEndpointPolicy(
      { arn: resource.runtimeArn, document: documents.get(resource.runtimeArn) },
      { arn: resource.arn, document: documents.get(resource.arn) },
    );
    if (drift !== undefined) resource.drift.push(drift);
  }
  const accountId = inventory.accountId;
  return {
    accountId,
    region,
    ...(classes.organizationId === undefined ? {} : { organizationId: classes.organizationId }),
    trustedAccounts: classes.trustedAccounts,
    resources,
    unreadable,
    listFailures: inventory.failures,
    complete: unreadable.length === 0 && inventory.failures.length === 0,
    summary: summarize(resources),
  };
}

function summarize(resources: readonly AuditedResource[]): AuditSummary {
  const exposed: AuditSummary['exposed'] = { 'same-org': 0, trusted: 0, external: 0, public: 0, service: 0 };
  const findings = { error: 0, warning: 0, info: 0 };
  for (const r of resources) {
    for (const cls of new Set(r.exposure.map((e) => e.class))) exposed[cls] += 1;
    for (const f of r.findings) findings[f.severity] += 1;
  }
  return {
    resources: resources.length,
    withPolicy: resources.filter((r) => r.status === 'attached').length,
    unreadable: resources.filter((r) => r.status === 'unreadable').length,
    exposed,
    drifted: resources.filter((r) => r.drift.length > 0).length,
    findings,
  };
}
