/**
 * The memory data plane over real HTTP, SigV4 and IAM: the plain AWS SDK v3 client runs all 15
 * actions by full ARN as Account A's admin, then from Account B once the memory's resource policy
 * and the caller's identity policy allow it (seed 001), and falls into the memory-id-not-arn trap
 * with a bare id.
 */
import {
  BatchCreateMemoryRecordsCommand,
  BatchDeleteMemoryRecordsCommand,
  BatchUpdateMemoryRecordsCommand,
  type BedrockAgentCoreClient,
  CreateEventCommand,
  type CreateEventCommandInput,
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
import { PutResourcePolicyCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../../src/policy/types.js';
import {
  type LocalAgentCore,
  type LocalAgentCoreOptions,
  startLocalAgentCore,
} from '../../../src/testing/index.js';
import {
  ACCOUNT_B,
  ADMIN_ROLE_ARN,
  CALLER_ROLE_ARN,
  MEMORY_ARN,
  MEMORY_ID,
  REGION,
} from '../../fixtures/arns.js';
import { agentCore, control, failure } from './helpers.js';

const started: LocalAgentCore[] = [];
const clients: BedrockAgentCoreClient[] = [];
async function start(options: LocalAgentCoreOptions = { memory: { createEventRate: false } }) {
  const emulator = await startLocalAgentCore(options);
  started.push(emulator);
  return emulator;
}
function client(emulator: LocalAgentCore, principal: string, maxAttempts = 1): BedrockAgentCoreClient {
  const c = agentCore(emulator, principal, maxAttempts);
  clients.push(c);
  return c;
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(started.splice(0).map((e) => e.stop()));
});

function eventInput(overrides: Partial<CreateEventCommandInput> = {}): CreateEventCommandInput {
  return {
    memoryId: MEMORY_ARN,
    actorId: 'agent-in-account-b',
    sessionId: 'cross-account-session-1',
    eventTimestamp: new Date('2026-03-01T09:00:00.000Z'),
    payload: [
      { conversational: { content: { text: 'Schedule my standup for 9 AM tomorrow' }, role: 'USER' } },
    ],
    ...overrides,
  };
}

/** Seed 001's "grant multiple actions" policy, plus the two actions it leaves out. */
function memoryPolicy(principal: string, condition?: PolicyDocument['Statement']): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: condition ?? [
      {
        Sid: 'AllowCrossAccountMemoryReadWrite',
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: [
          'bedrock-agentcore:CreateEvent',
          'bedrock-agentcore:GetEvent',
          'bedrock-agentcore:ListEvents',
          'bedrock-agentcore:ListActors',
          'bedrock-agentcore:ListSessions',
          'bedrock-agentcore:BatchCreateMemoryRecords',
          'bedrock-agentcore:BatchUpdateMemoryRecords',
          'bedrock-agentcore:BatchDeleteMemoryRecords',
          'bedrock-agentcore:ListMemoryRecords',
          'bedrock-agentcore:RetrieveMemoryRecords',
          'bedrock-agentcore:GetMemoryRecord',
          'bedrock-agentcore:DeleteMemoryRecord',
        ],
        Resource: MEMORY_ARN,
      },
    ],
  };
}

function callerIdentity(resource: string | string[] = MEMORY_ARN): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'bedrock-agentcore:*', Resource: resource }],
  };
}

async function attachMemoryPolicy(emulator: LocalAgentCore, document: PolicyDocument): Promise<void> {
  const admin = control(emulator);
  try {
    await admin.send(
      new PutResourcePolicyCommand({ resourceArn: MEMORY_ARN, policy: JSON.stringify(document) }),
    );
  } finally {
    admin.destroy();
  }
}

