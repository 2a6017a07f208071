/**
 * The batch helpers, mocked at send(): split at 100, bounded concurrency, only retryable failed
 * items re-sent (in a new request with a new token), a lost answer re-sent with the same token
 * and items, and every item reported.
 */
import {
  BatchCreateMemoryRecordsCommand,
  type BatchCreateMemoryRecordsInput,
  BatchDeleteMemoryRecordsCommand,
  BedrockAgentCoreClient,
} from '@aws-sdk/client-bedrock-agentcore';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { MEMORY_ARN } from '../../fixtures/arns.js';
import { mockedClient } from './setup.js';

const mock = mockClient(BedrockAgentCoreClient);
const client = mockedClient();
const memory = client.memory(MEMORY_ARN, { batch: { itemRetryDelayMs: 1 } });
afterAll(() => client.destroy());
beforeEach(() => mock.reset());

const drafts = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ content: { text: `note ${i}` }, namespaces: ['prefs/u1'] }));

/** Answers every item as written, except those `fail` picks (with its code). */
function answer(
  input: BatchCreateMemoryRecordsInput,
  fail: (id: string) => number | undefined = () => undefined,
) {
  const records = input.records ?? [];
  const ok = records.filter((r) => fail(r.requestIdentifier ?? '') === undefined);
  const bad = records.filter((r) => fail(r.requestIdentifier ?? '') !== undefined);
  return {
    successfulRecords: ok.map((r) => ({
      memoryRecordId: `mem-${r.requestIdentifier}`,
      requestIdentifier: r.requestIdentifier,
      status: 'SUCCEEDED' as const,
    })),
    failedRecords: bad.map((r) => ({
      memoryRecordId: undefined,
      requestIdentifier: r.requestIdentifier,
      status: 'FAILED' as const,
      errorCode: fail(r.requestIdentifier ?? ''),
      errorMessage: 'no',
    })),
  };
}

const inputs = () => mock.commandCalls(BatchCreateMemoryRecordsCommand).map((c) => c.args[0].input);

