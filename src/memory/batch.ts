/**
 * The batch record writes: split into requests of at most 100 records, run a few requests at a
 * time, retry only the items that failed for a reason worth retrying, and report every item.
 *
 * Exactly once, from the caller's view, for BatchCreateMemoryRecords:
 * - one request, one `clientToken`. A request whose answer was lost (reset connection, 5xx,
 *   timeout) or that was refused whole (throttled) is re-sent as the same request: same token,
 *   same items, by the client's retry layer and then by the item rounds, so the service answers
 *   from its idempotency record instead of writing again;
 * - the items that an answer lists as failed and retryable go again in a NEW request (a new,
 *   smaller body needs a new token: the old token with another body is a parameter mismatch);
 *   an item the answer lists as written is never sent again;
 * - an item that still failed is reported with the token to re-submit it with: the failed items
 *   sharing a token are one request (the very request, when its answer was lost), so
 *   re-submitting them together under that token stores each once.
 * @internal
 */
import type { MemoryRecordOutput } from '@aws-sdk/client-bedrock-agentcore';
import { shown } from '../errors.js';
import { classifyError } from '../retry.js';
import { sleep } from './pacing.js';

/**
 * Why one item of a batch failed: the service's per-item `errorCode` and `errorMessage`, or the
 * error of the whole request that carried it.
 *
 * @example
 * ```ts
 * const error: BatchItemError = { code: '429', message: 'Rate exceeded.', retryable: true };
 * ```
 */
export interface BatchItemError {
  /** The per-item HTTP-like `errorCode` as a string (`'404'`), or the request error's name (`AccessDeniedException`). */
  code: string;
  message: string;
  /** Whether the failure was of a kind worth retrying (the helper already retried it). */
  retryable: boolean;
  /** The request error, when the whole request failed. */
  cause?: unknown;
}

/**
 * One item a batch helper wrote.
 *
 * @example
 * ```ts
 * const ok: BatchSuccess = { index: 0, memoryRecordId: 'mem-…', requestIdentifier: 'r0' };
 * ```
 */
export interface BatchSuccess {
  /** Position of the item in the input list. */
  index: number;
  memoryRecordId: string;
  /** The item's request identifier (create only). */
  requestIdentifier?: string;
}

/**
 * One item a batch helper could not write, with its error.
 *
 * @example
 * ```ts
 * for (const { index, error, maybeWritten } of result.failed) {
 *   console.error(`record ${index}: ${error.code} ${error.message}${maybeWritten ? ' (may be stored)' : ''}`);
 * }
 * ```
 */
export interface BatchFailure<I> {
  /** Position of the item in the input list. */
  index: number;
  item: I;
  error: BatchItemError;
  /** The item's request identifier, as sent (create only: given, or `r<index>`). */
  requestIdentifier?: string;
  /**
   * The idempotency token to re-submit the item with (create only). The failed items that share
   * a token form one request: re-submit them together under it (`memory.resubmitFailedRecords(failed)`
   * does) and each is stored once, even when the first attempt was stored and its answer lost.
   */
  clientToken?: string;
  /**
   * Whether the service may have written the item although the helper saw no answer: the answer
   * of its last request was lost (a reset, a timeout, a 5xx) or did not mention it. Re-submit such
   * an item only under its `clientToken`, with the same records; with a new token it may be
   * written twice. `false`: the service reported the item failed, or never received it.
   */
  maybeWritten: boolean;
  /** The item as it was sent (`requestIdentifier` and `timestamp` filled in): what to re-submit. */
  sentAs: I;
}

/**
 * What a batch helper did: every input item is in exactly one of the two lists, each sorted by
 * input position.
 *
 * @example
 * ```ts
 * const { succeeded, failed } = await memory.batchCreateMemoryRecords({ records });
 * if (failed.length > 0) throw new Error(`${failed.length} of ${records.length} records failed`);
 * ```
 */
export interface BatchResult<I> {
  succeeded: BatchSuccess[];
  failed: Array<BatchFailure<I>>;
}

