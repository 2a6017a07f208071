/**
 * WebSocket sessions with a runtime (InvokeAgentRuntimeWithWebSocketStream[ForUser]): the input,
 * its validation, and the open connection. Opening one (presigning the URL, the `ws` client) is
 * in `websocket-open.ts`, loaded on the first `connect()`.
 * @module
 */
import { AgentStreamError, shown, ValidationError } from '../errors.js';
import { callControl, inputObject, plain } from '../input.js';
import { encodePayload, resolveTarget } from './invoke.js';
import { sessionIdOrNew } from './session-id.js';

/**
 * Input of {@link CrossAccountAgentClient.connect}.
 *
 * @example
 * ```ts
 * const input: ConnectInput = {
 *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   sessionId: chat.sessionId,
 *   timeoutMs: 10_000,
 * };
 * ```
 */
export interface ConnectInput {
  /** The full ARN of the runtime in Account A (or of one of its endpoints, which sets the qualifier). */
  runtimeArn: string;
  /** The endpoint name; default `DEFAULT`. */
  qualifier?: string;
  /** The runtime session (33–256 characters); a new valid one is generated when absent. */
  sessionId?: string;
  /**
   * End-user id (1–1024 characters): the session then needs
   * `InvokeAgentRuntimeWithWebSocketStreamForUser` as well.
   */
  userId?: string;
  /** How long the presigned URL stays valid for the handshake, 1–300 s; default 300. */
  urlExpiresInSeconds?: number;
  /** Aborts opening the connection (once open, use `close()`). */
  signal?: AbortSignal;
  /** Longest time until the connection is open, retries included, in ms; default: none. */
  timeoutMs?: number;
}

/**
 * One message from the agent.
 *
 * @example
 * ```ts
 * for await (const message of connection) console.log(message.binary ? message.bytes.length : message.data);
 * ```
 */
export interface AgentMessage {
  /** True for a binary frame. */
  readonly binary: boolean;
  /** The text of a text frame (`''` for a binary one). */
  readonly text: string;
  /** The frame's bytes. */
  readonly bytes: Uint8Array;
  /** A text frame's JSON, decoded, or its text when it is not JSON; the bytes of a binary frame. */
  readonly data: unknown;
}

/**
 * How a connection closed.
 *
 * @example
 * ```ts
 * const { code, reason } = await connection.closed;
 * ```
 */
export interface CloseInfo {
  code: number;
  reason: string;
}

