/**
 * Long-term memory: GetMemoryRecord, ListMemoryRecords, RetrieveMemoryRecords, DeleteMemoryRecord
 * and the three batch writes. Records exist only when written with BatchCreateMemoryRecords: the
 * emulator runs no extraction from events.
 * @internal
 */
import { randomUUID } from 'node:crypto';
import { notFound } from '../http-error.js';
import {
  MAX_BATCH_RECORDS,
  MAX_RECORD_NAMESPACES,
  MEMORY_RECORD_ID,
  MEMORY_STRATEGY_ID,
  NAMESPACE,
  RECORD_TEXT,
  REQUEST_IDENTIFIER,
  SEARCH_QUERY,
  TOP_K,
} from './limits.js';
import { type MetadataFilter, matchesMetadata, metadataFilters, recordMetadata } from './metadata.js';
import { type BoundOperation, canonicalJson, contextValues, defineOperation, ok } from './operation.js';
import { pageInput, paginate } from './pagination.js';
import { rankByRelevance } from './relevance.js';
import type { MemoryState, StoredRecord } from './store.js';
import {
  checkString,
  fieldError,
  isObject,
  type JsonObject,
  join,
  memberPath,
  optInt,
  optList,
  optObject,
  optString,
  reqList,
  reqObject,
  reqString,
  reqTimestamp,
  unionMember,
  validationException,
} from './validate.js';

const NAMESPACE_KEY = 'bedrock-agentcore:namespace';
const STRATEGY_KEY = 'bedrock-agentcore:strategyId';

/** A record in its wire form (MemoryRecord, or MemoryRecordSummary with a score). */
function wireRecord(record: StoredRecord, score?: number): JsonObject {
  return {
    memoryRecordId: record.memoryRecordId,
    content: record.content,
    // Required by the model, but a record created without a strategy that no template claims has none.
    ...(record.memoryStrategyId === undefined ? {} : { memoryStrategyId: record.memoryStrategyId }),
    namespaces: record.namespaces,
    createdAt: record.createdAt / 1000,
    ...(record.metadata === undefined ? {} : { metadata: record.metadata }),
    ...(score === undefined ? {} : { score }),
  };
}

function recordContent(obj: JsonObject, base: string, required: boolean): { text: string } | undefined {
  const content = required ? reqObject(obj, 'content', base) : optObject(obj, 'content', base);
  if (content === undefined) return undefined;
  const path = join(base, 'content');
  unionMember(content, path, ['text']);
  return { text: checkString(content['text'], join(path, 'text'), RECORD_TEXT) };
}

function namespaceList(obj: JsonObject, key: string, base: string, max?: number): string[] | undefined {
  const list = optList(obj, key, base, max === undefined ? {} : { max });
  return list?.map((ns, i) => checkString(ns, memberPath(join(base, key), i), NAMESPACE));
}

function listItems(body: JsonObject): JsonObject[] {
  const items = reqList(body, 'records', '', { max: MAX_BATCH_RECORDS });
  return items.map((item, i) => {
    if (!isObject(item)) throw fieldError(memberPath('records', i), item, 'Member must be a structure');
    return item;
  });
}

/** `value` without leading (when `leading`) and trailing slashes; a loop, so no regex can backtrack. */
function trimSlashes(value: string, leading = true): string {
  let start = 0;
  let end = value.length;
  while (leading && start < end && value[start] === '/') start += 1;
  while (end > start && value[end - 1] === '/') end -= 1;
  return value.slice(start, end);
}

