/**
 * Emulated long-term extraction: with a memory's `extraction` option set, the conversational
 * text a CreateEvent carries (and the content IngestData submits) becomes memory records in each
 * strategy's namespace, `delayMs` later on the store's clock, as AgentCore's asynchronous
 * extraction makes records some time after the event. Without the option nothing is extracted
 * (the emulator's behaviour before the option existed).
 *
 * The extracted record is the text itself: the emulator runs no model, so a record proves that
 * extraction ran on that content, not what a real strategy would distil from it.
 *
 * `byArn` reproduces a user report (aws/aws-sdk-java-v2 issue 7036, unverified; FACTS.md "Beyond
 * runtimes and memory"): CreateEvent with the full memory ARN as `memoryId` answers 201, yet no
 * long-term record ever appears. `'skip'` extracts nothing from content addressed by ARN,
 * `'fail'` records a failed extraction job for it instead.
 * @internal
 */
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../errors.js';
import type { MemoryState, StoredExtractionJob, StoredRecord } from './store.js';
import type { MemorySpec } from './types.js';

/** Content handed to extraction by CreateEvent or IngestData. */
export interface ExtractionSource {
  actorId: string;
  sessionId: string;
  /** The texts to extract from (conversational text; JSON content as its JSON text). */
  texts: readonly string[];
  /** `extractionConfig.namespaceVariables` of the request. */
  namespaceVariables?: Readonly<Record<string, string>>;
  /** True when the request named the memory by its full ARN (`/memories/arn%3A…`). */
  addressedByArn: boolean;
  /** Events the content came from (CreateEvent), for a failed job's messages. */
  eventId?: string;
}

/** What extraction leaves behind, visible from `visibleAt` (store clock, epoch ms). */
export type PendingExtraction =
  | { visibleAt: number; record: StoredRecord }
  | { visibleAt: number; job: StoredExtractionJob };

/** Checks a memory's `extraction` option when the store is built. */
export function checkExtractionSpec(spec: MemorySpec): void {
  const extraction = spec.extraction;
  if (extraction === undefined) return;
  const fix =
    'Give extraction: { delayMs?: number ≥ 0, byArn?: "extract" | "skip" | "fail" } and at least one strategy with a namespace template.';
  if (typeof extraction !== 'object' || extraction === null) {
    throw new ValidationError('memories[].extraction', 'extraction must be an object', fix);
  }
  const { delayMs, byArn } = extraction;
  if (delayMs !== undefined && !(typeof delayMs === 'number' && Number.isFinite(delayMs) && delayMs >= 0)) {
    throw new ValidationError('memories[].extraction.delayMs', 'delayMs must be a number ≥ 0', fix);
  }
  if (byArn !== undefined && byArn !== 'extract' && byArn !== 'skip' && byArn !== 'fail') {
    throw new ValidationError('memories[].extraction.byArn', `byArn must be extract, skip or fail`, fix);
  }
  if (!spec.strategies?.some((s) => s.namespaces.length > 0)) {
    throw new ValidationError(
      'memories[].strategies',
      `memory ${spec.memoryId} extracts but declares no strategy namespace to put records in`,
      fix,
    );
  }
}

/** Fills a namespace template's `{actorId}`, `{sessionId}`, `{memoryStrategyId}` and given variables. */
function resolveNamespace(
  template: string,
  strategyId: string,
  source: ExtractionSource,
): string | undefined {
  const values: Record<string, string> = {
    ...source.namespaceVariables,
    actorId: source.actorId,
    sessionId: source.sessionId,
    memoryStrategyId: strategyId,
    strategyId,
  };
  let unresolved = false;
  const resolved = template.replace(/\{([^{}/]*)\}/g, (_all, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : resolved;
}

/** Schedules what extraction of `source` leaves: records, a failed job, or nothing. */
export function scheduleExtraction(memory: MemoryState, source: ExtractionSource, now: number): void {
  const extraction = memory.spec.extraction;
  if (extraction === undefined || source.texts.length === 0) return;
  const visibleAt = now + (extraction.delayMs ?? 0);
  const byArn = source.addressedByArn ? (extraction.byArn ?? 'extract') : 'extract';
  if (byArn === 'skip') return;
  if (byArn === 'fail') {
    memory.pending.push({
      visibleAt,
      job: {
        jobId: `failed-job-${randomUUID()}`,
        failureReason: 'Emulated: extraction of content addressed by the full memory ARN failed.',
        actorId: source.actorId,
        sessionId: source.sessionId,
        messages: source.eventId === undefined ? [] : [{ eventId: source.eventId, messageIndex: 0 }],
      },
    });
    return;
  }
  for (const strategy of memory.spec.strategies ?? []) {
    const template = strategy.namespaces[0];
    if (template === undefined) continue;
    const namespace = resolveNamespace(template, strategy.strategyId, source);
    if (namespace === undefined) continue;
    for (const text of source.texts) {
      memory.pending.push({
        visibleAt,
        record: {
          memoryRecordId: `mem-${randomUUID()}`,
          content: { text },
          namespaces: [namespace],
          memoryStrategyId: strategy.strategyId,
          createdAt: visibleAt,
        },
      });
    }
  }
}

/** Moves what has become visible by `now` into the memory's records and jobs. */
export function flushExtraction(memory: MemoryState, now: number): void {
  if (memory.pending.length === 0) return;
  const waiting: PendingExtraction[] = [];
  for (const item of memory.pending) {
    if (item.visibleAt > now) waiting.push(item);
    else if ('record' in item) memory.records.set(item.record.memoryRecordId, item.record);
    else memory.jobs.set(item.job.jobId, item.job);
  }
  memory.pending.splice(0, memory.pending.length, ...waiting);
}
