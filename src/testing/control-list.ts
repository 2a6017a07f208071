/**
 * The control plane's list operations: ListAgentRuntimes, ListAgentRuntimeEndpoints, ListMemories
 * and ListGateways, each over the caller's own account in the region the request was signed for,
 * a page at a time; and GetGateway, which gives the ARN a gateway summary lacks.
 *
 * Grounded (botocore `bedrock-agentcore-control` 2023-06-05): the paths and methods, `maxResults`
 * (1–100; 1–1,000 for gateways) and `nextToken` (1–2,048 characters) in the query string of the
 * runtime and gateway lists and in the body of ListMemories, the members of each summary, ISO 8601
 * timestamps for runtimes, endpoints and gateways and epoch seconds for memories; IAM authorizes
 * each list on `*` (the actions take no resource type) and GetGateway on the gateway ARN.
 * Assumed (AWS documents none): a default page of 10 items, items in ARN order, every runtime and
 * endpoint `READY` at version 1, every gateway a `READY` MCP gateway with `AWS_IAM` authorization.
 * @module
 */
import { createHash } from 'node:crypto';
import { endpointArn, gatewayArn } from '../arn/format.js';
import { parseArn } from '../arn/parse.js';
import { GATEWAY_ID, RUNTIME_ID } from '../arn/patterns.js';
import { notFound } from './http-error.js';
import { type Page, paginate } from './memory/pagination.js';
import type { JsonObject } from './memory/validate.js';
import { optInt, optString } from './memory/validate.js';
import { fieldValidationError, type RouteContext, type StreamingResponse } from './responses.js';
import { type RouteParams, requireParam } from './route-table.js';
import type { GatewayRecord, RuntimeRecord } from './world.js';

/** The `maxResults` a list takes, and its default when none is given. */
interface PageRange {
  min: number;
  max: number;
  default: number;
}

/** `maxResults` of the AgentCore control plane's lists (botocore: 1–100); the default is assumed. */
const PAGE: PageRange = { min: 1, max: 100, default: 10 };
/** ListGateways takes up to 1,000 (botocore). */
const GATEWAY_PAGE: PageRange = { min: 1, max: 1000, default: 10 };
const TOKEN = { min: 1, max: 2048 } as const;

/** `maxResults` and `nextToken` from the query string (runtimes, gateways) or the body (ListMemories). */
function pageOf(
  members: JsonObject,
  range: PageRange = PAGE,
): { maxResults: number; nextToken: string | undefined } {
  return {
    maxResults: optInt(members, 'maxResults', '', range) ?? range.default,
    nextToken: optString(members, 'nextToken', '', TOKEN),
  };
}

/** The query members as the body would hold them: a number where the query holds digits. */
function queryMembers(query: URLSearchParams): JsonObject {
  const members: Record<string, unknown> = {};
  for (const name of ['maxResults', 'nextToken']) {
    const value = query.get(name);
    if (value !== null)
      members[name] = name === 'maxResults' && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return members;
}

function bodyMembers(body: Uint8Array): JsonObject {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
  } catch {
    // answered below
  }
  throw fieldValidationError('body', '', 'The request body must be a JSON object');
}

/** One page of `items` in ARN order, the token bound to this list (operation and scope). */
function page<T extends { arn: string }>(
  items: readonly T[],
  members: JsonObject,
  scope: string,
  range: PageRange = PAGE,
): Page<T> {
  const { maxResults, nextToken } = pageOf(members, range);
  return paginate(items, (item) => [item.arn], ['asc'], { maxResults, nextToken, scope });
}

function json(body: unknown): StreamingResponse {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body };
}

/** The caller's runtimes in the request's region. */
function ownRuntimes(ctx: RouteContext): RuntimeRecord[] {
  return [...ctx.world.runtimes.values()].filter(
    (r) => r.accountId === ctx.caller.accountId && r.region === ctx.region,
  );
}

/** A stable 10-character suffix, as AgentCore's generated ids end. */
function suffixOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

/** `POST /runtimes/`. @internal */
export function listAgentRuntimes(ctx: RouteContext): StreamingResponse {
  const members = queryMembers(ctx.query);
  pageOf(members);
  ctx.authorize({ action: 'ListAgentRuntimes', resourceArn: '*' });
  const updated = new Date(ctx.world.startedAt).toISOString();
  const result = page(ownRuntimes(ctx), members, `ListAgentRuntimes|${ctx.caller.accountId}|${ctx.region}`);
  return json({
    agentRuntimes: result.items.map((r) => ({
      agentRuntimeArn: r.arn,
      agentRuntimeId: r.runtimeId,
      agentRuntimeVersion: '1',
      agentRuntimeName: r.runtimeId.slice(0, -11),
      description: `Runtime ${r.runtimeId} of the local AgentCore emulator`,
      lastUpdatedAt: updated,
      status: 'READY',
    })),
    ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
  });
}

