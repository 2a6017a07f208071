/**
 * Inputs and options of the memory handle: each the SDK command's input without `memoryId`,
 * plus per-call `signal` and `timeoutMs`.
 * @module
 */
import type {
  CreateEventInput,
  DeleteEventInput,
  DeleteMemoryRecordInput,
  GetEventInput,
  GetMemoryRecordInput,
  IngestDataInput,
  ListActorsInput,
  ListEventsInput,
  ListMemoryExtractionJobsInput,
  ListMemoryRecordsInput,
  ListSessionsInput,
  MemoryContent,
  MemoryRecordCreateInput,
  MemoryRecordDeleteInput,
  MemoryRecordUpdateInput,
  PayloadType,
  RetrieveMemoryRecordsInput,
  Role,
  StartMemoryExtractionJobInput,
} from '@aws-sdk/client-bedrock-agentcore';
import type { Partition } from '../arn/patterns.js';
import type { BatchFailure, BatchOptions } from './batch.js';
import type {
  CreateEventRates,
  DEFAULT_CREATE_EVENT_RATES,
  DEFAULT_INGEST_DATA_RATES,
  IngestDataRates,
  PacingRate,
} from './pacing.js';

/**
 * Per-call controls every memory method accepts.
 *
 * @example
 * ```ts
 * await memory.getEvent({ actorId, sessionId, eventId, timeoutMs: 5_000 });
 * ```
 */
export interface MemoryCallControl {
  /** Aborts this call (and its retries). */
  signal?: AbortSignal;
  /** Gives up after this many ms, retries and pacing waits included. */
  timeoutMs?: number;
}

/** `T` with `memoryId` removed and `keys` made required (strings the model types as `| undefined`). */
type Input<T, K extends keyof T = never> = Omit<T, 'memoryId' | K> & {
  [P in K]-?: Exclude<T[P], undefined>;
} & MemoryCallControl;

/**
 * Options of `client.memory(memoryArnOrId, options)`.
 *
 * @example
 * ```ts
 * const memory = client.memory('shared_memory-abcdefghij', {
 *   accountId: '111111111111',
 *   region: 'eu-west-1',
 *   createEventRate: { perSecond: 20, burst: 1 }, // after a quota increase
 * });
 * ```
 */
export interface MemoryHandleOptions {
  /** Owner account (Account A), needed with a bare memory id. */
  accountId?: string;
  /** Owner region, needed with a bare memory id (default: the client's `region`). */
  region?: string;
  /** Partition for a bare id; default `aws`. */
  partition?: Partition;
  /**
   * Client-side pacing of CreateEvent, so a burst queues instead of failing with
   * ThrottledException. Default {@link DEFAULT_CREATE_EVENT_RATES}, AgentCore's quotas: 5
   * requests/s per actor and session for events with a conversational payload, 10/s for the
   * others, 200/s for the whole handle (the account quota); one request of an actor and session
   * at a time. A {@link PacingRate} sets both per-session rates (e.g. after a quota increase);
   * {@link CreateEventRates} sets them one by one; `false` turns pacing off.
   */
  createEventRate?: PacingRate | CreateEventRates | false;
  /**
   * Client-side pacing of IngestData. Default {@link DEFAULT_INGEST_DATA_RATES}, AgentCore's
   * quotas: 5 requests/s per actor and session, 10/s for the whole handle (the account quota);
   * `false` turns pacing off.
   */
  ingestDataRate?: IngestDataRates | false;
  /** Defaults of the batch helpers (each call may override them). */
  batch?: BatchOptions;
}

/**
 * Input of `createEvent`: the SDK's without `memoryId`. `sessionId` is required (the model
 * leaves it optional but documents no default, and pacing and ListEvents key on it);
 * `eventTimestamp` defaults to now; `clientToken` to a fresh one per call, reused by its retries.
 * To re-submit a call that failed (its answer may have been lost) under your own `clientToken`,
 * pass the same `eventTimestamp` too: a token's first use fixes the parameters, and a default
 * timestamp taken anew would make the re-submission a different request, which AgentCore refuses.
 *
 * @example
 * ```ts
 * const input: CreateEventParams = {
 *   actorId: 'user-42',
 *   sessionId: 'session-1',
 *   payload: [{ conversational: { role: 'USER', content: { text: 'Hi' } } }],
 * };
 * ```
 */