describe('memory data plane over HTTP', () => {
  it("runs all 15 actions by full ARN as Account A's admin", async () => {
    const emulator = await start();
    const admin = client(emulator, ADMIN_ROLE_ARN);
    const created = await admin.send(new CreateEventCommand(eventInput()));
    const eventId = created.event?.eventId;
    const address = {
      memoryId: MEMORY_ARN,
      actorId: 'agent-in-account-b',
      sessionId: 'cross-account-session-1',
    };
    expect((await admin.send(new GetEventCommand({ ...address, eventId }))).event).toEqual(created.event);
    expect((await admin.send(new ListEventsCommand(address))).events?.map((e) => e.eventId)).toEqual([
      eventId,
    ]);
    expect((await admin.send(new ListActorsCommand({ memoryId: MEMORY_ARN }))).actorSummaries).toEqual([
      { actorId: 'agent-in-account-b' },
    ]);
    const sessions = await admin.send(
      new ListSessionsCommand({ memoryId: MEMORY_ARN, actorId: 'agent-in-account-b' }),
    );
    expect(sessions.sessionSummaries?.map((s) => s.sessionId)).toEqual(['cross-account-session-1']);
    expect((await admin.send(new DeleteEventCommand({ ...address, eventId }))).eventId).toBe(eventId);

    // Seed 001's batch-create-memory-records example.
    const batch = await admin.send(
      new BatchCreateMemoryRecordsCommand({
        memoryId: MEMORY_ARN,
        records: [
          {
            requestIdentifier: 'rec-001',
            content: { text: 'User prefers morning meeting times before 10 AM' },
            namespaces: ['preferences/user-123'],
            timestamp: new Date(1729525989 * 1000),
          },
        ],
      }),
    );
    expect(batch.$metadata.httpStatusCode).toBe(201);
    expect(batch.failedRecords).toEqual([]);
    const recordId = batch.successfulRecords?.[0]?.memoryRecordId;
    const got = await admin.send(
      new GetMemoryRecordCommand({ memoryId: MEMORY_ARN, memoryRecordId: recordId }),
    );
    expect(got.memoryRecord).toMatchObject({
      namespaces: ['preferences/user-123'],
      createdAt: new Date(1729525989000),
    });
    const listed = await admin.send(
      new ListMemoryRecordsCommand({ memoryId: MEMORY_ARN, namespace: 'preferences/' }),
    );
    expect(listed.memoryRecordSummaries?.map((r) => r.memoryRecordId)).toEqual([recordId]);
    // Seed 001's retrieve-memory-records example.
    const retrieved = await admin.send(
      new RetrieveMemoryRecordsCommand({
        memoryId: MEMORY_ARN,
        namespace: 'preferences/user-123',
        searchCriteria: { searchQuery: 'meeting preferences' },
        maxResults: 10,
      }),
    );
    expect(retrieved.memoryRecordSummaries?.map((r) => [r.memoryRecordId, r.score])).toEqual([
      [recordId, 0.5],
    ]);
    const updated = await admin.send(
      new BatchUpdateMemoryRecordsCommand({
        memoryId: MEMORY_ARN,
        records: [
          { memoryRecordId: recordId, timestamp: new Date(), content: { text: 'Mornings, before 9 AM' } },
        ],
      }),
    );
    expect(updated.successfulRecords).toEqual([{ memoryRecordId: recordId, status: 'SUCCEEDED' }]);
    const second = await admin.send(
      new BatchCreateMemoryRecordsCommand({
        memoryId: MEMORY_ARN,
        records: [
          { requestIdentifier: 'rec-002', content: { text: 'x' }, namespaces: ['n'], timestamp: new Date() },
        ],
      }),
    );
    const secondId = second.successfulRecords?.[0]?.memoryRecordId;
    const deleted = await admin.send(
      new BatchDeleteMemoryRecordsCommand({ memoryId: MEMORY_ARN, records: [{ memoryRecordId: secondId }] }),
    );
    expect(deleted.successfulRecords).toEqual([{ memoryRecordId: secondId, status: 'SUCCEEDED' }]);
    expect(
      (await admin.send(new DeleteMemoryRecordCommand({ memoryId: MEMORY_ARN, memoryRecordId: recordId })))
        .memoryRecordId,
    ).toBe(recordId);

    const jobs = await admin.send(new ListMemoryExtractionJobsCommand({ memoryId: MEMORY_ARN }));
    expect(jobs.jobs?.map((j) => [j.jobID, j.status])).toEqual([['seeded-failed-job-1', 'FAILED']]);
    const restarted = await admin.send(
      new StartMemoryExtractionJobCommand({
        memoryId: MEMORY_ARN,
        extractionJob: { jobId: 'seeded-failed-job-1' },
      }),
    );
    expect(restarted.jobId).toBe('seeded-failed-job-1');

    expect(emulator.memory.counts(MEMORY_ARN)).toEqual({ events: 0, records: 0 });
    const operations = new Set(emulator.requests.map((r) => r.operation));
    expect(operations.size).toBe(15);
    expect(emulator.requests.every((r) => r.status < 300 && r.principalArn === ADMIN_ROLE_ARN)).toBe(true);
  });

  it('denies Account B until both the memory policy and its identity policy allow, then serves it by full ARN', async () => {
    const emulator = await start();
    const caller = client(emulator, CALLER_ROLE_ARN);
    const denied = await failure(caller.send(new CreateEventCommand(eventInput())));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(denied.message).toContain(
      `User: ${CALLER_ROLE_ARN} is not authorized to perform: bedrock-agentcore:CreateEvent`,
    );

    emulator.setIdentityPolicy(CALLER_ROLE_ARN, callerIdentity());
    const noResourcePolicy = await failure(caller.send(new CreateEventCommand(eventInput())));
    expect(noResourcePolicy.message).toContain('no resource-based policy allows');

    await attachMemoryPolicy(emulator, memoryPolicy(`arn:aws:iam::${ACCOUNT_B}:root`));
    const created = await caller.send(new CreateEventCommand(eventInput()));
    expect(created.event?.actorId).toBe('agent-in-account-b');
    const records = await caller.send(
      new BatchCreateMemoryRecordsCommand({
        memoryId: MEMORY_ARN,
        records: [
          {
            requestIdentifier: 'rec-001',
            content: { text: 'standup at 9' },
            namespaces: ['b'],
            timestamp: new Date(),
          },
        ],
      }),
    );
    expect(records.successfulRecords).toHaveLength(1);
    expect(emulator.memory.counts(MEMORY_ARN)).toEqual({ events: 1, records: 1 });
    // The policy leaves out the extraction job actions: they stay denied.
    const jobs = await failure(caller.send(new ListMemoryExtractionJobsCommand({ memoryId: MEMORY_ARN })));
    expect(jobs).toMatchObject({ name: 'AccessDeniedException', status: 403 });
  });

  it('sends the bare memory id to the caller account: not found, or denied on its own ARN', async () => {
    const emulator = await start();
    await attachMemoryPolicy(emulator, memoryPolicy(CALLER_ROLE_ARN));
    const caller = client(emulator, CALLER_ROLE_ARN);
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, callerIdentity('*'));
    expect(await failure(caller.send(new ListActorsCommand({ memoryId: MEMORY_ID })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, callerIdentity());
    const narrow = await failure(caller.send(new ListActorsCommand({ memoryId: MEMORY_ID })));
    expect(narrow).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(narrow.message).toContain(`arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_B}:memory/${MEMORY_ID}`);
    expect((await caller.send(new ListActorsCommand({ memoryId: MEMORY_ARN }))).actorSummaries).toEqual([]);
  });

  it('enforces bedrock-agentcore:actorId conditions of the memory policy', async () => {
    const emulator = await start();
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, callerIdentity());
    await attachMemoryPolicy(
      emulator,
      memoryPolicy(CALLER_ROLE_ARN, [
        {
          Sid: 'OwnActorOnly',
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE_ARN },
          Action: ['bedrock-agentcore:CreateEvent', 'bedrock-agentcore:ListEvents'],
          Resource: MEMORY_ARN,
          Condition: { StringEquals: { 'bedrock-agentcore:actorId': 'agent-in-account-b' } },
        },
      ]),
    );
    const caller = client(emulator, CALLER_ROLE_ARN);
    await caller.send(new CreateEventCommand(eventInput()));
    const other = await failure(caller.send(new CreateEventCommand(eventInput({ actorId: 'someone-else' }))));
    expect(other).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    const listed = await caller.send(
      new ListEventsCommand({
        memoryId: MEMORY_ARN,
        actorId: 'agent-in-account-b',
        sessionId: 'cross-account-session-1',
      }),
    );
    expect(listed.events).toHaveLength(1);
    expect(emulator.memory.counts(MEMORY_ARN).events).toBe(1);
  });

  it('paces conversational CreateEvent per actor and session with ThrottledException by default', async () => {
    // A stopped clock: the quota (5/s, a second's worth at once) does not refill during the test.
    const now = Date.now();
    const emulator = await start({ now: () => now });
    const admin = client(emulator, ADMIN_ROLE_ARN);
    for (let i = 0; i < 5; i++) await admin.send(new CreateEventCommand(eventInput()));
    expect(await failure(admin.send(new CreateEventCommand(eventInput())))).toEqual({
      name: 'ThrottledException',
      message: 'Rate exceeded.',
      status: 429,
    });
    await admin.send(new CreateEventCommand(eventInput({ sessionId: 'cross-account-session-2' })));
    expect(emulator.memory.counts(MEMORY_ARN).events).toBe(6);
  });

  it('writes once when a retry after a lost answer reuses the clientToken', async () => {
    const emulator = await start({
      memory: { createEventRate: false },
      faults: [{ operation: 'CreateEvent', script: ['drop-after'] }],
    });
    const admin = client(emulator, ADMIN_ROLE_ARN, 2);
    const created = await admin.send(
      new CreateEventCommand(eventInput({ clientToken: 'one-logical-write' })),
    );
    expect(created.event?.eventId).toMatch(/#/);
    expect(emulator.requests.map((r) => r.status)).toEqual([0, 201]);
    expect(emulator.memory.counts(MEMORY_ARN).events).toBe(1);
  });
});
