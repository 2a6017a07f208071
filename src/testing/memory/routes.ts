/**
 * The REST routes of the 15 memory data-plane actions (method, path and success status from the
 * `http` traits of @aws-sdk/client-bedrock-agentcore 3.1141's operation schemas).
 * @internal
 */

/** The memory data-plane operations the emulator serves. @internal */
export const MEMORY_OPERATIONS = [
  'CreateEvent',
  'GetEvent',
  'DeleteEvent',
  'ListEvents',
  'ListActors',
  'ListSessions',
  'GetMemoryRecord',
  'ListMemoryRecords',
  'RetrieveMemoryRecords',
  'DeleteMemoryRecord',
  'BatchCreateMemoryRecords',
  'BatchUpdateMemoryRecords',
  'BatchDeleteMemoryRecords',
  'ListMemoryExtractionJobs',
  'StartMemoryExtractionJob',
] as const;

/** One of the 15 memory data-plane operations. @internal */
export type MemoryOperation = (typeof MEMORY_OPERATIONS)[number];

/** A request matched to an operation, with its path labels decoded. @internal */
export interface MemoryRoute {
  operation: MemoryOperation;
  /** The `{memoryId}` label: a bare id or a full ARN. */
  memoryId: string;
  actorId?: string;
  sessionId?: string;
  eventId?: string;
  memoryRecordId?: string;
}

/**
 * Matches a method and URL-encoded path to a memory operation; `undefined` when the path is not
 * one of the 15 routes (IngestData's `/memories/{id}/ingest` included: it is not a data-plane
 * action of the cross-account guide).
 * @internal
 */
export function parseMemoryRoute(method: string, rawPath: string): MemoryRoute | undefined {
  const path = rawPath.split('?', 1)[0] ?? '';
  const raw = path.split('/');
  if (raw[0] !== '' || raw[1] !== 'memories' || raw.length < 4) return undefined;
  const segments: string[] = [];
  for (const part of raw.slice(2)) {
    if (part === '') return undefined;
    try {
      segments.push(decodeURIComponent(part));
    } catch {
      return undefined;
    }
  }
  const [memoryId, ...rest] = segments;
  if (memoryId === undefined) return undefined;
  return matchRest(method.toUpperCase(), memoryId, rest);
}

function matchRest(method: string, memoryId: string, rest: string[]): MemoryRoute | undefined {
  const route = (operation: MemoryOperation, labels: Omit<MemoryRoute, 'operation' | 'memoryId'> = {}) => ({
    operation,
    memoryId,
    ...labels,
  });
  const [a, b, c, d, e, f] = rest;
  switch (rest.length) {
    case 1:
      if (method !== 'POST') return undefined;
      if (a === 'events') return route('CreateEvent');
      if (a === 'actors') return route('ListActors');
      if (a === 'memoryRecords') return route('ListMemoryRecords');
      if (a === 'retrieve') return route('RetrieveMemoryRecords');
      if (a === 'extractionJobs') return route('ListMemoryExtractionJobs');
      return undefined;
    case 2:
      return matchTwo(method, a, b, route);
    case 3:
      return method === 'POST' && a === 'actor' && c === 'sessions' && b !== undefined
        ? route('ListSessions', { actorId: b })
        : undefined;
    case 4:
      return method === 'POST' && a === 'actor' && c === 'sessions' && b !== undefined && d !== undefined
        ? route('ListEvents', { actorId: b, sessionId: d })
        : undefined;
    case 6: {
      if (a !== 'actor' || c !== 'sessions' || e !== 'events') return undefined;
      if (b === undefined || d === undefined || f === undefined) return undefined;
      const labels = { actorId: b, sessionId: d, eventId: f };
      if (method === 'GET') return route('GetEvent', labels);
      if (method === 'DELETE') return route('DeleteEvent', labels);
      return undefined;
    }
    default:
      return undefined;
  }
}

function matchTwo(
  method: string,
  a: string | undefined,
  b: string | undefined,
  route: (operation: MemoryOperation, labels?: { memoryRecordId?: string }) => MemoryRoute,
): MemoryRoute | undefined {
  if (b === undefined) return undefined;
  if (method === 'GET' && a === 'memoryRecord') return route('GetMemoryRecord', { memoryRecordId: b });
  if (method === 'DELETE' && a === 'memoryRecords') return route('DeleteMemoryRecord', { memoryRecordId: b });
  if (method !== 'POST') return undefined;
  if (a === 'memoryRecords' && b === 'batchCreate') return route('BatchCreateMemoryRecords');
  if (a === 'memoryRecords' && b === 'batchUpdate') return route('BatchUpdateMemoryRecords');
  if (a === 'memoryRecords' && b === 'batchDelete') return route('BatchDeleteMemoryRecords');
  if (a === 'extractionJobs' && b === 'start') return route('StartMemoryExtractionJob');
  return undefined;
}

/**
 * The memory operation a request targets (`'CreateEvent'`…), for fault injection and logs;
 * `undefined` when the request is not a memory data-plane route.
 * @internal
 *
 * @example
 * ```ts
 * memoryOperationOf('POST', '/memories/shared_memory-abcdefghij/events'); // 'CreateEvent'
 * ```
 */
export function memoryOperationOf(method: string, rawPath: string): string | undefined {
  return parseMemoryRoute(method, rawPath)?.operation;
}
