/**
 * Runtime commands (InvokeAgentRuntimeCommand): the input, its validation, and the running
 * command's output as an async iterator of events.
 * @module
 */
import type {
  InvokeAgentRuntimeCommandCommandInput,
  InvokeAgentRuntimeCommandStreamOutput,
} from '@aws-sdk/client-bedrock-agentcore';
import { AgentStreamError, shown, ValidationError } from '../errors.js';
import { callControl, inputObject } from '../input.js';
import { checkTraceHeaders, resolveTarget, type TraceHeaders, type TraceLimits } from './invoke.js';
import { sessionIdOrNew } from './session-id.js';

/**
 * Input of {@link CrossAccountAgentClient.command}.
 *
 * @example
 * ```ts
 * const input: CommandInput = {
 *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   command: 'ls -la /app',
 *   sessionId: chat.sessionId,
 *   timeoutSeconds: 60,
 * };
 * ```
 */
export interface CommandInput extends TraceHeaders {
  /** The full ARN of the runtime in Account A (or of one of its endpoints, which sets the qualifier). */
  runtimeArn: string;
  /** The shell command to run in the session's container: 1–65,536 characters. */
  command: string;
  /** The endpoint name; default `DEFAULT`. */
  qualifier?: string;
  /**
   * The runtime session to run it in (33–256 characters), e.g. an invocation's `sessionId` to
   * reach the same container; a new valid one is generated when absent.
   */
  sessionId?: string;
  /** Longest run of the command before AgentCore stops it (`TIMED_OUT`), 1–3600 s; AgentCore's default 300. */
  timeoutSeconds?: number;
  /** Aborts the call, including the reading of the output. */
  signal?: AbortSignal;
  /** Longest time until the output starts (headers received), in ms; default: none. */
  timeoutMs?: number;
}

/**
 * One event of a running command, in order: `start`, then `stdout` and `stderr` pieces as the
 * command writes them, then `exit`.
 *
 * @example
 * ```ts
 * for await (const event of execution) {
 *   if (event.type === 'stdout') process.stdout.write(event.text);
 *   if (event.type === 'exit') console.log('exit code', event.exitCode, event.status);
 * }
 * ```
 */
export type CommandEvent =
  | { type: 'start' }
  | { type: 'stdout'; text: string }
  | { type: 'stderr'; text: string }
  | {
      type: 'exit';
      /** 0 for success, -1 for a platform error, above 0 the command's own failure. */
      exitCode: number;
      /** `COMPLETED`, or `TIMED_OUT` when the command outran `timeoutSeconds`. */
      status: string;
    };

/**
 * The whole output of a command, from {@link CommandExecution.result}.
 *
 * @example
 * ```ts
 * const { stdout, exitCode } = await (await client.command({ runtimeArn, command: 'cat /app/VERSION' })).result();
 * ```
 */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  status: string;
}

