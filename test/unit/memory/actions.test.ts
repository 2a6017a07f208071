/**
 * Each of the 15 memory data-plane actions, mocked at send(): the full memory ARN is the
 * `memoryId` of every command, writes keep one client token across retries, lists follow tokens,
 * and no output field is trusted.
 */
import {
  BatchCreateMemoryRecordsCommand,
  BatchDeleteMemoryRecordsCommand,
  BatchUpdateMemoryRecordsCommand,
  BedrockAgentCoreClient,
  CreateEventCommand,
  DeleteEventCommand,
  DeleteMemoryRecordCommand,
  GetEventCommand,
  GetMemoryRecordCommand,
  ListActorsCommand,
  ListEventsCommand,
  ListMemoryExtractionJobsCommand,
  ListMemoryRecordsCommand,
  ListSessionsCommand,
  RetrieveMemoryRecordsCommand,
  StartMemoryExtractionJobCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { isAgentCoreAccessDeniedError, isAgentStreamError } from '../../../src/errors.js';
import type { CrossAccountMemory } from '../../../src/memory/memory.js';
import { MEMORY_ARN } from '../../fixtures/arns.js';
import { mockedClient } from './setup.js';

const mock = mockClient(BedrockAgentCoreClient);
const client = mockedClient();
const memory = client.memory(MEMORY_ARN, { createEventRate: false });
afterAll(() => client.destroy());
beforeEach(() => mock.reset());

const RECORD_ID = `mem-${'a'.repeat(40)}`;
const EVENT_ID = '0000001729525989123#a1b2c3d4';
const EVENT = {
  memoryId: MEMORY_ARN,
  actorId: 'user-42',
  sessionId: 's1',
  eventId: EVENT_ID,
  eventTimestamp: new Date(),
  payload: [],
};
const RECORD = {
  memoryRecordId: RECORD_ID,
  content: { text: 'x' },
  memoryStrategyId: 's',
  namespaces: ['n'],
  createdAt: new Date(),
};

async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: the table mixes 15 command classes.
type AnyCommand = any;
const ACTIONS: Array<{
  action: string;
  command: AnyCommand;
  output: object;
  run: (m: CrossAccountMemory) => Promise<unknown>;
}> = [
  {
    action: 'CreateEvent',
    command: CreateEventCommand,
    output: { event: EVENT },
    run: (m) => m.recordTurns({ actorId: 'user-42', sessionId: 's1', turns: [{ role: 'USER', text: 'hi' }] }),
  },
  {
    action: 'GetEvent',
    command: GetEventCommand,
    output: { event: EVENT },
    run: (m) => m.getEvent({ actorId: 'user-42', sessionId: 's1', eventId: EVENT_ID }),
  },
  {
    action: 'DeleteEvent',
    command: DeleteEventCommand,
    output: { eventId: EVENT_ID },
    run: (m) => m.deleteEvent({ actorId: 'user-42', sessionId: 's1', eventId: EVENT_ID }),
  },
  {
    action: 'ListEvents',
    command: ListEventsCommand,
    output: { events: [EVENT] },
    run: (m) => drain(m.listEvents({ actorId: 'user-42', sessionId: 's1' })),
  },
  {
    action: 'ListActors',
    command: ListActorsCommand,
    output: { actorSummaries: [{ actorId: 'a' }] },
    run: (m) => drain(m.listActors()),
  },
  {
    action: 'ListSessions',
    command: ListSessionsCommand,
    output: { sessionSummaries: [{ sessionId: 's1', actorId: 'a', createdAt: new Date() }] },
    run: (m) => drain(m.listSessions({ actorId: 'user-42' })),
  },
  {
    action: 'GetMemoryRecord',
    command: GetMemoryRecordCommand,
    output: { memoryRecord: RECORD },
    run: (m) => m.getMemoryRecord({ memoryRecordId: RECORD_ID }),
  },
  {
    action: 'ListMemoryRecords',
    command: ListMemoryRecordsCommand,
    output: { memoryRecordSummaries: [RECORD] },
    run: (m) => drain(m.listMemoryRecords({ namespace: 'preferences/user-42' })),
  },
  {
    action: 'RetrieveMemoryRecords',
    command: RetrieveMemoryRecordsCommand,
    output: { memoryRecordSummaries: [RECORD] },
    run: (m) => m.retrieve({ namespace: 'preferences/user-42', query: 'seats', topK: 5 }),
  },
  {
    action: 'DeleteMemoryRecord',
    command: DeleteMemoryRecordCommand,
    output: { memoryRecordId: RECORD_ID },
    run: (m) => m.deleteMemoryRecord({ memoryRecordId: RECORD_ID }),
  },
  {
    action: 'BatchCreateMemoryRecords',
    command: BatchCreateMemoryRecordsCommand,
    output: {
      successfulRecords: [{ memoryRecordId: RECORD_ID, requestIdentifier: 'r0', status: 'SUCCEEDED' }],
      failedRecords: [],
    },
    run: (m) => m.batchCreateMemoryRecords({ records: [{ content: { text: 'x' }, namespaces: ['n'] }] }),
  },
  {
    action: 'BatchUpdateMemoryRecords',
    command: BatchUpdateMemoryRecordsCommand,
    output: { successfulRecords: [{ memoryRecordId: RECORD_ID, status: 'SUCCEEDED' }], failedRecords: [] },
    run: (m) =>
      m.batchUpdateMemoryRecords({ records: [{ memoryRecordId: RECORD_ID, content: { text: 'y' } }] }),
  },
  {
    action: 'BatchDeleteMemoryRecords',
    command: BatchDeleteMemoryRecordsCommand,
    output: { successfulRecords: [{ memoryRecordId: RECORD_ID, status: 'SUCCEEDED' }], failedRecords: [] },
    run: (m) => m.batchDeleteMemoryRecords({ records: [{ memoryRecordId: RECORD_ID }] }),
  },
  {
    action: 'ListMemoryExtractionJobs',
    command: ListMemoryExtractionJobsCommand,
    output: { jobs: [{ jobID: 'job-1', messages: {} }] },
    run: (m) => drain(m.listMemoryExtractionJobs()),
  },
  {
    action: 'StartMemoryExtractionJob',
    command: StartMemoryExtractionJobCommand,
    output: { jobId: 'job-1' },
    run: (m) => m.startMemoryExtractionJob({ extractionJob: { jobId: 'job-1' } }),
  },
];

describe('every action sends the full memory ARN as memoryId', () => {
  it('covers the 15 actions of seed 001', () => {
    expect(new Set(ACTIONS.map((a) => a.action)).size).toBe(15);
  });

  it.each(ACTIONS)('$action', async ({ command, output, run }) => {
    mock.on(command).resolves(output);
    await run(memory);
    const calls = mock.commandCalls(command);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({ memoryId: MEMORY_ARN });
    expect(mock.calls()).toHaveLength(1);
  });

  it.each(ACTIONS)(
    '$action: an answer without its required field is an error, not an empty result',
    async ({ action, command, run }) => {
      mock.on(command).resolves({});
      const writesWithoutBody = ['DeleteEvent', 'DeleteMemoryRecord', 'StartMemoryExtractionJob'];
      const batch = action.startsWith('Batch');
      const result = await run(memory).catch((e: unknown) => e);
      if (writesWithoutBody.includes(action)) expect(result).toBeDefined();
      // A batch answer that lists nothing reports every item as failed (never silently written).
      else if (batch)
        expect(result).toMatchObject({ succeeded: [], failed: [{ error: { code: 'not-in-answer' } }] });
      else expect(isAgentStreamError(result)).toBe(true);
    },
  );
});

describe('writes are exactly once from the caller', () => {
  it('CreateEvent keeps one clientToken across a retried 503', async () => {
    mock
      .on(CreateEventCommand)
      .rejectsOnce(
        Object.assign(new Error('busy'), {
          name: 'ServiceUnavailableException',
          $metadata: { httpStatusCode: 503 },
        }),
      )
      .resolves({ event: EVENT });
    await memory.recordTurns({ actorId: 'user-42', sessionId: 's1', turns: [{ role: 'USER', text: 'hi' }] });
    const tokens = mock.commandCalls(CreateEventCommand).map((c) => c.args[0].input.clientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBeTypeOf('string');
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('two logical CreateEvents get two tokens', async () => {
    mock.on(CreateEventCommand).resolves({ event: EVENT });
    await memory.recordBlob({ actorId: 'user-42', sessionId: 's1', blob: { a: 1 } });
    await memory.recordBlob({ actorId: 'user-42', sessionId: 's1', blob: { a: 1 } });
    const tokens = mock.commandCalls(CreateEventCommand).map((c) => c.args[0].input.clientToken);
    expect(new Set(tokens).size).toBe(2);
  });

  it('StartMemoryExtractionJob keeps one clientToken across a retried throttle', async () => {
    mock
      .on(StartMemoryExtractionJobCommand)
      .rejectsOnce(
        Object.assign(new Error('slow down'), {
          name: 'ThrottlingException',
          $metadata: { httpStatusCode: 429 },
        }),
      )
      .resolves({ jobId: 'job-1' });
    await memory.startMemoryExtractionJob({ extractionJob: { jobId: 'job-1' } });
    const tokens = mock.commandCalls(StartMemoryExtractionJobCommand).map((c) => c.args[0].input.clientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(tokens[0]);
  });
});

describe('lists follow pagination tokens', () => {
  it('ListMemoryRecords yields every page in order', async () => {
    mock
      .on(ListMemoryRecordsCommand, { nextToken: undefined })
      .resolves({ memoryRecordSummaries: [{ ...RECORD, memoryRecordId: 'mem-1' }], nextToken: 't1' })
      .on(ListMemoryRecordsCommand, { nextToken: 't1' })
      .resolves({ memoryRecordSummaries: [{ ...RECORD, memoryRecordId: 'mem-2' }], nextToken: 't2' })
      .on(ListMemoryRecordsCommand, { nextToken: 't2' })
      .resolves({ memoryRecordSummaries: [{ ...RECORD, memoryRecordId: 'mem-3' }] });
    const ids = (await drain(memory.listMemoryRecords({ namespace: 'n' }))).map((r) => r.memoryRecordId);
    expect(ids).toEqual(['mem-1', 'mem-2', 'mem-3']);
    expect(
      mock.commandCalls(ListMemoryRecordsCommand).every((c) => c.args[0].input.memoryId === MEMORY_ARN),
    ).toBe(true);
  });

  it('a service that repeats a token stops with an error instead of looping', async () => {
    mock.on(ListActorsCommand).resolves({ actorSummaries: [{ actorId: 'a' }], nextToken: 'same' });
    const error = await drain(memory.listActors()).catch((e: unknown) => e);
    expect(isAgentStreamError(error)).toBe(true);
  });

  it('retrieve stops at topK across pages', async () => {
    mock
      .on(RetrieveMemoryRecordsCommand)
      .resolves({ memoryRecordSummaries: [RECORD, RECORD, RECORD], nextToken: 'more' });
    const hits = await memory.retrieve({ namespace: 'n', query: 'q', topK: 2 });
    expect(hits).toHaveLength(2);
    expect(mock.commandCalls(RetrieveMemoryRecordsCommand)[0]?.args[0].input).toMatchObject({
      memoryId: MEMORY_ARN,
      namespace: 'n',
      searchCriteria: { searchQuery: 'q', topK: 2 },
    });
  });
});

describe('errors are never swallowed', () => {
  it('a denied retrieve rejects with AgentCoreAccessDeniedError', async () => {
    mock
      .on(RetrieveMemoryRecordsCommand)
      .rejects(
        Object.assign(
          new Error(
            `User: arn:aws:iam::222222222222:role/the-caller-role is not authorized to perform: bedrock-agentcore:RetrieveMemoryRecords on resource: ${MEMORY_ARN} because no resource-based policy allows the bedrock-agentcore:RetrieveMemoryRecords action`,
          ),
          { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } },
        ),
      );
    const error = await memory.retrieve({ namespace: 'n', query: 'q' }).catch((e: unknown) => e);
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
    expect(mock.commandCalls(RetrieveMemoryRecordsCommand)).toHaveLength(1);
  });
});
