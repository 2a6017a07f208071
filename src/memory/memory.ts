/**
 * `CrossAccountMemory`: every AgentCore Memory data-plane action against a memory in another
 * account, always addressed by its full ARN (a bare id would resolve in the caller's account).
 * @module
 */
import {
  type ActorSummary,
  BatchCreateMemoryRecordsCommand,
  BatchDeleteMemoryRecordsCommand,
  BatchUpdateMemoryRecordsCommand,
  type BedrockAgentCoreClient,
  CreateEventCommand,
  type CreateEventOutput,
  DeleteEventCommand,
  type DeleteEventOutput,
  DeleteMemoryRecordCommand,
  type DeleteMemoryRecordOutput,
  type Event,
  type ExtractionJobMetadata,
  GetEventCommand,
  type GetEventOutput,
  GetMemoryRecordCommand,
  type GetMemoryRecordOutput,
  IngestDataCommand,
  type IngestDataOutput,
  ListActorsCommand,
  type ListActorsOutput,
  ListEventsCommand,
  type ListEventsOutput,
  ListMemoryExtractionJobsCommand,
  type ListMemoryExtractionJobsOutput,
  ListMemoryRecordsCommand,
  type ListMemoryRecordsOutput,
  ListSessionsCommand,
  type ListSessionsOutput,
  type MemoryRecordCreateInput,
  type MemoryRecordSummary,
  type MetadataValue,
  type PayloadType,
  RetrieveMemoryRecordsCommand,
  type RetrieveMemoryRecordsOutput,
  type SessionSummary,
  StartMemoryExtractionJobCommand,
  type StartMemoryExtractionJobOutput,
} from '@aws-sdk/client-bedrock-agentcore';
import { parseArn } from '../arn/parse.js';
import type { CallOptions } from '../client.js';
import { AgentStreamError, shown, ValidationError } from '../errors.js';
import { callControl, inputObject, plain, record, string, wireData } from '../input.js';
import { type BatchOptions, type BatchPlan, type BatchResult, runBatch } from './batch.js';
import {
  BRANCH_NAME,
  CONVERSATIONAL_TEXT,
  EVENT_ID,
  MAX_BATCH_RECORDS,
  MAX_RESULTS,
  MAX_RESULTS_EXTRACTION_JOBS,
  MEMORY_STRATEGY_ID,
  ROLES,
  TOP_K,
} from './limits.js';
import {
  CreateEventPacer,
  type CreateEventRates,
  IngestDataPacer,
  type IngestDataRates,
  type PacingRate,
  resolveCreateEventRates,
  resolveIngestDataRates,
} from './pacing.js';
import type {
  BatchCreateRecordsParams,
  BatchDeleteRecordsParams,
  BatchUpdateRecordsParams,
  ConversationTurn,
  CreateEventParams,
  DeleteEventParams,
  DeleteMemoryRecordParams,
  GetEventParams,
  GetMemoryRecordParams,
  IngestDataParams,
  ListActorsParams,
  ListEventsParams,
  ListMemoryExtractionJobsParams,
  ListMemoryRecordsParams,
  ListSessionsParams,
  MemoryCallControl,
  MemoryRecordDraft,
  RecordBlobParams,
  RecordTurnsParams,
  ResubmitRecordsParams,
  RetrieveMemoryRecordsParams,
  RetrieveParams,
  StartMemoryExtractionJobParams,
} from './types.js';
import {
  checkActorId,
  checkEventId,
  checkEventMetadata,
  checkInt,
  checkNamespace,
  checkNamespaces,
  checkPayload,
  checkRecordId,
  checkRecordMetadata,
  checkRecordText,
  checkRequestIdentifier,
  checkSearchQuery,
  checkSessionId,
  checkString,
} from './validate.js';

/**
 * What the handle needs from the client: one data-plane call with retries, abort, timeout and
 * AccessDenied translation (`CrossAccountAgentClient.call`).
 * @internal
 */
export interface MemoryTransport {
  call<T>(
    send: (client: BedrockAgentCoreClient, abortSignal: AbortSignal | undefined) => Promise<T>,
    options: CallOptions,
  ): Promise<T>;
}

/** Settings the handle is built with (resolved by `client.memory()`). @internal */
export interface MemoryHandleConfig {
  createEventRate?: PacingRate | CreateEventRates | false;
  ingestDataRate?: IngestDataRates | false;
  batch?: BatchOptions;
}

type Send<T> = (client: BedrockAgentCoreClient, abortSignal: AbortSignal | undefined) => Promise<T>;

/**
 * A conversational payload item.
 *
 * @example
 * ```ts
 * await memory.createEvent({ actorId, sessionId, payload: [conversationalTurn('USER', 'Hi')] });
 * ```
 */
export function conversationalTurn(role: ConversationTurn['role'], text: string): PayloadType {
  return { conversational: { role, content: { text } } };
}

/**
 * A blob payload item (any JSON-compatible value).
 *
 * @example
 * ```ts
 * await memory.createEvent({ actorId, sessionId, payload: [blobPayload({ tool: 'search', query: 'flights' })] });
 * ```
 */
export function blobPayload(value: unknown): PayloadType {
  return { blob: value as PayloadType.BlobMember['blob'] };
}

/**
 * Event metadata from plain strings: `{ channel: 'web' }` → `{ channel: { stringValue: 'web' } }`.
 *
 * @example
 * ```ts
 * await memory.createEvent({ actorId, sessionId, payload, metadata: eventMetadata({ channel: 'web' }) });
 * ```
 */
