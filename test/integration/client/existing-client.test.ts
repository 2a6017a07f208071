/**
 * `new CrossAccountAgentClient({ client })`: every call goes through the caller's own
 * BedrockAgentCoreClient, so whatever instruments that client sees the calls. Powertools Tracer's
 * `captureAWSv3Client` instruments by adding a middleware to the client's stack: the test adds one
 * the same way and counts what passes through it. Against the emulator over real HTTP.
 */
import { AccessDeniedException, BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { accessDeniedDiagnosis } from '../../../src/diagnose/plugin.js';
import { isAgentCoreAccessDeniedError, isValidationError } from '../../../src/errors.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { CALLER_ROLE_ARN, MEMORY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { grantResourcePolicies } from './setup.js';

let emulator: LocalAgentCore;
let sdk: BedrockAgentCoreClient;
const seen: string[] = [];

beforeAll(async () => {
  emulator = await startLocalAgentCore();
  sdk = new BedrockAgentCoreClient({ ...emulator.clientConfig(CALLER_ROLE_ARN), maxAttempts: 1 });
  sdk.middlewareStack.add(
    (next, context) => async (args) => {
      seen.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'tracerLikeSegment' },
  );
});
afterAll(async () => {
  sdk.destroy();
  await emulator.stop();
});

async function failure(call: () => Promise<unknown>): Promise<unknown> {
  return call().then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('an existing BedrockAgentCoreClient', () => {
  it('carries every call, so its instrumentation sees them; destroy() leaves it open', async () => {
    await grantResourcePolicies(emulator, CALLER_ROLE_ARN, [RUNTIME_ARN]);
    seen.length = 0;
    const client = new CrossAccountAgentClient({ client: sdk });
    const answer = await (
      await client.invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'traced' } })
    ).json();
    expect(answer).toMatchObject({ echo: { prompt: 'traced' } });
    client.destroy();
    // Still usable: the owner closes it.
    await (await client.invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'again' } })).json();
    expect(seen).toEqual(['InvokeAgentRuntimeCommand', 'InvokeAgentRuntimeCommand']);
  });

  it('AccessDenied through it is still diagnosed', async () => {
    const client = new CrossAccountAgentClient({ client: sdk });
    const error = await failure(() =>
      client.memory(MEMORY_ARN).createEvent({
        actorId: 'a',
        sessionId: 's',
        eventTimestamp: new Date(),
        payload: [{ conversational: { role: 'USER', content: { text: 'hi' } } }],
      }),
    );
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
  });

  it('a client that already has the diagnosis plugin: one diagnosis, the SDK error as cause', async () => {
    const plugged = new BedrockAgentCoreClient({ ...emulator.clientConfig(CALLER_ROLE_ARN), maxAttempts: 1 });
    plugged.middlewareStack.use(accessDeniedDiagnosis());
    try {
      const error = await failure(() =>
        new CrossAccountAgentClient({ client: plugged }).memory(MEMORY_ARN).createEvent({
          actorId: 'a',
          sessionId: 's',
          eventTimestamp: new Date(),
          payload: [{ conversational: { role: 'USER', content: { text: 'hi' } } }],
        }),
      );
      expect(isAgentCoreAccessDeniedError(error) && error.name).toBe('AgentCoreAccessDeniedError');
      const cause = (error as Error).cause;
      expect(cause).toBeInstanceOf(AccessDeniedException);
      expect((error as Error).message).toBe((cause as Error).message);
      expect((error as Error).message.match(/AWS said:/g)).toHaveLength(1);
    } finally {
      plugged.destroy();
    }
  });

  it('a target in another region is refused before anything is sent', async () => {
    const client = new CrossAccountAgentClient({ client: sdk });
    const before = emulator.requests.length;
    const error = await failure(() =>
      client.invoke({ runtimeArn: RUNTIME_ARN.replace('eu-west-1', 'us-east-1'), payload: {} }),
    );
    expect(isValidationError(error) && error.field).toBe('client');
    expect((error as Error).message).toContain(
      'the client sends to eu-west-1, and the target is in us-east-1',
    );
    expect(emulator.requests.length).toBe(before);
  });

  it('a client with retries of its own is refused while retry is on, accepted with retry: false', async () => {
    const retrying = new BedrockAgentCoreClient(emulator.clientConfig(CALLER_ROLE_ARN));
    try {
      const before = emulator.requests.length;
      const error = await failure(() =>
        new CrossAccountAgentClient({ client: retrying }).invoke({ runtimeArn: RUNTIME_ARN, payload: {} }),
      );
      expect(isValidationError(error) && error.message).toContain('makes up to 3 attempts of its own');
      expect(emulator.requests.length).toBe(before);
      const answer = await new CrossAccountAgentClient({ client: retrying, retry: false }).invoke({
        runtimeArn: RUNTIME_ARN,
        payload: { prompt: 'sdk retries' },
      });
      expect(await answer.json()).toMatchObject({ echo: { prompt: 'sdk retries' } });
    } finally {
      retrying.destroy();
    }
  });

  it.each([
    ['not a client', () => ({ client: { send: 1 } }), 'client'],
    ['null as client', () => ({ client: null }), 'client'],
    ['client with clientConfig', () => ({ client: sdk, clientConfig: { endpoint: 'x' } }), 'clientConfig'],
    [
      'client with assume-role access',
      () => ({ client: sdk, access: { mode: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/r' } }),
      'access',
    ],
    [
      'client with resource-policy credentials',
      () => ({
        client: sdk,
        access: { mode: 'resource-policy', credentials: emulator.credentialsFor(CALLER_ROLE_ARN) },
      }),
      'access',
    ],
  ])('%s is a ValidationError naming %s', (_name, options, field) => {
    expect(() => new CrossAccountAgentClient(options() as never)).toThrowError(
      expect.objectContaining({ name: 'ValidationError', field }),
    );
  });
  it('a client of another AWS service (the control plane) is refused, naming the service', async () => {
    const { BedrockAgentCoreControlClient } = await import('@aws-sdk/client-bedrock-agentcore-control');
    const control = new BedrockAgentCoreControlClient({ region: 'eu-west-1', maxAttempts: 1 });
    try {
      expect(() => new CrossAccountAgentClient({ client: control as never, retry: false })).toThrowError(
        expect.objectContaining({
          name: 'ValidationError',
          field: 'client',
          message: expect.stringMatching(
            /^client is a client of Bedrock AgentCore Control, not a BedrockAgentCoreClient/,
          ),
        }),
      );
    } finally {
      control.destroy();
    }
  });
});
