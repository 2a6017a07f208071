import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSseStream, type SseEvent, SseParser } from '../../../src/runtime/sse.js';

async function* chunksOf(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function parse(text: string, cuts: number[] = []): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSseStream(chunksOf(new TextEncoder().encode(text), cuts)))
    events.push(event);
  return events;
}

describe('SseParser (examples)', () => {
  it.each<[string, string, Array<Partial<SseEvent>>]>([
    [
      'Python-hosted agent: data lines',
      'data: {"a":1}\n\ndata: {"b":2}\n\n',
      [{ data: '{"a":1}' }, { data: '{"b":2}' }],
    ],
    [
      'TypeScript-hosted agent: event, id, retry',
      'event: delta\nid: 7\nretry: 3000\ndata: hi\n\n',
      [{ event: 'delta', id: '7', retry: 3000, data: 'hi', lastEventId: '7' }],
    ],
    [
      'multi-line data joined with LF',
      'data: line 1\ndata: line 2\ndata:\n\n',
      [{ data: 'line 1\nline 2\n' }],
    ],
    ['comments and heartbeats ignored', ': heartbeat\n\n:\n\ndata: x\n\n', [{ data: 'x' }]],
    ['CRLF line ends', 'event: e\r\ndata: a\r\n\r\n', [{ event: 'e', data: 'a' }]],
    ['CR line ends', 'data: a\rdata: b\r\r', [{ data: 'a\nb' }]],
    [
      'no space after the colon, and two spaces keep one',
      'data:x\n\ndata:  y\n\n',
      [{ data: 'x' }, { data: ' y' }],
    ],
    ['a field without a colon is a field with an empty value', 'data\n\n', [{ data: '' }]],
    [
      'an event without data is not dispatched',
      'event: ping\n\ndata: z\n\n',
      [{ event: 'message', data: 'z' }],
    ],
    ['unknown fields ignored', 'foo: bar\ndata: q\n\n', [{ data: 'q' }]],
    ['an unterminated last event is dropped', 'data: done\n\ndata: partial', [{ data: 'done' }]],
    ['a leading BOM is skipped', '\uFEFFdata: bom\n\n', [{ data: 'bom' }]],
    ['an invalid retry is ignored', 'retry: soon\ndata: r\n\n', [{ data: 'r' }]],
    [
      'the last event id persists across events',
      'id: 1\ndata: a\n\ndata: b\n\n',
      [{ id: '1', lastEventId: '1' }, { lastEventId: '1' }],
    ],
  ])('%s', async (_name, text, expected) => {
    const events = await parse(text);
    expect(events).toHaveLength(expected.length);
    for (const [i, partial] of expected.entries()) expect(events[i]).toMatchObject(partial);
    if (expected[1] !== undefined && !('id' in expected[1])) expect(events[1]?.id).toBeUndefined();
  });

  it('keeps a multi-byte character split across chunks', async () => {
    const text = 'data: héllo 🌍 wörld\n\n';
    const bytes = new TextEncoder().encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect((await parse(text, [cut]))[0]?.data).toBe('héllo 🌍 wörld');
    }
  });

  it('treats a CR at the end of one chunk and an LF at the start of the next as one line break', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\r')).toEqual([]);
    // Were the LF a second line break, the event would be dispatched here with only 'a'.
    expect(parser.push('\ndata: b\r\n\r\n')).toEqual([{ event: 'message', data: 'a\nb', lastEventId: '' }]);
  });

  it('yields each event as soon as its blank line arrives (never buffers the stream)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('data: first\n\n');
      await gate;
      yield new TextEncoder().encode('data: second\n\n');
    }
    const iterator = parseSseStream(slow());
    const first = await iterator.next();
    expect(first.value).toMatchObject({ data: 'first' });
    release();
    expect((await iterator.next()).value).toMatchObject({ data: 'second' });
    expect((await iterator.next()).done).toBe(true);
  });
});

// A line that the SSE grammar keeps intact: no CR or LF; data may start with anything.
const lineText = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ''));
const fieldValue = lineText.filter((s) => !s.includes('\0'));
const eventName = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .map((s) => s.replace(/[\r\n]/g, ''))
  .filter((s) => s !== '');

interface ModelEvent {
  event?: string;
  id?: string;
  dataLines: string[];
  comment?: string;
}

const modelEvent: fc.Arbitrary<ModelEvent> = fc.record(
  {
    event: eventName,
    id: fieldValue,
    dataLines: fc.array(lineText, { minLength: 1, maxLength: 4 }),
    comment: lineText,
  },
  { requiredKeys: ['dataLines'] },
);

function serialize(events: ModelEvent[], eol: string, spaceAfterColon: boolean): string {
  const sep = spaceAfterColon ? ': ' : ':';
  let out = '';
  for (const e of events) {
    if (e.comment !== undefined) out += `:${e.comment}${eol}`;
    // Without the space separator, a value starting with a space would lose it: always use one then.
    const field = (name: string, value: string) =>
      `${name}${value.startsWith(' ') ? ': ' : sep}${value}${eol}`;
    if (e.event !== undefined) out += field('event', e.event);
    if (e.id !== undefined) out += field('id', e.id);
    for (const line of e.dataLines) out += field('data', line);
    out += eol;
  }
  return out;
}

function expected(events: ModelEvent[]): SseEvent[] {
  let lastEventId = '';
  return events.map((e) => {
    if (e.id !== undefined) lastEventId = e.id;
    const out: SseEvent = { event: e.event ?? 'message', data: e.dataLines.join('\n'), lastEventId };
    if (e.id !== undefined) out.id = e.id;
    return out;
  });
}

describe('SSE parsing (property)', () => {
  it('any event sequence, in either framing and cut into random chunks, parses back to the same events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(modelEvent, { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat({ max: 4000 }), { maxLength: 30 }),
        async (events, eol, space, cuts) => {
          const text = serialize(events, eol, space);
          const bytes = new TextEncoder().encode(text).length;
          const parsed = await parse(
            text,
            cuts.map((c) => c % Math.max(1, bytes)),
          );
          expect(parsed).toEqual(expected(events));
        },
      ),
      { numRuns: 400 },
    );
  });
});
