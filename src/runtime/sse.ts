/**
 * A streaming parser for server-sent events (the WHATWG `text/event-stream` format), fed text as
 * it arrives. It keeps only the current line and the current event: nothing else is buffered.
 * @module
 */

/** One event as the SSE format defines it, before any JSON decoding. */
export interface SseEvent {
  /** The `event:` field; `message` when the event had none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The `id:` field of this event, when it had one. */
  id?: string;
  /** The last `id:` seen in the stream so far (SSE's last event id), `''` before any. */
  lastEventId: string;
  /** The `retry:` field of this event (reconnection time in ms), when it had a valid one. */
  retry?: number;
}

const LF = 10;
const CR = 13;

/**
 * Incremental SSE parser: `push()` text chunks (already decoded, split anywhere), collect the
 * complete events each returns, and call `end()` at the end of the stream. Lines end in CRLF,
 * LF or CR; comments (`: heartbeat`) and unknown fields are ignored; an event without data is
 * not dispatched; an unterminated event at the end of the stream is dropped, as the standard
 * says.
 *
 * @example
 * ```ts
 * const parser = new SseParser();
 * parser.push('data: {"a"'); // []
 * parser.push(':1}\n\n');    // [{ event: 'message', data: '{"a":1}', lastEventId: '' }]
 * ```
 * @internal
 */
export class SseParser {
  #line = '';
  #afterCr = false;
  #started = false;
  #eventType = '';
  #data = '';
  #hasData = false;
  #id: string | undefined;
  #lastEventId = '';
  #retry: number | undefined;

  /** Feeds a chunk of decoded text; returns the events it completed. */
  push(chunk: string): SseEvent[] {
    const events: SseEvent[] = [];
    let text = chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (this.#afterCr && text.length > 0) {
      // The CR that ended the previous chunk and this LF are one line break.
      if (text.charCodeAt(0) === LF) start = 1;
      this.#afterCr = false;
    }
    let i = start;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code !== LF && code !== CR) {
        i++;
        continue;
      }
      const line = this.#line + text.slice(start, i);
      this.#line = '';
      this.#processLine(line, events);
      if (code === CR) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === LF) i++;
        } else {
          this.#afterCr = true;
        }
      }
      i++;
      start = i;
    }
    if (start < text.length) this.#line += text.slice(start);
    return events;
  }

  /** Ends the stream: an event not terminated by a blank line is dropped. */
  end(): SseEvent[] {
    this.#line = '';
    this.#resetEvent();
    return [];
  }

  #processLine(line: string, events: SseEvent[]): void {
    if (line === '') {
      this.#dispatch(events);
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#eventType = value;
        break;
      case 'data':
        this.#data = this.#hasData ? `${this.#data}\n${value}` : value;
        this.#hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.#id = value;
          this.#lastEventId = value;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#retry = Number(value);
        break;
      default:
        break;
    }
  }

  #dispatch(events: SseEvent[]): void {
    if (this.#hasData) {
      const event: SseEvent = {
        event: this.#eventType === '' ? 'message' : this.#eventType,
        data: this.#data,
        lastEventId: this.#lastEventId,
      };
      if (this.#id !== undefined) event.id = this.#id;
      if (this.#retry !== undefined) event.retry = this.#retry;
      events.push(event);
    }
    this.#resetEvent();
  }

  #resetEvent(): void {
    this.#eventType = '';
    this.#data = '';
    this.#hasData = false;
    this.#id = undefined;
    this.#retry = undefined;
  }
}

/**
 * Parses an SSE byte stream as it arrives: UTF-8 decoding keeps a multi-byte character split
 * across chunks intact, and each event is yielded as soon as its blank line arrives.
 *
 * @example
 * ```ts
 * for await (const event of parseSseStream(body)) console.log(event.event, event.data);
 * ```
 * @internal
 */
export async function* parseSseStream(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield* parser.push(text);
  }
  yield* parser.push(decoder.decode());
  yield* parser.end();
}