/**
 * Tuning of a batch helper.
 *
 * @example
 * ```ts
 * await memory.batchCreateMemoryRecords({ records, concurrency: 8, itemRetries: 5 });
 * ```
 */
export interface BatchOptions {
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Extra rounds for items that failed retryably (throttled, 5xx); default 3. */
  itemRetries?: number;
  /** Delay before the first item retry round, in ms; doubles each round, with jitter. Default 200. */
  itemRetryDelayMs?: number;
}

/** One request's answer in the shape the three batch writes share. @internal */
export interface BatchAnswer {
  successfulRecords?: MemoryRecordOutput[] | undefined;
  failedRecords?: MemoryRecordOutput[] | undefined;
}

/** What the runner needs to know about one batch operation. @internal */
export interface BatchPlan<I, W> {
  items: readonly I[];
  /** The wire form of each item (same order as `items`). */
  wire: readonly W[];
  /** The value the answer uses to name an item: `requestIdentifier` (create) or `memoryRecordId`. */
  keyOf(wire: W): string;
  /** Whether the answer names items by `requestIdentifier` (create) or by `memoryRecordId`. */
  answerKey: 'requestIdentifier' | 'memoryRecordId';
  maxPerRequest: number;
  /** Whether the operation takes a `clientToken` (create): requests then carry one. */
  tokens: boolean;
  /**
   * Sends one request under `clientToken` (when the operation takes one). `attemptFailed` hears
   * the error of every attempt the client's retry layer made, so a request whose first attempt
   * may have been written is known as such even when its last attempt was merely throttled.
   */
  send(
    wire: W[],
    clientToken: string | undefined,
    attemptFailed: (error: unknown) => void,
  ): Promise<BatchAnswer>;
  /** Requests to send as they are (re-submission): item positions and the token of each. */
  requests?: ReadonlyArray<{ indexes: number[]; clientToken: string | undefined }>;
  options: BatchOptions;
  signal?: AbortSignal | undefined;
}

/** One request of a batch: its items and token, and whether any attempt of it may have been written. */
interface Request {
  indexes: number[];
  clientToken: string | undefined;
  reached: boolean;
}

// Per-item codes a repeat may cure: throttling, conflicts and server faults.
function retryableCode(code: number | undefined): boolean {
  return code === 429 || code === 409 || (code !== undefined && code >= 500);
}