describe('batchCreateMemoryRecords', () => {
  it('splits 250 records into requests of 100, 100 and 50, each with its own token', async () => {
    mock.on(BatchCreateMemoryRecordsCommand).callsFake((input) => answer(input));
    const result = await memory.batchCreateMemoryRecords({ records: drafts(250) });
    expect(
      inputs()
        .map((i) => i.records?.length)
        .sort(),
    ).toEqual([100, 100, 50].sort());
    expect(new Set(inputs().map((i) => i.clientToken)).size).toBe(3);
    expect(result.failed).toEqual([]);
    expect(result.succeeded.map((s) => s.index)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(result.succeeded[7]).toEqual({ index: 7, memoryRecordId: 'mem-r7', requestIdentifier: 'r7' });
  });

  it('re-sends only the throttled items, in a new request with a new token; a written item never again', async () => {
    let round = 0;
    mock.on(BatchCreateMemoryRecordsCommand).callsFake((input: BatchCreateMemoryRecordsInput) => {
      round++;
      return answer(input, (id) => (round === 1 && (id === 'r1' || id === 'r3') ? 429 : undefined));
    });
    const result = await memory.batchCreateMemoryRecords({ records: drafts(5) });
    const [first, second] = inputs();
    expect(first?.records?.map((r) => r.requestIdentifier)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(second?.records?.map((r) => r.requestIdentifier)).toEqual(['r1', 'r3']);
    expect(second?.clientToken).not.toBe(first?.clientToken);
    expect(result.failed).toEqual([]);
    expect(result.succeeded).toHaveLength(5);
  });

  it('reports a non-retryable item failure with its error and does not retry it', async () => {
    mock
      .on(BatchCreateMemoryRecordsCommand)
      .callsFake((input: BatchCreateMemoryRecordsInput) =>
        answer(input, (id) => (id === 'r2' ? 400 : undefined)),
      );
    const records = drafts(4);
    const result = await memory.batchCreateMemoryRecords({ records });
    expect(inputs()).toHaveLength(1);
    expect(result.succeeded.map((s) => s.index)).toEqual([0, 1, 3]);
    expect(result.failed).toEqual([
      {
        index: 2,
        item: records[2],
        error: { code: '400', message: 'no', retryable: false },
        requestIdentifier: 'r2',
        // The service said it was not written: a token of its own to re-submit it with.
        clientToken: expect.any(String),
        maybeWritten: false,
        sentAs: { ...records[2], requestIdentifier: 'r2', timestamp: expect.any(Date) },
      },
    ]);
    expect(result.failed[0]?.clientToken).not.toBe(inputs()[0]?.clientToken);
  });

  it('gives up on a retryable item after itemRetries rounds and reports it', async () => {
    mock
      .on(BatchCreateMemoryRecordsCommand)
      .callsFake((input: BatchCreateMemoryRecordsInput) =>
        answer(input, (id) => (id === 'r0' ? 503 : undefined)),
      );
    const result = await memory.batchCreateMemoryRecords({ records: drafts(2), itemRetries: 2 });
    expect(inputs()).toHaveLength(3);
    expect(result.failed).toMatchObject([{ index: 0, error: { code: '503', retryable: true } }]);
  });

  it('re-sends a request whose answer was lost with the SAME token and the same items', async () => {
    mock
      .on(BatchCreateMemoryRecordsCommand)
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .callsFake((input: BatchCreateMemoryRecordsInput) => answer(input));
    const result = await memory.batchCreateMemoryRecords({ records: drafts(3) });
    const [first, second] = inputs();
    expect(second?.clientToken).toBe(first?.clientToken);
    expect(second?.records).toEqual(first?.records);
    expect(result.succeeded).toHaveLength(3);
  });

  it('a request that fails for good reports each of its items with the error, never drops them', async () => {
    const denied = Object.assign(new Error('User: x is not authorized'), {
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    mock.on(BatchCreateMemoryRecordsCommand).rejects(denied);
    const result = await memory.batchCreateMemoryRecords({ records: drafts(150) });
    expect(result.succeeded).toEqual([]);
    expect(result.failed).toHaveLength(150);
    expect(result.failed[149]).toMatchObject({
      index: 149,
      error: { code: 'ValidationException', retryable: false },
    });
    expect(inputs()).toHaveLength(2);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    mock.on(BatchCreateMemoryRecordsCommand).callsFake(async (input: BatchCreateMemoryRecordsInput) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return answer(input);
    });
    const result = await memory.batchCreateMemoryRecords({ records: drafts(1_000), concurrency: 3 });
    expect(result.succeeded).toHaveLength(1_000);
    expect(peak).toBe(3);
  });

  it('rejects duplicate request identifiers before any request', async () => {
    const error = await Promise.resolve()
      .then(() =>
        memory.batchCreateMemoryRecords({
          records: [
            { requestIdentifier: 'a', content: { text: 'x' }, namespaces: ['n'] },
            { requestIdentifier: 'a', content: { text: 'y' }, namespaces: ['n'] },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', field: 'records[1].requestIdentifier' });
    expect(mock.calls()).toHaveLength(0);
  });
});

describe('a whole request that fails takes the item path', () => {
  const throttled = () =>
    Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });
  const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

  it('three throttles (every attempt of the client): the next round re-sends the same request, same token', async () => {
    mock
      .on(BatchCreateMemoryRecordsCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .callsFake((input: BatchCreateMemoryRecordsInput) => answer(input));
    const result = await memory.batchCreateMemoryRecords({ records: drafts(3) });
    const sent = inputs();
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((i) => i.clientToken)).size).toBe(1);
    expect(sent[3]?.records).toEqual(sent[0]?.records);
    expect(result).toMatchObject({ failed: [], succeeded: [{ index: 0 }, { index: 1 }, { index: 2 }] });
  });

  it('throttled for good: every item reported with its request identifier and token, not written', async () => {
    mock.on(BatchCreateMemoryRecordsCommand).rejects(throttled());
    const result = await memory.batchCreateMemoryRecords({ records: drafts(3), itemRetries: 1 });
    const token = inputs()[0]?.clientToken;
    expect(inputs()).toHaveLength(6);
    expect(result.failed.map((f) => [f.index, f.requestIdentifier, f.clientToken, f.maybeWritten])).toEqual([
      [0, 'r0', token, false],
      [1, 'r1', token, false],
      [2, 'r2', token, false],
    ]);
    expect(result.failed[0]?.error).toMatchObject({ code: 'ThrottlingException', retryable: true });
  });

  it('an answer lost on the last attempt: reported as maybe written, with the token that re-submits it safely', async () => {
    mock.on(BatchCreateMemoryRecordsCommand).rejects(reset());
    const result = await memory.batchCreateMemoryRecords({ records: drafts(2), itemRetries: 0 });
    expect(result.failed.map((f) => [f.clientToken, f.maybeWritten])).toEqual([
      [inputs()[0]?.clientToken, true],
      [inputs()[0]?.clientToken, true],
    ]);
  });

  it('an answer lost on an earlier attempt stays "maybe written" though the last attempt was only throttled', async () => {
    mock.on(BatchCreateMemoryRecordsCommand).rejectsOnce(reset()).rejects(throttled());
    const result = await memory.batchCreateMemoryRecords({ records: drafts(1), itemRetries: 1 });
    expect(result.failed).toMatchObject([{ error: { code: 'ThrottlingException' }, maybeWritten: true }]);
  });

  it('a refusal (4xx) is not a write: reported as not written', async () => {
    const denied = Object.assign(new Error('denied'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    mock.on(BatchCreateMemoryRecordsCommand).rejects(denied);
    const result = await memory.batchCreateMemoryRecords({ records: drafts(1) });
    expect(inputs()).toHaveLength(1);
    expect(result.failed).toMatchObject([{ error: { retryable: false }, maybeWritten: false }]);
  });

  it('an item the answer does not mention: maybe written, no token, and resubmitFailedRecords does not send it', async () => {
    mock.on(BatchCreateMemoryRecordsCommand).callsFake((input: BatchCreateMemoryRecordsInput) => {
      const out = answer(input);
      return { ...out, successfulRecords: out.successfulRecords.filter((r) => r.requestIdentifier !== 'r1') };
    });
    const result = await memory.batchCreateMemoryRecords({ records: drafts(2) });
    expect(result.failed).toMatchObject([{ index: 1, error: { code: 'not-in-answer' }, maybeWritten: true }]);
    expect(result.failed[0]?.clientToken).toBeUndefined();
    mock.resetHistory();
    const again = await memory.resubmitFailedRecords({ failed: result.failed });
    expect(inputs()).toHaveLength(0);
    expect(again.failed).toMatchObject([
      { index: 0, error: { code: 'not-resubmitted' }, maybeWritten: true },
    ]);
  });
});

describe('resubmitFailedRecords', () => {
  it('re-sends each failed request as it was last sent: same token, same records, together', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    mock.on(BatchCreateMemoryRecordsCommand).callsFake((input: BatchCreateMemoryRecordsInput) => {
      if (input.records?.[0]?.requestIdentifier === 'r100') throw reset;
      return answer(input, (id) => (id === 'r3' ? 400 : undefined));
    });
    const first = await memory.batchCreateMemoryRecords({ records: drafts(150), itemRetries: 0 });
    expect(first.failed.map((f) => f.index)).toEqual([3, ...Array.from({ length: 50 }, (_, i) => 100 + i)]);
    const lost = inputs().find((i) => i.records?.[0]?.requestIdentifier === 'r100');
    mock.reset();
    mock
      .on(BatchCreateMemoryRecordsCommand)
      .callsFake((input: BatchCreateMemoryRecordsInput) => answer(input));
    const again = await memory.resubmitFailedRecords({ failed: first.failed });
    expect(again.failed).toEqual([]);
    expect(again.succeeded).toHaveLength(51);
    const resent = inputs();
    expect(resent).toHaveLength(2);
    const sameRequest = resent.find((i) => i.clientToken === lost?.clientToken);
    expect(sameRequest?.records).toEqual(lost?.records);
    const single = resent.find((i) => i !== sameRequest);
    expect(single?.clientToken).toBe(first.failed[0]?.clientToken);
    expect(single?.records?.map((r) => r.requestIdentifier)).toEqual(['r3']);
  });

  it('refuses what is not a failure list, before any request', async () => {
    const error = await Promise.resolve()
      .then(() => memory.resubmitFailedRecords({ failed: [null as never] }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', field: 'failed[0]' });
    expect(mock.calls()).toHaveLength(0);
  });
});

describe('batchDeleteMemoryRecords', () => {
  it('matches answers by memoryRecordId and reports the ones not found', async () => {
    const ids = Array.from({ length: 3 }, (_, i) => `mem-${String(i).repeat(40)}`);
    mock.on(BatchDeleteMemoryRecordsCommand).resolves({
      successfulRecords: [
        { memoryRecordId: ids[0], status: 'SUCCEEDED' },
        { memoryRecordId: ids[2], status: 'SUCCEEDED' },
      ],
      failedRecords: [{ memoryRecordId: ids[1], status: 'FAILED', errorCode: 404, errorMessage: 'gone' }],
    });
    const result = await memory.batchDeleteMemoryRecords({
      records: ids.map((memoryRecordId) => ({ memoryRecordId })),
    });
    expect(result.succeeded.map((s) => s.index)).toEqual([0, 2]);
    expect(result.failed).toMatchObject([{ index: 1, error: { code: '404', message: 'gone' } }]);
  });
});
