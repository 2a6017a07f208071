/**
 * Pattern 1 end to end: CrossAccountAgentClient in Account B, resource policies on the runtime
 * and its endpoint in Account A, the emulator over real HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { isAgentCoreAccessDeniedError, isAgentStreamError } from '../../../src/errors.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { CALLER_ROLE_ARN, ENDPOINT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { grantResourcePolicies, SSE_PY_ARN, SSE_TS_ARN, STRICT_ARN } from './setup.js';

let emulator: LocalAgentCore;
let client: CrossAccountAgentClient;

beforeAll(async () => {
  emulator = await startLocalAgentCore();
  const { endpoint, credentials } = emulator.clientConfig(CALLER_ROLE_ARN);
  client = new CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials },
    clientConfig: { endpoint },
    retry: { baseDelayMs: 1 },
  });
});
afterAll(async () => {
  client.destroy();
  await emulator.stop();
});
afterEach(() => emulator.setFaults([]));

describe('before Account A grants anything', () => {
  it('an invocation is denied with an AgentCoreAccessDeniedError carrying the parsed AWS message', async () => {
    const error = await client
      .invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'hi' } })
      .catch((e: unknown) => e);
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
    expect(error).toMatchObject({
      principalArn: CALLER_ROLE_ARN,
      action: 'bedrock-agentcore:InvokeAgentRuntime',
      resourceArn: RUNTIME_ARN,
      denialType: 'implicit',
      $metadata: { httpStatusCode: 403 },
    });
    expect(((error as Error).cause as Error).name).toBe('AccessDeniedException');
    expect(emulator.requests.filter((r) => r.operation === 'InvokeAgentRuntime')).toHaveLength(1);
  });
});

describe('with the runtime and endpoint policies attached', () => {
  beforeAll(async () => {
    await grantResourcePolicies(emulator, CALLER_ROLE_ARN, [RUNTIME_ARN, SSE_PY_ARN, SSE_TS_ARN, STRICT_ARN]);
  });

  it('invokes the JSON agent and reads the answer', async () => {
    const res = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'hi' } });
    expect(res.statusCode).toBe(200);
    expect(res.contentType).toBe('application/json');
    expect(await res.json()).toMatchObject({ echo: { prompt: 'hi' }, sessionId: res.sessionId });
    expect(res.sessionId.length).toBeGreaterThanOrEqual(33);
  });

  it('invokes through an endpoint ARN', async () => {
    const res = await client.invoke({ runtimeArn: ENDPOINT_ARN, payload: { prompt: 'via endpoint' } });
    expect(await res.json()).toMatchObject({ echo: { prompt: 'via endpoint' } });
  });

  it('streams the Python-framed SSE agent event by event', async () => {
    const res = await client.invoke({ runtimeArn: SSE_PY_ARN, payload: { prompt: 'one two three' } });
    expect(res.isEventStream).toBe(true);
    const data: unknown[] = [];
    for await (const event of res.events()) data.push(event.data);
    expect(data).toEqual(expect.arrayContaining([{ text: 'one' }, { text: 'two' }, { text: 'three' }]));
  });

  it('streams the TypeScript-framed SSE agent (ids, heartbeats, multi-line data, done)', async () => {
    const res = await client.invoke({ runtimeArn: SSE_TS_ARN, payload: { prompt: 'alpha beta' } });
    const events = [];
    for await (const event of res.events()) events.push(event);
    expect(events.map((e) => e.event)).toContain('done');
    expect(events.some((e) => e.id !== undefined)).toBe(true);
    expect(events.some((e) => e.raw.includes('\n'))).toBe(true);
  });

  it.each([
    ['an in-band {"error": …} from a Python agent', SSE_PY_ARN],
    ['an "event: error" from a TypeScript agent', SSE_TS_ARN],
  ])('throws a typed AgentStreamError for %s, after the events before it', async (_name, runtimeArn) => {
    const res = await client.invoke({ runtimeArn, payload: { prompt: 'a b c d', failAfter: 2 } });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const event of res.events()) seen.push(event.data);
    })().catch((e: unknown) => e);
    expect(isAgentStreamError(error)).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it('the default Accept satisfies an agent that requires text/event-stream; without it the agent answers 406', async () => {
    const res = await client.invoke({ runtimeArn: STRICT_ARN, payload: { prompt: 'x' } });
    for await (const _event of res.events()) {
      // drain
    }
    const refused = await client
      .invoke({ runtimeArn: STRICT_ARN, payload: { prompt: 'x' }, accept: 'application/json' })
      .then(
        async (r) => r.statusCode,
        (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode,
      );
    expect(refused).toBe(406);
  });

  it('a session keeps its id across turns; the agent card and stopSession work', async () => {
    const chat = client.session(RUNTIME_ARN);
    const first = await (await chat.invoke({ prompt: 'turn 1' })).json();
    const second = await (await chat.invoke({ prompt: 'turn 2' })).json();
    expect(first).toMatchObject({ sessionId: chat.sessionId });
    expect(second).toMatchObject({ sessionId: chat.sessionId });
    expect(await chat.getAgentCard()).toMatchObject({ name: 'agent-abcdefghij' });
    expect(await chat.stopSession()).toMatchObject({ sessionId: chat.sessionId, statusCode: 200 });
  });

  it('a user id needs InvokeAgentRuntimeForUser too, which the caller has', async () => {
    const res = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: {}, userId: 'user-42' });
    expect(res.statusCode).toBe(200);
    await res.cancel();
  });

  it('throttling at the front door is retried; the agent runs once', async () => {
    emulator.setFaults([{ operation: 'InvokeAgentRuntime', script: ['throttle', 'throttle', 'ok'] }]);
    const before = emulator.requests.length;
    const res = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'retry me' } });
    expect(await res.json()).toMatchObject({ echo: { prompt: 'retry me' } });
    expect(emulator.requests.slice(before).map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('a lost answer (the agent ran) is not re-sent: the caller sees the failure, the agent ran once', async () => {
    emulator.setFaults([{ operation: 'InvokeAgentRuntime', script: ['drop-after'] }]);
    const before = emulator.requests.length;
    await expect(client.invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'once' } })).rejects.toThrow();
    expect(emulator.requests.slice(before).filter((r) => r.operation === 'InvokeAgentRuntime')).toHaveLength(
      1,
    );
  });

  it('a 5xx after the agent may have started is not re-sent by default; the agent card is', async () => {
    emulator.setFaults([{ operation: /^(InvokeAgentRuntime|GetAgentCard)$/, script: ['5xx'] }]);
    const before = emulator.requests.length;
    await expect(client.invoke({ runtimeArn: RUNTIME_ARN, payload: {} })).rejects.toMatchObject({
      $metadata: { httpStatusCode: 500 },
    });
    emulator.setFaults([{ operation: 'GetAgentCard', script: ['5xx'] }]);
    expect(await client.getAgentCard({ runtimeArn: RUNTIME_ARN })).toMatchObject({
      name: 'agent-abcdefghij',
    });
    expect(emulator.requests.slice(before).map((r) => [r.operation, r.status])).toEqual([
      ['InvokeAgentRuntime', 500],
      ['GetAgentCard', 500],
      ['GetAgentCard', 200],
    ]);
  });
});
