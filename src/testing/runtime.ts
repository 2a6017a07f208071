/**
 * The runtime data plane: InvokeAgentRuntime (by ARN, or by id plus `accountId`), GetAgentCard
 * and StopRuntimeSession, with the built-in echo agents. Their rows are in `routes.ts`.
 * @module
 */
import { setTimeout as delay } from 'node:timers/promises';
import { runtimeArn } from '../arn/format.js';
import { parseArn } from '../arn/parse.js';
import { ACCOUNT_ID, ENDPOINT_NAME, RUNTIME_ID } from '../arn/patterns.js';
import { notFound } from './http-error.js';
import {
  checkLength,
  fieldValidationError,
  header,
  type RouteContext,
  type StreamingResponse,
} from './responses.js';
import { type RouteParams, requireParam } from './route-table.js';
import type { AgentInvocation, AgentKind, AgentReply, RuntimeRecord } from './world.js';

const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';
const USER_HEADER = 'x-amzn-bedrock-agentcore-runtime-user-id';
/** Headers AgentCore passes through to the agent and back. */
const TRACE_HEADERS = ['traceparent', 'tracestate', 'baggage', 'x-amzn-trace-id'] as const;

/** The runtime ARN a path label names: an ARN as is, or an id in `accountId` (default: the caller's). */
function resolveRuntimeArn(ctx: RouteContext, identifier: string): string {
  if (identifier.startsWith('arn:')) {
    let parsed: ReturnType<typeof parseArn>;
    try {
      parsed = parseArn(identifier);
    } catch (error) {
      throw fieldValidationError('agentRuntimeArn', identifier, (error as Error).message);
    }
    if (parsed.resourceType !== 'runtime') {
      throw fieldValidationError('agentRuntimeArn', identifier, 'Member must be an agent runtime ARN');
    }
    return parsed.arn;
  }
  if (!RUNTIME_ID.test(identifier)) {
    throw fieldValidationError(
      'agentRuntimeArn',
      identifier,
      'Member must satisfy regular expression pattern: [a-zA-Z][a-zA-Z0-9_]{0,99}-[a-zA-Z0-9]{10}',
    );
  }
  const accountId = ctx.query.get('accountId') ?? ctx.caller.accountId;
  if (!ACCOUNT_ID.test(accountId)) {
    throw fieldValidationError(
      'accountId',
      accountId,
      'Member must satisfy regular expression pattern: [0-9]{12}',
    );
  }
  return runtimeArn({ region: ctx.region, accountId, runtimeId: identifier });
}

function qualifierOf(ctx: RouteContext): string {
  const qualifier = ctx.query.get('qualifier') ?? 'DEFAULT';
  if (!ENDPOINT_NAME.test(qualifier)) {
    throw fieldValidationError(
      'qualifier',
      qualifier,
      'Member must satisfy regular expression pattern: ([a-zA-Z][a-zA-Z0-9_]{0,47})',
    );
  }
  return qualifier;
}

/**
 * The runtime a request names, once authorized. Authorization comes first, as in IAM: a caller
 * without access learns nothing of what exists in another account.
 * @internal
 */
export function findRuntime(ctx: RouteContext, arn: string, qualifier: string): RuntimeRecord {
  const runtime = ctx.world.runtimes.get(arn);
  // A runtime of another region is invisible to this region's endpoint.
  if (runtime === undefined || runtime.region !== ctx.region) {
    throw notFound(`No agent runtime ${arn} exists in ${ctx.region}.`);
  }
  if (!runtime.endpoints.has(qualifier)) {
    throw notFound(`No endpoint named ${qualifier} exists for agent runtime ${arn}.`);
  }
  return runtime;
}

/** The runtime session id header, checked (33–256 characters). @internal */
export function sessionIdOf(ctx: RouteContext, required: boolean): string | undefined {
  const sessionId = header(ctx.headers, SESSION_HEADER);
  if (sessionId === undefined) {
    if (required) throw fieldValidationError('runtimeSessionId', '', 'Member must not be null');
    return undefined;
  }
  checkLength('runtimeSessionId', sessionId, 33, 256);
  return sessionId;
}

/**
 * The runtime and endpoint a request names: the `{agentRuntimeArn}` path label (an ARN, or a
 * runtime id plus `accountId`) and the `qualifier` query parameter, both validated.
 * @internal
 */
export function targetOf(ctx: RouteContext, params: RouteParams): { arn: string; qualifier: string } {
  return {
    arn: resolveRuntimeArn(ctx, requireParam(params, 'agentRuntimeArn')),
    qualifier: qualifierOf(ctx),
  };
}

/** `POST /runtimes/{agentRuntimeArn}/invocations`. @internal */
export function invokeAgentRuntime(ctx: RouteContext, params: RouteParams): Promise<StreamingResponse> {
  const { arn, qualifier } = targetOf(ctx, params);
  return invoke(ctx, arn, qualifier);
}

