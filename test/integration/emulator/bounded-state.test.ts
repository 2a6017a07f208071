/**
 * A long run holds flat memory: idempotency replays are forgotten after the idempotency window,
 * runtime sessions after their idle timeout or lifetime. Driven by the plain SDK over HTTP with
 * the emulator on a fake clock.
 */
import {
  CreateEventCommand,
  InvokeAgentRuntimeCommand,
  StopRuntimeSessionCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type LocalAgentCore,
  type LocalAgentCoreOptions,
  startLocalAgentCore,
} from '../../../src/testing/index.js';
import { ACCOUNT_A, ADMIN_ROLE_ARN, MEMORY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { agentCore, failure } from './helpers.js';

let clock = Date.parse('2026-01-01T00:00:00Z');
let emulator: LocalAgentCore | undefined;
async function start(options: LocalAgentCoreOptions = {}): Promise<LocalAgentCore> {
  clock = Date.parse('2026-01-01T00:00:00Z');
  emulator = await startLocalAgentCore({ now: () => clock, ...options });
  return emulator;
}
afterEach(async () => {
  await emulator?.stop();
});

const MINUTE = 60_000;
const session = (n: number) => `session-${String(n).padStart(40, '0')}`;

describe('runtime sessions', () => {
  it('stay bounded by the idle timeout (15 minutes by default) over 400 invokes, one new session each', async () => {
    const e = await start();
    const admin = agentCore(e, ADMIN_ROLE_ARN);
    let most = 0;
    for (let i = 0; i < 400; i++) {
      clock += 10_000;
      const out = await admin.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: RUNTIME_ARN,
          runtimeSessionId: session(i),
          payload: '{}',
        }),
      );
      await out.response?.transformToString();
      most = Math.max(most, e.runtimeSessions(RUNTIME_ARN).length);
    }
    admin.destroy();
    // 15 minutes of invokes 10 s apart, whatever the length of the run.
    expect(most).toBe(90);
    expect(e.runtimeSessions(RUNTIME_ARN)[0]).toBe(session(310));
  });

  it('end after the idle timeout or the lifetime: StopRuntimeSession then finds none', async () => {
    const runtimeId = 'agent_short-abcdefghij';
    const arn = RUNTIME_ARN.replace('agent-abcdefghij', runtimeId);
    const e = await start({
      runtimes: [
        { runtimeId, accountId: ACCOUNT_A, lifecycle: { idleRuntimeSessionTimeout: 60, maxLifetime: 150 } },
      ],
    });
    const admin = agentCore(e, ADMIN_ROLE_ARN);
    const invoke = async (id: string) => {
      const out = await admin.send(
        new InvokeAgentRuntimeCommand({ agentRuntimeArn: arn, runtimeSessionId: id, payload: '{}' }),
      );
      await out.response?.transformToString();
    };
    const stop = (id: string) =>
      admin.send(new StopRuntimeSessionCommand({ agentRuntimeArn: arn, runtimeSessionId: id }));

    await invoke(session(1));
    clock += 61_000;
    expect((await failure(stop(session(1)))).name).toBe('ResourceNotFoundException');

    // Invoked every 50 s it outlives the 60 s idle timeout, but not its 150 s lifetime.
    await invoke(session(2));
    for (let t = 0; t < 2; t++) {
      clock += 50_000;
      expect(e.runtimeSessions(arn)).toEqual([session(2)]);
      await invoke(session(2));
    }
    clock += 50_000;
    expect(e.runtimeSessions(arn)).toEqual([]);
    // The same id starts a new session.
    await invoke(session(2));
    expect(e.runtimeSessions(arn)).toEqual([session(2)]);
    expect((await stop(session(2))).$metadata.httpStatusCode).toBe(200);
    expect(e.runtimeSessions(arn)).toEqual([]);
    admin.destroy();
  });

  it('refuses a lifecycle AgentCore would refuse', async () => {
    await expect(
      startLocalAgentCore({
        runtimes: [
          {
            runtimeId: 'agent-abcdefghij',
            accountId: ACCOUNT_A,
            lifecycle: { idleRuntimeSessionTimeout: 30 },
          },
        ],
      }),
    ).rejects.toThrow(/idleRuntimeSessionTimeout/);
    await expect(
      startLocalAgentCore({
        runtimes: [
          {
            runtimeId: 'agent-abcdefghij',
            accountId: ACCOUNT_A,
            lifecycle: { idleRuntimeSessionTimeout: 900, maxLifetime: 600 },
          },
        ],
      }),
    ).rejects.toThrow(/longer than maxLifetime/);
  });
});

describe('idempotency replays', () => {
  const event = (token: string, n: number) =>
    new CreateEventCommand({
      memoryId: MEMORY_ARN,
      actorId: 'actor-1',
      sessionId: `s-${n}`,
      eventTimestamp: new Date(Date.parse('2026-01-01T00:00:00Z') + n * 1000),
      payload: [{ conversational: { role: 'USER', content: { text: `turn ${n}` } } }],
      clientToken: token,
    });

  it('stay bounded by the idempotency window (8 hours by default) over 400 writes, one token each', async () => {
    const e = await start();
    const admin = agentCore(e, ADMIN_ROLE_ARN);
    const replays = () => e.memory.memory(MEMORY_ARN)?.replays.size ?? -1;
    let most = 0;
    for (let i = 0; i < 400; i++) {
      clock += 2 * MINUTE;
      await admin.send(event(`token-${i}`, i));
      most = Math.max(most, replays());
    }
    admin.destroy();
    expect(e.memory.counts(MEMORY_ARN).events).toBe(400);
    // 8 hours of writes 2 minutes apart.
    expect(most).toBe(240);
  });

  it('a token repeated within the window replays, after it is a new request', async () => {
    const e = await start({ memory: { idempotencyWindowMs: 10 * MINUTE } });
    const admin = agentCore(e, ADMIN_ROLE_ARN);
    const first = await admin.send(event('same-token', 1));
    clock += 9 * MINUTE;
    const replayed = await admin.send(event('same-token', 1));
    expect(replayed.event?.eventId).toBe(first.event?.eventId);
    expect(e.memory.counts(MEMORY_ARN).events).toBe(1);
    clock += 2 * MINUTE;
    const again = await admin.send(event('same-token', 2));
    expect(again.event?.eventId).not.toBe(first.event?.eventId);
    expect(e.memory.counts(MEMORY_ARN).events).toBe(2);
    admin.destroy();
  });
});