/** A validated connect call. @internal */
export interface PreparedConnect {
  region: string;
  runtimeArn: string;
  qualifier: string | undefined;
  sessionId: string;
  userId: string | undefined;
  expiresInSeconds: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The longest a presigned WebSocket URL may live: the AgentCore Python SDK's
 * `MAX_PRESIGNED_URL_TIMEOUT` (300 s; AgentCore's own limit is not documented).
 */
const MAX_URL_SECONDS = 300;

/**
 * Validates a connect call; generates a session id when none is given. Throws
 * {@link ValidationError} before any request.
 * @internal
 */
export function prepareConnect(given: ConnectInput): PreparedConnect {
  const input = inputObject(given, 'Pass { runtimeArn, qualifier?, sessionId?, userId? }.');
  const control = callControl(input as unknown as Record<string, unknown>);
  const target = resolveTarget(input.runtimeArn, input.qualifier);
  const sessionId = sessionIdOrNew(input.sessionId);
  const { userId, urlExpiresInSeconds } = input;
  if (userId !== undefined && (typeof userId !== 'string' || userId.length < 1 || userId.length > 1024)) {
    throw new ValidationError(
      'userId',
      `userId ${shown(userId, 40)} is not 1–1024 characters`,
      'Pass the end user id as 1–1024 characters, or leave it out.',
    );
  }
  if (
    urlExpiresInSeconds !== undefined &&
    !(
      Number.isInteger(urlExpiresInSeconds) &&
      urlExpiresInSeconds >= 1 &&
      urlExpiresInSeconds <= MAX_URL_SECONDS
    )
  ) {
    throw new ValidationError(
      'urlExpiresInSeconds',
      `urlExpiresInSeconds ${shown(urlExpiresInSeconds)} is not a whole number of seconds from 1 to ${MAX_URL_SECONDS}`,
      `Pass 1–${MAX_URL_SECONDS}, or leave it out (${MAX_URL_SECONDS}).`,
    );
  }
  return {
    region: target.region,
    runtimeArn: target.runtimeArn,
    qualifier: target.qualifier,
    sessionId,
    userId,
    expiresInSeconds: urlExpiresInSeconds ?? MAX_URL_SECONDS,
    ...control,
  };
}

/** The members of `ws`'s WebSocket a connection uses. @internal */
export interface WsSocket {
  readonly readyState: number;
  send(data: string | Uint8Array, callback: (error?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

const OPEN = 1;
const decoder = new TextDecoder();

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data);
}

function messageOf(data: Buffer | ArrayBuffer | Buffer[], binary: boolean): AgentMessage {
  const bytes = toBytes(data);
  if (binary) return { binary, text: '', bytes, data: bytes };
  const text = decoder.decode(bytes);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: the text itself.
  }
  return { binary, text, bytes, data: value };
}

/**
 * An open WebSocket session with an agent runtime, from {@link CrossAccountAgentClient.connect}.
 * Messages that arrive before they are read wait in order; iterate the connection (or call
 * `next()`) to read them. The iteration ends when the connection closes.
 *
 * @example
 * ```ts
 * const connection = await client.connect({ runtimeArn });
 * await connection.send({ command: 'ls /app' });
 * const reply = await connection.next();
 * console.log(reply.data);
 * await connection.close();
 * ```
 */
export class AgentConnection implements AsyncIterable<AgentMessage> {
  /** The runtime session the connection belongs to. */
  readonly sessionId: string;
  /** The runtime ARN. */
  readonly runtimeArn: string;
  /** The endpoint name, when one was given. */
  readonly qualifier: string | undefined;
  /** Resolves when the connection has closed (by either side). */
  readonly closed: Promise<CloseInfo>;
  readonly #socket: WsSocket;
  readonly #queue: AgentMessage[] = [];
  readonly #waiting: Array<{ resolve: (m: AgentMessage | undefined) => void; reject: (e: unknown) => void }> =
    [];
  #ended: CloseInfo | undefined;
  #error: Error | undefined;

  /** @internal */
  constructor(
    socket: WsSocket,
    init: { sessionId: string; runtimeArn: string; qualifier: string | undefined },
  ) {
    this.#socket = socket;
    this.sessionId = init.sessionId;
    this.runtimeArn = init.runtimeArn;
    this.qualifier = init.qualifier;
    socket.on('message', (data, binary) => this.#push(messageOf(data, binary)));
    socket.on('error', (error) => {
      this.#error = error;
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.#ended = { code, reason: reason.toString('utf8') };
        for (const waiter of this.#waiting.splice(0)) waiter.resolve(undefined);
        resolve(this.#ended);
      });
    });
  }

  #push(message: AgentMessage): void {
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) waiter.resolve(message);
    else this.#queue.push(message);
  }

  /**
   * Sends a message: a string or bytes as they are, anything else as JSON text.
   *
   * @throws {@link AgentStreamError} when the connection is not open.
   *
   * @example
   * ```ts
   * await connection.send({ prompt: 'Hello' });
   * ```
   */
  send(message: unknown): Promise<void> {
    if (this.#socket.readyState !== OPEN) {
      return Promise.reject(new AgentStreamError('The WebSocket connection is not open.'));
    }
    let data: string | Uint8Array;
    try {
      // Read once through the input toolkit: a hostile value is a typed error, never a TypeError.
      const value = plain(message, 'message');
      const bytes = encodePayload(value, 'message');
      // Bytes go as a binary frame; text and JSON as a text frame.
      data = value instanceof Uint8Array ? bytes : decoder.decode(bytes);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#socket.send(data, (error) => {
        if (error === undefined || error === null) resolve();
        else
          reject(
            new AgentStreamError(`The message could not be sent: ${error.message}`, {}, { cause: error }),
          );
      });
    });
  }

  /**
   * The next message, waiting for it; `undefined` once the connection has closed and every
   * message was read.
   *
   * @example
   * ```ts
   * const reply = await connection.next({ timeoutMs: 5_000 });
   * ```
   */
  next(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<AgentMessage | undefined> {
    const given = inputObject(options, 'Pass { signal?, timeoutMs? } or nothing.', 'options');
    const control = callControl(given as Record<string, unknown>);
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.#ended !== undefined) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const signals = [
        control.signal,
        control.timeoutMs === undefined ? undefined : AbortSignal.timeout(control.timeoutMs),
      ];
      const waiter = {
        resolve: (m: AgentMessage | undefined) => {
          cleanup();
          resolve(m);
        },
        reject: (e: unknown) => {
          cleanup();
          reject(e);
        },
      };
      const onAbort = (event: Event) => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        waiter.reject((event.target as AbortSignal).reason);
      };
      const cleanup = () => {
        for (const s of signals) s?.removeEventListener('abort', onAbort);
      };
      for (const s of signals) {
        if (s?.aborted) {
          reject(s.reason);
          return;
        }
        s?.addEventListener('abort', onAbort, { once: true });
      }
      this.#waiting.push(waiter);
    });
  }

  /**
   * The messages, in order, until the connection closes.
   *
   * @example
   * ```ts
   * for await (const message of connection.messages()) console.log(message.data);
   * ```
   */
  async *messages(): AsyncGenerator<AgentMessage> {
    for (;;) {
      const message = await this.next();
      if (message === undefined) {
        if (this.#error !== undefined && this.#ended?.code !== 1000) {
          throw new AgentStreamError(
            `The WebSocket connection failed: ${this.#error.message}`,
            {},
            { cause: this.#error },
          );
        }
        return;
      }
      yield message;
    }
  }

  /**
   * Iterating the AgentConnection is iterating `messages()`.
   *
   * @example
   * ```ts
   * for await (const message of connection) console.log(message.data);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<AgentMessage> {
    return this.messages();
  }

  /**
   * Closes the connection (normal closure, code 1000, unless given) and resolves once closed.
   *
   * @example
   * ```ts
   * await connection.close();
   * ```
   */
  close(code = 1000, reason = ''): Promise<CloseInfo> {
    if (this.#ended === undefined) {
      if (!(code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999))) {
        return Promise.reject(
          new ValidationError(
            'code',
            `close code ${shown(code)} is not 1000 or 3000–4999`,
            'Pass 1000 or an application code 3000–4999.',
          ),
        );
      }
      if (typeof reason !== 'string' || Buffer.byteLength(reason) > 123) {
        return Promise.reject(
          new ValidationError(
            'reason',
            'the close reason must be a string of at most 123 bytes',
            'Pass a short reason, or none.',
          ),
        );
      }
      this.#socket.close(code, reason);
    }
    return this.closed;
  }
}
