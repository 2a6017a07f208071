/**
 * Every memory data-plane action through client.memory() against the emulator over real HTTP,
 * as seed 001's caller in Account B on Account A's memory: the full ARN on the wire, each answer
 * as the SDK gives it, denials as errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrossAccountAgentClient } from '../../../src/client.js';
import { isAgentCoreAccessDeniedError, isInvalidArnError, isValidationError } from '../../../src/errors.js';
import type { CrossAccountMemory } from '../../../src/memory/memory.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, CALLER_ROLE_ARN, MEMORY_ARN, MEMORY_ID, REGION } from '../../fixtures/arns.js';
import { clientFor, grantMemory } from './setup.js';

let emulator: LocalAgentCore;
let client: CrossAccountAgentClient;
let memory: CrossAccountMemory;

beforeAll(async () => {
  emulator = await startLocalAgentCore({ memory: { createEventRate: false } });
  client = clientFor(emulator, CALLER_ROLE_ARN);
  memory = client.memory(MEMORY_ARN, { createEventRate: false });
});
afterAll(async () => {
  client.destroy();
  await emulator.stop();
});

const ENCODED_ARN = encodeURIComponent(MEMORY_ARN);

function memoryRequests(operation: string) {
  return emulator.requests.filter((r) => r.operation === operation);
}

describe('before Account A grants anything', () => {
  it('a denied retrieve is an AccessDenied error, never an empty list', async () => {
    const error = await memory
      .retrieve({ namespace: 'preferences/user-42', query: 'seats' })
      .catch((e: unknown) => e);
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
    expect(error).toMatchObject({
      action: 'bedrock-agentcore:RetrieveMemoryRecords',
      resourceArn: MEMORY_ARN,
    });
  });

  it('a bare memory id without the owner account throws memory-id-not-arn before any request', () => {
    const before = emulator.requests.length;
    const error = (() => {
      try {
        client.memory(MEMORY_ID);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isInvalidArnError(error)).toBe(true);
    expect(error).toMatchObject({ findingCode: 'memory-id-not-arn' });
    expect(emulator.requests.length).toBe(before);
  });
});

describe('with seed 001 read-write access granted', () => {
  const actorId = 'user-42';
  const sessionId = 'session-1';
  let eventId = '';
  let recordIds: string[] = [];

  beforeAll(async () => {
    await grantMemory(emulator, CALLER_ROLE_ARN, MEMORY_ARN);
  });

  it('a bare id with the owner account and region resolves to the same ARN', () => {
    const handle = client.memory(MEMORY_ID, { accountId: ACCOUNT_A, region: REGION });
    expect(handle.arn).toBe(MEMORY_ARN);
    expect(handle.region).toBe(REGION);
  });

  it('CreateEvent (conversational turns, metadata, branch) sends the full ARN', async () => {
    const { event } = await memory.recordTurns({
      actorId,
      sessionId,
      turns: [
        { role: 'USER', text: 'I prefer aisle seats' },
        { role: 'ASSISTANT', text: 'Noted: aisle seats.' },
      ],
      metadata: { channel: 'web' },
    });
    expect(event?.eventId).toMatch(/#/);
    eventId = event?.eventId ?? '';
    const branched = await memory.recordBlob({
      actorId,
      sessionId,
      blob: { tool: 'search', hits: 3 },
      branch: { name: 'alt', rootEventId: eventId },
    });
    expect(branched.event?.branch?.name).toBe('alt');
    const sent = memoryRequests('CreateEvent');
    expect(sent.length).toBe(2);
    for (const r of sent) {
      expect(r.path).toBe(`/memories/${ENCODED_ARN}/events`);
      expect(r.resourceArn).toBe(MEMORY_ARN);
      expect(r.status).toBe(201);
    }
  });

  it('GetEvent, ListEvents, ListActors, ListSessions', async () => {
    const { event } = await memory.getEvent({ actorId, sessionId, eventId });
    expect(event?.payload).toHaveLength(2);
    const events = [];
    for await (const e of memory.listEvents({ actorId, sessionId, includePayloads: true, maxResults: 1 })) {
      events.push(e);
    }
    expect(events).toHaveLength(2);
    // maxResults 1 over two events: the iterator followed the token.
    expect(memoryRequests('ListEvents').length).toBeGreaterThanOrEqual(2);
    const actors = [];
    for await (const a of memory.listActors()) actors.push(a.actorId);
    expect(actors).toContain(actorId);
    const sessions = [];
    for await (const s of memory.listSessions({ actorId })) sessions.push(s.sessionId);
    expect(sessions).toEqual([sessionId]);
    for (const op of ['GetEvent', 'ListEvents', 'ListActors', 'ListSessions']) {
      expect(memoryRequests(op).every((r) => r.path.startsWith(`/memories/${ENCODED_ARN}/`))).toBe(true);
    }
  });

  it('BatchCreate 250 records in requests of 100, then List, Retrieve, Get', async () => {
    const result = await memory.batchCreateMemoryRecords({
      records: Array.from({ length: 250 }, (_, i) => ({
        content: { text: i === 7 ? 'Prefers aisle seats on long flights' : `Note ${i} about breakfast` },
        namespaces: ['preferences/user-42'],
      })),
    });
    expect(result.failed).toEqual([]);
    expect(result.succeeded).toHaveLength(250);
    expect(result.succeeded.map((s) => s.index)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(memoryRequests('BatchCreateMemoryRecords')).toHaveLength(3);
    expect(emulator.memory.counts(MEMORY_ARN).records).toBe(250);
    recordIds = result.succeeded.map((s) => s.memoryRecordId);

    let listed = 0;
    for await (const _ of memory.listMemoryRecords({ namespace: 'preferences/user-42', maxResults: 100 }))
      listed++;
    expect(listed).toBe(250);
    const hits = await memory.retrieve({ namespace: 'preferences/user-42', query: 'aisle seats', topK: 3 });
    // The emulator returns only records that share a word with the query, best first, at most topK.
    expect(hits.length).toBeGreaterThanOrEqual(1);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits[0]?.content).toEqual({ text: 'Prefers aisle seats on long flights' });
    const { memoryRecord } = await memory.getMemoryRecord({ memoryRecordId: recordIds[7] ?? '' });
    expect(memoryRecord?.memoryRecordId).toBe(recordIds[7]);
  });

  it('BatchUpdate, DeleteMemoryRecord, BatchDelete', async () => {
    const updated = await memory.batchUpdateMemoryRecords({
      records: [{ memoryRecordId: recordIds[7] ?? '', content: { text: 'Prefers window seats now' } }],
    });
    expect(updated.failed).toEqual([]);
    const { memoryRecord } = await memory.getMemoryRecord({ memoryRecordId: recordIds[7] ?? '' });
    expect(memoryRecord?.content).toEqual({ text: 'Prefers window seats now' });

    await memory.deleteMemoryRecord({ memoryRecordId: recordIds[0] ?? '' });
    const deleted = await memory.batchDeleteMemoryRecords({
      records: recordIds.slice(0, 120).map((memoryRecordId) => ({ memoryRecordId })),
    });
    // Record 0 was already gone: reported, not dropped.
    expect(deleted.succeeded).toHaveLength(119);
    expect(deleted.failed).toMatchObject([{ index: 0, error: { code: '404', retryable: false } }]);
    expect(emulator.memory.counts(MEMORY_ARN).records).toBe(130);
  });

  it('DeleteEvent', async () => {
    await memory.deleteEvent({ actorId, sessionId, eventId });
    const error = await memory.getEvent({ actorId, sessionId, eventId }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ResourceNotFoundException');
  });

  it('ListMemoryExtractionJobs and StartMemoryExtractionJob', async () => {
    const jobs = [];
    for await (const job of memory.listMemoryExtractionJobs()) jobs.push(job.jobID);
    expect(jobs).toContain('seeded-failed-job-1');
    const started = await memory.startMemoryExtractionJob({
      extractionJob: { jobId: 'seeded-failed-job-1' },
    });
    expect(started.jobId).toBe('seeded-failed-job-1');
    expect(memoryRequests('StartMemoryExtractionJob')[0]?.path).toBe(
      `/memories/${ENCODED_ARN}/extractionJobs/start`,
    );
  });

  it('every memory request of this file carried the full ARN', () => {
    const memoryOps = emulator.requests.filter((r) => r.path.startsWith('/memories/'));
    expect(memoryOps.length).toBeGreaterThan(15);
    expect(memoryOps.every((r) => r.path.startsWith(`/memories/${ENCODED_ARN}/`))).toBe(true);
  });

  it('an unresolved namespace template is refused before any request', () => {
    const before = emulator.requests.length;
    let error: unknown;
    try {
      memory.listMemoryRecords({ namespace: '/users/{actorId}/preferences' });
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect(error).toMatchObject({ field: 'namespace' });
    expect(emulator.requests.length).toBe(before);
  });
});
