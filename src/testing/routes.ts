/**
 * The emulator's route table: every operation it serves, one row each, with the service its
 * requests are signed for, the method and path pattern (Smithy `http` trait syntax, from the
 * botocore / AWS SDK v3 models), the operation name and the handler. The server matches a request
 * to exactly one row (`route-table.ts`); an unmatched request answers UnknownOperationException
 * (REST-JSON) or InvalidAction (AWS Query).
 *
 * To serve one more operation, add a row: `{ service, method, path, operation, maxBodyBytes,
 * handler }`. A new signing service is first an entry of `SERVICES` (`services.ts`).
 * @module
 */
import {
  getGateway,
  listAgentRuntimeEndpoints,
  listAgentRuntimes,
  listGateways,
  listMemories,
} from './control-list.js';
import { createMemory, getMemory, resourcePolicyHandler } from './control-plane.js';
import { gatewayMcp } from './gateway.js';
import { invokeHarness } from './harness.js';
import type { EmulatorResponse } from './http-error.js';
import {
  attachRolePolicy,
  createPolicy,
  deleteRolePolicy,
  getPolicy,
  getPolicyVersion,
  getRolePolicy,
  listAttachedRolePolicies,
  listRolePolicies,
  putRolePolicy,
} from './iam.js';
import { memoryHandler, memoryRouteOf, serveMemory } from './memory/handler.js';
import { MEMORY_OPERATIONS, type MemoryOperation } from './memory/routes.js';
import type { MemoryStore } from './memory/store.js';
import type { MemoryRequest } from './memory/types.js';
import { type Route, RouteTable } from './route-table.js';
import { getAgentCard, invokeAgentRuntime, stopRuntimeSession } from './runtime.js';
import { invokeAgentRuntimeCommand } from './runtime-commands.js';
import { webSocketUpgrade, webSocketWithoutUpgrade } from './runtime-websocket.js';
import { assumeRole, getCallerIdentity } from './sts.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * InvokeAgentRuntime's payload: the model's `Body` blob has `max: 100000000` (botocore
 * `bedrock-agentcore/2024-02-28/service-2.json`; FACTS.md: "up to 100 MB").
 */
const INVOKE_PAYLOAD = 100_000_000;
/**
 * The memory data plane's bodies (an emulator bound, no AWS figure): the largest valid one is a
 * CreateEvent of 100 payload items of 100,000-character texts (the model's limits), about 10 MB
 * of ASCII; 16 MiB leaves room for JSON escapes.
 */
const MEMORY_BODY = 16 * MiB;
/** Control-plane and other small bodies (a resource policy is at most 20,480 characters). */
const SMALL_BODY = 1 * MiB;
/** A request that matches no row is answered UnknownOperationException; its body stays small. @internal */
export const UNMATCHED_BODY_LIMIT = SMALL_BODY;
/**
 * An STS form (an emulator bound): a 2,048-character policy, 10 policy ARNs of at most 2,048
 * characters, 50 tags of 128 + 256 characters and the scalar fields fit in 64 KiB, URL-encoded.
 */
const STS_BODY = 64 * KiB;

const POLICY_PATH = '/resourcepolicy/{resourceArn}';

/** A row of AgentCore (data or control plane: one signing name, `bedrock-agentcore`). */
const agentcore = (
  method: string,
  path: string,
  operation: string,
  handler: Route['handler'],
  maxBodyBytes = SMALL_BODY,
): Route => ({ service: 'bedrock-agentcore', method, path, operation, maxBodyBytes, handler });

const memory = (method: string, path: string, operation: MemoryOperation): Route =>
  agentcore(method, path, operation, memoryHandler(operation), MEMORY_BODY);

/** A row of an AWS Query service: `POST /` with `Action=operation`. */
const query =
  (service: 'sts' | 'iam', maxBodyBytes: number) =>
  (operation: string, handler: Route['handler']): Route => ({
    service,
    method: 'POST',
    path: '/',
    operation,
    maxBodyBytes,
    handler,
  });

/**
 * An IAM form (an emulator bound): a policy document is at most 10,240 characters (a role's
 * inline policies together), three times that URL-encoded, plus the names.
 */
const IAM_BODY = 64 * KiB;

const sts = query('sts', STS_BODY);
const iam = query('iam', IAM_BODY);

