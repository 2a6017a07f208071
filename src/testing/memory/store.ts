/**
 * The in-memory state behind the emulator's AgentCore Memory data plane: events, sessions and
 * actors (short-term memory), memory records (long-term memory), failed extraction jobs, and the
 * replay cache of idempotent writes, per memory.
 * @module
 */
import { memoryArn } from '../../arn/format.js';
import { ValidationError } from '../../errors.js';
import { ExpiringMap } from '../expiring-map.js';
import { type ItemFailure, ItemFaultInjector, type ItemFaultRule } from '../faults.js';
import type { EmulatorResponse } from '../http-error.js';
import { checkExtractionSpec, flushExtraction, type PendingExtraction } from './long-term.js';
import { RateLimiter } from './rate-limit.js';
import type { MemorySpec, MemoryStoreOptions, RateLimit } from './types.js';

/** One stored short-term memory event. @internal */
export interface StoredEvent {
  eventId: string;
  actorId: string;
  sessionId: string;
  /** Epoch milliseconds. */
  eventTimestamp: number;
  /** Payload items exactly as sent. */
  payload: unknown[];
  branch?: { name: string; rootEventId?: string };
  metadata?: Record<string, unknown>;
  /** Creation order within the store, the tie-breaker of equal timestamps. */
  seq: number;
}

/** A session of an actor: born with its first event, kept when its events are deleted. @internal */
export interface StoredSession {
  actorId: string;
  sessionId: string;
  /** Epoch milliseconds (emulator clock) of the first event. */
  createdAt: number;
}

/** One stored long-term memory record. @internal */
export interface StoredRecord {
  memoryRecordId: string;
  content: { text: string };
  namespaces: string[];
  memoryStrategyId?: string;
  metadata?: Record<string, unknown>;
  /** Epoch milliseconds: the `timestamp` given at creation. */
  createdAt: number;
}

/** A failed extraction job that StartMemoryExtractionJob can restart. @internal */
export interface StoredExtractionJob {
  jobId: string;
  failureReason?: string;
  strategyId?: string;
  sessionId?: string;
  actorId?: string;
  messages: Array<{ eventId: string; messageIndex: number }>;
}

/** The answer to an idempotent write, replayed for a repeated client token. @internal */
export interface Replay {
  /** Canonical JSON of the request without its client token. */
  fingerprint: string;
  response: EmulatorResponse;
}

/** Everything one memory holds. @internal */
export interface MemoryState {
  readonly arn: string;
  readonly memoryId: string;
  readonly spec: MemorySpec;
  readonly events: Map<string, StoredEvent>;
  /** Keyed by actor id. */
  readonly actors: Map<string, { actorId: string; sessions: Map<string, StoredSession> }>;
  readonly records: Map<string, StoredRecord>;
  readonly jobs: Map<string, StoredExtractionJob>;
  /** Keyed by `operation|clientToken`; each kept for the idempotency window from its first use. */
  readonly replays: ExpiringMap<string, Replay>;
  /** Extracted records and failed jobs not yet visible (see `MemorySpec.extraction`). */
  readonly pending: PendingExtraction[];
}

/**
 * A failed extraction job to add with {@link MemoryStore.seedFailedExtractionJob}; every field is
 * optional.
 *
 * @example
 * ```ts
 * const seed: FailedExtractionJobSeed = { actorId: 'user-1', sessionId: 'session-1', failureReason: 'Model timeout' };
 * ```
 */
export interface FailedExtractionJobSeed {
  jobId?: string;
  failureReason?: string;
  strategyId?: string;
  actorId?: string;
  sessionId?: string;
  /** Events the job was extracting from, each with the index of the message within the event. */
  messages?: Array<{ eventId: string; messageIndex: number }>;
}

/**
 * How long a client token is remembered. AgentCore documents no figure; 8 hours is the window
 * most AWS APIs document for their client tokens (e.g. Verified Permissions, Directory Service
 * Data, AWS Supply Chain: "valid for 8 hours after the first request").
 */
const DEFAULT_IDEMPOTENCY_WINDOW_MS = 8 * 60 * 60 * 1000;

// AgentCore's CreateEvent quotas (FACTS.md, the quotas page). A burst equal to the rate: a
// second's worth at once, as a token bucket allows; a client pacing one request per interval
// (the library's default) never meets the quota.
const DEFAULT_CONVERSATIONAL_RATE: RateLimit = { perSecond: 5, burst: 5 };
const DEFAULT_OTHER_RATE: RateLimit = { perSecond: 10, burst: 10 };
const DEFAULT_ACCOUNT_RATE: RateLimit = { perSecond: 200, burst: 200 };
// IngestData's quotas (FACTS.md): 5 requests/s per actor and session, 10/s per account.
const DEFAULT_INGEST_SESSION_RATE: RateLimit = { perSecond: 5, burst: 5 };
const DEFAULT_INGEST_ACCOUNT_RATE: RateLimit = { perSecond: 10, burst: 10 };

