import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isAgentStreamError } from '../../../src/errors.js';
import { AgentResponse, type AgentResponseInit } from '../../../src/runtime/response.js';

function response(body: unknown, contentType: string, extra: Partial<AgentResponseInit> = {}): AgentResponse {
  return new AgentResponse({ sessionId: 's'.repeat(33), statusCode: 200, contentType, body, ...extra });
}

const sse = (text: string, chunkSize = 3) => {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks);
};

async function collect(res: AgentResponse, options?: { throwOnError?: boolean }) {
  const out = [];
  for await (const event of res.events(options)) out.push(event);
  return out;
}

describe('AgentResponse body readers', () => {
  it.each([
    ['a Node Readable', () => Readable.from([Buffer.from('{"a":'), Buffer.from('1}')])],
    ['a web ReadableStream', () => new Blob(['{"a":1}']).stream()],
    ['a Blob', () => new Blob(['{"a":1}'])],
    ['bytes', () => new TextEncoder().encode('{"a":1}')],
    ['a string', () => '{"a":1}'],
  ])('json() reads %s', async (_name, body) => {
    expect(await response(body(), 'application/json').json()).toEqual({ a: 1 });
  });

  it('text() decodes UTF-8 split inside a character', async () => {
    const bytes = Buffer.from('ünïcødé 🌍');
    const body = Readable.from([...bytes].map((b) => Buffer.from([b])));
    expect(await response(body, 'text/plain').text()).toBe('ünïcødé 🌍');
  });

  it('bytes() concatenates the chunks', async () => {
    const body = Readable.from([Buffer.from([1, 2]), Buffer.from([3])]);
    expect([...(await response(body, 'application/octet-stream').bytes())]).toEqual([1, 2, 3]);
  });

  it('json() on a non-JSON body throws an AgentStreamError that points to events() for a stream', async () => {
    const error = await response(sse('data: x\n\n'), 'text/event-stream')
      .json()
      .catch((e: unknown) => e);
    expect(isAgentStreamError(error)).toBe(true);
    expect((error as Error).message).toContain('events()');
  });

  it('the body can be read once; a second read throws an AgentStreamError', async () => {
    const res = response('{}', 'application/json');
    await res.text();
    expect(res.bodyUsed).toBe(true);
    await expect(res.json()).rejects.toSatisfy(isAgentStreamError);
  });

  it('a stream that breaks mid-way surfaces as an AgentStreamError with the cause', async () => {
    const body = new Readable({
      read() {
        this.push(Buffer.from('data: a\n\n'));
        this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      },
    });
    const error = await collect(response(body, 'text/event-stream')).catch((e: unknown) => e);
    expect(isAgentStreamError(error)).toBe(true);
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNRESET');
  });

  it('onDone runs once whether the body is read, cancelled or both', async () => {
    let done = 0;
    const res = response('{}', 'application/json', { onDone: () => done++ });
    await res.text();
    res.cancel();
    expect(done).toBe(1);
  });
});

describe('AgentResponse.events()', () => {
  it('parses SSE as it arrives and JSON-decodes JSON data', async () => {
    const body = sse('data: {"delta":"Hel"}\n\n: heartbeat\n\nevent: done\nid: 2\ndata: plain text\n\n', 4);
    const events = await collect(response(body, 'text/event-stream; charset=utf-8'));
    expect(events).toEqual([
      { event: 'message', data: { delta: 'Hel' }, raw: '{"delta":"Hel"}' },
      { event: 'done', data: 'plain text', raw: 'plain text', id: '2' },
    ]);
  });

  it.each([
    ['application/json', '{"answer":42}', { answer: 42 }],
    ['text/plain', 'hello', 'hello'],
    ['', '[1,2]', [1, 2]],
  ])('a %s body is one event', async (contentType, text, data) => {
    expect(await collect(response(text, contentType))).toEqual([{ event: 'message', data, raw: text }]);
  });

  it.each([
    [
      'an SSE "event: error"',
      'data: {"delta":"a"}\n\nevent: error\nid: 9\ndata: {"message":"model overloaded","type":"Overloaded"}\n\n',
      { eventType: 'error', errorType: 'Overloaded', eventId: '9' },
      'model overloaded',
    ],
    [
      'an in-band Python error after HTTP 200',
      'data: {"delta":"a"}\n\ndata: {"error": "division by zero", "error_type": "ZeroDivisionError"}\n\n',
      { eventType: 'message', errorType: 'ZeroDivisionError' },
      'division by zero',
    ],
    [
      'an error event with plain-text data',
      'event: error\ndata: boom\n\n',
      { eventType: 'error', data: 'boom' },
      'boom',
    ],
  ])(
    'throws a typed AgentStreamError for %s, after yielding the events before it',
    async (_name, text, fields, message) => {
      const seen: unknown[] = [];
      const error = await (async () => {
        for await (const event of response(sse(text), 'text/event-stream').events()) seen.push(event.data);
      })().catch((e: unknown) => e);
      expect(isAgentStreamError(error)).toBe(true);
      expect(error).toMatchObject(fields);
      expect((error as Error).message).toContain(message);
      expect(seen.length).toBe(text.startsWith('data: {"delta"') ? 1 : 0);
    },
  );

  it('throwOnError: false yields error events like any other', async () => {
    const events = await collect(response(sse('event: error\ndata: boom\n\n'), 'text/event-stream'), {
      throwOnError: false,
    });
    expect(events).toEqual([{ event: 'error', data: 'boom', raw: 'boom' }]);
  });

  it.each([
    ['null', '{"error": null, "text": "ok"}'],
    ['false', '{"error": false}'],
    ['an empty string', '{"error": ""}'],
  ])('an "error" field that is %s is not an error', async (_name, data) => {
    const events = await collect(response(sse(`data: ${data}\n\n`), 'text/event-stream'));
    expect(events).toHaveLength(1);
  });

  it('breaking out of the loop destroys the stream', async () => {
    const body = sse('data: 1\n\ndata: 2\n\ndata: 3\n\n', 9);
    for await (const event of response(body, 'text/event-stream').events()) {
      expect(event.data).toBe(1);
      break;
    }
    expect(body.destroyed).toBe(true);
  });

  it('aborting the signal mid-stream rejects with the reason and destroys the stream', async () => {
    const controller = new AbortController();
    const body = new Readable({ read() {} });
    body.push('data: 1\n\n');
    const res = response(body, 'text/event-stream', { signal: controller.signal });
    const iterator = res.events();
    expect((await iterator.next()).value).toMatchObject({ data: 1 });
    const next = iterator.next();
    controller.abort(new Error('user left'));
    await expect(next).rejects.toThrow('user left');
    expect(body.destroyed).toBe(true);
  });

  it('cancel() closes an unread body', () => {
    const body = sse('data: 1\n\n');
    const res = response(body, 'text/event-stream');
    res.cancel();
    expect(body.destroyed).toBe(true);
    expect(res.bodyUsed).toBe(true);
  });
});