/** `POST /runtimes/{agentRuntimeId}/runtime-endpoints/`. @internal */
export function listAgentRuntimeEndpoints(ctx: RouteContext, params: RouteParams): StreamingResponse {
  const runtimeId = requireParam(params, 'agentRuntimeId');
  if (!RUNTIME_ID.test(runtimeId)) {
    throw fieldValidationError(
      'agentRuntimeId',
      runtimeId,
      `Member must satisfy regular expression pattern: ${RUNTIME_ID.source.slice(1, -1)}`,
    );
  }
  const members = queryMembers(ctx.query);
  pageOf(members);
  ctx.authorize({ action: 'ListAgentRuntimeEndpoints', resourceArn: '*' });
  const runtime = ownRuntimes(ctx).find((r) => r.runtimeId === runtimeId);
  if (runtime === undefined) throw notFound(`Runtime ${runtimeId} does not exist.`);
  const stamp = new Date(ctx.world.startedAt).toISOString();
  const endpoints = [...runtime.endpoints].map((name) => ({
    arn: endpointArn(runtime.arn, name),
    name,
  }));
  const result = page(endpoints, members, `ListAgentRuntimeEndpoints|${runtime.arn}`);
  return json({
    runtimeEndpoints: result.items.map((e) => ({
      name: e.name,
      liveVersion: '1',
      agentRuntimeEndpointArn: e.arn,
      agentRuntimeArn: runtime.arn,
      status: 'READY',
      id: `${e.name}-${suffixOf(e.arn)}`,
      createdAt: stamp,
      lastUpdatedAt: stamp,
    })),
    ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
  });
}

/** `POST /memories/`. @internal */
export function listMemories(ctx: RouteContext): StreamingResponse {
  const members = bodyMembers(ctx.body);
  pageOf(members);
  ctx.authorize({ action: 'ListMemories', resourceArn: '*' });
  const own = ctx.emulator.memory
    .memoryArns()
    .filter((arn) => {
      const parsed = parseArn(arn);
      return parsed.accountId === ctx.caller.accountId && parsed.region === ctx.region;
    })
    .map((arn) => ({ arn }));
  const result = page(own, members, `ListMemories|${ctx.caller.accountId}|${ctx.region}`);
  return json({
    memories: result.items.map(({ arn }) => ctx.emulator.memoryControl.summary(arn)),
    ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
  });
}

/** The caller's gateways in the request's region. */
function ownGateways(ctx: RouteContext): GatewayRecord[] {
  return [...ctx.world.gateways.values()].filter(
    (g) => g.accountId === ctx.caller.accountId && g.region === ctx.region,
  );
}

function gatewaySummary(gateway: GatewayRecord): Record<string, unknown> {
  const stamp = new Date(gateway.createdAt).toISOString();
  return {
    gatewayId: gateway.gatewayId,
    name: gateway.gatewayId.slice(0, -11),
    status: 'READY',
    createdAt: stamp,
    updatedAt: stamp,
    authorizerType: 'AWS_IAM',
    protocolType: 'MCP',
  };
}

/** `GET /gateways/`. @internal */
export function listGateways(ctx: RouteContext): StreamingResponse {
  const members = queryMembers(ctx.query);
  pageOf(members, GATEWAY_PAGE);
  ctx.authorize({ action: 'ListGateways', resourceArn: '*' });
  const result = page(
    ownGateways(ctx),
    members,
    `ListGateways|${ctx.caller.accountId}|${ctx.region}`,
    GATEWAY_PAGE,
  );
  return json({
    items: result.items.map((g) => gatewaySummary(g)),
    ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
  });
}

/** `GET /gateways/{gatewayIdentifier}/`. @internal */
export function getGateway(ctx: RouteContext, params: RouteParams): StreamingResponse {
  const gatewayId = requireParam(params, 'gatewayIdentifier');
  if (!GATEWAY_ID.test(gatewayId)) {
    throw fieldValidationError(
      'gatewayIdentifier',
      gatewayId,
      `Member must satisfy regular expression pattern: ${GATEWAY_ID.source.slice(1, -1)}`,
    );
  }
  const gateway = ownGateways(ctx).find((g) => g.gatewayId === gatewayId);
  const arn = gateway?.arn ?? gatewayArn({ region: ctx.region, accountId: ctx.caller.accountId, gatewayId });
  ctx.authorize({ action: 'GetGateway', resourceArn: arn });
  if (gateway === undefined) throw notFound(`Gateway ${gatewayId} does not exist.`);
  return json({
    ...gatewaySummary(gateway),
    gatewayArn: gateway.arn,
    gatewayUrl: `${ctx.endpoint}/gateways/${gateway.gatewayId}/mcp`,
  });
}