/**
 * The data of every memory the emulator serves. The emulator creates one from its `memories`
 * option and exposes it as `emulator.memory`, so tests can assert what was written
 * (`counts`) and seed failed extraction jobs.
 *
 * Each memory starts with one failed extraction job (`seeded-failed-job-1`), so that
 * ListMemoryExtractionJobs and StartMemoryExtractionJob have something to act on; restarting a
 * job removes it from the failed list, as the emulator extracts nothing.
 *
 * @example
 * ```ts
 * const store = new MemoryStore(
 *   [{ memoryId: 'shared_memory-abcdefghij', accountId: '111111111111', region: 'eu-west-1' }],
 *   { now: () => clock, createEventRate: false },
 * );
 * store.counts(store.memoryArns()[0]); // { events: 0, records: 0 }
 * ```
 */
export class MemoryStore {
  readonly #memories = new Map<string, MemoryState>();
  readonly #now: () => number;
  readonly #conversationalRate: RateLimiter | undefined;
  readonly #otherRate: RateLimiter | undefined;
  readonly #idempotencyWindowMs: number;
  readonly #accountRate: RateLimiter | undefined;
  readonly #itemFaults: ItemFaultInjector;
  readonly #ingestSessionRate: RateLimiter | undefined;
  readonly #ingestAccountRate: RateLimiter | undefined;
  #jobSeq = 0;
  #seq = 0;

