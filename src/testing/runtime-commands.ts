/**
 * InvokeAgentRuntimeCommand (`POST /runtimes/{agentRuntimeArn}/commands`): runs a command in the
 * runtime session's container and streams its output as an AWS event stream of `chunk` events
 * (`contentStart`, then `contentDelta` with `stdout`/`stderr`, then `contentStop` with `exitCode`
 * and `status`), the shapes of the botocore model and @aws-sdk/client-bedrock-agentcore 3.1141.
 * Authorized on the runtime AND its endpoint (hierarchical, FACTS.md). The emulated container runs
 * the emulator's shell (`shell.ts`), never anything on the host.
 * @internal
 */
import { EVENT_STREAM_CONTENT_TYPE, event } from './event-stream.js';
import {
  checkLength,
  fieldValidationError,
  jsonObjectBody,
  type RouteContext,
  type StreamingResponse,
} from './responses.js';
import type { RouteParams } from './route-table.js';
import { findRuntime, sessionIdOf, targetOf, touchSession } from './runtime.js';
import { runShell, type ShellExit } from './shell.js';

/** The model's `timeout` default and range, in seconds ("Default is 300 … Minimum is 1 … Maximum is 3600"). */
const DEFAULT_TIMEOUT_S = 300;
const MAX_TIMEOUT_S = 3600;
/** The model's command length: 1–65,536 characters. */
const MAX_COMMAND = 65_536;

function parseBody(ctx: RouteContext): { command: string; timeoutS: number } {
  const record = jsonObjectBody(ctx.body);
  const command = record['command'];
  if (typeof command !== 'string') throw fieldValidationError('body.command', '', 'Member must not be null');
  checkLength('body.command', command, 1, MAX_COMMAND);
  const timeout = record['timeout'] ?? DEFAULT_TIMEOUT_S;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT_S) {
    throw fieldValidationError(
      'body.timeout',
      String(timeout),
      `Member must be an integer between 1 and ${MAX_TIMEOUT_S}`,
    );
  }
  return { command, timeoutS: timeout };
}

/** `POST /runtimes/{agentRuntimeArn}/commands`. @internal */
export function invokeAgentRuntimeCommand(ctx: RouteContext, params: RouteParams): StreamingResponse {
  const { arn, qualifier } = targetOf(ctx, params);
  // The SDK always sends one (an idempotency token it fills); another client may not.
  const sessionId = sessionIdOf(ctx, false) ?? `${crypto.randomUUID()}-emulated`;
  const { command, timeoutS } = parseBody(ctx);
  ctx.authorize({ action: 'InvokeAgentRuntimeCommand', resourceArn: arn, qualifier });
  const runtime = findRuntime(ctx, arn, qualifier);
  touchSession(runtime, sessionId, ctx.now);
  return {
    status: 200,
    headers: {
      'Content-Type': EVENT_STREAM_CONTENT_TYPE,
      'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': sessionId,
    },
    stream: commandEvents(command, timeoutS * 1000, ctx.signal),
  };
}

async function* commandEvents(
  command: string,
  timeoutMs: number,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  yield event('chunk', { contentStart: {} });
  const shell = runShell(command, timeoutMs, signal);
  let step = await shell.next();
  while (!step.done) {
    yield event('chunk', { contentDelta: step.value });
    step = await shell.next();
  }
  const exit: ShellExit = step.value;
  yield event('chunk', { contentStop: { exitCode: exit.exitCode, status: exit.status } });
}
