/**
 * CreateEvent pacing at AgentCore's quotas, client and emulator both at their defaults (5/s per
 * actor and session with conversational payloads, 10/s without, 200/s per account): a chat
 * service's next turn goes out within a fifth of a second (it waited 4 s at the old 0.25/s), a
 * burst queues instead of meeting the quota, and the emulator enforces the same quotas.
 */
import { CreateEventCommand, ThrottledException } from '@aws-sdk/client-bedrock-agentcore';
import { describe, expect, it } from 'vitest';
import { memoryService } from '../../../examples/memory-service.js';
import { MEMORY_ARN } from '../../fixtures/arns.js';
import { memoryWorld } from './setup.js';

const world = memoryWorld();

describe('CreateEvent pacing at the quotas, by default on both sides', () => {
  it("a chat service's second turn does not wait for a 4 s quota", async () => {
    const service = memoryService(world.client.memory(MEMORY_ARN));
    await service.recordConversation('user-1', 'chat-1', [{ role: 'USER', text: 'Hello' }]);
    const started = performance.now();
    await service.recordConversation('user-1', 'chat-1', [
      { role: 'ASSISTANT', text: 'Hi, how can I help?' },
    ]);
    // 200 ms of pacing plus a round trip; a generous bound (the old default waited 4,000 ms).
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('a burst of 12 turns in one session queues and is never throttled by the emulator', async () => {
    const memory = world.client.memory(MEMORY_ARN);
    const before = world.emulator.requests.length;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        memory.recordTurns({
          actorId: 'user-2',
          sessionId: 'burst-1',
          turns: [{ role: 'USER', text: `turn ${i}` }],
        }),
      ),
    );
    const sent = world.emulator.requests.slice(before).filter((r) => r.operation === 'CreateEvent');
    expect(sent.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 201));
    // One at a time, at least 200 ms apart: 11 intervals.
    expect(performance.now() - started).toBeGreaterThanOrEqual(11 * 200);
  });

  it('events without a conversational item have their own lane, at 10/s', async () => {
    const memory = world.client.memory(MEMORY_ARN);
    const started = performance.now();
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) =>
        memory.recordBlob({ actorId: 'user-3', sessionId: 'mixed-1', blob: { tool: 'search', i } }),
      ),
      memory.recordTurns({ actorId: 'user-3', sessionId: 'mixed-1', turns: [{ role: 'USER', text: 'hi' }] }),
    ]);
    const elapsed = performance.now() - started;
    // Four 100 ms intervals for the blobs; the conversational turn did not queue behind them.
    expect(elapsed).toBeGreaterThanOrEqual(4 * 100);
    expect(elapsed).toBeLessThan(5 * 200);
  });

  it('the emulator throttles a client that does not pace (the plain SDK) at the same quota', async () => {
    const sdk = world.client.clientFor('eu-west-1');
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        sdk.send(
          new CreateEventCommand({
            memoryId: MEMORY_ARN,
            actorId: 'user-4',
            sessionId: 'unpaced-1',
            eventTimestamp: new Date(),
            payload: [{ conversational: { role: 'USER', content: { text: `unpaced ${i}` } } }],
          }),
        ),
      ),
    );
    const throttled = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof ThrottledException,
    );
    // Five in the first instant (a second's worth), the rest over the quota.
    expect(results.length - throttled.length).toBe(5);
    expect(throttled).toHaveLength(3);
  });
});