export function eventMetadata(values: Record<string, string>): Record<string, MetadataValue> {
  const fix = "Pass the metadata as { key: 'string value' }.";
  const given = record(plain(values, 'metadata'), 'metadata', fix);
  const out: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(given)) {
    Object.defineProperty(out, key, {
      value: { stringValue: string(value, `metadata.${key}`, fix) },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * A method's input, read once (`plain`) and checked: an object, with a valid `signal` and
 * `timeoutMs`. The checks of its fields follow in the method.
 */
function given<T>(input: T, notSent: readonly string[] = []): T {
  const value = inputObject(
    input,
    "Pass the method's input object (the SDK command's input without memoryId, as documented).",
  );
  callControl(value as Record<string, unknown>);
  wireData(value, '', ['signal', ...notSent]);
  const members = value as Record<string, unknown>;
  for (const [key, type] of COMMON_MEMBERS) {
    const member = members[key];
    if (member === undefined) continue;
    const ok = type === 'date' ? member instanceof Date : typeof member === type;
    if (!ok || (type === 'string' && member === '')) {
      throw new ValidationError(
        key,
        `${key} is ${shown(member)}, not a ${type === 'date' ? 'Date' : `non-empty ${type}`}`,
        `Pass ${key} as a ${type === 'date' ? 'Date' : type}, or leave it out.`,
      );
    }
  }
  return value;
}

/** Members several operations take, checked wherever they appear (the others per operation). */
const COMMON_MEMBERS: ReadonlyArray<[string, 'string' | 'boolean' | 'date']> = [
  ['nextToken', 'string'],
  ['clientToken', 'string'],
  ['includePayloads', 'boolean'],
  ['eventTimestamp', 'date'],
];

function sendOptions(abortSignal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return abortSignal === undefined ? {} : { abortSignal };
}

/** The SDK input without the per-call controls. */
function wireInput<T extends MemoryCallControl>(input: T): Omit<T, 'signal' | 'timeoutMs'> {
  const { signal: _signal, timeoutMs: _timeoutMs, ...rest } = input;
  return rest;
}

function control(input: MemoryCallControl): MemoryCallControl {
  return {
    ...(input.signal === undefined ? {} : { signal: input.signal }),
    ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
  };
}

function required<T>(value: T | undefined | null, operation: string, field: string): T {
  // Never trust an output field to be present (house style).
  if (value === undefined || value === null) {
    throw new AgentStreamError(`${operation} answered without ${field}.`, { data: field });
  }
  return value;
}

function checkMaxResults(value: number | undefined, range: { min: number; max: number }): void {
  if (value !== undefined) checkInt(value, 'maxResults', range);
}

function checkScope(input: { namespace?: string | undefined; namespacePath?: string | undefined }): void {
  if (input.namespace === undefined && input.namespacePath === undefined) {
    throw new ValidationError(
      'namespace',
      'Either namespace or namespacePath is required',
      'Pass the namespace of the records (e.g. preferences/user-42), resolved.',
    );
  }
  if (input.namespace !== undefined) checkNamespace(input.namespace);
  if (input.namespacePath !== undefined) checkNamespace(input.namespacePath, 'namespacePath');
}

/**
 * One memory in Account A, seen from Account B. Every call sends the full memory ARN as
 * `memoryId` to the ARN's region; inputs are validated before any request; writes carry one
 * client token per logical write, reused across retries; CreateEvent is paced per actor and
 * session; list methods are async iterators that follow `nextToken`; batch helpers split, retry
 * the failed items and report every item. Errors are never swallowed: a denied search throws an
 * `AgentCoreAccessDeniedError`, it never looks like an empty result.
 *
 * Get one from `client.memory(memoryArnOrId, options)`.
 *
 * @example
 * ```ts
 * const memory = client.memory('arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij');
 * await memory.recordTurns({ actorId: 'user-42', sessionId: 'session-1', turns: [{ role: 'USER', text: 'I prefer aisle seats' }] });
 * const hits = await memory.retrieve({ namespace: 'preferences/user-42', query: 'seating', topK: 3 });
 * ```
 */
export class CrossAccountMemory {
  /** The memory's full ARN, sent as `memoryId` on every call. */
  readonly arn: string;
  /** The region every call goes to (the ARN's). */
  readonly region: string;
  /** The owner account (Account A). */
  readonly accountId: string;
  /** The bare memory id (for display; never sent alone). */
  readonly memoryId: string;
  readonly #transport: MemoryTransport;
  readonly #pacer: CreateEventPacer | undefined;
  readonly #ingestPacer: IngestDataPacer | undefined;
  readonly #batch: BatchOptions;

  /** Use `client.memory()`. @internal */
  constructor(transport: MemoryTransport, memoryArn: string, config: MemoryHandleConfig = {}) {
    const parsed = parseArn(memoryArn);
    if (parsed.resourceType !== 'memory') {
      throw new ValidationError('memoryArn', `${memoryArn} is not a memory ARN`, 'Pass a memory ARN.');
    }
    this.arn = parsed.arn;
    this.region = parsed.region;
    this.accountId = parsed.accountId;
    this.memoryId = parsed.memoryId;
    this.#transport = transport;
    const rates = resolveCreateEventRates(config.createEventRate);
    this.#pacer = rates === false ? undefined : new CreateEventPacer(rates);
    const ingestRates = resolveIngestDataRates(config.ingestDataRate);
    this.#ingestPacer = ingestRates === false ? undefined : new IngestDataPacer(ingestRates);
    this.#batch = config.batch ?? {};
  }

  // ---- short-term memory: events -------------------------------------------------------------

  /**
   * CreateEvent. Validates, waits for its turn in the (actor, session) pacing line, and sends
   * one client token across every retry, so a retried event is stored once.
   *
   * @example
   * ```ts
   * const { event } = await memory.createEvent({
   *   actorId: 'user-42',
   *   sessionId: 'session-1',
   *   payload: [conversationalTurn('USER', 'Book me a flight')],
   * });
   * ```
   */
  async createEvent(input: CreateEventParams): Promise<CreateEventOutput> {
    input = given(input);
    checkActorId(input.actorId);
    checkSessionId(input.sessionId);
    checkPayload(input.payload);
    input.payload.forEach((item, i) => {
      if (typeof item !== 'object' || item === null) {
        throw new ValidationError(
          `payload[${i}]`,
          `payload[${i}] is ${shown(item)}, not a payload item`,
          'Pass conversationalTurn(role, text) or blobPayload(value) items.',
        );
      }
      if (item.conversational !== undefined) {
        checkString(
          item.conversational.content?.text,
          `payload[${i}].conversational.content.text`,
          CONVERSATIONAL_TEXT,
        );
      }
    });
    if (input.metadata !== undefined) checkEventMetadata(input.metadata);
    if (input.branch !== undefined) {
      checkString(input.branch.name, 'branch.name', BRANCH_NAME);
      if (input.branch.rootEventId !== undefined)
        checkString(input.branch.rootEventId, 'branch.rootEventId', EVENT_ID);
    }
    const command = new CreateEventCommand({
      ...wireInput(input),
      memoryId: this.arn,
      eventTimestamp: input.eventTimestamp ?? new Date(),
      clientToken: input.clientToken ?? globalThis.crypto.randomUUID(),
    });
    const pacer = this.#pacer;
    const lane = {
      actorId: input.actorId,
      sessionId: input.sessionId,
      conversational: input.payload.some((item) => item.conversational !== undefined),
    };
    const output = await this.#call('CreateEvent', input, (client, signal) => {
      // Every attempt takes a token: a retry after throttling queues like a new event would.
      const send = () => client.send(command, sendOptions(signal));
      return pacer === undefined ? send() : pacer.run(lane, send, signal);
    });
    required(output.event, 'CreateEvent', 'event');
    return output;
  }

  /**
   * IngestData: submits content straight to long-term extraction (no short-term event is
   * stored). Validates, waits for its turn in the (actor, session) pacing line and the account
   * line (AgentCore's IngestData quotas: 5/s per actor and session, 10/s per account), and sends
   * one client token across every retry, so a retried ingestion is processed once. Needs
   * `bedrock-agentcore:IngestData` on the memory, which is not one of the 15 actions the memory
   * grants default to.
   *
   * @returns The session id the content was filed under (AgentCore's own when none was given).
   *
   * @example
   * ```ts
   * const { sessionId } = await memory.ingestData({
   *   actorId: 'user-42',
   *   source: { inline: { payload: [conversationalTurn('USER', 'I prefer aisle seats')] } },
   * });
   * ```
   */
  async ingestData(input: IngestDataParams): Promise<IngestDataOutput> {
    input = given(input);
    checkActorId(input.actorId);
    if (input.sessionId !== undefined) checkSessionId(input.sessionId);
    if (input.contentTimestamp !== undefined && !(input.contentTimestamp instanceof Date)) {
      throw new ValidationError(
        'contentTimestamp',
        `contentTimestamp is ${shown(input.contentTimestamp)}, not a Date`,
        'Pass contentTimestamp as a Date, or leave it out (now).',
      );
    }
    checkIngestSource(input.source);
    if (input.metadata !== undefined) checkEventMetadata(input.metadata);
    checkNamespaceVariables(input.extractionConfig);
    const command = new IngestDataCommand({
      ...wireInput(input),
      memoryId: this.arn,
      contentTimestamp: input.contentTimestamp ?? new Date(),
      clientToken: input.clientToken ?? globalThis.crypto.randomUUID(),
    });
    const pacer = this.#ingestPacer;
    const lane = { actorId: input.actorId, sessionId: input.sessionId };
    const output = await this.#call('IngestData', input, (client, signal) => {
      const send = () => client.send(command, sendOptions(signal));
      return pacer === undefined ? send() : pacer.run(lane, send, signal);
    });
    required(output.sessionId, 'IngestData', 'sessionId');
    return output;
  }

  /**
   * Records conversational turns (in order) as one event.
   *
   * @example
   * ```ts
   * await memory.recordTurns({
   *   actorId: 'user-42',
   *   sessionId: 'session-1',
   *   turns: [{ role: 'USER', text: 'Window or aisle?' }, { role: 'ASSISTANT', text: 'Aisle, noted.' }],
   *   metadata: { channel: 'web' },
   * });
   * ```
   */
  recordTurns(input: RecordTurnsParams): Promise<CreateEventOutput> {
    input = given(input);
    const { turns, metadata, ...rest } = input;
    if (!Array.isArray(turns)) {
      throw new ValidationError('turns', 'turns must be a list', 'Pass turns: [{ role, text }].');
    }
    return this.createEvent({
      ...rest,
      payload: turns.map((t, i) => {
        itemObject(t, `turns[${i}]`, "Pass turns: [{ role: 'USER', text }].");
        return conversationalTurn(t.role, t.text);
      }),
      ...(metadata === undefined ? {} : { metadata: eventMetadata(metadata) }),
    });
  }

  /**
   * Records one blob (any JSON-compatible value: tool calls, state) as one event.
   *
   * @example
   * ```ts
   * await memory.recordBlob({ actorId: 'agent-7', sessionId: 'session-1', blob: { tool: 'search', hits: 3 } });
   * ```
   */
  recordBlob(input: RecordBlobParams): Promise<CreateEventOutput> {
    input = given(input);
    const { blob, metadata, ...rest } = input;
    return this.createEvent({
      ...rest,
      payload: [blobPayload(blob)],
      ...(metadata === undefined ? {} : { metadata: eventMetadata(metadata) }),
    });
  }

  /**
   * GetEvent.
   *
   * @example
   * ```ts
   * const { event } = await memory.getEvent({ actorId: 'user-42', sessionId: 'session-1', eventId });
   * ```
   */
  async getEvent(input: GetEventParams): Promise<GetEventOutput> {
    input = given(input);
    this.#checkEventAddress(input);
    const command = new GetEventCommand({ ...wireInput(input), memoryId: this.arn });
    const output = await this.#call('GetEvent', input, (c, s) => c.send(command, sendOptions(s)));
    required(output.event, 'GetEvent', 'event');
    return output;
  }

  /**
   * DeleteEvent.
   *
   * @example
   * ```ts
   * await memory.deleteEvent({ actorId: 'user-42', sessionId: 'session-1', eventId });
   * ```
   */
  deleteEvent(input: DeleteEventParams): Promise<DeleteEventOutput> {
    input = given(input);
    this.#checkEventAddress(input);
    const command = new DeleteEventCommand({ ...wireInput(input), memoryId: this.arn });
    return this.#call('DeleteEvent', input, (c, s) => c.send(command, sendOptions(s)));
  }

  /**
   * ListEvents, every page: an async iterator over the session's events.
   *
   * @example
   * ```ts
   * for await (const event of memory.listEvents({ actorId: 'user-42', sessionId: 'session-1', includePayloads: true })) {
   *   console.log(event.eventId, event.payload);
   * }
   * ```
   */
  listEvents(input: ListEventsParams): AsyncIterable<Event> {
    input = given(input);
    checkActorId(input.actorId);
    checkSessionId(input.sessionId);
    checkMaxResults(input.maxResults, MAX_RESULTS);
    const base = wireInput(input);
    return this.#pages(
      'ListEvents',
      input,
      (nextToken) => new ListEventsCommand({ ...base, memoryId: this.arn, ...nextToken }),
      (o: ListEventsOutput) => o.events,
      'events',
    );
  }

  /**
   * ListActors, every page.
   *
   * @example
   * ```ts
   * for await (const actor of memory.listActors()) console.log(actor.actorId);
   * ```
   */
  listActors(input: ListActorsParams = {}): AsyncIterable<ActorSummary> {
    input = given(input);
    checkMaxResults(input.maxResults, MAX_RESULTS);
    const base = wireInput(input);
    return this.#pages(
      'ListActors',
      input,
      (nextToken) => new ListActorsCommand({ ...base, memoryId: this.arn, ...nextToken }),
      (o: ListActorsOutput) => o.actorSummaries,
      'actorSummaries',
    );
  }

  /**
   * ListSessions of one actor, every page.
   *
   * @example
   * ```ts
   * for await (const session of memory.listSessions({ actorId: 'user-42' })) console.log(session.sessionId);
   * ```
   */
  listSessions(input: ListSessionsParams): AsyncIterable<SessionSummary> {
    input = given(input);
    checkActorId(input.actorId);
    checkMaxResults(input.maxResults, MAX_RESULTS);
    const base = wireInput(input);
    return this.#pages(
      'ListSessions',
      input,
      (nextToken) => new ListSessionsCommand({ ...base, memoryId: this.arn, ...nextToken }),
      (o: ListSessionsOutput) => o.sessionSummaries,
      'sessionSummaries',
    );
  }

  // ---- long-term memory: records --------------------------------------------------------------

  /**
   * GetMemoryRecord.
   *
   * @example
   * ```ts
   * const { memoryRecord } = await memory.getMemoryRecord({ memoryRecordId });
   * ```
   */
  async getMemoryRecord(input: GetMemoryRecordParams): Promise<GetMemoryRecordOutput> {
    input = given(input);
    checkRecordId(input.memoryRecordId);
    if (input.namespace !== undefined) checkNamespace(input.namespace);
    const command = new GetMemoryRecordCommand({ ...wireInput(input), memoryId: this.arn });
    const output = await this.#call('GetMemoryRecord', input, (c, s) => c.send(command, sendOptions(s)));
    required(output.memoryRecord, 'GetMemoryRecord', 'memoryRecord');
    return output;
  }

  /**
   * DeleteMemoryRecord.
   *
   * @example
   * ```ts
   * await memory.deleteMemoryRecord({ memoryRecordId });
   * ```
   */
  deleteMemoryRecord(input: DeleteMemoryRecordParams): Promise<DeleteMemoryRecordOutput> {
    input = given(input);
    checkRecordId(input.memoryRecordId);
    if (input.namespace !== undefined) checkNamespace(input.namespace);
    const command = new DeleteMemoryRecordCommand({ ...wireInput(input), memoryId: this.arn });
    return this.#call('DeleteMemoryRecord', input, (c, s) => c.send(command, sendOptions(s)));
  }

  /**
   * ListMemoryRecords, every page.
   *
   * @example
   * ```ts
   * for await (const record of memory.listMemoryRecords({ namespace: 'preferences/user-42' })) {
   *   console.log(record.memoryRecordId, record.content);
   * }
   * ```
   */
  listMemoryRecords(input: ListMemoryRecordsParams): AsyncIterable<MemoryRecordSummary> {
    input = given(input);
    checkScope(input);
    checkMaxResults(input.maxResults, MAX_RESULTS);
    if (input.memoryStrategyId !== undefined)
      checkString(input.memoryStrategyId, 'memoryStrategyId', MEMORY_STRATEGY_ID);
    const base = wireInput(input);
    return this.#pages(
      'ListMemoryRecords',
      input,
      (nextToken) => new ListMemoryRecordsCommand({ ...base, memoryId: this.arn, ...nextToken }),
      (o: ListMemoryRecordsOutput) => o.memoryRecordSummaries,
      'memoryRecordSummaries',
    );
  }

  /**
   * RetrieveMemoryRecords (semantic search), every page. A denied search throws; it never
   * yields nothing.
   *
   * @example
   * ```ts
   * for await (const hit of memory.retrieveMemoryRecords({
   *   namespace: 'preferences/user-42',
   *   searchCriteria: { searchQuery: 'seating', topK: 5 },
   * })) console.log(hit.score, hit.content);
   * ```
   */
  retrieveMemoryRecords(input: RetrieveMemoryRecordsParams): AsyncIterable<MemoryRecordSummary> {
    input = given(input);
    checkScope(input);
    checkMaxResults(input.maxResults, MAX_RESULTS);
    const criteria = input.searchCriteria;
    checkSearchQuery(criteria?.searchQuery, 'searchCriteria.searchQuery');
    if (criteria.topK !== undefined) checkInt(criteria.topK, 'searchCriteria.topK', TOP_K);
    if (criteria.memoryStrategyId !== undefined) {
      checkString(criteria.memoryStrategyId, 'searchCriteria.memoryStrategyId', MEMORY_STRATEGY_ID);
    }
    const base = wireInput(input);
    return this.#pages(
      'RetrieveMemoryRecords',
      input,
      (nextToken) => new RetrieveMemoryRecordsCommand({ ...base, memoryId: this.arn, ...nextToken }),
      (o: RetrieveMemoryRecordsOutput) => o.memoryRecordSummaries,
      'memoryRecordSummaries',
    );
  }

  /**
   * The `topK` most relevant records of a namespace for a query, best first.
   *
   * @example
   * ```ts
   * const prefs = await memory.retrieve({ namespace: 'preferences/user-42', query: 'seating', topK: 3 });
   * for (const p of prefs) console.log(p.content);
   * ```
   */
  async retrieve(input: RetrieveParams): Promise<MemoryRecordSummary[]> {
    input = given(input);
    const topK = input.topK === undefined ? 10 : checkInt(input.topK, 'topK', TOP_K);
    const hits: MemoryRecordSummary[] = [];
    const iterator = this.retrieveMemoryRecords({
      ...control(input),
      ...(input.namespace === undefined ? {} : { namespace: input.namespace }),
      ...(input.namespacePath === undefined ? {} : { namespacePath: input.namespacePath }),
      maxResults: Math.min(topK, MAX_RESULTS.max),
      searchCriteria: {
        searchQuery: input.query,
        topK,
        ...(input.memoryStrategyId === undefined ? {} : { memoryStrategyId: input.memoryStrategyId }),
        ...(input.metadataFilters === undefined ? {} : { metadataFilters: input.metadataFilters }),
      },
    });
    for await (const hit of iterator) {
      hits.push(hit);
      if (hits.length >= topK) break;
    }
    return hits;
  }

  /**
   * BatchCreateMemoryRecords for any number of records: requests of at most 100, a few in
   * flight, one client token per request reused across its retries, retryable item failures
   * re-sent in a new request, every item reported in `succeeded` or `failed`.
   *
   * @example
   * ```ts
   * const { succeeded, failed } = await memory.batchCreateMemoryRecords({
   *   records: [{ content: { text: 'Prefers aisle seats' }, namespaces: ['preferences/user-42'] }],
   * });
   * ```
   */
  batchCreateMemoryRecords(input: BatchCreateRecordsParams): Promise<BatchResult<MemoryRecordDraft>> {
    input = given(input);
    const records = checkList(input.records);
    const now = new Date();
    const wire = records.map((draft, i) => createWire(draft, `records[${i}]`, `r${i}`, now));
    uniqueRequestIdentifiers(wire, (i) => `records[${i}]`);
    return this.#batchCreate(input, records, wire);
  }

  /**
   * Re-submits what `batchCreateMemoryRecords` reported failed, each request as the helper last
   * sent it: the failed items that share a `clientToken` go together under that token, so a
   * record whose answer was lost (`maybeWritten`) is stored once, and the others are written now.
   * A failure without a token (`not-in-answer`: the service's answer did not mention it) is
   * reported again, unsent: check whether it was stored before writing it again. Indexes in the
   * result are positions in `failed`.
   *
   * @example
   * ```ts
   * const first = await memory.batchCreateMemoryRecords({ records });
   * // … later, when the outage is over:
   * const again = await memory.resubmitFailedRecords({ failed: first.failed });
   * ```
   */
  resubmitFailedRecords(input: ResubmitRecordsParams): Promise<BatchResult<MemoryRecordDraft>> {
    // The failures are not sent as they are: what is sent (each `sentAs`) is checked below.
    input = given(input, ['failed']);
    const failed = checkList(input.failed, 'failed');
    const now = new Date();
    const items: MemoryRecordDraft[] = [];
    const wire: MemoryRecordCreateInput[] = [];
    const byToken = new Map<string, number[]>();
    const unsafe: number[] = [];
    failed.forEach((failure, i) => {
      const field = `failed[${i}]`;
      if (typeof failure !== 'object' || failure === null) {
        throw new ValidationError(field, `${field} is not a reported failure`, RESUBMIT_FIX);
      }
      wireData(failure.sentAs, `${field}.sentAs`);
      wire.push(createWire(failure.sentAs, `${field}.sentAs`, `r${i}`, now));
      items.push(failure.item);
      const token = failure.clientToken;
      if (token !== undefined && (typeof token !== 'string' || token === '')) {
        throw new ValidationError(
          `${field}.clientToken`,
          `${field}.clientToken is not a token`,
          RESUBMIT_FIX,
        );
      }
      if (token !== undefined) byToken.set(token, [...(byToken.get(token) ?? []), i]);
      else if (failure.maybeWritten !== false) unsafe.push(i);
      else byToken.set(`new:${i}`, [i]);
    });
    for (const [token, indexes] of byToken) {
      if (indexes.length > MAX_BATCH_RECORDS) {
        throw new ValidationError(
          'failed',
          `${indexes.length} failures share the clientToken ${token}; one request holds at most ${MAX_BATCH_RECORDS}`,
          RESUBMIT_FIX,
        );
      }
      uniqueRequestIdentifiers(
        indexes.map((i) => wire[i] as MemoryRecordCreateInput),
        (j) => `failed[${indexes[j]}]`,
      );
    }
    const requests = [...byToken].map(([token, indexes]) => ({
      indexes,
      clientToken: token.startsWith('new:') ? globalThis.crypto.randomUUID() : token,
    }));
    return this.#batchCreate(input, items, wire, requests, unsafe);
  }

  #batchCreate(
    input: BatchOptions & MemoryCallControl,
    items: readonly MemoryRecordDraft[],
    wire: readonly MemoryRecordCreateInput[],
    requests?: Array<{ indexes: number[]; clientToken: string }>,
    unsent: readonly number[] = [],
  ): Promise<BatchResult<MemoryRecordDraft>> {
    return this.#batchRun(
      input,
      items,
      wire,
      'requestIdentifier',
      requests,
      (chunk, clientToken, attemptFailed) => {
        // One token per request, kept by its retries (the client's, then the helper's rounds): an
        // answer lost on the way back is replayed from the idempotency record, not written again.
        const command = new BatchCreateMemoryRecordsCommand({
          memoryId: this.arn,
          records: chunk,
          clientToken,
        });
        return this.#call('BatchCreateMemoryRecords', input, observed(command, attemptFailed));
      },
    ).then((result) => {
      if (unsent.length === 0) return result;
      for (const index of unsent) {
        result.failed.push({
          index,
          item: items[index] as MemoryRecordDraft,
          error: {
            code: 'not-resubmitted',
            message:
              'Not re-submitted: the record may be stored and no token can re-submit it safely. Check (e.g. with listMemoryRecords) before writing it again.',
            retryable: false,
          },
          requestIdentifier: (wire[index] as MemoryRecordCreateInput).requestIdentifier ?? '',
          maybeWritten: true,
          sentAs: wire[index] as MemoryRecordDraft,
        });
      }
      result.failed.sort((a, b) => a.index - b.index);
      return result;
    });
  }

  /**
   * BatchUpdateMemoryRecords for any number of records (same splitting, retries and report as
   * `batchCreateMemoryRecords`; `timestamp` defaults to now).
   *
   * @example
   * ```ts
   * await memory.batchUpdateMemoryRecords({ records: [{ memoryRecordId, content: { text: 'Prefers window seats' } }] });
   * ```
   */
  batchUpdateMemoryRecords(
    input: BatchUpdateRecordsParams,
  ): Promise<BatchResult<BatchUpdateRecordsParams['records'][number]>> {
    input = given(input);
    const records = checkList(input.records);
    const now = new Date();
    const wire = records.map((item, i) => {
      const field = `records[${i}]`;
      itemObject(item, field, 'Pass { memoryRecordId, content?, namespaces?, … }.');
      checkRecordId(item.memoryRecordId, `${field}.memoryRecordId`);
      if (item.content !== undefined) checkRecordText(item.content.text, `${field}.content.text`);
      if (item.namespaces !== undefined) checkNamespaces(item.namespaces, `${field}.namespaces`);
      item.sourceNamespaces?.forEach((ns, j) => {
        checkNamespace(ns, `${field}.sourceNamespaces[${j}]`);
      });
      if (item.metadata !== undefined) checkRecordMetadata(item.metadata, `${field}.metadata`);
      return { ...item, timestamp: item.timestamp ?? now };
    });
    uniqueIds(wire);
    return this.#batchRun(
      input,
      records,
      wire,
      'memoryRecordId',
      undefined,
      (chunk, _token, attemptFailed) => {
        const command = new BatchUpdateMemoryRecordsCommand({ memoryId: this.arn, records: chunk });
        return this.#call('BatchUpdateMemoryRecords', input, observed(command, attemptFailed));
      },
    );
  }

  /**
   * BatchDeleteMemoryRecords for any number of records. A delete whose answer was lost and that
   * is re-sent reports the records it already deleted as not found (404) in `failed`.
   *
   * @example
   * ```ts
   * const { failed } = await memory.batchDeleteMemoryRecords({ records: ids.map((memoryRecordId) => ({ memoryRecordId })) });
   * ```
   */
  batchDeleteMemoryRecords(
    input: BatchDeleteRecordsParams,
  ): Promise<BatchResult<BatchDeleteRecordsParams['records'][number]>> {
    input = given(input);
    const records = checkList(input.records);
    records.forEach((item, i) => {
      itemObject(item, `records[${i}]`, 'Pass { memoryRecordId, namespace? }.');
      checkRecordId(item.memoryRecordId, `records[${i}].memoryRecordId`);
      if (item.namespace !== undefined) checkNamespace(item.namespace, `records[${i}].namespace`);
    });
    uniqueIds(records);
    return this.#batchRun(
      input,
      records,
      records,
      'memoryRecordId',
      undefined,
      (chunk, _token, attemptFailed) => {
        const command = new BatchDeleteMemoryRecordsCommand({ memoryId: this.arn, records: chunk });
        return this.#call('BatchDeleteMemoryRecords', input, observed(command, attemptFailed));
      },
    );
  }

  // ---- extraction jobs ------------------------------------------------------------------------

  /**
   * ListMemoryExtractionJobs, every page.
   *
   * @example
   * ```ts
   * for await (const job of memory.listMemoryExtractionJobs({ filter: { status: 'FAILED' } })) console.log(job.jobID);
   * ```
   */
  listMemoryExtractionJobs(input: ListMemoryExtractionJobsParams = {}): AsyncIterable<ExtractionJobMetadata> {
    input = given(input);
    checkMaxResults(input.maxResults, MAX_RESULTS_EXTRACTION_JOBS);
    if (input.filter?.actorId !== undefined) checkActorId(input.filter.actorId, 'filter.actorId');
    if (input.filter?.sessionId !== undefined) checkSessionId(input.filter.sessionId, 'filter.sessionId');
    const base = wireInput(input);
    return this.#pages(
      'ListMemoryExtractionJobs',
      input,
      (nextToken) => new ListMemoryExtractionJobsCommand({ ...base, memoryId: this.arn, ...nextToken }),
      (o: ListMemoryExtractionJobsOutput) => o.jobs,
      'jobs',
    );
  }

  /**
   * StartMemoryExtractionJob: restarts a failed extraction job, with one client token across retries.
   *
   * @example
   * ```ts
   * await memory.startMemoryExtractionJob({ extractionJob: { jobId: 'job-1' } });
   * ```
   */
  startMemoryExtractionJob(input: StartMemoryExtractionJobParams): Promise<StartMemoryExtractionJobOutput> {
    input = given(input);
    if (typeof input.extractionJob?.jobId !== 'string' || input.extractionJob.jobId === '') {
      throw new ValidationError(
        'extractionJob.jobId',
        'extractionJob.jobId is required',
        'Pass the id of a failed job.',
      );
    }
    const command = new StartMemoryExtractionJobCommand({
      ...wireInput(input),
      memoryId: this.arn,
      clientToken: input.clientToken ?? globalThis.crypto.randomUUID(),
    });
    return this.#call('StartMemoryExtractionJob', input, (c, s) => c.send(command, sendOptions(s)));
  }

  // ---- plumbing -------------------------------------------------------------------------------

  #checkEventAddress(input: { actorId: string; sessionId: string; eventId: string }): void {
    checkActorId(input.actorId);
    checkSessionId(input.sessionId);
    checkEventId(input.eventId);
  }

  #call<T>(operation: string, input: MemoryCallControl, send: Send<T>): Promise<T> {
    return this.#transport.call(send, {
      operation,
      // Reads are idempotent; writes carry one client token (or set a state) across attempts.
      kind: 'idempotent',
      region: this.region,
      resourceArn: this.arn,
      signal: input.signal,
      timeoutMs: input.timeoutMs,
    });
  }

  #pages<O extends { nextToken?: string | undefined }, T>(
    operation: string,
    input: MemoryCallControl & { nextToken?: string | undefined },
    command: (nextToken: { nextToken?: string }) => { readonly input: object },
    items: (output: O) => T[] | undefined,
    field: string,
  ): AsyncIterable<T> {
    const call = this.#call.bind(this);
    const start = input.nextToken;
    const controls = control(input);
    return {
      async *[Symbol.asyncIterator]() {
        let token = start;
        const seen = new Set<string>();
        do {
          const cmd = command(token === undefined ? {} : { nextToken: token });
          const output = await call(operation, controls, (c, s) =>
            // The command classes differ per operation; each `command` builds the right one.
            (c.send as (command: unknown, options: object) => Promise<O>)(cmd, sendOptions(s)),
          );
          yield* required(items(output), operation, field);
          token = output.nextToken === '' ? undefined : output.nextToken;
          if (token !== undefined) {
            if (seen.has(token)) {
              throw new AgentStreamError(
                `${operation} returned the nextToken it was given: stopping a loop.`,
              );
            }
            seen.add(token);
          }
        } while (token !== undefined);
      },
    };
  }

  #batchRun<I, W>(
    input: BatchOptions & MemoryCallControl,
    items: readonly I[],
    wire: readonly W[],
    answerKey: 'requestIdentifier' | 'memoryRecordId',
    requests: BatchPlan<I, W>['requests'],
    send: BatchPlan<I, W>['send'],
  ): Promise<BatchResult<I>> {
    const options: BatchOptions = { ...this.#batch };
    if (input.concurrency !== undefined)
      options.concurrency = checkInt(input.concurrency, 'concurrency', { min: 1, max: 64 });
    if (input.itemRetries !== undefined)
      options.itemRetries = checkInt(input.itemRetries, 'itemRetries', { min: 0, max: 20 });
    if (input.itemRetryDelayMs !== undefined) options.itemRetryDelayMs = input.itemRetryDelayMs;
    return runBatch({
      items,
      wire,
      keyOf: (w) => String((w as Record<string, unknown>)[answerKey]),
      answerKey,
      maxPerRequest: MAX_BATCH_RECORDS,
      tokens: answerKey === 'requestIdentifier',
      send,
      ...(requests === undefined ? {} : { requests }),
      options,
      signal: input.signal,
    });
  }
}

