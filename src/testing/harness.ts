/**
 * InvokeHarness (`POST /harnesses/invoke?harnessArn=…&qualifier=…`, the SDK's operation schema):
 * the emulated harness answers an AWS event stream of the model's `InvokeHarnessStreamOutput`
 * events, which the unmodified SDK parses. Authorized as AWS documents it: InvokeHarness AND
 * InvokeAgentRuntime, on the harness AND its endpoint (FACTS.md; `authorize` applies the
 * hierarchy and the double action).
 *
 * The emulated harness runs no model: it answers the last user message's text back
 * (`messageStart`, one text `contentBlockDelta`, `contentBlockStop`, `messageStop` with
 * `end_turn`, then `metadata` with a word count as token usage).
 * @internal
 */
import { parseArn } from '../arn/parse.js';
import { ENDPOINT_NAME } from '../arn/patterns.js';
import { EVENT_STREAM_CONTENT_TYPE, event } from './event-stream.js';
import { notFound } from './http-error.js';
import {
  fieldValidationError,
  jsonObjectBody,
  type RouteContext,
  type StreamingResponse,
} from './responses.js';
import { sessionIdOf } from './runtime.js';

interface HarnessMessage {
  role?: unknown;
  content?: Array<{ text?: unknown }>;
}

function harnessTarget(ctx: RouteContext): { arn: string; qualifier: string } {
  const given = ctx.query.get('harnessArn');
  if (given === null) throw fieldValidationError('harnessArn', '', 'Member must not be null');
  let arn: string;
  try {
    const parsed = parseArn(given);
    if (parsed.resourceType !== 'harness') throw new Error('not a harness ARN');
    arn = parsed.arn;
  } catch {
    throw fieldValidationError('harnessArn', given, 'Member must be a harness ARN');
  }
  const qualifier = ctx.query.get('qualifier') ?? 'DEFAULT';
  if (!ENDPOINT_NAME.test(qualifier)) {
    throw fieldValidationError(
      'qualifier',
      qualifier,
      'Member must satisfy regular expression pattern: ([a-zA-Z][a-zA-Z0-9_]{0,47})',
    );
  }
  return { arn, qualifier };
}

function lastUserText(ctx: RouteContext): string {
  const body = jsonObjectBody(ctx.body);
  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    throw fieldValidationError('messages', '', 'Member must not be null');
  }
  const user = (messages as HarnessMessage[]).filter((m) => m?.role === 'user').at(-1);
  const content = user?.content;
  const text = Array.isArray(content)
    ? content.find((block) => typeof block?.text === 'string')?.text
    : undefined;
  return typeof text === 'string' ? text : '';
}

/** `POST /harnesses/invoke`. @internal */
export function invokeHarness(ctx: RouteContext): StreamingResponse {
  const { arn, qualifier } = harnessTarget(ctx);
  // runtimeSessionId is required by the model (the SDK does not fill it).
  sessionIdOf(ctx, true);
  const text = lastUserText(ctx);
  ctx.authorize({ action: 'InvokeHarness', resourceArn: arn, qualifier });
  const harness = ctx.world.harnesses.get(arn);
  if (harness === undefined || harness.region !== ctx.region)
    throw notFound(`No harness ${arn} exists in ${ctx.region}.`);
  if (!harness.endpoints.has(qualifier))
    throw notFound(`No endpoint named ${qualifier} exists for harness ${arn}.`);
  const started = Date.now();
  const words = text.split(/\s+/).filter((w) => w !== '').length;
  async function* events(): AsyncGenerator<Uint8Array> {
    yield event('messageStart', { role: 'assistant' });
    yield event('contentBlockDelta', { contentBlockIndex: 0, delta: { text } });
    yield event('contentBlockStop', { contentBlockIndex: 0 });
    yield event('messageStop', { stopReason: 'end_turn' });
    yield event('metadata', {
      usage: { inputTokens: words, outputTokens: words, totalTokens: 2 * words },
      metrics: { latencyMs: Date.now() - started },
    });
  }
  return { status: 200, headers: { 'Content-Type': EVENT_STREAM_CONTENT_TYPE }, stream: events() };
}
