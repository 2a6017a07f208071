/**
 * A write whose answer was lost (the emulator's 'drop-after': the operation ran, then the
 * connection was destroyed) is re-sent with the same client token and the same body, and the
 * service answers from its idempotency record: stored once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CrossAccountAgentClient } from '../../../src/client.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { CALLER_ROLE_ARN, MEMORY_ARN } from '../../fixtures/arns.js';
import { clientFor, grantMemory } from './setup.js';

let emulator: LocalAgentCore;
let client: CrossAccountAgentClient;

beforeAll(async () => {
  emulator = await startLocalAgentCore({ memory: { createEventRate: false } });
  await grantMemory(emulator, CALLER_ROLE_ARN, MEMORY_ARN);
  client = clientFor(emulator, CALLER_ROLE_ARN);
});
afterAll(async () => {
  client.destroy();
  await emulator.stop();
});
beforeEach(() => emulator.setFaults([]));

const attempts = (operation: string) => emulator.requests.filter((r) => r.operation === operation);

describe('lost answers', () => {
  it('CreateEvent: written once although sent twice', async () => {
    const memory = client.memory(MEMORY_ARN, { createEventRate: false });
    const before = emulator.memory.counts(MEMORY_ARN).events;
    emulator.setFaults([{ operation: 'CreateEvent', script: ['drop-after'] }]);
    await memory.recordTurns({ actorId: 'u1', sessionId: 's1', turns: [{ role: 'USER', text: 'once' }] });
    expect(attempts('CreateEvent').map((r) => r.fault ?? r.status)).toEqual(['drop-after', 201]);
    expect(emulator.memory.counts(MEMORY_ARN).events).toBe(before + 1);
  });

  it('BatchCreateMemoryRecords: 150 records, the first request answered into the void, 150 stored', async () => {
    const memory = client.memory(MEMORY_ARN);
    const before = emulator.memory.counts(MEMORY_ARN).records;
    emulator.setFaults([{ operation: 'BatchCreateMemoryRecords', script: ['drop-after'] }]);
    const result = await memory.batchCreateMemoryRecords({
      concurrency: 1,
      records: Array.from({ length: 150 }, (_, i) => ({
        content: { text: `r ${i}` },
        namespaces: ['lost/answer'],
      })),
    });
    expect(result.failed).toEqual([]);
    expect(result.succeeded).toHaveLength(150);
    expect(attempts('BatchCreateMemoryRecords').map((r) => r.fault ?? r.status)).toEqual([
      'drop-after',
      201,
      201,
    ]);
    expect(emulator.memory.counts(MEMORY_ARN).records).toBe(before + 150);
  });
});
