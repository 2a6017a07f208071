/**
 * The response of an agent invocation: metadata, and a body read once, either whole (`text()`,
 * `json()`, `bytes()`) or as events while they arrive (`events()`).
 * @module
 */
import { AgentStreamError, shown, ValidationError } from '../errors.js';
import { inputObject } from '../input.js';
import { parseSseStream, type SseEvent } from './sse.js';

/**
 * One event of an agent's response.
 *
 * @example
 * ```ts
 * for await (const event of response.events<{ text: string }>()) process.stdout.write(event.data.text);
 * ```
 */
export interface AgentEvent<T = unknown> {
  /** The SSE event type; `message` when the event had none (and for non-streaming bodies). */
  event: string;
  /** The data, JSON-decoded when it is JSON, the text otherwise. */
  data: T;
  /** The data exactly as received (multi-line data joined with `\n`). */
  raw: string;
  /** The SSE `id:` of this event, when it had one. */
  id?: string;
  /** The SSE `retry:` of this event, when it had one. */
  retry?: number;
}

/**
 * Options of {@link AgentResponse.events}.
 *
 * @example
 * ```ts
 * for await (const event of response.events({ throwOnError: false })) if (event.event === 'error') break;
 * ```
 */
export interface EventsOptions {
  /**
   * Throw an {@link AgentStreamError} for an `event: error` or an in-band `{"error": …}` event
   * (default), or yield them like any other event (`false`).
   */
  throwOnError?: boolean;
}

/** The metadata of an {@link AgentResponse}. @internal */
export interface AgentResponseInit {
  sessionId: string;
  statusCode: number;
  contentType: string;
  traceId?: string;
  traceParent?: string;
  traceState?: string;
  baggage?: string;
  /** The SDK's body: a Node `Readable`, a web `ReadableStream`, a `Blob`, bytes or text. */
  body: unknown;
  /** Aborts reading the body (the caller's signal). */
  signal?: AbortSignal | undefined;
  /** Called once when the body is done (read, failed or cancelled). */
  onDone?: () => void;
}

/**
 * The response of {@link CrossAccountAgentClient.invoke}. Read the body once: `text()`, `json()`,
 * `bytes()` or `events()`. `events()` parses a `text/event-stream` as it arrives and never holds
 * more than the event being received; the others read the whole body.
 *
 * @example
 * ```ts
 * const response = await client.invoke({ runtimeArn, payload: { prompt: 'Hello' } });
 * for await (const event of response.events()) console.log(event.data);
 * ```
 */
export class AgentResponse {
  /** The runtime session id: reuse it to continue the conversation. */
  readonly sessionId: string;
  /** The HTTP status the agent answered with. */
  readonly statusCode: number;
  /** The response content type, e.g. `text/event-stream` or `application/json`. */
  readonly contentType: string;
  /** `X-Amzn-Trace-Id` of the response, when present. */
  readonly traceId: string | undefined;
  /** W3C `traceparent` of the response, when present. */
  readonly traceParent: string | undefined;
  /** W3C `tracestate` of the response, when present. */
  readonly traceState: string | undefined;
  /** W3C `baggage` of the response, when present. */
  readonly baggage: string | undefined;
  #body: unknown;
  #used = false;
  readonly #signal: AbortSignal | undefined;
  #onDone: (() => void) | undefined;

  /** @internal */
  constructor(init: AgentResponseInit) {
    this.sessionId = init.sessionId;
    this.statusCode = init.statusCode;
    this.contentType = init.contentType;
    this.traceId = init.traceId;
    this.traceParent = init.traceParent;
    this.traceState = init.traceState;
    this.baggage = init.baggage;
    this.#body = init.body;
    this.#signal = init.signal;
    this.#onDone = init.onDone;
  }

  /** True once a body method was called. */
  get bodyUsed(): boolean {
    return this.#used;
  }

  /** True when the agent streams server-sent events. */
  get isEventStream(): boolean {
    return mediaType(this.contentType) === 'text/event-stream';
  }

