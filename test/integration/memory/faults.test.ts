/**
 * Exactly once under faults: 10% throttling, 2% 5xx and 1% dropped connections (half before the
 * operation ran, half after it ran with the answer lost) on every memory request. 2,000
 * CreateEvent calls and 10,000 batch-created records must end with exactly 2,000 events and
 * 10,000 records stored, every call resolved.
 *
 * Pacing: the emulator enforces the quotas page's 5 requests/s per actor and session for
 * conversational events strictly (burst 1); the client paces itself a little under it, at 4/s,
 * over 200 actor/session pairs of 10 events each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrossAccountAgentClient } from '../../../src/client.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { CALLER_ROLE_ARN, MEMORY_ARN } from '../../fixtures/arns.js';
import { clientFor, grantMemory } from './setup.js';

const EVENTS = 2_000;
const PAIRS = 200;
const RECORDS = 10_000;

let emulator: LocalAgentCore;
let client: CrossAccountAgentClient;

beforeAll(async () => {
  emulator = await startLocalAgentCore({
    seed: 20_261_122,
    memory: { createEventRate: { perSecond: 5, burst: 1 } },
    maxRecordedRequests: 50_000,
  });
  await grantMemory(emulator, CALLER_ROLE_ARN, MEMORY_ARN);
  // 13% of attempts fail: ten attempts leave a call failing with probability 0.13^10.
  client = clientFor(emulator, CALLER_ROLE_ARN, {
    retry: { attempts: 10, baseDelayMs: 5, maxDelayMs: 250, maxElapsedMs: 30_000 },
  });
  emulator.setFaults([
    // The rates decide most faults; these scripts make sure each operation meets a 5xx at least
    // once (BatchCreate sends only about 100 requests: at 2% it meets none 13% of the time).
    { operation: 'CreateEvent', script: ['5xx'] },
    { operation: 'BatchCreateMemoryRecords', script: ['5xx'] },
    { kind: 'throttle', rate: 0.1 },
    { kind: '5xx', rate: 0.02, status: 503 },
    { kind: 'drop-before', rate: 0.005 },
    { kind: 'drop-after', rate: 0.005 },
  ]);
});
afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
});

describe('memory writes under 10% throttling, 2% 5xx, 1% dropped connections', () => {
  it('stores exactly 2,000 events and 10,000 records, every call resolved', async () => {
    const memory = client.memory(MEMORY_ARN, {
      createEventRate: { perSecond: 4, burst: 1 },
      batch: { concurrency: 8 },
    });
    const events = Array.from({ length: EVENTS }, (_, i) =>
      memory.recordTurns({
        actorId: `actor-${i % PAIRS}`,
        sessionId: `session-${i % PAIRS}`,
        turns: [{ role: 'USER', text: `event ${i}` }],
      }),
    );
    const records = memory.batchCreateMemoryRecords({
      records: Array.from({ length: RECORDS }, (_, i) => ({
        requestIdentifier: `rec-${i}`,
        content: { text: `record ${i}` },
        namespaces: [`load/${i % 10}`],
      })),
    });
    const settled = await Promise.allSettled([...events, records]);
    const rejected = settled.filter((s) => s.status === 'rejected');
    expect(rejected).toEqual([]);
    const batch = await records;
    expect(batch.failed).toEqual([]);
    expect(batch.succeeded).toHaveLength(RECORDS);
    expect(new Set(batch.succeeded.map((s) => s.memoryRecordId)).size).toBe(RECORDS);

    // Pacing queued the burst: without it, 9 of each pair's 10 events would first meet the
    // emulator's own quota (a 429 no fault rule injected).
    const createEvents = emulator.requests.filter((r) => r.operation === 'CreateEvent');
    const quotaThrottles = createEvents.filter((r) => r.status === 429 && r.fault === undefined);
    expect(quotaThrottles.length).toBeLessThan(createEvents.length * 0.05);
    expect(emulator.memory.counts(MEMORY_ARN)).toEqual({ events: EVENTS, records: RECORDS });

    // The faults did happen, lost answers included: what was written once was re-sent and replayed.
    for (const operation of ['CreateEvent', 'BatchCreateMemoryRecords']) {
      const faults = emulator.requests.filter((r) => r.operation === operation && r.fault !== undefined);
      expect(faults.some((r) => r.fault === 'throttle')).toBe(true);
      expect(faults.some((r) => r.fault === '5xx')).toBe(true);
    }
    expect(emulator.requests.some((r) => r.operation === 'CreateEvent' && r.fault === 'drop-after')).toBe(
      true,
    );
  }, 60_000);

  it('no event is stored twice: every text appears once across the 200 sessions', async () => {
    const memory = client.memory(MEMORY_ARN);
    const texts: string[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      for await (const event of memory.listEvents({
        actorId: `actor-${pair}`,
        sessionId: `session-${pair}`,
        includePayloads: true,
        maxResults: 100,
      })) {
        texts.push(event.payload?.[0]?.conversational?.content?.text ?? '');
      }
    }
    expect(texts).toHaveLength(EVENTS);
    expect(new Set(texts).size).toBe(EVENTS);
  }, 30_000);
});
