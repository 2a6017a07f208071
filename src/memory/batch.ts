/**
 * The batch record writes: split into requests of at most 100 records, run a few requests at a
 * time, retry only the items that failed for a reason worth retrying, and report every item.
 *
 * Exactly once, from the caller's view, for BatchCreateMemoryRecords:
 * - one request, one `clientToken`. A request whose answer was lost (reset connection, 5xx,
 *   timeout) is re-sent by the client's retry layer as the same command: same token, same items,
 *   so the service answers from its idempotency record instead of writing again;
 * - the items that the answer lists as failed and retryable go again in a NEW request (a new,
 *   smaller body needs a new token: the old token with another body is a parameter mismatch);
 *   an item the answer lists as written is never sent again.
 * @internal
 */
import type { MemoryRecordOutput } from '@aws-sdk/client-bedrock-agentcore';
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
 * for (const { index, error } of result.failed) console.error(`record ${index}: ${error.code} ${error.message}`);
 * ```
 */
export interface BatchFailure<I> {
  index: number;
  item: I;
  error: BatchItemError;
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
  /** Sends one request (a fresh call, so a fresh client token where the operation has one). */
  send(wire: W[]): Promise<BatchAnswer>;
  options: BatchOptions;
  signal?: AbortSignal | undefined;
}

// Per-item codes a repeat may cure: throttling, conflicts and server faults.
function retryableCode(code: number | undefined): boolean {
  return code === 429 || code === 409 || (code !== undefined && code >= 500);
}

/** Runs a batch plan to the end. @internal */
export async function runBatch<I, W>(plan: BatchPlan<I, W>): Promise<BatchResult<I>> {
  const succeeded: BatchSuccess[] = [];
  const failed: Array<BatchFailure<I>> = [];
  const chunks: number[][] = [];
  for (let start = 0; start < plan.items.length; start += plan.maxPerRequest) {
    chunks.push(
      Array.from({ length: Math.min(plan.maxPerRequest, plan.items.length - start) }, (_, i) => start + i),
    );
  }
  const rounds = Math.max(0, Math.floor(plan.options.itemRetries ?? 3));
  const baseDelay = plan.options.itemRetryDelayMs ?? 200;
  const fail = (index: number, error: BatchItemError) =>
    failed.push({ index, item: plan.items[index] as I, error });

  async function runChunk(indexes: number[]): Promise<void> {
    let pending = indexes;
    for (let round = 0; pending.length > 0; round++) {
      if (round > 0) await sleep(baseDelay * 2 ** (round - 1) * (1 + Math.random()), plan.signal);
      const byKey = new Map(pending.map((i) => [plan.keyOf(plan.wire[i] as W), i]));
      let answer: BatchAnswer;
      try {
        answer = await plan.send(pending.map((i) => plan.wire[i] as W));
      } catch (error) {
        // The client's retry layer already re-sent this request (same token) as long as it was
        // worth it; what remains is reported item by item, never dropped.
        const verdict = classifyError(error);
        const e = error as { name?: unknown; message?: unknown };
        const reported: BatchItemError = {
          code: typeof e.name === 'string' ? e.name : 'Error',
          message: typeof e.message === 'string' ? e.message : String(error),
          retryable: verdict.retryable,
          cause: error,
        };
        for (const i of pending) fail(i, reported);
        return;
      }
      const retry: number[] = [];
      for (const out of answer.successfulRecords ?? []) {
        const i = byKey.get(out[plan.answerKey] ?? '');
        if (i === undefined || out.memoryRecordId === undefined) continue;
        byKey.delete(plan.keyOf(plan.wire[i] as W));
        succeeded.push({
          index: i,
          memoryRecordId: out.memoryRecordId,
          ...(out.requestIdentifier === undefined ? {} : { requestIdentifier: out.requestIdentifier }),
        });
      }
      for (const out of answer.failedRecords ?? []) {
        const key = out[plan.answerKey] ?? '';
        const i = byKey.get(key);
        if (i === undefined) continue;
        byKey.delete(key);
        const retryable = retryableCode(out.errorCode);
        if (retryable && round < rounds) retry.push(i);
        else
          fail(i, {
            code: String(out.errorCode ?? 'unknown'),
            message: out.errorMessage ?? 'The service reported the record as failed without a message.',
            retryable,
          });
      }
      // An item the answer does not mention may or may not be written: report it, do not re-send it.
      for (const i of byKey.values()) {
        fail(i, {
          code: 'not-in-answer',
          message: 'The service answered without reporting this record as succeeded or failed.',
          retryable: false,
        });
      }
      pending = retry;
    }
  }

  const queue = [...chunks];
  const workers = Math.max(1, Math.min(Math.floor(plan.options.concurrency ?? 4), queue.length));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let chunk = queue.shift(); chunk !== undefined; chunk = queue.shift()) await runChunk(chunk);
    }),
  );
  succeeded.sort((a, b) => a.index - b.index);
  failed.sort((a, b) => a.index - b.index);
  return { succeeded, failed };
}
