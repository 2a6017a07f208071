/**
 * Public shapes of the emulator's AgentCore Memory data plane: what a memory is made of, how the
 * store is tuned, and what the emulator core hands to the memory handler for each request.
 * @module
 */
import type { ContextValue } from '../../policy/evaluate/types.js';
import type { ItemFaultRule } from '../faults.js';

/**
 * One memory the emulator serves.
 *
 * @example
 * ```ts
 * const spec: MemorySpec = {
 *   memoryId: 'shared_memory-abcdefghij',
 *   accountId: '111111111111',
 *   region: 'eu-west-1',
 *   strategies: [{ strategyId: 'preferences-abc', namespaces: ['preferences/{actorId}'] }],
 * };
 * ```
 */
export interface MemorySpec {
  /** Bare memory id, e.g. `shared_memory-abcdefghij`. */
  memoryId: string;
  /** 12-digit id of the account that owns the memory (Account A). */
  accountId: string;
  /** Region the memory lives in, e.g. `eu-west-1`. */
  region: string;
  /** Display name (control plane only; the data plane ignores it). */
  name?: string;
  /**
   * The memory's strategies. `namespaces` are the strategy's namespace templates
   * (`/users/{actorId}/facts`): a record created without `memoryStrategyId` is attributed to the
   * first strategy whose template matches its namespace. When given, a `memoryStrategyId` that is
   * not one of these fails that record.
   */
  strategies?: Array<{ strategyId: string; namespaces: string[] }>;
  /**
   * Emulated long-term extraction; default none (events and IngestData content stay short-term).
   * With it, each conversational text of a CreateEvent (unless `extractionMode: 'SKIP'`) and
   * each item IngestData submits becomes a memory record in every strategy's first namespace
   * template (`{actorId}`, `{sessionId}`, `{memoryStrategyId}` and the request's
   * `namespaceVariables` filled in), `delayMs` later on the store's clock (default 0). The record
   * holds the text itself: no model runs. `byArn` says what happens to content sent with the
   * full memory ARN as `memoryId`: `'extract'` (default), `'skip'` (nothing is extracted, the
   * symptom of a user report that AWS has not confirmed) or `'fail'` (a failed extraction job
   * appears). Needs at least one strategy.
   */
  extraction?: { delayMs?: number; byArn?: 'extract' | 'skip' | 'fail' };
}

/**
 * A token-bucket rate: `perSecond` refill, at most `burst` requests at once.
 *
 * @example
 * ```ts
 * const fivePerSecond: RateLimit = { perSecond: 5, burst: 5 };
 * ```
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * Tuning of the emulator's memory store.
 *
 * @example
 * ```ts
 * // A test that writes many events at once turns pacing off and steps its own clock.
 * let clock = Date.parse('2026-01-01T00:00:00Z');
 * const options: MemoryStoreOptions = { now: () => clock, createEventRate: false };
 * ```
 */
export interface MemoryStoreOptions {
  /** Clock in epoch milliseconds; defaults to `Date.now`. Drives pacing and `createdAt` of sessions. */
  now?: () => number;
  /**
   * CreateEvent quota per (memory, actor, session) for events whose payload has a conversational
   * item; over it, HTTP 429 ThrottledException. `false` disables it. Default `{ perSecond: 5,
   * burst: 5 }`: the AgentCore quotas page's "Rate of CreateEvent requests per actor per session
   * including conversational payloads", 5 per second.
   */
  createEventRate?: RateLimit | false;
  /**
   * The same quota for events without a conversational item (blob or JSON only): the quotas page
   * gives 10 requests/s for them. `false` disables it. Default `{ perSecond: 10, burst: 10 }`.
   */
  createEventRateWithoutConversational?: RateLimit | false;
  /**
   * How long a `clientToken` of CreateEvent, BatchCreateMemoryRecords or StartMemoryExtractionJob
   * is remembered, from its first use, in milliseconds: a repeat within it returns the first
   * answer, after it the token is a new request (and its replay is forgotten, so a long run holds
   * flat memory). AgentCore documents no figure; default 8 hours, the window most AWS APIs
   * document for client tokens.
   */
  idempotencyWindowMs?: number;
  /**
   * The quota on every CreateEvent to the memories of one account: the quotas page gives 200
   * requests/s per account. AWS does not say which account a cross-account call counts against;
   * the emulator counts it against the memory's owner (Account A). `false` disables it. Default
   * `{ perSecond: 200, burst: 200 }`.
   */
  createEventRatePerAccount?: RateLimit | false;
  /**
   * IngestData quota per (memory, actor, session); over it, HTTP 429 ThrottledException. `false`
   * disables it. Default `{ perSecond: 5, burst: 5 }`: the AgentCore quotas page's 5 requests/s
   * per actor and session.
   */
  ingestDataRate?: RateLimit | false;
  /**
   * IngestData quota per account (the memory's owner, as for CreateEvent). `false` disables it.
   * Default `{ perSecond: 10, burst: 10 }`: the quotas page's 10 requests/s per account.
   */
  ingestDataRatePerAccount?: RateLimit | false;
  /** Faults that fail single items of the batch writes (see {@link ItemFaultRule}). Default: none. */
  itemFaults?: readonly ItemFaultRule[];
  /** Seed of the generator behind item fault rates, for reproducible runs. Default 1. */
  itemFaultSeed?: number;
}

/**
 * One memory data-plane request, as the emulator core hands it over after SigV4 verification.
 * @internal
 */
export interface MemoryRequest {
  query: URLSearchParams;
  /** The parsed JSON body, or `undefined` when there is none. */
  body: unknown;
  /** Account of the signing principal: a bare memory id resolves in this account. */
  callerAccountId: string;
  /** Region the request was signed for: a bare memory id resolves in this region. */
  region: string;
  /**
   * Authorizes `action` on `memoryArn` with the extra request `context` (condition keys such as
   * `bedrock-agentcore:actorId`); throws an `EmulatorHttpError` (403) when denied.
   */
  authorize(action: string, memoryArn: string, context?: Record<string, ContextValue>): void;
}