  constructor(specs: MemorySpec[], options: MemoryStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#idempotencyWindowMs = options.idempotencyWindowMs ?? DEFAULT_IDEMPOTENCY_WINDOW_MS;
    if (!(this.#idempotencyWindowMs > 0)) {
      throw new ValidationError(
        'memory.idempotencyWindowMs',
        `${this.#idempotencyWindowMs} is not a positive number of milliseconds`,
        'Give the idempotency window in milliseconds, e.g. 8 * 60 * 60 * 1000.',
      );
    }
    this.#conversationalRate = limiter(
      options.createEventRate ?? DEFAULT_CONVERSATIONAL_RATE,
      this.#now,
      'memory.createEventRate',
    );
    this.#otherRate = limiter(
      options.createEventRateWithoutConversational ?? DEFAULT_OTHER_RATE,
      this.#now,
      'memory.createEventRateWithoutConversational',
    );
    this.#accountRate = limiter(
      options.createEventRatePerAccount ?? DEFAULT_ACCOUNT_RATE,
      this.#now,
      'memory.createEventRatePerAccount',
    );
    this.#ingestSessionRate = limiter(
      options.ingestDataRate ?? DEFAULT_INGEST_SESSION_RATE,
      this.#now,
      'memory.ingestDataRate',
    );
    this.#ingestAccountRate = limiter(
      options.ingestDataRatePerAccount ?? DEFAULT_INGEST_ACCOUNT_RATE,
      this.#now,
      'memory.ingestDataRatePerAccount',
    );
    this.#itemFaults = new ItemFaultInjector(options.itemFaults, options.itemFaultSeed ?? 1);
    for (const spec of specs) this.#add(spec);
  }

  /**
   * Serves one more memory (the control plane's CreateMemory registers what it creates).
   * @returns the memory's full ARN.
   * @internal
   */
  add(spec: MemorySpec): string {
    return this.#add(spec);
  }

  #add(spec: MemorySpec): string {
    checkExtractionSpec(spec);
    const arn = memoryArn(spec.memoryId, { accountId: spec.accountId, region: spec.region });
    if (this.#memories.has(arn)) {
      throw new ValidationError(
        'memories',
        `Memory ${arn} is declared twice`,
        'Declare each memory once (memory ids are unique per account and region).',
      );
    }
    const state: MemoryState = {
      arn,
      memoryId: arn.slice(arn.indexOf(':memory/') + ':memory/'.length),
      spec,
      events: new Map(),
      actors: new Map(),
      records: new Map(),
      jobs: new Map(),
      replays: new ExpiringMap(this.#now),
      pending: [],
    };
    this.#memories.set(arn, state);
    this.seedFailedExtractionJob(arn, {
      jobId: 'seeded-failed-job-1',
      failureReason: 'Seeded by the local AgentCore emulator; restart it with StartMemoryExtractionJob.',
      ...(spec.strategies?.[0] === undefined ? {} : { strategyId: spec.strategies[0].strategyId }),
    });
    return arn;
  }

  /**
   * The full ARNs of the memories served.
   *
   * @example
   * ```ts
   * store.memoryArns(); // ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij']
   * ```
   */
  memoryArns(): string[] {
    return [...this.#memories.keys()];
  }

  /**
   * How many events and memory records a memory holds (for tests: proves a write landed once).
   *
   * @throws `ValidationError` (from `agentcore-xacct`) for an ARN the store does not serve.
   *
   * @example
   * ```ts
   * expect(store.counts(arn)).toEqual({ events: 1, records: 0 });
   * ```
   */
  counts(memoryArn: string): { events: number; records: number } {
    const memory = this.#require(memoryArn);
    return { events: memory.events.size, records: memory.records.size };
  }

  /**
   * Adds a failed extraction job to a memory, for tests of ListMemoryExtractionJobs and
   * StartMemoryExtractionJob.
   *
   * @returns the job id (generated when not given).
   *
   * @example
   * ```ts
   * const jobId = store.seedFailedExtractionJob(arn, { actorId: 'user-1', sessionId: 'session-1' });
   * ```
   */
  seedFailedExtractionJob(memoryArn: string, seed: FailedExtractionJobSeed = {}): string {
    const memory = this.#require(memoryArn);
    this.#jobSeq += 1;
    const jobId = seed.jobId ?? `failed-job-${String(this.#jobSeq).padStart(6, '0')}`;
    memory.jobs.set(jobId, {
      jobId,
      messages: seed.messages ?? [],
      ...(seed.failureReason === undefined ? {} : { failureReason: seed.failureReason }),
      ...(seed.strategyId === undefined ? {} : { strategyId: seed.strategyId }),
      ...(seed.actorId === undefined ? {} : { actorId: seed.actorId }),
      ...(seed.sessionId === undefined ? {} : { sessionId: seed.sessionId }),
    });
    return jobId;
  }

  /**
   * Replaces the faults that fail single items of the batch writes (scripts start over); `[]`
   * removes them.
   *
   * @example
   * ```ts
   * emulator.memory.setItemFaults([{ operation: 'BatchCreateMemoryRecords', script: ['fail'], errorCode: 503 }]);
   * ```
   */
  setItemFaults(rules: readonly ItemFaultRule[]): void {
    this.#itemFaults.set(rules);
  }

  /** The injected failure of the next item of a batch write, if any. @internal */
  itemFault(operation: string): ItemFailure | undefined {
    return this.#itemFaults.decide(operation);
  }

  /** The state of a memory, or `undefined` when the store does not serve that ARN. @internal */
  memory(memoryArn: string): MemoryState | undefined {
    const memory = this.#memories.get(memoryArn);
    if (memory !== undefined) flushExtraction(memory, this.#now());
    return memory;
  }

  /** The emulator clock, epoch milliseconds. @internal */
  now(): number {
    return this.#now();
  }

  /** When a client token first used now is forgotten (epoch ms). @internal */
  replayExpiry(): number {
    return this.#now() + this.#idempotencyWindowMs;
  }

  /** A number that grows with every call: creation order. @internal */
  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  /**
   * Takes one CreateEvent from the quotas of (memory, actor, session) and of the memory's owner
   * account; false, taking nothing, when either is spent. Events with and without a
   * conversational item have separate per-session quotas. @internal
   */
  paceCreateEvent(memoryArn: string, actorId: string, sessionId: string, conversational: boolean): boolean {
    const session = conversational ? this.#conversationalRate : this.#otherRate;
    return this.#pace(session, this.#accountRate, memoryArn, actorId, sessionId);
  }

  /**
   * Takes one IngestData from the quotas of (memory, actor, session) and of the memory's owner
   * account; false, taking nothing, when either is spent. A request without a session id (the
   * service makes one up) counts against the account only. @internal
   */
  paceIngestData(memoryArn: string, actorId: string, sessionId: string | undefined): boolean {
    const session = sessionId === undefined ? undefined : this.#ingestSessionRate;
    return this.#pace(session, this.#ingestAccountRate, memoryArn, actorId, sessionId ?? '');
  }

  #pace(
    session: RateLimiter | undefined,
    account: RateLimiter | undefined,
    memoryArn: string,
    actorId: string,
    sessionId: string,
  ): boolean {
    const sessionKey = `${memoryArn}\u0000${actorId}\u0000${sessionId}`;
    const accountKey = this.#memories.get(memoryArn)?.spec.accountId ?? memoryArn;
    if (session?.available(sessionKey) === false || account?.available(accountKey) === false) return false;
    session?.take(sessionKey);
    account?.take(accountKey);
    return true;
  }

  #require(memoryArn: string): MemoryState {
    const memory = this.memory(memoryArn);
    if (memory === undefined) {
      throw new ValidationError(
        'memoryArn',
        `The emulator serves no memory ${memoryArn}`,
        `Use one of: ${this.memoryArns().join(', ') || '(none declared)'}.`,
      );
    }
    return memory;
  }
}

function limiter(rate: RateLimit | false, now: () => number, field: string): RateLimiter | undefined {
  return rate === false ? undefined : new RateLimiter(rate, now, field);
}