  /**
   * The whole body as bytes.
   *
   * @example
   * ```ts
   * const bytes = await response.bytes();
   * ```
   */
  async bytes(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of this.#chunks('bytes')) {
      parts.push(chunk);
      size += chunk.byteLength;
    }
    if (parts.length === 1 && parts[0] !== undefined) return parts[0];
    const out = new Uint8Array(size);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.byteLength;
    }
    return out;
  }

  /**
   * The whole body as text (UTF-8).
   *
   * @example
   * ```ts
   * console.log(await response.text());
   * ```
   */
  async text(): Promise<string> {
    const decoder = new TextDecoder('utf-8');
    let text = '';
    for await (const chunk of this.#chunks('text')) text += decoder.decode(chunk, { stream: true });
    return text + decoder.decode();
  }

  /**
   * The whole body parsed as JSON. Throws an {@link AgentStreamError} if it is not JSON.
   *
   * @example
   * ```ts
   * const answer = await response.json<{ result: string }>();
   * ```
   */
  async json<T = unknown>(): Promise<T> {
    const text = await this.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new AgentStreamError(
        `The agent's response (${this.contentType || 'no content type'}) is not JSON: ${preview(text)}. ${
          this.isEventStream ? 'It is an event stream: read it with events().' : 'Read it with text().'
        }`,
        {},
        { cause: error },
      );
    }
  }

  /**
   * The body as events, yielded as they arrive. A `text/event-stream` body is parsed as SSE
   * (`event:`, `id:`, multi-line `data:`; comments and heartbeats skipped); any other body is one
   * event. Data is JSON-decoded when it is JSON. An `event: error`, or an event whose data is an
   * object with an `error` field (how Python-hosted agents report a failure after HTTP 200),
   * throws an {@link AgentStreamError} unless `throwOnError` is `false`. Breaking out of the loop
   * closes the stream.
   *
   * @example
   * ```ts
   * for await (const event of response.events()) {
   *   if (event.event === 'message') process.stdout.write(String(event.data));
   * }
   * ```
   */
  async *events<T = unknown>(options: EventsOptions = {}): AsyncGenerator<AgentEvent<T>> {
    const given = inputObject(options, 'Pass { throwOnError?: boolean } or nothing.', 'options');
    if (given.throwOnError !== undefined && typeof given.throwOnError !== 'boolean') {
      throw new ValidationError(
        'options.throwOnError',
        `options.throwOnError must be true or false, not ${shown(given.throwOnError)}`,
        'Pass throwOnError: false to get error events as events, or leave it out.',
      );
    }
    const throwOnError = given.throwOnError ?? true;
    const chunks = this.#chunks('events');
    if (this.isEventStream) {
      for await (const sse of parseSseStream(chunks)) {
        const event = toAgentEvent<T>(sse);
        if (throwOnError) throwIfError(event);
        yield event;
      }
      return;
    }
    const decoder = new TextDecoder('utf-8');
    let text = '';
    for await (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
    text += decoder.decode();
    const event: AgentEvent<T> = { event: 'message', data: decodeData(text) as T, raw: text };
    if (throwOnError) throwIfError(event);
    yield event;
  }

  /**
   * Stops reading and closes the connection; safe to call at any time, any number of times.
   *
   * @example
   * ```ts
   * response.cancel();
   * ```
   */
  cancel(): void {
    const body = this.#body;
    this.#used = true;
    this.#body = undefined;
    if (body !== undefined) destroyBody(body);
    this.#finish();
  }

  #finish(): void {
    const done = this.#onDone;
    this.#onDone = undefined;
    done?.();
  }

  async *#chunks(method: string): AsyncGenerator<Uint8Array> {
    if (this.#used) {
      throw new AgentStreamError(
        `The response body was already read or cancelled; ${method}() cannot read it again.`,
      );
    }
    this.#used = true;
    const body = this.#body;
    this.#body = undefined;
    const signal = this.#signal;
    const onAbort = (): void => destroyBody(body);
    try {
      signal?.throwIfAborted();
      signal?.addEventListener('abort', onAbort, { once: true });
      for await (const chunk of iterateBody(body)) {
        signal?.throwIfAborted();
        yield chunk;
      }
      signal?.throwIfAborted();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof AgentStreamError) throw error;
      throw new AgentStreamError(
        `The response stream broke: ${error instanceof Error ? error.message : String(error)}`,
        {},
        { cause: error },
      );
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#finish();
    }
  }
}