/** `GET /runtimes/{agentRuntimeArn}/invocations/.well-known/agent-card.json`. @internal */
export function getAgentCard(ctx: RouteContext, params: RouteParams): StreamingResponse {
  const { arn, qualifier } = targetOf(ctx, params);
  return agentCard(ctx, arn, qualifier);
}

/** `POST /runtimes/{agentRuntimeArn}/stopruntimesession`. @internal */
export function stopRuntimeSession(ctx: RouteContext, params: RouteParams): StreamingResponse {
  const { arn, qualifier } = targetOf(ctx, params);
  return stopSession(ctx, arn, qualifier);
}

async function invoke(ctx: RouteContext, arn: string, qualifier: string): Promise<StreamingResponse> {
  // The SDK always sends a session id (it invents a UUID); another client may not.
  const sessionId = sessionIdOf(ctx, false) ?? `${crypto.randomUUID()}-emulated`;
  const userId = header(ctx.headers, USER_HEADER);
  if (userId !== undefined) checkLength('runtimeUserId', userId, 1, 1024);
  ctx.authorize({ action: 'InvokeAgentRuntime', resourceArn: arn, qualifier });
  if (userId !== undefined)
    ctx.authorize({ action: 'InvokeAgentRuntimeForUser', resourceArn: arn, qualifier });
  const runtime = findRuntime(ctx, arn, qualifier);
  touchSession(runtime, sessionId, ctx.now);
  const passed: Record<string, string> = {};
  for (const name of ['content-type', 'accept', ...TRACE_HEADERS]) {
    const value = header(ctx.headers, name);
    if (value !== undefined) passed[name] = value;
  }
  const contentType = header(ctx.headers, 'content-type');
  const accept = header(ctx.headers, 'accept');
  const invocation: AgentInvocation = {
    runtimeArn: arn,
    qualifier,
    sessionId,
    payload: ctx.body,
    headers: passed,
    ...(userId === undefined ? {} : { userId }),
    ...(contentType === undefined ? {} : { contentType }),
    ...(accept === undefined ? {} : { accept }),
  };
  const reply =
    typeof runtime.agent === 'function'
      ? await runtime.agent(invocation)
      : builtInAgent(runtime.agent, invocation, runtime.eventIntervalMs, ctx.signal);
  const headers: Record<string, string> = {
    ...reply.headers,
    'Content-Type': reply.contentType ?? 'application/json',
    'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': sessionId,
  };
  for (const name of TRACE_HEADERS) {
    const value = passed[name];
    if (value !== undefined) headers[name] = value;
  }
  return {
    status: reply.status ?? 200,
    headers,
    ...(reply.stream === undefined ? { body: reply.body ?? '' } : { stream: reply.stream }),
  };
}

function agentCard(ctx: RouteContext, arn: string, qualifier: string): StreamingResponse {
  const sessionId = sessionIdOf(ctx, false);
  ctx.authorize({ action: 'GetAgentCard', resourceArn: arn, qualifier });
  const runtime = findRuntime(ctx, arn, qualifier);
  const card = runtime.agentCard ?? defaultCard(ctx.endpoint, runtime);
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/json',
      ...(sessionId === undefined ? {} : { 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': sessionId }),
    },
    body: card,
  };
}

function stopSession(ctx: RouteContext, arn: string, qualifier: string): StreamingResponse {
  const sessionId = sessionIdOf(ctx, true) as string;
  ctx.authorize({ action: 'StopRuntimeSession', resourceArn: arn, qualifier });
  const runtime = findRuntime(ctx, arn, qualifier);
  if (!runtime.sessions.delete(sessionId)) {
    // Never started, stopped, or over its idle timeout or lifetime.
    throw notFound(`No active runtime session ${sessionId} for agent runtime ${arn}.`);
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': sessionId },
    body: {},
  };
}

/**
 * Starts or extends a runtime session: it lives until `idleTimeoutMs` after its last invocation,
 * and never past `maxLifetimeMs` after it started; a session over either is gone, so the same id
 * starts a new one (as AgentCore provisions a new session).
 * @internal
 */
export function touchSession(runtime: RuntimeRecord, sessionId: string, now: number): void {
  const startedAt = runtime.sessions.get(sessionId)?.startedAt ?? now;
  const expiresAt = Math.min(now + runtime.idleTimeoutMs, startedAt + runtime.maxLifetimeMs);
  runtime.sessions.set(sessionId, { startedAt }, expiresAt);
}

