/**
 * `memory.ingestData` with the real SDK client against the emulator, in both access patterns:
 * content reaches long-term extraction, a retry after a lost answer is processed once (one client
 * token), a burst is paced under the quotas, bad input is refused before any request, and a
 * caller without `bedrock-agentcore:IngestData` gets an AccessDenied with its diagnosis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrossAccountAgentClient } from '../../../src/client.js';
import { isAgentCoreAccessDeniedError, isValidationError } from '../../../src/errors.js';
import { conversationalTurn } from '../../../src/memory/memory.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, MEMORY_ARN, REGION } from '../../fixtures/arns.js';
import { clientOf, grant, PATTERNS, principalOf } from '../client/access-patterns.js';

const STRATEGY = 'facts-abcdefghij';
const READ = ['ListMemoryRecords', 'ListMemoryExtractionJobs'];

describe.each(PATTERNS)('IngestData (%s)', (pattern) => {
  let emulator: LocalAgentCore;
  let client: CrossAccountAgentClient;
  beforeAll(async () => {
    emulator = await startLocalAgentCore({
      memories: [
        {
          memoryId: 'shared_memory-abcdefghij',
          accountId: ACCOUNT_A,
          region: REGION,
          strategies: [{ strategyId: STRATEGY, namespaces: ['/facts/{actorId}'] }],
          extraction: {},
        },
      ],
    });
    await grant(emulator, pattern, [{ resourceArns: [MEMORY_ARN], actions: ['IngestData', ...READ] }]);
    client = clientOf(emulator, pattern);
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });

  it('ingests content that long-term extraction turns into a record', async () => {
    const memory = client.memory(MEMORY_ARN);
    const out = await memory.ingestData({
      actorId: 'user-1',
      sessionId: 'session-1',
      source: { inline: { payload: [conversationalTurn('USER', 'I prefer aisle seats')] } },
    });
    expect(out.sessionId).toBe('session-1');
    const request = emulator.requests.filter((r) => r.operation === 'IngestData').at(-1);
    expect(request).toMatchObject({ status: 202, principalArn: principalOf(pattern) });
    expect(request?.path).toContain(encodeURIComponent(MEMORY_ARN));
    const records = [];
    for await (const r of memory.listMemoryRecords({ namespace: '/facts/user-1' })) records.push(r);
    expect(records.map((r) => r.content)).toEqual([{ text: 'I prefer aisle seats' }]);
    // No short-term event: IngestData goes straight to long-term memory.
    expect(emulator.memory.counts(MEMORY_ARN).events).toBe(0);
  });

  it('answers the session id AgentCore made up when none was sent', async () => {
    const out = await client.memory(MEMORY_ARN).ingestData({
      actorId: 'user-2',
      source: { inline: { payload: [{ json: { content: { seat: 'aisle' } } }] } },
    });
    expect(out.sessionId).toMatch(/^ingest-/);
  });

  it('a retry after a lost answer is processed once (one client token across attempts)', async () => {
    const before = emulator.memory.counts(MEMORY_ARN).records;
    emulator.setFaults([{ operation: 'IngestData', kind: 'drop-after', script: ['drop-after'] }]);
    try {
      await client.memory(MEMORY_ARN).ingestData({
        actorId: 'user-3',
        sessionId: 'session-3',
        source: { inline: { payload: [conversationalTurn('USER', 'once')] } },
      });
    } finally {
      emulator.setFaults([]);
    }
    const attempts = emulator.requests.filter((r) => r.operation === 'IngestData').slice(-2);
    expect(attempts.map((r) => r.status)).toEqual([0, 202]);
    expect(emulator.memory.counts(MEMORY_ARN).records - before).toBe(1);
  });

  it('a burst of 7 in one session is paced under the 5/s quota: the emulator throttles none', async () => {
    const memory = client.memory(MEMORY_ARN);
    const before = emulator.requests.length;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        memory.ingestData({
          actorId: 'user-4',
          sessionId: 'burst-1',
          source: { inline: { payload: [conversationalTurn('USER', `turn ${i}`)] } },
        }),
      ),
    );
    const sent = emulator.requests.slice(before).filter((r) => r.operation === 'IngestData');
    expect(sent.map((r) => r.status)).toEqual(Array.from({ length: 7 }, () => 202));
    // One at a time, 200 ms apart: 6 intervals.
    expect(performance.now() - started).toBeGreaterThanOrEqual(6 * 200 - 5);
  });

  it('refuses bad input before any request, naming the field', async () => {
    const memory = client.memory(MEMORY_ARN);
    const before = emulator.requests.length;
    const bad: Array<[unknown, string]> = [
      [{ actorId: 'user-1', source: { inline: { payload: [] } } }, 'source.inline.payload'],
      [{ actorId: 'user-1', source: { inline: { payload: [{ blob: 1 }] } } }, 'source.inline.payload[0]'],
      [{ actorId: '', source: { inline: { payload: [conversationalTurn('USER', 'x')] } } }, 'actorId'],
      [
        {
          actorId: 'user-1',
          source: { inline: { payload: [{ conversational: { role: 'BOT', content: { text: 'x' } } }] } },
        },
        'source.inline.payload[0].conversational.role',
      ],
      [{ actorId: 'user-1', source: 'text' }, 'source'],
    ];
    for (const [input, field] of bad) {
      const error = await memory.ingestData(input as never).catch((e: unknown) => e);
      expect(isValidationError(error), String(error)).toBe(true);
      expect((error as { field?: string }).field).toBe(field);
    }
    expect(emulator.requests.length).toBe(before);
  });
});

describe.each(PATTERNS)('IngestData denied (%s)', (pattern) => {
  let emulator: LocalAgentCore;
  beforeAll(async () => {
    emulator = await startLocalAgentCore();
    // The memory grant's 15 actions, without IngestData.
    await grant(emulator, pattern, [{ resourceArns: [MEMORY_ARN], actions: ['CreateEvent', ...READ] }]);
  });
  afterAll(() => emulator.stop());

  it('throws AgentCoreAccessDeniedError with a diagnosis naming the action', async () => {
    const client = clientOf(emulator, pattern);
    try {
      const error = await client
        .memory(MEMORY_ARN)
        .ingestData({ actorId: 'user-1', source: { inline: { payload: [conversationalTurn('USER', 'x')] } } })
        .catch((e: unknown) => e);
      expect(isAgentCoreAccessDeniedError(error)).toBe(true);
      if (!isAgentCoreAccessDeniedError(error)) return;
      expect(error.action).toBe('bedrock-agentcore:IngestData');
      expect(error.resourceArn).toBe(MEMORY_ARN);
      expect(error.principalArn).toBe(principalOf(pattern));
      expect(error.diagnosis?.causes.length).toBeGreaterThan(0);
      // One attempt: an AccessDenied is never retried.
      expect(emulator.requests.filter((r) => r.operation === 'IngestData')).toHaveLength(1);
    } finally {
      client.destroy();
    }
  });
});