/** Every row of the route table. @internal */
export const ROUTES: readonly Route[] = [
  // AgentCore runtime data plane.
  agentcore(
    'POST',
    '/runtimes/{agentRuntimeArn}/invocations',
    'InvokeAgentRuntime',
    invokeAgentRuntime,
    INVOKE_PAYLOAD,
  ),
  agentcore(
    'GET',
    '/runtimes/{agentRuntimeArn}/invocations/.well-known/agent-card.json',
    'GetAgentCard',
    getAgentCard,
  ),
  agentcore(
    'POST',
    '/runtimes/{agentRuntimeArn}/commands',
    'InvokeAgentRuntimeCommand',
    invokeAgentRuntimeCommand,
  ),
  {
    ...agentcore(
      'GET',
      '/runtimes/{agentRuntimeArn}/ws',
      'InvokeAgentRuntimeWithWebSocketStream',
      webSocketWithoutUpgrade,
    ),
    upgrade: webSocketUpgrade,
  },
  agentcore(
    'POST',
    '/runtimes/{agentRuntimeArn}/stopruntimesession',
    'StopRuntimeSession',
    stopRuntimeSession,
  ),
  // AgentCore memory data plane: the 15 cross-account actions of the seed.
  memory('POST', '/memories/{memoryId}/events', 'CreateEvent'),
  memory('GET', '/memories/{memoryId}/actor/{actorId}/sessions/{sessionId}/events/{eventId}', 'GetEvent'),
  memory(
    'DELETE',
    '/memories/{memoryId}/actor/{actorId}/sessions/{sessionId}/events/{eventId}',
    'DeleteEvent',
  ),
  memory('POST', '/memories/{memoryId}/actor/{actorId}/sessions/{sessionId}', 'ListEvents'),
  memory('POST', '/memories/{memoryId}/actors', 'ListActors'),
  memory('POST', '/memories/{memoryId}/actor/{actorId}/sessions', 'ListSessions'),
  memory('GET', '/memories/{memoryId}/memoryRecord/{memoryRecordId}', 'GetMemoryRecord'),
  memory('POST', '/memories/{memoryId}/memoryRecords', 'ListMemoryRecords'),
  memory('POST', '/memories/{memoryId}/retrieve', 'RetrieveMemoryRecords'),
  memory('DELETE', '/memories/{memoryId}/memoryRecords/{memoryRecordId}', 'DeleteMemoryRecord'),
  memory('POST', '/memories/{memoryId}/memoryRecords/batchCreate', 'BatchCreateMemoryRecords'),
  memory('POST', '/memories/{memoryId}/memoryRecords/batchUpdate', 'BatchUpdateMemoryRecords'),
  memory('POST', '/memories/{memoryId}/memoryRecords/batchDelete', 'BatchDeleteMemoryRecords'),
  memory('POST', '/memories/{memoryId}/extractionJobs', 'ListMemoryExtractionJobs'),
  memory('POST', '/memories/{memoryId}/extractionJobs/start', 'StartMemoryExtractionJob'),
  // Direct long-term ingestion (SDK 3.1121): not one of the 15 actions of the memory grants.
  memory('POST', '/memories/{memoryId}/ingest', 'IngestData'),
  // AgentCore harnesses (the harness ARN and endpoint in the query).
  agentcore('POST', '/harnesses/invoke', 'InvokeHarness', invokeHarness),
  // AgentCore gateways: MCP over Streamable HTTP (in AWS, on the gateway's own host).
  agentcore('POST', '/gateways/{gatewayId}/mcp', 'InvokeGateway', gatewayMcp),
  agentcore('GET', '/gateways/{gatewayId}/mcp', 'InvokeGateway', gatewayMcp),
  agentcore('DELETE', '/gateways/{gatewayId}/mcp', 'InvokeGateway', gatewayMcp),
  // AgentCore control plane (same signing name; in AWS another host).
  agentcore('PUT', POLICY_PATH, 'PutResourcePolicy', resourcePolicyHandler('PutResourcePolicy')),
  agentcore('GET', POLICY_PATH, 'GetResourcePolicy', resourcePolicyHandler('GetResourcePolicy')),
  agentcore('DELETE', POLICY_PATH, 'DeleteResourcePolicy', resourcePolicyHandler('DeleteResourcePolicy')),
  agentcore('POST', '/memories/create', 'CreateMemory', createMemory),
  agentcore('GET', '/memories/{memoryId}/details', 'GetMemory', getMemory),
  agentcore('POST', '/runtimes/', 'ListAgentRuntimes', listAgentRuntimes),
  agentcore(
    'POST',
    '/runtimes/{agentRuntimeId}/runtime-endpoints/',
    'ListAgentRuntimeEndpoints',
    listAgentRuntimeEndpoints,
  ),
  agentcore('POST', '/memories/', 'ListMemories', listMemories),
  agentcore('GET', '/gateways/', 'ListGateways', listGateways),
  agentcore('GET', '/gateways/{gatewayIdentifier}/', 'GetGateway', getGateway),
  // STS (AWS Query: POST / with Action=…).
  sts('AssumeRole', assumeRole),
  sts('GetCallerIdentity', getCallerIdentity),
  // IAM's role-policy subset (AWS Query: POST / with Action=…).
  iam('PutRolePolicy', putRolePolicy),
  iam('GetRolePolicy', getRolePolicy),
  iam('ListRolePolicies', listRolePolicies),
  iam('DeleteRolePolicy', deleteRolePolicy),
  iam('CreatePolicy', createPolicy),
  iam('GetPolicy', getPolicy),
  iam('GetPolicyVersion', getPolicyVersion),
  iam('AttachRolePolicy', attachRolePolicy),
  iam('ListAttachedRolePolicies', listAttachedRolePolicies),
];

/** The compiled table the server matches against. @internal */
export const ROUTE_TABLE = new RouteTable(ROUTES);

/**
 * The operation a REST-JSON request of `bedrock-agentcore` targets (`'CreateEvent'`…), or
 * `undefined` for no row.
 * @internal
 *
 * @example
 * ```ts
 * operationOf('POST', '/memories/shared_memory-abcdefghij/events'); // 'CreateEvent'
 * ```
 */
export function operationOf(method: string, rawPath: string): string | undefined {
  return ROUTE_TABLE.matchPath('bedrock-agentcore', method, rawPath)?.route.operation;
}

/**
 * Serves a memory data-plane request without the HTTP server (SigV4 and IAM are the caller's
 * `authorize`), matched by the same table; `undefined` when it matches no memory row.
 * @internal
 */
export function handleMemoryRequest(
  store: MemoryStore,
  request: MemoryRequest & { method: string; rawPath: string },
): Promise<EmulatorResponse> | undefined {
  const match = ROUTE_TABLE.matchPath('bedrock-agentcore', request.method, request.rawPath);
  const operation = match?.route.operation;
  if (match === undefined || !isMemoryOperation(operation)) return undefined;
  return serveMemory(store, request, memoryRouteOf(operation, match.params));
}

function isMemoryOperation(operation: string | undefined): operation is MemoryOperation {
  return (MEMORY_OPERATIONS as readonly (string | undefined)[]).includes(operation);
}