function checkList<T>(records: readonly T[], field = 'records'): readonly T[] {
  if (!Array.isArray(records)) {
    throw new ValidationError(
      field,
      `${field} must be a list`,
      field === 'records' ? 'Pass records: [ … ] (any length: the helper splits it).' : RESUBMIT_FIX,
    );
  }
  return records;
}

const RESUBMIT_FIX = 'Pass the `failed` list of a batchCreateMemoryRecords result, unchanged.';

/** One item of a batch: an object. */
const SOURCE_FIX =
  "Pass source: { inline: { payload: [conversationalTurn('USER', text), { json: { content } }] } } (1–100 items).";

/** IngestData's `source`: inline content of 1–100 conversational or JSON items. */
function checkIngestSource(source: unknown): void {
  itemObject(source, 'source', SOURCE_FIX);
  const inline = (source as { inline?: unknown }).inline;
  itemObject(inline, 'source.inline', SOURCE_FIX);
  const payload = (inline as { payload?: unknown }).payload;
  if (!Array.isArray(payload) || payload.length === 0) {
    throw new ValidationError(
      'source.inline.payload',
      'source.inline.payload must be a non-empty list',
      SOURCE_FIX,
    );
  }
  checkPayload(payload, 'source.inline.payload');
  payload.forEach((item: unknown, i) => {
    const field = `source.inline.payload[${i}]`;
    itemObject(item, field, SOURCE_FIX);
    const { conversational, json } = item as {
      conversational?: ConversationalItem;
      json?: { content?: unknown };
    };
    if ((conversational === undefined) === (json === undefined)) {
      throw new ValidationError(field, `${field} must hold exactly one of conversational, json`, SOURCE_FIX);
    }
    if (conversational !== undefined) {
      itemObject(conversational, `${field}.conversational`, SOURCE_FIX);
      checkString(conversational.content?.text, `${field}.conversational.content.text`, CONVERSATIONAL_TEXT);
      checkRole(conversational.role, `${field}.conversational.role`);
    } else if (json?.content === undefined) {
      throw new ValidationError(`${field}.json.content`, `${field}.json.content is missing`, SOURCE_FIX);
    }
  });
}