export type CreateEventParams = Omit<
  Input<CreateEventInput, 'actorId' | 'sessionId'>,
  'eventTimestamp' | 'payload'
> & {
  eventTimestamp?: Date;
  payload: PayloadType[];
};

/**
 * Input of `ingestData`: the SDK's without `memoryId`. `contentTimestamp` defaults to now;
 * `clientToken` to a fresh one per call, reused by its retries (IngestData is idempotent by it:
 * "if this token matches a previous request, AgentCore ignores the request"); `sessionId` is
 * optional (AgentCore makes one up and answers it).
 *
 * @example
 * ```ts
 * const input: IngestDataParams = {
 *   actorId: 'user-42',
 *   sessionId: 'session-1',
 *   source: { inline: { payload: [{ conversational: { role: 'USER', content: { text: 'I prefer aisle seats' } } }] } },
 * };
 * ```
 */
export type IngestDataParams = Omit<Input<IngestDataInput, 'actorId'>, 'contentTimestamp'> & {
  contentTimestamp?: Date;
};

/**
 * One conversational turn.
 *
 * @example
 * ```ts
 * const turn: ConversationTurn = { role: 'USER', text: 'I prefer window seats' };
 * ```
 */
export interface ConversationTurn {
  role: Role;
  text: string;
}

/**
 * Input of `recordTurns`: conversational turns as one event; `metadata` as plain strings.
 *
 * @example
 * ```ts
 * await memory.recordTurns({ actorId: 'user-42', sessionId: 'session-1', turns: [{ role: 'USER', text: 'Hi' }] });
 * ```
 */
export type RecordTurnsParams = Omit<CreateEventParams, 'payload' | 'metadata'> & {
  turns: ConversationTurn[];
  metadata?: Record<string, string>;
};

/**
 * Input of `recordBlob`: one blob (any JSON value) as one event; `metadata` as plain strings.
 *
 * @example
 * ```ts
 * await memory.recordBlob({ actorId: 'agent-7', sessionId: 'session-1', blob: { toolCall: 'search' } });
 * ```
 */
export type RecordBlobParams = Omit<CreateEventParams, 'payload' | 'metadata'> & {
  blob: unknown;
  metadata?: Record<string, string>;
};

/**
 * Input of `getEvent`.
 * @example
 * ```ts
 * const input: GetEventParams = { actorId: 'user-42', sessionId: 'session-1', eventId: '0000001729525989123#a1b2c3d4' };
 * ```
 */
export type GetEventParams = Input<GetEventInput, 'actorId' | 'sessionId' | 'eventId'>;
/**
 * Input of `deleteEvent`.
 * @example
 * ```ts
 * const input: DeleteEventParams = { actorId: 'user-42', sessionId: 'session-1', eventId: '0000001729525989123#a1b2c3d4' };
 * ```
 */
export type DeleteEventParams = Input<DeleteEventInput, 'actorId' | 'sessionId' | 'eventId'>;
/**
 * Input of `listEvents` (iterates every page from `nextToken`, or from the start).
 * @example
 * ```ts
 * const input: ListEventsParams = { actorId: 'user-42', sessionId: 'session-1', includePayloads: true };
 * ```
 */
export type ListEventsParams = Input<ListEventsInput, 'actorId' | 'sessionId'>;
/**
 * Input of `listActors`.
 * @example
 * ```ts
 * const input: ListActorsParams = { maxResults: 50 };
 * ```
 */
export type ListActorsParams = Input<ListActorsInput>;
/**
 * Input of `listSessions`.
 * @example
 * ```ts
 * const input: ListSessionsParams = { actorId: 'user-42' };
 * ```
 */
export type ListSessionsParams = Input<ListSessionsInput, 'actorId'>;
/**
 * Input of `getMemoryRecord`.
 * @example
 * ```ts
 * const input: GetMemoryRecordParams = { memoryRecordId: 'mem-…' };
 * ```
 */
export type GetMemoryRecordParams = Input<GetMemoryRecordInput, 'memoryRecordId'>;
/**
 * Input of `deleteMemoryRecord`.
 * @example
 * ```ts
 * const input: DeleteMemoryRecordParams = { memoryRecordId: 'mem-…' };
 * ```
 */
export type DeleteMemoryRecordParams = Input<DeleteMemoryRecordInput, 'memoryRecordId'>;
/**
 * Input of `listMemoryRecords` (`namespace` or `namespacePath` required by the service).
 * @example
 * ```ts
 * const input: ListMemoryRecordsParams = { namespace: 'preferences/user-42' };
 * ```
 */