function mediaType(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** JSON when it parses as JSON, the text otherwise. @internal */
export function decodeData(text: string): unknown {
  const first = firstNonSpace(text);
  // Only try JSON when the text can start a JSON value: plain text stays cheap.
  if (first === undefined || !'{["-0123456789tfn'.includes(first)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function firstNonSpace(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return c;
  }
  return undefined;
}

function toAgentEvent<T>(sse: SseEvent): AgentEvent<T> {
  const event: AgentEvent<T> = { event: sse.event, data: decodeData(sse.data) as T, raw: sse.data };
  if (sse.id !== undefined) event.id = sse.id;
  if (sse.retry !== undefined) event.retry = sse.retry;
  return event;
}

/**
 * Throws an {@link AgentStreamError} for an error event: `event: error`, or data that is an
 * object with a non-empty `error` field (`{"error": "…", "error_type": "ValueError"}`).
 * @internal
 */
export function throwIfError(event: AgentEvent<unknown>): void {
  const data = event.data;
  const record =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  const inBand = record !== undefined && Object.hasOwn(record, 'error') && isPresent(record['error']);
  if (event.event !== 'error' && !inBand) return;
  const errorValue = record?.['error'] ?? record?.['message'] ?? data;
  const errorType = record?.['error_type'] ?? record?.['errorType'] ?? record?.['type'];
  const text = typeof errorValue === 'string' ? errorValue : preview(JSON.stringify(errorValue) ?? event.raw);
  const details: { eventType: string; data: unknown; errorType?: string; eventId?: string } = {
    eventType: event.event,
    data,
  };
  if (typeof errorType === 'string') details.errorType = errorType;
  if (event.id !== undefined) details.eventId = event.id;
  throw new AgentStreamError(
    `The agent reported an error${typeof errorType === 'string' ? ` (${errorType})` : ''}: ${preview(text)}`,
    details,
  );
}

function isPresent(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false && value !== '';
}

function preview(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The body's chunks as bytes, whatever runtime type the SDK gave it. @internal */
export async function* iterateBody(body: unknown): AsyncGenerator<Uint8Array> {
  if (body === undefined || body === null) return;
  if (typeof body === 'string') {
    yield new TextEncoder().encode(body);
    return;
  }
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  if (typeof body !== 'object') return;
  if (Symbol.asyncIterator in body) {
    for await (const chunk of body as AsyncIterable<unknown>) yield toBytes(chunk);
    return;
  }
  if ('getReader' in body && typeof body.getReader === 'function') {
    const reader = (body as ReadableStream<unknown>).getReader();
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) return;
        yield toBytes(value);
      }
    } finally {
      reader.releaseLock();
    }
  }
  if ('arrayBuffer' in body && typeof body.arrayBuffer === 'function') {
    yield new Uint8Array(await (body as Blob).arrayBuffer());
  }
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return new TextEncoder().encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new AgentStreamError(`The response stream produced a ${typeof chunk} chunk, not bytes.`);
}

function destroyBody(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const b = body as { destroy?: unknown; cancel?: unknown; locked?: unknown };
  try {
    if (typeof b.destroy === 'function') (b.destroy as () => void).call(body);
    else if (typeof b.cancel === 'function' && b.locked !== true)
      (b.cancel as () => Promise<void>).call(body).catch(() => undefined);
  } catch {
    // Closing is best effort.
  }
}