interface ConversationalItem {
  role?: unknown;
  content?: { text?: unknown };
}

function checkRole(role: unknown, field: string): void {
  if (!(ROLES as readonly unknown[]).includes(role)) {
    throw new ValidationError(field, `${field} is ${shown(role)}`, `Use one of ${ROLES.join(', ')}.`);
  }
}

/** `extractionConfig.namespaceVariables`: string values. */
function checkNamespaceVariables(config: unknown): void {
  if (config === undefined) return;
  itemObject(config, 'extractionConfig', 'Pass extractionConfig: { namespaceVariables: { name: value } }.');
  const variables = (config as { namespaceVariables?: unknown }).namespaceVariables;
  if (variables === undefined) return;
  itemObject(variables, 'extractionConfig.namespaceVariables', 'Pass namespaceVariables: { name: value }.');
  for (const [key, value] of Object.entries(variables as object)) {
    checkString(value, `extractionConfig.namespaceVariables.${key}`, {});
  }
}

function itemObject(item: unknown, field: string, fix: string): void {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new ValidationError(field, `${field} is ${shown(item)}, not an object`, fix);
  }
}

/** A record draft checked and completed as it is sent: request identifier and timestamp filled in. */
function createWire(
  draft: MemoryRecordDraft,
  field: string,
  defaultId: string,
  now: Date,
): MemoryRecordCreateInput {
  itemObject(draft, field, 'Pass { content: { text }, namespaces: [ … ] }.');
  const requestIdentifier = checkRequestIdentifier(
    draft.requestIdentifier ?? defaultId,
    `${field}.requestIdentifier`,
  );
  checkNamespaces(draft.namespaces, `${field}.namespaces`);
  checkRecordText(draft.content?.text, `${field}.content.text`);
  if (draft.metadata !== undefined) checkRecordMetadata(draft.metadata, `${field}.metadata`);
  if (draft.memoryStrategyId !== undefined) {
    checkString(draft.memoryStrategyId, `${field}.memoryStrategyId`, MEMORY_STRATEGY_ID);
  }
  return { ...draft, requestIdentifier, timestamp: draft.timestamp ?? now };
}