// Namespace templates match any single path segment where they hold a `{placeholder}`.
function templateMatches(template: string, namespace: string): boolean {
  const literal = trimSlashes(template)
    .split(/\{[^{}/]*\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('[^/]+')}$`).test(trimSlashes(namespace));
}

/**
 * The strategy a record belongs to: the one given (which must be a strategy of the memory, when
 * the memory declares strategies), or the first whose namespace template matches.
 */
function resolveStrategy(
  memory: MemoryState,
  given: string | undefined,
  namespaces: readonly string[],
): { memoryStrategyId?: string } | { error: string } {
  const strategies = memory.spec.strategies;
  if (given !== undefined) {
    if (strategies !== undefined && !strategies.some((s) => s.strategyId === given)) {
      return { error: `Memory strategy ${given} does not exist in memory ${memory.memoryId}.` };
    }
    return { memoryStrategyId: given };
  }
  const claimed = strategies?.find((s) =>
    s.namespaces.some((t) => namespaces.some((ns) => templateMatches(t, ns))),
  );
  return claimed === undefined ? {} : { memoryStrategyId: claimed.strategyId };
}

interface ItemResult {
  memoryRecordId?: string;
  requestIdentifier?: string;
  error?: { code: number; message: string };
}

function batchAnswer(results: ItemResult[], status = 200) {
  const wire = (r: ItemResult, outcome: 'SUCCEEDED' | 'FAILED') => ({
    ...(r.memoryRecordId === undefined ? {} : { memoryRecordId: r.memoryRecordId }),
    status: outcome,
    ...(r.requestIdentifier === undefined ? {} : { requestIdentifier: r.requestIdentifier }),
    ...(r.error === undefined ? {} : { errorCode: r.error.code, errorMessage: r.error.message }),
  });
  return ok(
    {
      successfulRecords: results.filter((r) => r.error === undefined).map((r) => wire(r, 'SUCCEEDED')),
      failedRecords: results.filter((r) => r.error !== undefined).map((r) => wire(r, 'FAILED')),
    },
    status,
  );
}

function recordNotFound(memory: MemoryState, memoryRecordId: string, namespace?: string) {
  const where = namespace === undefined ? '' : ` in namespace ${namespace}`;
  return `Memory record ${memoryRecordId} not found${where} in memory ${memory.memoryId}.`;
}

/**
 * The record, when it exists and lies in `namespace` (the value the caller was authorized for,
 * when given: a record outside it is reported as not found, an assumption).
 */
function lookup(memory: MemoryState, memoryRecordId: string, namespace?: string): StoredRecord | undefined {
  const record = memory.records.get(memoryRecordId);
  if (record === undefined) return undefined;
  return namespace === undefined || record.namespaces.includes(namespace) ? record : undefined;
}

interface CreateItem {
  requestIdentifier: string;
  namespaces: string[];
  content: { text: string };
  timestamp: number;
  memoryStrategyId?: string;
  metadata?: Record<string, unknown>;
}

const batchCreate = defineOperation<CreateItem[]>({
  idempotent: true,
  parse: ({ body }) =>
    listItems(body).map((item, i) => {
      const base = memberPath('records', i);
      const strategy = optString(item, 'memoryStrategyId', base, MEMORY_STRATEGY_ID);
      const metadata = recordMetadata(item, base);
      return {
        requestIdentifier: reqString(item, 'requestIdentifier', base, REQUEST_IDENTIFIER),
        namespaces:
          namespaceList(item, 'namespaces', base, MAX_RECORD_NAMESPACES) ?? missing(join(base, 'namespaces')),
        content: recordContent(item, base, true) ?? missing(join(base, 'content')),
        timestamp: reqTimestamp(item, 'timestamp', base),
        ...(strategy === undefined ? {} : { memoryStrategyId: strategy }),
        ...(metadata === undefined ? {} : { metadata }),
      };
    }),
  context: (items) => ({ [NAMESPACE_KEY]: contextValues(items.flatMap((i) => i.namespaces)) }),
  run(memory, items, store) {
    // requestIdentifier only labels each item's result: no documented deduplication by it.
    const results = items.map((item): ItemResult => {
      const fault = store.itemFault('BatchCreateMemoryRecords');
      if (fault !== undefined) return { requestIdentifier: item.requestIdentifier, error: fault };
      const strategy = resolveStrategy(memory, item.memoryStrategyId, item.namespaces);
      if ('error' in strategy) {
        return { requestIdentifier: item.requestIdentifier, error: { code: 400, message: strategy.error } };
      }
      const record: StoredRecord = {
        memoryRecordId: `mem-${randomUUID()}`,
        content: item.content,
        namespaces: item.namespaces,
        createdAt: item.timestamp,
        ...strategy,
        ...(item.metadata === undefined ? {} : { metadata: item.metadata }),
      };
      memory.records.set(record.memoryRecordId, record);
      return { memoryRecordId: record.memoryRecordId, requestIdentifier: item.requestIdentifier };
    });
    return batchAnswer(results, 201);
  },
});

function missing(path: string): never {
  throw fieldError(path, undefined, 'Member must not be null');
}

interface UpdateItem {
  memoryRecordId: string;
  timestamp: number;
  content?: { text: string };
  namespaces?: string[];
  sourceNamespaces?: string[];
  memoryStrategyId?: string;
  metadata?: Record<string, unknown>;
}

const batchUpdate = defineOperation<UpdateItem[]>({
  parse: ({ body }) =>
    listItems(body).map((item, i) => {
      const base = memberPath('records', i);
      const content = recordContent(item, base, false);
      const namespaces = namespaceList(item, 'namespaces', base, MAX_RECORD_NAMESPACES);
      const sourceNamespaces = namespaceList(item, 'sourceNamespaces', base);
      const strategy = optString(item, 'memoryStrategyId', base, MEMORY_STRATEGY_ID);
      const metadata = recordMetadata(item, base);
      return {
        memoryRecordId: reqString(item, 'memoryRecordId', base, MEMORY_RECORD_ID),
        timestamp: reqTimestamp(item, 'timestamp', base),
        ...(content === undefined ? {} : { content }),
        ...(namespaces === undefined ? {} : { namespaces }),
        ...(sourceNamespaces === undefined ? {} : { sourceNamespaces }),
        ...(strategy === undefined ? {} : { memoryStrategyId: strategy }),
        ...(metadata === undefined ? {} : { metadata }),
      };
    }),
  context: (items) => ({
    [NAMESPACE_KEY]: contextValues(
      items.flatMap((i) => [...(i.sourceNamespaces ?? []), ...(i.namespaces ?? [])]),
    ),
  }),
  run(memory, items, store) {
    const results = items.map((item): ItemResult => {
      const fault = store.itemFault('BatchUpdateMemoryRecords');
      if (fault !== undefined) return { memoryRecordId: item.memoryRecordId, error: fault };
      const record = memory.records.get(item.memoryRecordId);
      const source = item.sourceNamespaces;
      if (
        record === undefined ||
        (source !== undefined && canonicalJson(source) !== canonicalJson(record.namespaces))
      ) {
        const message = recordNotFound(memory, item.memoryRecordId, source?.join(', '));
        return { memoryRecordId: item.memoryRecordId, error: { code: 404, message } };
      }
      const namespaces = item.namespaces ?? record.namespaces;
      const strategy = resolveStrategy(memory, item.memoryStrategyId ?? record.memoryStrategyId, namespaces);
      if ('error' in strategy)
        return { memoryRecordId: item.memoryRecordId, error: { code: 400, message: strategy.error } };
      const metadata = item.metadata ?? record.metadata;
      memory.records.set(record.memoryRecordId, {
        memoryRecordId: record.memoryRecordId,
        content: item.content ?? record.content,
        namespaces,
        createdAt: record.createdAt,
        ...strategy,
        ...(metadata === undefined ? {} : { metadata }),
      });
      return { memoryRecordId: item.memoryRecordId };
    });
    return batchAnswer(results);
  },
});

interface DeleteItem {
  memoryRecordId: string;
  namespace?: string;
}

const batchDelete = defineOperation<DeleteItem[]>({
  parse: ({ body }) =>
    listItems(body).map((item, i) => {
      const base = memberPath('records', i);
      const namespace = optString(item, 'namespace', base, NAMESPACE);
      return {
        memoryRecordId: reqString(item, 'memoryRecordId', base, MEMORY_RECORD_ID),
        ...(namespace === undefined ? {} : { namespace }),
      };
    }),
  context: (items) => ({ [NAMESPACE_KEY]: contextValues(items.map((i) => i.namespace)) }),
  run(memory, items, store) {
    const results = items.map((item): ItemResult => {
      const fault = store.itemFault('BatchDeleteMemoryRecords');
      if (fault !== undefined) return { memoryRecordId: item.memoryRecordId, error: fault };
      if (lookup(memory, item.memoryRecordId, item.namespace) === undefined) {
        const message = recordNotFound(memory, item.memoryRecordId, item.namespace);
        return { memoryRecordId: item.memoryRecordId, error: { code: 404, message } };
      }
      memory.records.delete(item.memoryRecordId);
      return { memoryRecordId: item.memoryRecordId };
    });
    return batchAnswer(results);
  },
});

interface RecordAddress {
  memoryRecordId: string;
  namespace?: string;
}

function parseRecordAddress({
  route,
  query,
}: {
  route: { memoryRecordId?: string };
  query: URLSearchParams;
}) {
  const memoryRecordId = checkString(route.memoryRecordId, 'memoryRecordId', MEMORY_RECORD_ID);
  const raw = query.get('namespace');
  const namespace = raw === null ? undefined : checkString(raw, 'namespace', NAMESPACE);
  return namespace === undefined ? { memoryRecordId } : { memoryRecordId, namespace };
}

function findRecord(memory: MemoryState, address: RecordAddress): StoredRecord {
  const record = lookup(memory, address.memoryRecordId, address.namespace);
  if (record === undefined) throw notFound(recordNotFound(memory, address.memoryRecordId, address.namespace));
  return record;
}

const getRecord = defineOperation<RecordAddress>({
  parse: parseRecordAddress,
  context: (input) => ({ [NAMESPACE_KEY]: input.namespace }),
  run: (memory, input) => ok({ memoryRecord: wireRecord(findRecord(memory, input)) }),
});

const deleteRecord = defineOperation<RecordAddress>({
  parse: parseRecordAddress,
  context: (input) => ({ [NAMESPACE_KEY]: input.namespace }),
  run(memory, input) {
    const record = findRecord(memory, input);
    memory.records.delete(record.memoryRecordId);
    return ok({ memoryRecordId: record.memoryRecordId });
  },
});

/** Which records a list or search covers. */
interface RecordScope {
  namespace?: string;
  namespacePath?: string;
  memoryStrategyId?: string;
  metadata?: MetadataFilter[];
}

function parseScope(body: JsonObject, criteria: JsonObject | undefined, criteriaBase: string): RecordScope {
  const namespace = optString(body, 'namespace', '', NAMESPACE);
  const namespacePath = optString(body, 'namespacePath', '', NAMESPACE);
  if (namespace === undefined && namespacePath === undefined) {
    throw validationException('Either namespace or namespacePath is required.');
  }
  const holder = criteria ?? body;
  const memoryStrategyId = optString(holder, 'memoryStrategyId', criteriaBase, MEMORY_STRATEGY_ID);
  const metadata = metadataFilters(holder, 'metadataFilters', criteriaBase, 'record');
  return {
    ...(namespace === undefined ? {} : { namespace }),
    ...(namespacePath === undefined ? {} : { namespacePath }),
    ...(memoryStrategyId === undefined ? {} : { memoryStrategyId }),
    ...(metadata === undefined ? {} : { metadata }),
  };
}

const scopeContext = (scope: RecordScope) => ({
  [NAMESPACE_KEY]: scope.namespace ?? scope.namespacePath,
  [STRATEGY_KEY]: scope.memoryStrategyId,
});

// `namespace` is a prefix; `namespacePath` is a hierarchy: the path itself and everything below it.
function inScope(record: StoredRecord, scope: RecordScope): boolean {
  if (scope.memoryStrategyId !== undefined && record.memoryStrategyId !== scope.memoryStrategyId)
    return false;
  if (!matchesMetadata(record.metadata, scope.metadata)) return false;
  return record.namespaces.some((ns) => {
    if (scope.namespace !== undefined && !ns.startsWith(scope.namespace)) return false;
    if (scope.namespacePath === undefined) return true;
    const parent = trimSlashes(scope.namespacePath, false);
    return ns === parent || ns.startsWith(`${parent}/`);
  });
}

type ListRecordsInput = RecordScope & { maxResults: number; nextToken: string | undefined };

const listRecords = defineOperation<ListRecordsInput>({
  parse: ({ body }) => ({ ...parseScope(body, undefined, ''), ...pageInput(body) }),
  context: scopeContext,
  run(memory, input) {
    const records = [...memory.records.values()].filter((r) => inScope(r, input));
    const page = paginate(records, (r) => [r.createdAt, r.memoryRecordId], ['desc', 'asc'], {
      ...input,
      scope: `ListMemoryRecords|${memory.arn}|${canonicalJson({ ...input, maxResults: undefined, nextToken: undefined })}`,
    });
    return ok({
      memoryRecordSummaries: page.items.map((r) => wireRecord(r)),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    });
  },
});

type RetrieveInput = ListRecordsInput & { searchQuery: string; topK?: number };

const retrieve = defineOperation<RetrieveInput>({
  parse({ body }) {
    const criteria = reqObject(body, 'searchCriteria', '');
    const topK = optInt(criteria, 'topK', 'searchCriteria', TOP_K);
    return {
      ...parseScope(body, criteria, 'searchCriteria'),
      searchQuery: reqString(criteria, 'searchQuery', 'searchCriteria', SEARCH_QUERY),
      ...(topK === undefined ? {} : { topK }),
      ...pageInput(body),
    };
  },
  context: scopeContext,
  run(memory, input) {
    const ranked = rankByRelevance(
      [...memory.records.values()].filter((r) => inScope(r, input)),
      input.searchQuery,
    ).slice(0, input.topK);
    const page = paginate(
      ranked,
      (hit) => [hit.score, hit.record.createdAt, hit.record.memoryRecordId],
      ['desc', 'desc', 'asc'],
      {
        ...input,
        scope: `RetrieveMemoryRecords|${memory.arn}|${canonicalJson({ ...input, maxResults: undefined, nextToken: undefined })}`,
      },
    );
    return ok({
      memoryRecordSummaries: page.items.map((hit) => wireRecord(hit.record, hit.score)),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    });
  },
});

/** The memory record operations. */
export const RECORD_OPERATIONS = {
  GetMemoryRecord: getRecord,
  ListMemoryRecords: listRecords,
  RetrieveMemoryRecords: retrieve,
  DeleteMemoryRecord: deleteRecord,
  BatchCreateMemoryRecords: batchCreate,
  BatchUpdateMemoryRecords: batchUpdate,
  BatchDeleteMemoryRecords: batchDelete,
} satisfies Record<string, BoundOperation>;
