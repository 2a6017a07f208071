/**
 * The batch helper's failure paths on the emulator, for real: single items failed by the
 * emulator's item faults, whole requests throttled and answers lost on every attempt, and the
 * re-submission of what still failed, under the token each failure carries: stored once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MEMORY_ARN } from '../../fixtures/arns.js';
import { memoryWorld } from './setup.js';

const world = memoryWorld();
beforeEach(() => {
  world.emulator.setFaults([]);
  world.emulator.memory.setItemFaults([]);
});

const memory = () => world.client.memory(MEMORY_ARN, { batch: { itemRetryDelayMs: 1 } });
const drafts = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ content: { text: `${tag} ${i}` }, namespaces: [`batch/${tag}`] }));
const stored = () => world.emulator.memory.counts(MEMORY_ARN).records;
const batchRequests = () => world.emulator.requests.filter((r) => r.operation === 'BatchCreateMemoryRecords');

describe('per-item failures from the emulator', () => {
  it('retries only the failed items, in a new request, and stores every record once', async () => {
    world.emulator.memory.setItemFaults([
      { operation: 'BatchCreateMemoryRecords', script: ['ok', 'fail', 'ok', 'fail'] },
    ]);
    const before = stored();
    const seen = batchRequests().length;
    const result = await memory().batchCreateMemoryRecords({ records: drafts('items', 4) });
    expect(result.failed).toEqual([]);
    expect(result.succeeded).toHaveLength(4);
    expect(batchRequests().length - seen).toBe(2);
    expect(stored() - before).toBe(4);
  });

  it('an item failing for good is reported with its identifier and a token; re-submitted twice, stored once', async () => {
    world.emulator.memory.setItemFaults([
      { operation: 'BatchCreateMemoryRecords', script: ['ok', 'fail'], errorCode: 400 },
    ]);
    const before = stored();
    const first = await memory().batchCreateMemoryRecords({ records: drafts('bad', 3) });
    expect(first.failed).toMatchObject([
      { index: 1, requestIdentifier: 'r1', maybeWritten: false, error: { code: '400', retryable: false } },
    ]);
    expect(first.failed[0]?.clientToken).toEqual(expect.any(String));
    expect(stored() - before).toBe(2);
    const again = await memory().resubmitFailedRecords({ failed: first.failed });
    const twice = await memory().resubmitFailedRecords({ failed: first.failed });
    expect(again.succeeded).toMatchObject([{ index: 0, requestIdentifier: 'r1' }]);
    // The second re-submission is answered from the idempotency record: the same record.
    expect(twice.succeeded[0]?.memoryRecordId).toBe(again.succeeded[0]?.memoryRecordId);
    expect(stored() - before).toBe(3);
  });
});

describe('whole-request failures take the item path', () => {
  it('three throttles (all of the client retry layer): the next round sends the same request and it is stored', async () => {
    world.emulator.setFaults([
      { operation: 'BatchCreateMemoryRecords', script: ['throttle', 'throttle', 'throttle'] },
    ]);
    const before = stored();
    const seen = batchRequests().length;
    const result = await memory().batchCreateMemoryRecords({ records: drafts('throttled', 100) });
    expect(result.failed).toEqual([]);
    expect(result.succeeded).toHaveLength(100);
    expect(
      batchRequests()
        .slice(seen)
        .map((r) => r.fault ?? r.status),
    ).toEqual(['throttle', 'throttle', 'throttle', 201]);
    expect(stored() - before).toBe(100);
  });

  it('an answer lost on the last attempt: reported as maybe written; re-submitted under its token, stored once', async () => {
    // Every attempt runs the write and loses the answer: 3 attempts × 2 rounds.
    world.emulator.setFaults([{ operation: 'BatchCreateMemoryRecords', kind: 'drop-after' }]);
    const before = stored();
    const first = await memory().batchCreateMemoryRecords({ records: drafts('lost', 20), itemRetries: 1 });
    expect(first.succeeded).toEqual([]);
    expect(first.failed).toHaveLength(20);
    expect(new Set(first.failed.map((f) => f.clientToken)).size).toBe(1);
    expect(first.failed.every((f) => f.maybeWritten && f.requestIdentifier === `r${f.index}`)).toBe(true);
    // The service did write them, once, however many times the answer was lost.
    expect(stored() - before).toBe(20);

    world.emulator.setFaults([]);
    const again = await memory().resubmitFailedRecords({ failed: first.failed });
    expect(again.failed).toEqual([]);
    expect(again.succeeded).toHaveLength(20);
    expect(stored() - before).toBe(20);
  });
});
