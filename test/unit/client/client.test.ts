import { Readable } from 'node:stream';
import {
  AccessDeniedException,
  BedrockAgentCoreClient,
  GetAgentCardCommand,
  InternalServerException,
  InvokeAgentRuntimeCommand,
  ResourceNotFoundException,
  RetryableConflictException,
  RuntimeClientError,
  ServiceQuotaExceededException,
  StopRuntimeSessionCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-agentcore';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CrossAccountAgentClient, type CrossAccountAgentClientOptions } from '../../../src/client.js';
import {
  type AgentCoreAccessDeniedError,
  isAgentCoreAccessDeniedError,
  isAgentStreamError,
  isValidationError,
} from '../../../src/errors.js';
import { explainAccess } from '../../../src/policy/evaluate/explain.js';
import type { AccessPolicies } from '../../../src/policy/evaluate/types.js';
import { CALLER_ROLE_ARN, ENDPOINT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';

const agentcore = mockClient(BedrockAgentCoreClient);
const FAST = { baseDelayMs: 0 } as const;
const US_RUNTIME_ARN = 'arn:aws:bedrock-agentcore:us-east-1:111111111111:runtime/agent-abcdefghij';
const meta = { $metadata: { httpStatusCode: 400, requestId: 'req-1' } };

function ok(body = '{"answer":42}', contentType = 'application/json') {
  return {
    response: Readable.from([Buffer.from(body)]),
    contentType,
    statusCode: 200,
    $metadata: {},
  } as never;
}

function client(options: CrossAccountAgentClientOptions = {}) {
  return new CrossAccountAgentClient({ retry: FAST, ...options });
}

const sdkErrors = {
  throttling: () => new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }),
  internal: () => new InternalServerException({ message: 'oops', $metadata: { httpStatusCode: 500 } }),
  conflict: () => new RetryableConflictException({ message: 'busy', $metadata: { httpStatusCode: 409 } }),
  denied: () =>
    new AccessDeniedException({
      message: `User: ${CALLER_ROLE_ARN} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME_ARN} because no resource-based policy allows the bedrock-agentcore:InvokeAgentRuntime action`,
      $metadata: { httpStatusCode: 403, requestId: 'req-denied' },
    }),
  validation: () => new ValidationException({ message: 'bad', reason: 'bad', ...meta } as never),
  quota: () => new ServiceQuotaExceededException({ message: 'quota', $metadata: { httpStatusCode: 402 } }),
  notFound: () => new ResourceNotFoundException({ message: 'nope', $metadata: { httpStatusCode: 404 } }),
  runtimeClient: () =>
    new RuntimeClientError({ message: 'agent crashed', $metadata: { httpStatusCode: 424 } }),
  refused: () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }),
  reset: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
};

beforeEach(() => agentcore.reset());
afterEach(() => agentcore.reset());

