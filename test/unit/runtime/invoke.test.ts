import { describe, expect, it } from 'vitest';
import { isValidationError } from '../../../src/errors.js';
import { DEFAULT_ACCEPT, type InvokeInput, prepareInvocation } from '../../../src/runtime/invoke.js';
import { newSessionId, validateSessionId } from '../../../src/runtime/session-id.js';
import { ENDPOINT_ARN, MEMORY_ARN, RUNTIME_ARN, RUNTIME_ID } from '../../fixtures/arns.js';

const VALID_SESSION = 'session-0123456789-0123456789-0123'; // 34 characters

describe('session ids', () => {
  it('newSessionId() is valid and unique', () => {
    const a = newSessionId();
    expect(a.length).toBeGreaterThanOrEqual(33);
    expect(() => validateSessionId(a)).not.toThrow();
    expect(newSessionId()).not.toBe(a);
  });

  it.each([
    ['32 characters: one short of the minimum', 'x'.repeat(32)],
    ['257 characters: one over the maximum', 'x'.repeat(257)],
    ['a space inside', `${'x'.repeat(20)} ${'x'.repeat(20)}`],
    ['a newline (header injection)', `${'x'.repeat(40)}\r\nX-Evil: 1`],
    ['non-ASCII', 'é'.repeat(40)],
    ['not a string', 12345],
  ])('refuses %s', (_name, id) => {
    expect(() => validateSessionId(id)).toThrowError(expect.objectContaining({ field: 'sessionId' }));
  });

  it.each([
    ['33 characters', 'x'.repeat(33)],
    ['256 characters', 'x'.repeat(256)],
    ['a UUID (36)', crypto.randomUUID()],
  ])('accepts %s', (_name, id) => {
    expect(() => validateSessionId(id)).not.toThrow();
  });
});

describe('prepareInvocation', () => {
  const base: InvokeInput = { runtimeArn: RUNTIME_ARN, payload: { prompt: 'hi' } };

  it('builds the SDK input with defaults: JSON payload, accept both, a generated session id', () => {
    const prepared = prepareInvocation(base);
    expect(prepared.region).toBe('eu-west-1');
    expect(prepared.command).toMatchObject({
      agentRuntimeArn: RUNTIME_ARN,
      contentType: 'application/json',
      accept: DEFAULT_ACCEPT,
      runtimeSessionId: prepared.sessionId,
    });
    expect(prepared.command.qualifier).toBeUndefined();
    expect(new TextDecoder().decode(prepared.command.payload as Uint8Array)).toBe('{"prompt":"hi"}');
    expect(prepared.sessionId.length).toBeGreaterThanOrEqual(33);
  });

  it('passes every optional header through', () => {
    const prepared = prepareInvocation({
      ...base,
      qualifier: 'prod',
      sessionId: VALID_SESSION,
      userId: 'user-42',
      contentType: 'text/plain',
      accept: 'text/event-stream',
      traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      traceState: 'rojo=00f067aa0ba902b7',
      baggage: 'userId=alice',
      traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793',
    });
    expect(prepared.command).toMatchObject({
      qualifier: 'prod',
      runtimeSessionId: VALID_SESSION,
      runtimeUserId: 'user-42',
      contentType: 'text/plain',
      accept: 'text/event-stream',
      traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      traceState: 'rojo=00f067aa0ba902b7',
      baggage: 'userId=alice',
      traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793',
    });
  });

  it('an endpoint ARN sets the qualifier and sends the runtime ARN', () => {
    const prepared = prepareInvocation({ ...base, runtimeArn: ENDPOINT_ARN });
    expect(prepared.command.agentRuntimeArn).toBe(RUNTIME_ARN);
    expect(prepared.command.qualifier).toBe('DEFAULT');
  });

  it.each([
    ['a string', 'raw text', 'raw text'],
    ['bytes', new Uint8Array([104, 105]), 'hi'],
    ['null', null, 'null'],
    ['an array', [1, 'a'], '[1,"a"]'],
  ])('sends %s as given or as JSON', (_name, payload, sent) => {
    const prepared = prepareInvocation({ ...base, payload: payload as InvokeInput['payload'] });
    expect(new TextDecoder().decode(prepared.command.payload as Uint8Array)).toBe(sent);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a bare runtime id', { runtimeArn: RUNTIME_ID }, 'runtimeArn'],
    ['a memory ARN', { runtimeArn: MEMORY_ARN }, 'runtimeArn'],
    ['a wildcard ARN', { runtimeArn: `${RUNTIME_ARN.slice(0, -3)}*` }, 'runtimeArn'],
    ['a short session id', { sessionId: 'abc' }, 'sessionId'],
    ['a bad qualifier', { qualifier: 'not valid!' }, 'qualifier'],
    [
      'a qualifier that contradicts the endpoint ARN',
      { runtimeArn: ENDPOINT_ARN, qualifier: 'prod' },
      'qualifier',
    ],
    ['an empty user id', { userId: '' }, 'userId'],
    ['a user id over 1024 characters', { userId: 'u'.repeat(1025) }, 'userId'],
    ['a content type with a newline', { contentType: 'a\nb' }, 'contentType'],
    ['a missing payload', { payload: undefined }, 'payload'],
    [
      'a payload with a cycle',
      {
        payload: (() => {
          const o: Record<string, unknown> = {};
          o['self'] = o;
          return o;
        })(),
      },
      'payload.self',
    ],
    ['a payload with a BigInt', { payload: { n: 1n } }, 'payload'],
    ['a negative timeout', { timeoutMs: -1 }, 'timeoutMs'],
  ])('refuses %s before any request (ValidationError naming the field)', (_name, patch, field) => {
    let error: unknown;
    try {
      prepareInvocation({ ...base, ...patch } as InvokeInput);
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toContain('Fix:');
  });

  it('says why a bare runtime id is refused', () => {
    expect(() => prepareInvocation({ ...base, runtimeArn: RUNTIME_ID })).toThrow(/caller's own account/);
  });
});

describe('trace headers, at the lengths of the botocore model (InvokeAgentRuntimeRequest*String)', () => {
  const base: InvokeInput = { runtimeArn: RUNTIME_ARN, payload: {} };
  it.each([
    ['traceParent', 128],
    ['traceState', 512],
    ['baggage', 8192],
    ['traceId', 128],
  ] as const)(
    '%s takes %i characters and refuses one more (was 256/4096 for traceParent/traceState/traceId)',
    (name, max) => {
      expect(prepareInvocation({ ...base, [name]: 'a'.repeat(max) }).command[name]).toHaveLength(max);
      let error: unknown;
      try {
        prepareInvocation({ ...base, [name]: 'a'.repeat(max + 1) });
      } catch (caught) {
        error = caught;
      }
      expect(isValidationError(error)).toBe(true);
      expect(error).toMatchObject({ field: name });
    },
  );
});
