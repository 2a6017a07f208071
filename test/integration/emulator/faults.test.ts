/**
 * Injected faults as the plain SDK client meets them: throttling and 5xx (which the SDK retries),
 * latency, connections dropped before or after the operation ran, by script or by seeded rate.
 */
import { CreateEventCommand, ListEventsCommand } from '@aws-sdk/client-bedrock-agentcore';
import {
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { type FaultRule, type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, MEMORY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { agentCore, control, failure, invokeText, seedPolicyFor, sts } from './helpers.js';

const started: LocalAgentCore[] = [];
async function start(faults: FaultRule[], seed?: number): Promise<LocalAgentCore> {
  const emulator = await startLocalAgentCore({ faults, ...(seed === undefined ? {} : { seed }) });
  started.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.stop()));
});

const statuses = (emulator: LocalAgentCore) =>
  emulator.requests.map((r) => [r.status, r.errorType ?? r.fault ?? '']);

describe('faults', () => {
  it('throttles by script; the SDK retries through it', async () => {
    const emulator = await start([
      { operation: 'InvokeAgentRuntime', script: ['throttle', 'ok', 'throttle'] },
    ]);
    const client = agentCore(emulator, ADMIN_ROLE_ARN, 2);
    const first = await invokeText(client, { agentRuntimeArn: RUNTIME_ARN });
    client.destroy();
    expect(first.statusCode).toBe(200);
    expect(statuses(emulator)).toEqual([
      [429, 'ThrottlingException'],
      [200, ''],
    ]);
    const once = agentCore(emulator, ADMIN_ROLE_ARN);
    expect(await failure(invokeText(once, { agentRuntimeArn: RUNTIME_ARN }))).toMatchObject({
      name: 'ThrottlingException',
      status: 429,
    });
    once.destroy();
  });

  it('answers ThrottledException for memory CreateEvent and Throttling (400) for STS', async () => {
    const emulator = await start([{ operation: /^(CreateEvent|GetCallerIdentity)$/, kind: 'throttle' }]);
    const client = agentCore(emulator, ADMIN_ROLE_ARN);
    const throttled = await failure(
      client.send(
        new CreateEventCommand({
          memoryId: MEMORY_ARN,
          actorId: 'actor-1',
          sessionId: 'session-1',
          eventTimestamp: new Date(),
          payload: [{ conversational: { role: 'USER', content: { text: 'hi' } } }],
        }),
      ),
    );
    client.destroy();
    const stsClient = sts(emulator, ADMIN_ROLE_ARN);
    const stsThrottled = await failure(stsClient.send(new GetCallerIdentityCommand({})));
    stsClient.destroy();
    expect(throttled).toMatchObject({ name: 'ThrottledException', status: 429 });
    expect(stsThrottled).toMatchObject({ name: 'Throttling', status: 400 });
  });

  it('answers ThrottledException for every memory operation, as the SDK models say (ListEvents here)', async () => {
    const emulator = await start([{ operation: 'ListEvents', kind: 'throttle' }]);
    const client = agentCore(emulator, ADMIN_ROLE_ARN);
    const throttled = await failure(
      client.send(
        new ListEventsCommand({ memoryId: MEMORY_ARN, actorId: 'actor-1', sessionId: 'session-1' }),
      ),
    );
    client.destroy();
    expect(throttled).toMatchObject({ name: 'ThrottledException', status: 429 });
  });

  it('answers the configured 5xx, which the SDK retries', async () => {
    const emulator = await start([{ operation: 'InvokeAgentRuntime', script: ['5xx'], status: 503 }]);
    const client = agentCore(emulator, ADMIN_ROLE_ARN, 2);
    expect((await invokeText(client, { agentRuntimeArn: RUNTIME_ARN })).statusCode).toBe(200);
    client.destroy();
    expect(statuses(emulator)).toEqual([
      [503, 'ServiceUnavailableException'],
      [200, ''],
    ]);
  });

  it('adds latency', async () => {
    const emulator = await start([{ kind: 'latency', latencyMs: 150 }]);
    const client = agentCore(emulator, ADMIN_ROLE_ARN);
    const t0 = performance.now();
    await invokeText(client, { agentRuntimeArn: RUNTIME_ARN });
    client.destroy();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(emulator.requests[0]).toMatchObject({ fault: 'latency', status: 200 });
  });

  it('drop-before loses the request: the operation never ran', async () => {
    const emulator = await start([{ operation: 'PutResourcePolicy', script: ['drop-before'] }]);
    const admin = control(emulator);
    const dropped = await failure(
      admin.send(
        new PutResourcePolicyCommand({
          resourceArn: RUNTIME_ARN,
          policy: JSON.stringify(seedPolicyFor(RUNTIME_ARN)),
        }),
      ),
    );
    expect(dropped.status).toBeUndefined();
    expect(
      await failure(admin.send(new GetResourcePolicyCommand({ resourceArn: RUNTIME_ARN }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    admin.destroy();
    expect(emulator.requests[0]).toMatchObject({
      operation: 'PutResourcePolicy',
      status: 0,
      fault: 'drop-before',
    });
  });

  it('drop-after loses only the answer: the write happened', async () => {
    const emulator = await start([{ operation: 'PutResourcePolicy', script: ['drop-after'] }]);
    const admin = control(emulator);
    const dropped = await failure(
      admin.send(
        new PutResourcePolicyCommand({
          resourceArn: RUNTIME_ARN,
          policy: JSON.stringify(seedPolicyFor(RUNTIME_ARN)),
        }),
      ),
    );
    expect(dropped.status).toBeUndefined();
    const stored = await admin.send(new GetResourcePolicyCommand({ resourceArn: RUNTIME_ARN }));
    admin.destroy();
    expect(stored.policy).toContain('AllowCallerRole');
    expect(emulator.requests[0]).toMatchObject({ status: 0, fault: 'drop-after', decision: 'allow' });
  });

  it('fires by rate reproducibly for a given seed', async () => {
    const run = async (seed: number): Promise<string[]> => {
      const emulator = await start([{ operation: 'GetCallerIdentity', kind: 'throttle', rate: 0.5 }], seed);
      const client = sts(emulator, ADMIN_ROLE_ARN);
      for (let i = 0; i < 16; i++) await client.send(new GetCallerIdentityCommand({})).catch(() => undefined);
      client.destroy();
      return emulator.requests.map((r) => r.fault ?? 'ok');
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a).toEqual(b);
    expect(a).toContain('throttle');
    expect(a).toContain('ok');
    expect(c).not.toEqual(a);
  });

  it('refuses a rule it cannot apply', async () => {
    await expect(
      startLocalAgentCore({ faults: [{ operation: 'X', rate: 2, kind: 'throttle' }] }),
    ).rejects.toThrow(/rate/);
    await expect(startLocalAgentCore({ faults: [{ operation: 'X' }] })).rejects.toThrow(/kind or a script/);
  });
});
