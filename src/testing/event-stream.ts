/**
 * AWS event stream framing (`application/vnd.amazon.eventstream`) for the emulator's streamed
 * answers (InvokeAgentRuntimeCommand, InvokeHarness), encoded with the Smithy codec the AWS SDK
 * decodes with, so the unmodified SDK client parses what the emulator writes.
 *
 * REST-JSON event streams: each event is a message with `:message-type: event`, `:event-type`
 * the union member's name and `:content-type: application/json`, its payload the member's
 * structure as JSON.
 * @internal
 */
import { EventStreamCodec } from '@smithy/core/event-streams';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const codec = new EventStreamCodec(
  (bytes) => decoder.decode(bytes),
  (text) => encoder.encode(text),
);

/** The content type of an event stream body. @internal */
export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** One event of a union member, e.g. `event('chunk', { contentStart: {} })`. @internal */
export function event(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: encoder.encode(JSON.stringify(payload)),
  });
}
