/**
 * Dispatch of a memory data-plane request matched by the route table: resolve the memory id (bare
 * id or full ARN), then the operation's life cycle (validate, authorize, find the memory, run).
 * @internal
 */
import { memoryArn } from '../../arn/format.js';
import { parseArn } from '../../arn/parse.js';
import { partitionOfRegion } from '../../arn/patterns.js';
import { qualifyAction } from '../../policy/actions.js';
import { type EmulatorResponse, notFound } from '../http-error.js';
import { type RouteHandler, type RouteParams, requireParam } from '../route-table.js';
import { EVENT_OPERATIONS } from './events.js';
import { EXTRACTION_OPERATIONS } from './extraction.js';
import { INGEST_OPERATIONS } from './ingest.js';
import type { BoundOperation } from './operation.js';
import { RECORD_OPERATIONS } from './records.js';
import type { MemoryOperation, MemoryRoute } from './routes.js';
import type { MemoryStore } from './store.js';
import type { MemoryRequest } from './types.js';
import { bodyObject, checkString, fieldError } from './validate.js';

const OPERATIONS: Record<MemoryOperation, BoundOperation> = {
  ...EVENT_OPERATIONS,
  ...RECORD_OPERATIONS,
  ...EXTRACTION_OPERATIONS,
  ...INGEST_OPERATIONS,
};

// The API reference's memoryId pattern; the bare id part is the FACTS.md memory id pattern.
const MEMORY_ID_PATTERN =
  '(arn:(aws|aws-cn|aws-us-gov):bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:memory/)?[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}';
const BARE_MEMORY_ID = {
  min: 12,
  max: 111,
  pattern: /^[a-zA-Z][a-zA-Z0-9_-]{0,99}-[a-zA-Z0-9]{10}$/,
  patternText: MEMORY_ID_PATTERN,
};

/**
 * The full ARN a `{memoryId}` label names. A bare id resolves in the caller's own account and
 * the request's region, never in another account: a cross-account caller that sends a bare id
 * addresses a memory of its own account (the `memory-id-not-arn` trap). An ARN of another region
 * or partition is not served by this regional endpoint: ResourceNotFoundException (an assumption).
 */
function resolveMemoryArn(
  memoryId: string,
  request: Pick<MemoryRequest, 'callerAccountId' | 'region'>,
): string {
  if (!memoryId.startsWith('arn:')) {
    checkString(memoryId, 'memoryId', BARE_MEMORY_ID);
    return memoryArn(memoryId, { accountId: request.callerAccountId, region: request.region });
  }
  let parsed: ReturnType<typeof parseArn>;
  try {
    parsed = parseArn(memoryId);
  } catch {
    throw fieldError(
      'memoryId',
      memoryId,
      `Member must satisfy regular expression pattern: ${MEMORY_ID_PATTERN}`,
    );
  }
  if (parsed.resourceType !== 'memory') {
    throw fieldError(
      'memoryId',
      memoryId,
      `Member must satisfy regular expression pattern: ${MEMORY_ID_PATTERN}`,
    );
  }
  if (parsed.region !== request.region || parsed.partition !== partitionOfRegion(request.region)) {
    throw notFound(
      `Memory ${parsed.arn} is in ${parsed.region}; this endpoint serves ${request.region}. Send the request to the memory's region.`,
    );
  }
  return parsed.arn;
}

/**
 * Serves one memory data-plane request, matched to `route`, against `store`. Rejects with an
 * `EmulatorHttpError` (ValidationException, AccessDeniedException from `authorize`,
 * ResourceNotFoundException, ThrottledException…) that the core serializes AWS-style.
 * @internal
 *
 * @example
 * ```ts
 * const response = await serveMemory(store, {
 *   query: new URLSearchParams(), body: {}, callerAccountId: '111111111111', region: 'eu-west-1',
 *   authorize: () => {},
 * }, { operation: 'ListActors', memoryId: 'shared_memory-abcdefghij' });
 * ```
 */
export async function serveMemory(
  store: MemoryStore,
  request: MemoryRequest,
  route: MemoryRoute,
): Promise<EmulatorResponse> {
  const arn = resolveMemoryArn(route.memoryId, request);
  const action = qualifyAction(route.operation);
  return OPERATIONS[route.operation](
    { body: bodyObject(request.body), route, query: request.query },
    {
      store,
      authorize: (context) => request.authorize(action, arn, context),
      memory: () => {
        const memory = store.memory(arn);
        if (memory === undefined) throw notFound(`Memory ${route.memoryId} not found.`);
        return memory;
      },
    },
  );
}

/** The memory route a row's path labels name. @internal */
export function memoryRouteOf(operation: MemoryOperation, params: RouteParams): MemoryRoute {
  const route: MemoryRoute = { operation, memoryId: requireParam(params, 'memoryId') };
  for (const label of ['actorId', 'sessionId', 'eventId', 'memoryRecordId'] as const) {
    const value = params.get(label);
    if (value !== undefined) route[label] = value;
  }
  return route;
}

/**
 * The route-table handler of one memory operation: the request as the memory data plane sees it
 * (the JSON body, the caller's account, the signing region, authorization through IAM).
 * @internal
 */
export function memoryHandler(operation: MemoryOperation): RouteHandler {
  return (ctx, params) =>
    serveMemory(
      ctx.emulator.memory,
      {
        query: ctx.query,
        body: parseJsonBody(ctx.body),
        callerAccountId: ctx.caller.accountId,
        region: ctx.region,
        authorize: (action, resourceArn, context) =>
          ctx.authorize({ action, resourceArn, ...(context === undefined ? {} : { context }) }),
      },
      memoryRouteOf(operation, params),
    );
}

function parseJsonBody(body: Uint8Array): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return undefined;
  }
}