describe('CrossAccountAgentClient.invoke (mocked at send)', () => {
  it('sends the full ARN, a generated valid session id and the default accept, and wraps the response', async () => {
    agentcore.on(InvokeAgentRuntimeCommand).resolves(ok());
    const res = await client().invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'hi' } });
    const input = agentcore.commandCalls(InvokeAgentRuntimeCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      agentRuntimeArn: RUNTIME_ARN,
      accept: 'application/json, text/event-stream',
      contentType: 'application/json',
    });
    expect(input?.runtimeSessionId?.length).toBeGreaterThanOrEqual(33);
    expect(res.sessionId).toBe(input?.runtimeSessionId);
    expect(res.statusCode).toBe(200);
    expect(res.contentType).toBe('application/json');
    expect(await res.json()).toEqual({ answer: 42 });
  });

  it('uses the session id the runtime answers with', async () => {
    agentcore
      .on(InvokeAgentRuntimeCommand)
      .resolves({ ...(ok() as object), runtimeSessionId: 'r'.repeat(40) } as never);
    const res = await client().invoke({ runtimeArn: RUNTIME_ARN, payload: {} });
    expect(res.sessionId).toBe('r'.repeat(40));
  });

  it('takes the region from the ARN: one data-plane client per region, created lazily and reused', async () => {
    agentcore.on(InvokeAgentRuntimeCommand).callsFake(() => ok());
    const c = client();
    await c.invoke({ runtimeArn: RUNTIME_ARN, payload: {} });
    await c.invoke({ runtimeArn: US_RUNTIME_ARN, payload: {} });
    await c.invoke({ runtimeArn: ENDPOINT_ARN, payload: {} });
    const regions = await Promise.all(
      agentcore.calls().map((call) => (call.thisValue as BedrockAgentCoreClient).config.region()),
    );
    expect(regions).toEqual(['eu-west-1', 'us-east-1', 'eu-west-1']);
    expect(c.clientFor('eu-west-1')).toBe(agentcore.calls()[0]?.thisValue);
    expect(c.clientFor('eu-west-1')).toBe(agentcore.calls()[2]?.thisValue);
  });

  it('an explicit region overrides the ARN region', async () => {
    agentcore.on(InvokeAgentRuntimeCommand).resolves(ok());
    const c = client({ region: 'eu-central-1' });
    await c.invoke({ runtimeArn: RUNTIME_ARN, payload: {} });
    expect(await (agentcore.calls()[0]!.thisValue as BedrockAgentCoreClient).config.region()).toBe(
      'eu-central-1',
    );
  });

  it('sets the SDK maxAttempts to 1 so its retries never multiply with the client retries', async () => {
    const c = client({ clientConfig: { maxAttempts: 5 } });
    expect(await c.clientFor('eu-west-1').config.maxAttempts()).toBe(1);
  });

  it.each<[string, keyof typeof sdkErrors, number]>([
    ['throttling (refused at the front door): retried', 'throttling', 2],
    ['connection refused (never sent): retried', 'refused', 2],
    ['a 500 (the agent may have run): not re-sent', 'internal', 1],
    ['a retryable conflict (may have run): not re-sent', 'conflict', 1],
    ['a connection reset (may have run): not re-sent', 'reset', 1],
    ['AccessDenied: never retried', 'denied', 1],
    ['validation: never retried', 'validation', 1],
    ['quota: never retried', 'quota', 1],
    ['not found: never retried', 'notFound', 1],
    ['RuntimeClientError (424): never retried', 'runtimeClient', 1],
  ])('invoke after %s', async (_name, kind, calls) => {
    agentcore.on(InvokeAgentRuntimeCommand).rejectsOnce(sdkErrors[kind]()).resolves(ok());
    await client()
      .invoke({ runtimeArn: RUNTIME_ARN, payload: {} })
      .catch(() => undefined);
    expect(agentcore.commandCalls(InvokeAgentRuntimeCommand)).toHaveLength(calls);
  });

  it("retry.invoke: 'always' re-sends after a 500 (the caller accepts a possible double run)", async () => {
    agentcore.on(InvokeAgentRuntimeCommand).rejectsOnce(sdkErrors.internal()).resolves(ok());
    const res = await client({ retry: { ...FAST, invoke: 'always' } }).invoke({
      runtimeArn: RUNTIME_ARN,
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    expect(agentcore.commandCalls(InvokeAgentRuntimeCommand)).toHaveLength(2);
  });

  it('a retried invocation keeps its session id and payload', async () => {
    agentcore.on(InvokeAgentRuntimeCommand).rejectsOnce(sdkErrors.throttling()).resolves(ok());
    await client().invoke({ runtimeArn: RUNTIME_ARN, payload: { n: 1 } });
    const [first, second] = agentcore.commandCalls(InvokeAgentRuntimeCommand).map((c) => c.args[0].input);
    expect(second?.runtimeSessionId).toBe(first?.runtimeSessionId);
    expect(second?.payload).toEqual(first?.payload);
  });

  it.each([
    ["retry.invoke: 'never'", { ...FAST, invoke: 'never' as const }, 1],
    ['retry: false', false as const, 1],
    ['the attempts bound (3 by default)', FAST, 3],
    ['attempts: 5', { ...FAST, attempts: 5 }, 5],
    ['a total-time bound of 0 ms', { ...FAST, maxElapsedMs: 0 }, 1],
  ])('persistent throttling with %s', async (_name, retry, calls) => {
    agentcore.on(InvokeAgentRuntimeCommand).rejects(sdkErrors.throttling());
    const error = await client({ retry })
      .invoke({ runtimeArn: RUNTIME_ARN, payload: {} })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('ThrottlingException');
    expect(agentcore.commandCalls(InvokeAgentRuntimeCommand)).toHaveLength(calls);
  });

  it('an AccessDeniedException leaves as AgentCoreAccessDeniedError with the parsed message, cause and $metadata', async () => {
    const sdkError = sdkErrors.denied();
    agentcore.on(InvokeAgentRuntimeCommand).rejects(sdkError);
    const error = await client()
      .invoke({ runtimeArn: RUNTIME_ARN, payload: {} })
      .catch((e: unknown) => e);
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'access-denied',
      principalArn: CALLER_ROLE_ARN,
      action: 'bedrock-agentcore:InvokeAgentRuntime',
      resourceArn: RUNTIME_ARN,
      policyType: 'resource-based',
      denialType: 'implicit',
      $metadata: { httpStatusCode: 403, requestId: 'req-denied' },
    });
    expect((error as Error).cause).toBe(sdkError);
    expect((error as Error).message).toMatch(/endpoint/);
  });

  it('proves the cause with diagnose.explain over diagnose.policies, and only ranks causes without them', async () => {
    agentcore.on(InvokeAgentRuntimeCommand).rejects(sdkErrors.denied());
    const explain = vi.fn(explainAccess);
    // No resource policies, and an identity policy that allows the runtime but not its endpoint.
    const policies = {
      identity: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'bedrock-agentcore:InvokeAgentRuntime', Resource: RUNTIME_ARN },
          ],
        },
      ],
      resource: {},
    } satisfies AccessPolicies;
    const proving = await client({ diagnose: { policies, explain } })
      .invoke({ runtimeArn: RUNTIME_ARN, payload: {} })
      .catch((e: unknown) => e);
    expect(explain).toHaveBeenCalledTimes(1);
    const diagnosis = (proving as AgentCoreAccessDeniedError).diagnosis;
    expect(diagnosis?.proven).toBe(true);
    expect(diagnosis?.causes.slice(0, 3).map((c) => [c.code, c.confidence])).toEqual([
      ['runtime-policy-missing', 'proven'],
      ['endpoint-policy-missing', 'proven'],
      ['identity-missing-endpoint', 'proven'],
    ]);
    const ranking = await client()
      .invoke({ runtimeArn: RUNTIME_ARN, payload: {} })
      .catch((e: unknown) => e);
    expect((ranking as AgentCoreAccessDeniedError).diagnosis?.proven).toBe(false);
  });

  it('an unparseable AccessDenied still becomes AgentCoreAccessDeniedError naming the target', async () => {
    agentcore
      .on(InvokeAgentRuntimeCommand)
      .rejects(new AccessDeniedException({ message: 'Access denied', ...meta }));
    const error = await client()
      .invoke({ runtimeArn: RUNTIME_ARN, payload: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AgentCoreAccessDeniedError', resourceArn: RUNTIME_ARN });
  });

  it('validates before any request', async () => {
    const error = await client()
      .invoke({ runtimeArn: RUNTIME_ARN, payload: {}, sessionId: 'short' })
      .catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect(agentcore.calls()).toHaveLength(0);
  });

  it('a response without a body is an AgentStreamError', async () => {
    agentcore
      .on(InvokeAgentRuntimeCommand)
      .resolves({ contentType: 'application/json', $metadata: {} } as never);
    await expect(client().invoke({ runtimeArn: RUNTIME_ARN, payload: {} })).rejects.toSatisfy(
      isAgentStreamError,
    );
  });

  it("an aborted client signal fails every call with the signal's reason, without a request", async () => {
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    const c = client({ signal: controller.signal });
    await expect(c.invoke({ runtimeArn: RUNTIME_ARN, payload: {} })).rejects.toThrow('shutting down');
    await expect(c.getAgentCard({ runtimeArn: RUNTIME_ARN })).rejects.toThrow('shutting down');
    expect(agentcore.calls()).toHaveLength(0);
  });
});