function defaultCard(endpoint: string, runtime: RuntimeRecord): Record<string, unknown> {
  const streaming = runtime.agent !== 'echo-json';
  return {
    name: runtime.runtimeId,
    description: `Emulated agent runtime ${runtime.runtimeId} (${typeof runtime.agent === 'string' ? runtime.agent : 'custom'})`,
    url: `${endpoint}/runtimes/${encodeURIComponent(runtime.arn)}/invocations/`,
    version: '1.0.0',
    protocolVersion: '0.3.0',
    capabilities: { streaming },
    defaultInputModes: ['text'],
    defaultOutputModes: ['text'],
    skills: [{ id: 'echo', name: 'Echo', description: 'Repeats the request back.', tags: ['echo'] }],
  };
}

/** What the built-in agents read from the payload. */
interface EchoInput {
  /** The parsed JSON payload, or the payload as text. */
  value: unknown;
  /** The words to stream: the `prompt` field, or the whole payload text. */
  words: string[];
  /** Stream this many events, then fail mid-stream. */
  failAfter: number | undefined;
}

function readPayload(payload: Uint8Array): EchoInput {
  const text = Buffer.from(payload).toString('utf8');
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: echo the text.
  }
  const object = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const prompt = typeof object.prompt === 'string' ? object.prompt : text;
  const failAfter = typeof object.failAfter === 'number' ? object.failAfter : undefined;
  return { value, words: prompt.split(/\s+/).filter((w) => w !== ''), failAfter };
}

function builtInAgent(
  kind: AgentKind,
  invocation: AgentInvocation,
  intervalMs: number,
  signal: AbortSignal,
): AgentReply {
  const input = readPayload(invocation.payload);
  switch (kind) {
    case 'echo-json':
      return {
        contentType: 'application/json',
        body: JSON.stringify({
          echo: input.value,
          sessionId: invocation.sessionId,
          ...(invocation.userId === undefined ? {} : { userId: invocation.userId }),
        }),
      };
    case 'sse-python':
      return { contentType: 'text/event-stream', stream: pythonStream(input, intervalMs, signal) };
    case 'sse-typescript':
      return { contentType: 'text/event-stream', stream: typescriptStream(input, intervalMs, signal) };
    case 'sse-strict':
      if (!(invocation.accept ?? '').includes('text/event-stream')) {
        return {
          status: 406,
          contentType: 'application/json',
          body: JSON.stringify({
            message: 'Not Acceptable: this agent streams Server-Sent Events; send Accept: text/event-stream.',
          }),
        };
      }
      return { contentType: 'text/event-stream', stream: typescriptStream(input, intervalMs, signal) };
  }
}

async function pause(intervalMs: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (intervalMs > 0) {
    try {
      await delay(intervalMs, undefined, { signal });
    } catch {
      return false;
    }
  }
  return !signal.aborted;
}

/**
 * Python framing (bedrock-agentcore Python SDK): `data: <json>\n\n` per event; an error after the
 * 200 arrives as a data event `{"error": …, "error_type": …}`.
 */
async function* pythonStream(
  input: EchoInput,
  intervalMs: number,
  signal: AbortSignal,
): AsyncGenerator<string> {
  for (let i = 0; i < input.words.length; i++) {
    if (!(await pause(intervalMs, signal))) return;
    if (input.failAfter === i) {
      yield `data: ${JSON.stringify({ error: `Agent failed after ${i} events`, error_type: 'AgentError' })}\n\n`;
      return;
    }
    yield `data: ${JSON.stringify({ text: input.words[i] })}\n\n`;
  }
}

/**
 * TypeScript framing: full SSE with `retry:`, `id:`, `event:`, `: heartbeat` comments (every 30 s
 * in the real host; between events here), a multi-line `data:` event, and `event: error` for a
 * failure after the 200.
 */
async function* typescriptStream(
  input: EchoInput,
  intervalMs: number,
  signal: AbortSignal,
): AsyncGenerator<string> {
  yield 'retry: 3000\n\n: heartbeat\n\n';
  let id = 0;
  for (let i = 0; i < input.words.length; i++) {
    if (!(await pause(intervalMs, signal))) return;
    id++;
    if (input.failAfter === i) {
      const error = { error: `Agent failed after ${i} events`, error_type: 'AgentError' };
      yield `id: ${id}\nevent: error\ndata: ${JSON.stringify(error)}\n\n`;
      return;
    }
    yield `id: ${id}\nevent: message\ndata: ${JSON.stringify({ text: input.words[i] })}\n\n`;
    if (id % 2 === 0) yield ': heartbeat\n\n';
  }
  if (!(await pause(intervalMs, signal))) return;
  // One event whose JSON spans two data lines: a client must join them with "\n".
  const summary = JSON.stringify({ words: input.words.length, text: input.words.join(' ') }, null, 1).split(
    '\n',
  );
  yield `id: ${id + 1}\nevent: summary\n${summary.map((line) => `data: ${line}`).join('\n')}\n\n`;
  yield `id: ${id + 2}\nevent: done\ndata: {}\n\n`;
}