function uniqueRequestIdentifiers(
  wire: readonly MemoryRecordCreateInput[],
  field: (i: number) => string,
): void {
  const seen = new Set<string>();
  wire.forEach((record, i) => {
    const id = record.requestIdentifier ?? '';
    if (seen.has(id)) {
      throw new ValidationError(
        `${field(i)}.requestIdentifier`,
        `requestIdentifier "${id}" is used twice`,
        'Give every record a unique requestIdentifier (or none: r<index> is used).',
      );
    }
    seen.add(id);
  });
}

/**
 * Sends `command` on each attempt the client's retry layer makes, telling `attemptFailed` of
 * every failed attempt (the batch runner learns whether any of them may have been written).
 */
function observed<T>(command: { readonly input: object }, attemptFailed: (error: unknown) => void): Send<T> {
  return async (client, signal) => {
    try {
      return await (client.send as (command: unknown, options: object) => Promise<T>)(
        command,
        sendOptions(signal),
      );
    } catch (error) {
      attemptFailed(error);
      throw error;
    }
  };
}

function uniqueIds(records: ReadonlyArray<{ memoryRecordId: string }>): void {
  const seen = new Set<string>();
  records.forEach((r, i) => {
    if (seen.has(r.memoryRecordId)) {
      throw new ValidationError(
        `records[${i}].memoryRecordId`,
        `memoryRecordId ${r.memoryRecordId} appears twice`,
        'List each record once per call.',
      );
    }
    seen.add(r.memoryRecordId);
  });
}