describe('getAgentCard, stopSession and session()', () => {
  it('getAgentCard returns the card and is retried on transient faults', async () => {
    agentcore
      .on(GetAgentCardCommand)
      .rejectsOnce(sdkErrors.internal())
      .resolves({ agentCard: { name: 'echo' }, $metadata: {} });
    expect(await client().getAgentCard({ runtimeArn: RUNTIME_ARN, qualifier: 'DEFAULT' })).toEqual({
      name: 'echo',
    });
    expect(agentcore.commandCalls(GetAgentCardCommand)[1]?.args[0].input).toEqual({
      agentRuntimeArn: RUNTIME_ARN,
      qualifier: 'DEFAULT',
    });
  });

  it('getAgentCard without a card object is an AgentStreamError', async () => {
    agentcore.on(GetAgentCardCommand).resolves({ agentCard: undefined, $metadata: {} });
    await expect(client().getAgentCard({ runtimeArn: RUNTIME_ARN })).rejects.toSatisfy(isAgentStreamError);
  });

  it('stopSession reuses one client token across retries', async () => {
    agentcore
      .on(StopRuntimeSessionCommand)
      .rejectsOnce(sdkErrors.throttling())
      .resolves({ runtimeSessionId: 's'.repeat(33), statusCode: 200, $metadata: {} });
    const result = await client().stopSession({ runtimeArn: RUNTIME_ARN, sessionId: 's'.repeat(33) });
    expect(result).toEqual({ sessionId: 's'.repeat(33), statusCode: 200 });
    const tokens = agentcore.commandCalls(StopRuntimeSessionCommand).map((c) => c.args[0].input.clientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBeDefined();
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('a session keeps one valid session id across turns, the card and the stop', async () => {
    agentcore.on(InvokeAgentRuntimeCommand).callsFake(() => ok());
    agentcore.on(GetAgentCardCommand).resolves({ agentCard: { name: 'echo' }, $metadata: {} });
    agentcore.on(StopRuntimeSessionCommand).resolves({ statusCode: 200, $metadata: {} });
    const chat = client().session(RUNTIME_ARN, { qualifier: 'DEFAULT', userId: 'user-1' });
    await (await chat.invoke({ turn: 1 })).text();
    await (
      await chat.invoke(
        { turn: 2 },
        { traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      )
    ).text();
    await chat.getAgentCard();
    expect(await chat.stopSession()).toEqual({ sessionId: chat.sessionId, statusCode: 200 });
    const ids = [
      ...agentcore.commandCalls(InvokeAgentRuntimeCommand).map((c) => c.args[0].input.runtimeSessionId),
      agentcore.commandCalls(GetAgentCardCommand)[0]?.args[0].input.runtimeSessionId,
      agentcore.commandCalls(StopRuntimeSessionCommand)[0]?.args[0].input.runtimeSessionId,
    ];
    expect(new Set(ids)).toEqual(new Set([chat.sessionId]));
    expect(chat.sessionId.length).toBeGreaterThanOrEqual(33);
    const turn2 = agentcore.commandCalls(InvokeAgentRuntimeCommand)[1]?.args[0].input;
    expect(turn2).toMatchObject({
      qualifier: 'DEFAULT',
      runtimeUserId: 'user-1',
      traceParent: expect.any(String),
    });
  });

  it('session() validates a given session id and continues it', () => {
    expect(() => client().session(RUNTIME_ARN, { sessionId: 'short' })).toThrowError(
      expect.objectContaining({ field: 'sessionId' }),
    );
    expect(client().session(RUNTIME_ARN, { sessionId: 'c'.repeat(40) }).sessionId).toBe('c'.repeat(40));
  });
});

describe('constructor validation', () => {
  it.each<[string, CrossAccountAgentClientOptions, string]>([
    ['an unknown mode', { access: { mode: 'magic' } as never }, 'access.mode'],
    [
      'a role ARN that is not a role',
      { access: { mode: 'assume-role', roleArn: 'arn:aws:iam::111111111111:user/bob' } },
      'access.roleArn',
    ],
    [
      'a session ARN as role',
      { access: { mode: 'assume-role', roleArn: 'arn:aws:sts::111111111111:assumed-role/r/s' } },
      'access.roleArn',
    ],
    ['garbage as role', { access: { mode: 'assume-role', roleArn: 'role/x' } }, 'access.roleArn'],
    [
      'a bad session name',
      { access: { mode: 'assume-role', roleArn: CALLER_ROLE_ARN, sessionName: 'has space' } },
      'access.sessionName',
    ],
    [
      'a bad ExternalId',
      { access: { mode: 'assume-role', roleArn: CALLER_ROLE_ARN, externalId: 'x' } },
      'access.externalId',
    ],
    [
      'a duration under 900 s',
      { access: { mode: 'assume-role', roleArn: CALLER_ROLE_ARN, durationSeconds: 60 } },
      'access.durationSeconds',
    ],
    [
      '51 session tags',
      {
        access: {
          mode: 'assume-role',
          roleArn: CALLER_ROLE_ARN,
          tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])),
        },
      },
      'access.tags',
    ],
    ['an empty profile name', { access: { mode: 'profile', profile: '' } }, 'access.profile'],
    ['a bad region', { region: 'Europe' }, 'region'],
    [
      'credentials in clientConfig with assume-role',
      {
        access: { mode: 'assume-role', roleArn: CALLER_ROLE_ARN },
        clientConfig: { credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
      },
      'clientConfig.credentials',
    ],
    [
      'policies to prove causes with, but no evaluator',
      { diagnose: { policies: { identity: [], resource: {} } } },
      'diagnose.engine',
    ],
    ['negative attempts', { retry: { attempts: 0 } }, 'retry.attempts'],
    ['an unknown invoke retry policy', { retry: { invoke: 'sometimes' as never } }, 'retry.invoke'],
  ])('refuses %s', (_name, options, field) => {
    expect(() => new CrossAccountAgentClient(options)).toThrowError(expect.objectContaining({ field }));
  });
});
