/**
 * InvokeAgentRuntimeWithWebSocketStream (`/runtimes/{agentRuntimeArn}/ws`): a WebSocket session
 * with the runtime, authenticated by SigV4 in the query string (presigned URL) or in the headers
 * of the upgrade (developer guide, "Get started with WebSocket streaming": "SigV4 headers, SigV4
 * pre-signed URL, or OAuth 2.0"). The session id travels as the query parameter (or header)
 * `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id`, as the AgentCore Python SDK's
 * `generate_presigned_url` puts it; a user id as `X-Amzn-Bedrock-AgentCore-Runtime-User-Id`
 * (by analogy: no public sample), which also needs the ForUser action. Authorized on the runtime
 * AND its endpoint.
 *
 * The emulated agent answers each text message: a JSON `{"command": "…"}` runs in the emulator's
 * shell and is answered `{"stdout", "stderr", "exitCode", "status"}` (a terminal); anything else
 * is echoed as `{"echo": <message>, "sessionId"}`.
 * @internal
 */
import { EmulatorHttpError } from './http-error.js';
import { checkLength, header, type RouteContext } from './responses.js';
import type { EmulatorWebSocket, RouteParams, WebSocketSession } from './route-table.js';
import { findRuntime, targetOf, touchSession } from './runtime.js';
import { runShell } from './shell.js';

const SESSION_PARAM = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
const USER_PARAM = 'X-Amzn-Bedrock-AgentCore-Runtime-User-Id';
/** A command sent over the WebSocket runs at most this long (the command API's default). */
const COMMAND_TIMEOUT_MS = 300_000;

/** A value given as the query parameter or as the header of the same name. */
function paramOrHeader(ctx: RouteContext, name: string): string | undefined {
  return ctx.query.get(name) ?? header(ctx.headers, name.toLowerCase());
}

/**
 * A plain GET of the WebSocket path, without an upgrade. The answer AWS gives is not documented:
 * the emulator refuses it as a bad request.
 * @internal
 */
export function webSocketWithoutUpgrade(): never {
  throw new EmulatorHttpError(
    400,
    'ValidationException',
    'This endpoint takes a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket).',
  );
}

/** The upgrade of `/runtimes/{agentRuntimeArn}/ws`, authorized. @internal */
export function webSocketUpgrade(ctx: RouteContext, params: RouteParams): WebSocketSession {
  const { arn, qualifier } = targetOf(ctx, params);
  const sessionId = paramOrHeader(ctx, SESSION_PARAM) ?? `${crypto.randomUUID()}-emulated`;
  checkLength('runtimeSessionId', sessionId, 33, 256);
  const userId = paramOrHeader(ctx, USER_PARAM);
  if (userId !== undefined) checkLength('runtimeUserId', userId, 1, 1024);
  ctx.authorize({ action: 'InvokeAgentRuntimeWithWebSocketStream', resourceArn: arn, qualifier });
  if (userId !== undefined) {
    ctx.authorize({ action: 'InvokeAgentRuntimeWithWebSocketStreamForUser', resourceArn: arn, qualifier });
  }
  const runtime = findRuntime(ctx, arn, qualifier);
  touchSession(runtime, sessionId, ctx.now);
  const { signal } = ctx;
  return (socket) => {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? undefined : Buffer.from(data as Buffer).toString('utf8');
      void answer(socket, text, sessionId, signal);
    });
  };
}

async function answer(
  socket: EmulatorWebSocket,
  text: string | undefined,
  sessionId: string,
  signal: AbortSignal,
): Promise<void> {
  let message: unknown = text;
  try {
    message = text === undefined ? undefined : JSON.parse(text);
  } catch {
    // Plain text: echoed as it is.
  }
  const command = (message as { command?: unknown } | null)?.command;
  if (typeof command !== 'string') {
    socket.send(JSON.stringify({ echo: message ?? null, sessionId }));
    return;
  }
  let stdout = '';
  let stderr = '';
  const shell = runShell(command, COMMAND_TIMEOUT_MS, signal);
  let step = await shell.next();
  while (!step.done) {
    if ('stdout' in step.value) stdout += step.value.stdout;
    else stderr += step.value.stderr;
    step = await shell.next();
  }
  socket.send(JSON.stringify({ stdout, stderr, exitCode: step.value.exitCode, status: step.value.status }));
}