/** A validated command call. @internal */
export interface PreparedCommand {
  region: string;
  runtimeArn: string;
  sessionId: string;
  command: InvokeAgentRuntimeCommandCommandInput;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The botocore model's trace header lengths of InvokeAgentRuntimeCommand. */
const COMMAND_TRACE_LIMITS: TraceLimits = {
  traceParent: 1024,
  traceState: 512,
  baggage: 8192,
  traceId: 1024,
};
/** The model's command length (1–65,536) and timeout range (1–3600 s). */
const MAX_COMMAND = 65_536;
const MAX_TIMEOUT_S = 3600;

/**
 * Validates a command call and builds the SDK input. Generates a session id when none is given.
 * Throws {@link ValidationError} before any request.
 * @internal
 */
export function prepareCommand(given: CommandInput): PreparedCommand {
  const input = inputObject(given, 'Pass { runtimeArn, command, qualifier?, sessionId?, timeoutSeconds? }.');
  const control = callControl(input as unknown as Record<string, unknown>);
  const target = resolveTarget(input.runtimeArn, input.qualifier);
  const { command, timeoutSeconds } = input;
  if (typeof command !== 'string' || command.length < 1 || command.length > MAX_COMMAND) {
    throw new ValidationError(
      'command',
      typeof command === 'string'
        ? `the command has ${command.length} characters; AgentCore accepts 1–${MAX_COMMAND}`
        : `command is ${shown(command)}, not a string`,
      `Pass the shell command as a string of 1–${MAX_COMMAND} characters.`,
    );
  }
  if (
    timeoutSeconds !== undefined &&
    !(Number.isInteger(timeoutSeconds) && timeoutSeconds >= 1 && timeoutSeconds <= MAX_TIMEOUT_S)
  ) {
    throw new ValidationError(
      'timeoutSeconds',
      `timeoutSeconds ${shown(timeoutSeconds)} is not a whole number of seconds from 1 to ${MAX_TIMEOUT_S}`,
      `Pass 1–${MAX_TIMEOUT_S}, or leave it out (AgentCore's default, 300).`,
    );
  }
  const sessionId = sessionIdOrNew(input.sessionId);
  const trace = checkTraceHeaders(input, COMMAND_TRACE_LIMITS);
  const wire: InvokeAgentRuntimeCommandCommandInput = {
    agentRuntimeArn: target.runtimeArn,
    runtimeSessionId: sessionId,
    body: { command, ...(timeoutSeconds === undefined ? {} : { timeout: timeoutSeconds }) },
    ...trace,
  };
  if (target.qualifier !== undefined) wire.qualifier = target.qualifier;
  return { region: target.region, runtimeArn: target.runtimeArn, sessionId, command: wire, ...control };
}

/** What the execution needs from the client. @internal */
export interface CommandExecutionInit {
  sessionId: string;
  statusCode: number;
  contentType: string;
  stream: AsyncIterable<InvokeAgentRuntimeCommandStreamOutput>;
  /** Turns a failure while reading (an AccessDenied event…) into the error to throw. */
  failure(error: unknown): Promise<unknown>;
  /** Called once when the stream is done (read, failed or abandoned). */
  onDone(): void;
}

/**
 * A command running in a runtime session, from {@link CrossAccountAgentClient.command}: iterate
 * it for its output events as they arrive, or await `result()` for the whole output. The output
 * can be read once.
 *
 * @example
 * ```ts
 * const execution = await client.command({ runtimeArn, command: 'python -m pytest -q', sessionId });
 * for await (const event of execution) {
 *   if (event.type === 'stdout' || event.type === 'stderr') process[event.type].write(event.text);
 * }
 * ```
 */
export class CommandExecution implements AsyncIterable<CommandEvent> {
  /** The runtime session the command ran in. */
  readonly sessionId: string;
  readonly statusCode: number;
  readonly contentType: string;
  #init: CommandExecutionInit | undefined;

  /** @internal */
  constructor(init: CommandExecutionInit) {
    this.sessionId = init.sessionId;
    this.statusCode = init.statusCode;
    this.contentType = init.contentType;
    this.#init = init;
  }

  /**
   * The output events, in order (see {@link CommandEvent}).
   *
   * @throws {@link AgentCoreAccessDeniedError} for an AccessDenied event in the stream; the SDK's
   * error for another error event; {@link AgentStreamError} when read a second time.
   *
   * @example
   * ```ts
   * for await (const event of execution.events()) console.log(event);
   * ```
   */
  async *events(): AsyncGenerator<CommandEvent> {
    const init = this.#init;
    this.#init = undefined;
    if (init === undefined) throw new AgentStreamError('The command output was already read.');
    try {
      for await (const item of init.stream) {
        const chunk = item.chunk;
        if (chunk === undefined) continue;
        if (chunk.contentStart !== undefined) yield { type: 'start' };
        const delta = chunk.contentDelta;
        if (typeof delta?.stdout === 'string' && delta.stdout !== '')
          yield { type: 'stdout', text: delta.stdout };
        if (typeof delta?.stderr === 'string' && delta.stderr !== '')
          yield { type: 'stderr', text: delta.stderr };
        const stop = chunk.contentStop;
        if (stop !== undefined) {
          if (typeof stop.exitCode !== 'number' || typeof stop.status !== 'string') {
            throw new AgentStreamError('InvokeAgentRuntimeCommand ended without an exit code and status.', {
              data: stop,
            });
          }
          yield { type: 'exit', exitCode: stop.exitCode, status: stop.status };
        }
      }
    } catch (error) {
      throw await init.failure(error);
    } finally {
      init.onDone();
    }
  }

  /**
   * Iterating the CommandExecution is iterating `events()`.
   *
   * @example
   * ```ts
   * for await (const event of execution) console.log(event.type);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<CommandEvent> {
    return this.events();
  }

  /**
   * Reads the whole output: stdout and stderr joined, the exit code and status.
   *
   * @throws {@link AgentStreamError} when the stream ends without an exit event.
   *
   * @example
   * ```ts
   * const { stdout, stderr, exitCode } = await execution.result();
   * ```
   */
  async result(): Promise<CommandResult> {
    let stdout = '';
    let stderr = '';
    let exit: { exitCode: number; status: string } | undefined;
    for await (const event of this.events()) {
      if (event.type === 'stdout') stdout += event.text;
      else if (event.type === 'stderr') stderr += event.text;
      else if (event.type === 'exit') exit = event;
    }
    if (exit === undefined) {
      throw new AgentStreamError('The command output ended without an exit event (contentStop).');
    }
    return { stdout, stderr, exitCode: exit.exitCode, status: exit.status };
  }
}