export type ListMemoryRecordsParams = Input<ListMemoryRecordsInput>;
/**
 * Input of `retrieveMemoryRecords`.
 * @example
 * ```ts
 * const input: RetrieveMemoryRecordsParams = { namespace: 'preferences/user-42', searchCriteria: { searchQuery: 'seats', topK: 5 } };
 * ```
 */
export type RetrieveMemoryRecordsParams = Input<RetrieveMemoryRecordsInput, 'searchCriteria'>;

/**
 * Input of `retrieve`, the short form of a semantic search.
 *
 * @example
 * ```ts
 * const hits = await memory.retrieve({ namespace: 'preferences/user-42', query: 'seating', topK: 5 });
 * ```
 */
export interface RetrieveParams extends MemoryCallControl {
  namespace?: string;
  namespacePath?: string;
  query: string;
  /** Most records wanted (1–100); default 10. */
  topK?: number;
  memoryStrategyId?: string;
  metadataFilters?: NonNullable<RetrieveMemoryRecordsInput['searchCriteria']>['metadataFilters'];
}

/**
 * Input of `listMemoryExtractionJobs`.
 * @example
 * ```ts
 * const input: ListMemoryExtractionJobsParams = { filter: { status: 'FAILED' } };
 * ```
 */
export type ListMemoryExtractionJobsParams = Input<ListMemoryExtractionJobsInput>;
/**
 * Input of `startMemoryExtractionJob` (restarts a failed job; `clientToken` defaults to a fresh one, reused by its retries).
 * @example
 * ```ts
 * const input: StartMemoryExtractionJobParams = { extractionJob: { jobId: 'job-1' } };
 * ```
 */
export type StartMemoryExtractionJobParams = Input<StartMemoryExtractionJobInput, 'extractionJob'>;

/**
 * A record to create: `requestIdentifier` defaults to `r<index>`, `timestamp` to now.
 *
 * @example
 * ```ts
 * const draft: MemoryRecordDraft = { content: { text: 'Prefers window seats' }, namespaces: ['preferences/user-42'] };
 * ```
 */
export type MemoryRecordDraft = Omit<
  MemoryRecordCreateInput,
  'requestIdentifier' | 'timestamp' | 'namespaces' | 'content'
> & {
  requestIdentifier?: string;
  timestamp?: Date;
  namespaces: string[];
  content: MemoryContent;
};

/**
 * Input of `batchCreateMemoryRecords`: any number of records (split into requests of 100).
 * @example
 * ```ts
 * const input: BatchCreateRecordsParams = { records: [{ content: { text: 'Likes tea' }, namespaces: ['preferences/user-42'] }] };
 * ```
 */
export interface BatchCreateRecordsParams extends BatchOptions, MemoryCallControl {
  records: MemoryRecordDraft[];
}
/**
 * Input of `resubmitFailedRecords`: the `failed` list of a `batchCreateMemoryRecords` result.
 * @example
 * ```ts
 * const input: ResubmitRecordsParams = { failed: result.failed, itemRetries: 5 };
 * ```
 */
export interface ResubmitRecordsParams extends BatchOptions, MemoryCallControl {
  failed: ReadonlyArray<BatchFailure<MemoryRecordDraft>>;
}
/**
 * Input of `batchUpdateMemoryRecords`: any number of updates; `timestamp` defaults to now.
 * @example
 * ```ts
 * const input: BatchUpdateRecordsParams = { records: [{ memoryRecordId: 'mem-…', content: { text: 'Likes coffee' } }] };
 * ```
 */
export interface BatchUpdateRecordsParams extends BatchOptions, MemoryCallControl {
  records: Array<
    Omit<MemoryRecordUpdateInput, 'memoryRecordId' | 'timestamp'> & {
      memoryRecordId: string;
      timestamp?: Date;
    }
  >;
}
/**
 * Input of `batchDeleteMemoryRecords`: any number of record ids.
 * @example
 * ```ts
 * const input: BatchDeleteRecordsParams = { records: [{ memoryRecordId: 'mem-…' }] };
 * ```
 */
export interface BatchDeleteRecordsParams extends BatchOptions, MemoryCallControl {
  records: Array<Omit<MemoryRecordDeleteInput, 'memoryRecordId'> & { memoryRecordId: string }>;
}