/** Runs a batch plan to the end. @internal */
export async function runBatch<I, W>(plan: BatchPlan<I, W>): Promise<BatchResult<I>> {
  const succeeded: BatchSuccess[] = [];
  const failed: Array<BatchFailure<I>> = [];
  const newToken = (): string | undefined => (plan.tokens ? globalThis.crypto.randomUUID() : undefined);
  const requests: Request[] = (
    plan.requests ??
    Array.from({ length: Math.ceil(plan.items.length / plan.maxPerRequest) }, (_, r) => ({
      indexes: Array.from(
        { length: Math.min(plan.maxPerRequest, plan.items.length - r * plan.maxPerRequest) },
        (_, i) => r * plan.maxPerRequest + i,
      ),
      clientToken: newToken(),
    }))
  ).map((r) => ({ ...r, reached: false }));
  const rounds = Math.max(0, Math.floor(plan.options.itemRetries ?? 3));
  const baseDelay = plan.options.itemRetryDelayMs ?? 200;
  const key = (i: number): string => plan.keyOf(plan.wire[i] as W);
  /** Reports items as failed for good; `clientToken` is the token to re-submit them together with. */
  const fail = (
    indexes: number[],
    error: BatchItemError,
    clientToken: string | undefined,
    maybeWritten: boolean,
  ) => {
    for (const index of indexes) {
      const wire = plan.wire[index] as W;
      failed.push({
        index,
        item: plan.items[index] as I,
        error,
        ...(plan.answerKey === 'requestIdentifier' ? { requestIdentifier: plan.keyOf(wire) } : {}),
        ...(clientToken === undefined ? {} : { clientToken }),
        maybeWritten,
        sentAs: wire as unknown as I,
      });
    }
  };

  async function runRequest(first: Request): Promise<void> {
    let request = first;
    for (let round = 0; ; round++) {
      if (round > 0) await sleep(baseDelay * 2 ** (round - 1) * (1 + Math.random()), plan.signal);
      const current = request;
      const noteAttempt = (error: unknown): void => {
        if (mayHaveWritten(error)) current.reached = true;
      };
      let answer: BatchAnswer;
      try {
        answer = await plan.send(
          current.indexes.map((i) => plan.wire[i] as W),
          current.clientToken,
          noteAttempt,
        );
      } catch (error) {
        // The whole request failed, after the client's retry layer re-sent it as long as that
        // was worth it. A retryable failure takes the item path: the same request again in the
        // next round (same items, same token: a write that did happen is answered from the
        // idempotency record). Otherwise, or after the last round, every item is reported.
        noteAttempt(error);
        const verdict = classifyError(error);
        if (verdict.retryable && round < rounds && !plan.signal?.aborted) continue;
        const e = error as { name?: unknown; message?: unknown };
        fail(
          current.indexes,
          {
            code: typeof e.name === 'string' ? e.name : 'Error',
            message: typeof e.message === 'string' ? e.message : shown(error),
            retryable: verdict.retryable,
            cause: error,
          },
          current.clientToken,
          current.reached,
        );
        return;
      }
      const byKey = new Map(current.indexes.map((i) => [key(i), i]));
      const retry: number[] = [];
      const failedHere = new Map<number, BatchItemError>();
      for (const out of answer.successfulRecords ?? []) {
        const i = byKey.get(out[plan.answerKey] ?? '');
        if (i === undefined || out.memoryRecordId === undefined) continue;
        byKey.delete(key(i));
        succeeded.push({
          index: i,
          memoryRecordId: out.memoryRecordId,
          ...(out.requestIdentifier === undefined ? {} : { requestIdentifier: out.requestIdentifier }),
        });
      }
      for (const out of answer.failedRecords ?? []) {
        const i = byKey.get(out[plan.answerKey] ?? '');
        if (i === undefined) continue;
        byKey.delete(key(i));
        const retryable = retryableCode(out.errorCode);
        if (retryable && round < rounds) retry.push(i);
        else
          failedHere.set(i, {
            code: String(out.errorCode ?? 'unknown'),
            message: out.errorMessage ?? 'The service reported the record as failed without a message.',
            retryable,
          });
      }
      // The service said these were not written: re-submitting them (together, under a token of
      // their own) writes each once.
      const token = failedHere.size > 0 ? newToken() : undefined;
      for (const [i, error] of failedHere) fail([i], error, token, false);
      // An item the answer does not mention may or may not be written: report it, never re-send
      // it. No token is safe to re-submit it with (its request's token replays the same answer).
      const unmentioned = [...byKey.values()];
      if (unmentioned.length > 0) {
        fail(
          unmentioned,
          {
            code: 'not-in-answer',
            message:
              'The service answered without reporting this record as written or failed: it may be stored. Check (e.g. with listMemoryRecords) before writing it again.',
            retryable: false,
          },
          undefined,
          true,
        );
      }
      if (retry.length === 0) return;
      request = { indexes: retry, clientToken: newToken(), reached: false };
    }
  }

  const queue = [...requests];
  const workers = Math.max(1, Math.min(Math.floor(plan.options.concurrency ?? 4), queue.length));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let r = queue.shift(); r !== undefined; r = queue.shift()) await runRequest(r);
    }),
  );
  succeeded.sort((a, b) => a.index - b.index);
  failed.sort((a, b) => a.index - b.index);
  return { succeeded, failed };
}

/**
 * Whether the service may have run an attempt that failed with `error`: not when the request
 * never reached it (throttled at the door, connection refused) or when it answered with a
 * refusal (4xx); yes for a lost answer (reset, timeout, 5xx) and anything unknown.
 */
function mayHaveWritten(error: unknown): boolean {
  if (classifyError(error).sent === 'no') return false;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return !(typeof status === 'number' && status >= 400 && status < 500);
}
