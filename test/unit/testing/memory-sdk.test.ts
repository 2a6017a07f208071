/**
 * The memory data plane driven by the unmodified AWS SDK v3 client: its real serializers and
 * deserializers, with an in-process request handler in place of HTTP, so every wire shape
 * (paths, status codes, timestamps, unions, errors) is checked without the emulator server.
 */
import { Readable } from 'node:stream';
import {
  BatchCreateMemoryRecordsCommand,
  BatchDeleteMemoryRecordsCommand,
  BatchUpdateMemoryRecordsCommand,
  BedrockAgentCoreClient,
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
  paginateListEvents,
  ResourceNotFoundException,
  RetrieveMemoryRecordsCommand,
  StartMemoryExtractionJobCommand,
  ThrottledException,
  ValidationException,
} from '@aws-sdk/client-bedrock-agentcore';
import { type HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { EmulatorHttpError, type EmulatorResponse } from '../../../src/testing/http-error.js';
import { MemoryStore, type MemoryStoreOptions } from '../../../src/testing/memory/index.js';
import { handleMemoryRequest } from '../../../src/testing/routes.js';
import { ACCOUNT_A, ACCOUNT_B, MEMORY_ARN, MEMORY_ID, REGION } from '../../fixtures/arns.js';

const A = ACCOUNT_A;
const B = ACCOUNT_B;
const ARN = MEMORY_ARN;
const T0 = new Date('2026-01-02T03:04:05.678Z');

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return new HttpResponse({
    statusCode: status,
    headers: { 'content-type': 'application/json', ...headers },
    body: Readable.from([Buffer.from(JSON.stringify(body ?? {}))]),
  });
}

function world(options: MemoryStoreOptions = { createEventRate: false }) {
  const store = new MemoryStore(
    [
      {
        memoryId: MEMORY_ID,
        accountId: A,
        region: REGION,
        strategies: [{ strategyId: 'preferences-abc', namespaces: ['preferences/{actorId}'] }],
      },
    ],
    options,
  );
  // The caller's account stands in for SigV4: the emulator core derives it from the access key.
  const client = (callerAccountId = A) =>
    new BedrockAgentCoreClient({
      region: REGION,
      endpoint: 'http://127.0.0.1:1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
      requestHandler: {
        async handle(request: HttpRequest) {
          // The SDK sends `{}` as a string and other bodies as bytes.
          const body: unknown = request.body;
          const text =
            typeof body === 'string'
              ? body
              : body instanceof Uint8Array
                ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
                : undefined;
          const query = new URLSearchParams();
          for (const [key, value] of Object.entries(request.query ?? {})) {
            for (const v of Array.isArray(value) ? value : [value]) if (v !== null) query.append(key, v);
          }
          try {
            const response: EmulatorResponse | undefined = await handleMemoryRequest(store, {
              method: request.method,
              rawPath: request.path,
              query,
              body: text === undefined || text === '' ? undefined : JSON.parse(text),
              callerAccountId,
              region: REGION,
              authorize: () => {},
            });
            if (response === undefined) return { response: json(404, { message: 'no route' }) };
            return { response: json(response.status, response.body) };
          } catch (error) {
            if (!(error instanceof EmulatorHttpError)) throw error;
            const body = { message: error.message, ...error.fields };
            return { response: json(error.status, body, { 'x-amzn-errortype': error.type }) };
          }
        },
        updateHttpClientConfig() {},
        httpHandlerConfigs: () => ({}),
      },
    });
  return { store, client };
}

function conversational(text: string, role: 'USER' | 'ASSISTANT' = 'USER') {
  return { conversational: { content: { text }, role } };
}

function eventInput(overrides: Partial<CreateEventCommandInput> = {}): CreateEventCommandInput {
  return {
    memoryId: ARN,
    actorId: 'tenant-1:user/42',
    sessionId: 'session-1',
    eventTimestamp: T0,
    payload: [conversational('Schedule my standup for 9 AM tomorrow')],
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('events through the SDK', () => {
  it('creates an event and reads it back exactly', async () => {
    const { client, store } = world();
    const sdk = client();
    const input = eventInput({
      payload: [
        conversational('hello'),
        conversational('hi there', 'ASSISTANT'),
        { blob: { state: { step: 2, tags: ['a', 'b'] } } },
      ],
      metadata: { channel: { stringValue: 'web' } },
    });
    const created = await sdk.send(new CreateEventCommand(input));
    expect(created.$metadata.httpStatusCode).toBe(201);
    const event = created.event;
    expect(event?.eventId).toMatch(/^[0-9]+#[a-f0-9]+$/);
    expect(event).toMatchObject({
      memoryId: MEMORY_ID,
      actorId: input.actorId,
      sessionId: input.sessionId,
      eventTimestamp: T0,
      payload: input.payload,
      metadata: input.metadata,
    });
    const got = await sdk.send(
      new GetEventCommand({
        memoryId: ARN,
        actorId: input.actorId,
        sessionId: 'session-1',
        eventId: event?.eventId,
      }),
    );
    expect(got.event).toEqual(event);
    expect(store.counts(ARN)).toEqual({ events: 1, records: 0 });
  });

  it('writes twice when two sends carry no clientToken, once when they share one', async () => {
    const { client, store } = world();
    const sdk = client();
    await sdk.send(new CreateEventCommand(eventInput()));
    await sdk.send(new CreateEventCommand(eventInput()));
    expect(store.counts(ARN).events).toBe(2);
    const first = await sdk.send(new CreateEventCommand(eventInput({ clientToken: 'write-1' })));
    const retry = await sdk.send(new CreateEventCommand(eventInput({ clientToken: 'write-1' })));
    expect(retry.event?.eventId).toBe(first.event?.eventId);
    expect(store.counts(ARN).events).toBe(3);
  });

  it('lists events newest first, without payloads on request, by branch and by metadata', async () => {
    const { client } = world();
    const sdk = client();
    const at = (s: number) => new Date(T0.getTime() + s * 1000);
    const root = await sdk.send(new CreateEventCommand(eventInput({ eventTimestamp: at(0) })));
    await sdk.send(
      new CreateEventCommand(eventInput({ eventTimestamp: at(1), metadata: { tag: { stringValue: 'x' } } })),
    );
    await sdk.send(
      new CreateEventCommand(
        eventInput({ eventTimestamp: at(2), branch: { name: 'alt', rootEventId: root.event?.eventId } }),
      ),
    );
    const ids = async (extra: Partial<ConstructorParameters<typeof ListEventsCommand>[0]>) =>
      (
        await sdk.send(
          new ListEventsCommand({
            memoryId: ARN,
            actorId: 'tenant-1:user/42',
            sessionId: 'session-1',
            ...extra,
          }),
        )
      ).events?.map((e) => e.eventTimestamp?.getTime());
    expect(await ids({})).toEqual([at(2), at(1), at(0)].map((d) => d.getTime()));
    expect(await ids({ filter: { branch: { name: 'main' } } })).toEqual(
      [at(1), at(0)].map((d) => d.getTime()),
    );
    expect(await ids({ filter: { branch: { name: 'alt' } } })).toEqual([at(2).getTime()]);
    expect(await ids({ filter: { branch: { name: 'alt', includeParentBranches: true } } })).toEqual(
      [at(2), at(0)].map((d) => d.getTime()),
    );
    expect(
      await ids({
        filter: {
          eventMetadata: [
            {
              left: { metadataKey: 'tag' },
              operator: 'EQUALS_TO',
              right: { metadataValue: { stringValue: 'x' } },
            },
          ],
        },
      }),
    ).toEqual([at(1).getTime()]);
    const bare = await sdk.send(
      new ListEventsCommand({
        memoryId: ARN,
        actorId: 'tenant-1:user/42',
        sessionId: 'session-1',
        includePayloads: false,
      }),
    );
    expect(bare.events?.every((e) => e.payload?.length === 0)).toBe(true);
  });

  it('refuses a branch rooted in another session', async () => {
    const { client } = world();
    const sdk = client();
    const other = await sdk.send(new CreateEventCommand(eventInput({ sessionId: 'session-2' })));
    const error = await rejection(
      sdk.send(
        new CreateEventCommand(eventInput({ branch: { name: 'alt', rootEventId: other.event?.eventId } })),
      ),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).reason).toBe('EventInOtherSession');
  });

  it('pages through events with the SDK paginator', async () => {
    const { client } = world();
    const sdk = client();
    for (let i = 0; i < 7; i++) {
      await sdk.send(new CreateEventCommand(eventInput({ eventTimestamp: new Date(T0.getTime() + i) })));
    }
    const pages: number[] = [];
    const paginator = paginateListEvents(
      { client: sdk, pageSize: 3 },
      { memoryId: ARN, actorId: 'tenant-1:user/42', sessionId: 'session-1' },
    );
    for await (const page of paginator) pages.push(page.events?.length ?? 0);
    expect(pages).toEqual([3, 3, 1]);
  });

  it('deletes an event; the session outlives it unless HAS_EVENTS is asked', async () => {
    const { client } = world();
    const sdk = client();
    const created = await sdk.send(new CreateEventCommand(eventInput()));
    await sdk.send(new CreateEventCommand(eventInput({ sessionId: 'session-2' })));
    const address = {
      memoryId: ARN,
      actorId: 'tenant-1:user/42',
      sessionId: 'session-1',
      eventId: created.event?.eventId,
    };
    const deleted = await sdk.send(new DeleteEventCommand(address));
    expect(deleted.eventId).toBe(created.event?.eventId);
    expect(await rejection(sdk.send(new GetEventCommand(address)))).toBeInstanceOf(ResourceNotFoundException);

    const actors = await sdk.send(new ListActorsCommand({ memoryId: ARN }));
    expect(actors.actorSummaries).toEqual([{ actorId: 'tenant-1:user/42' }]);
    const sessions = async (filter?: { eventFilter: 'HAS_EVENTS' }) =>
      (
        await sdk.send(
          new ListSessionsCommand({
            memoryId: ARN,
            actorId: 'tenant-1:user/42',
            ...(filter ? { filter } : {}),
          }),
        )
      ).sessionSummaries?.map((s) => s.sessionId);
    expect((await sessions())?.sort()).toEqual(['session-1', 'session-2']);
    expect(await sessions({ eventFilter: 'HAS_EVENTS' })).toEqual(['session-2']);
    const summary = (await sdk.send(new ListSessionsCommand({ memoryId: ARN, actorId: 'tenant-1:user/42' })))
      .sessionSummaries?.[0];
    expect(summary?.createdAt).toBeInstanceOf(Date);
  });

  it('throttles the sixth conversational event of a second in one session with ThrottledException', async () => {
    // A stopped clock: no token refills while the six requests run.
    const now = Date.now();
    const { client } = world({ now: () => now });
    const sdk = client();
    for (let i = 0; i < 5; i++) await sdk.send(new CreateEventCommand(eventInput()));
    const error = await rejection(sdk.send(new CreateEventCommand(eventInput())));
    expect(error).toBeInstanceOf(ThrottledException);
    expect((error as ThrottledException).$metadata.httpStatusCode).toBe(429);
  });

  it('answers a bare memory id from another account with ResourceNotFoundException, the full ARN with data', async () => {
    const { client } = world();
    const fromB = client(B);
    const error = await rejection(fromB.send(new ListActorsCommand({ memoryId: MEMORY_ID })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    const ok = await fromB.send(new ListActorsCommand({ memoryId: ARN }));
    expect(ok.actorSummaries).toEqual([]);
  });

  it('reports validation failures as ValidationException with the field', async () => {
    const { client } = world();
    const error = await rejection(
      client().send(new CreateEventCommand(eventInput({ sessionId: 'bad session' }))),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).reason).toBe('FieldValidationFailed');
    expect((error as ValidationException).fieldList?.[0]?.name).toBe('sessionId');
  });
});

describe('memory records through the SDK', () => {
  async function seeded() {
    const w = world();
    const sdk = w.client();
    const created = await sdk.send(
      new BatchCreateMemoryRecordsCommand({
        memoryId: ARN,
        records: [
          {
            requestIdentifier: 'morning',
            namespaces: ['preferences/user-1'],
            content: { text: 'User prefers morning meeting times before 10 AM' },
            timestamp: new Date(T0.getTime() + 1000),
            metadata: { source: { stringValue: 'chat' }, weight: { numberValue: 3 } },
          },
          {
            requestIdentifier: 'coffee',
            namespaces: ['preferences/user-1'],
            content: { text: 'User drinks coffee in the morning' },
            timestamp: new Date(T0.getTime() + 2000),
            metadata: { weight: { numberValue: 1 } },
          },
          {
            requestIdentifier: 'fact',
            namespaces: ['facts/user-1'],
            content: { text: 'User lives in Lisbon' },
            timestamp: T0,
            memoryStrategyId: 'facts-xyz',
          },
          {
            requestIdentifier: 'team',
            namespaces: ['preferences/user-1/team'],
            content: { text: 'Team standup is at 9 AM' },
            timestamp: T0,
          },
        ],
      }),
    );
    const ids = Object.fromEntries(
      (created.successfulRecords ?? []).map((r) => [r.requestIdentifier ?? '', r.memoryRecordId ?? '']),
    );
    return { ...w, sdk, created, ids };
  }

  it('creates records, reporting each item; an unknown strategy fails that item only', async () => {
    const { created, store } = await seeded();
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.successfulRecords?.map((r) => [r.requestIdentifier, r.status])).toEqual([
      ['morning', 'SUCCEEDED'],
      ['coffee', 'SUCCEEDED'],
      ['team', 'SUCCEEDED'],
    ]);
    expect(
      created.successfulRecords?.every((r) => /^mem-[a-zA-Z0-9_-]{36,46}$/.test(r.memoryRecordId ?? '')),
    ).toBe(true);
    expect(created.failedRecords).toEqual([
      {
        requestIdentifier: 'fact',
        status: 'FAILED',
        errorCode: 400,
        errorMessage: `Memory strategy facts-xyz does not exist in memory ${MEMORY_ID}.`,
      },
    ]);
    expect(store.counts(ARN).records).toBe(3);
  });

  it('reads a record back, attributed to the strategy whose template matches', async () => {
    const { sdk, ids } = await seeded();
    const got = await sdk.send(new GetMemoryRecordCommand({ memoryId: ARN, memoryRecordId: ids['morning'] }));
    expect(got.memoryRecord).toEqual({
      memoryRecordId: ids['morning'],
      content: { text: 'User prefers morning meeting times before 10 AM' },
      memoryStrategyId: 'preferences-abc',
      namespaces: ['preferences/user-1'],
      createdAt: new Date(T0.getTime() + 1000),
      metadata: { source: { stringValue: 'chat' }, weight: { numberValue: 3 } },
    });
    const elsewhere = await rejection(
      sdk.send(
        new GetMemoryRecordCommand({
          memoryId: ARN,
          memoryRecordId: ids['morning'],
          namespace: 'facts/user-1',
        }),
      ),
    );
    expect(elsewhere).toBeInstanceOf(ResourceNotFoundException);
  });

  it('lists by namespace prefix, by namespace path, by strategy and by metadata', async () => {
    const { sdk, ids } = await seeded();
    const list = async (input: Omit<ConstructorParameters<typeof ListMemoryRecordsCommand>[0], 'memoryId'>) =>
      (await sdk.send(new ListMemoryRecordsCommand({ memoryId: ARN, ...input }))).memoryRecordSummaries?.map(
        (r) => r.memoryRecordId,
      );
    expect(await list({ namespace: 'preferences/' })).toEqual([ids['coffee'], ids['morning'], ids['team']]);
    expect(await list({ namespace: 'preferences/user-1/team' })).toEqual([ids['team']]);
    expect(await list({ namespacePath: 'preferences/user-1' })).toEqual([
      ids['coffee'],
      ids['morning'],
      ids['team'],
    ]);
    expect(await list({ namespacePath: 'preferences/user' })).toEqual([]);
    expect(await list({ namespace: 'p', memoryStrategyId: 'preferences-abc' })).toEqual([
      ids['coffee'],
      ids['morning'],
    ]);
    expect(
      await list({
        namespace: 'preferences',
        metadataFilters: [
          {
            left: { metadataKey: 'weight' },
            operator: 'GREATER_THAN',
            right: { metadataValue: { numberValue: 2 } },
          },
        ],
      }),
    ).toEqual([ids['morning']]);
  });

  it('retrieves by term overlap within the namespace, best first, with scores and topK', async () => {
    const { sdk, ids } = await seeded();
    const retrieve = async (searchQuery: string, topK?: number) =>
      (
        await sdk.send(
          new RetrieveMemoryRecordsCommand({
            memoryId: ARN,
            namespace: 'preferences/user-1',
            searchCriteria: { searchQuery, ...(topK === undefined ? {} : { topK }) },
          }),
        )
      ).memoryRecordSummaries?.map((r) => [r.memoryRecordId, r.score]);
    expect(await retrieve('morning meeting preferences')).toEqual([
      [ids['morning'], 2 / 3],
      [ids['coffee'], 1 / 3],
    ]);
    expect(await retrieve('morning', 1)).toEqual([[ids['coffee'], 1]]);
    expect(await retrieve('Lisbon')).toEqual([]);
  });

  it('updates records item by item; a missing record fails with 404', async () => {
    const { sdk, ids } = await seeded();
    const missing = `mem-${'f'.repeat(36)}`;
    const updated = await sdk.send(
      new BatchUpdateMemoryRecordsCommand({
        memoryId: ARN,
        records: [
          { memoryRecordId: ids['coffee'], timestamp: new Date(), content: { text: 'User switched to tea' } },
          { memoryRecordId: missing, timestamp: new Date() },
        ],
      }),
    );
    expect(updated.successfulRecords).toEqual([{ memoryRecordId: ids['coffee'], status: 'SUCCEEDED' }]);
    expect(updated.failedRecords).toMatchObject([
      { memoryRecordId: missing, status: 'FAILED', errorCode: 404 },
    ]);
    const got = await sdk.send(new GetMemoryRecordCommand({ memoryId: ARN, memoryRecordId: ids['coffee'] }));
    expect(got.memoryRecord?.content).toEqual({ text: 'User switched to tea' });
    expect(got.memoryRecord?.createdAt).toEqual(new Date(T0.getTime() + 2000));
  });

  it('deletes one record and a batch, reporting the records it could not find', async () => {
    const { sdk, ids, store } = await seeded();
    const deleted = await sdk.send(
      new DeleteMemoryRecordCommand({ memoryId: ARN, memoryRecordId: ids['team'] }),
    );
    expect(deleted.memoryRecordId).toBe(ids['team']);
    const batch = await sdk.send(
      new BatchDeleteMemoryRecordsCommand({
        memoryId: ARN,
        records: [{ memoryRecordId: ids['coffee'] }, { memoryRecordId: ids['team'] }],
      }),
    );
    expect(batch.successfulRecords).toEqual([{ memoryRecordId: ids['coffee'], status: 'SUCCEEDED' }]);
    expect(batch.failedRecords).toMatchObject([
      { memoryRecordId: ids['team'], status: 'FAILED', errorCode: 404 },
    ]);
    expect(store.counts(ARN).records).toBe(1);
  });
});

describe('extraction jobs through the SDK', () => {
  it('lists the failed jobs, restarts one, and forgets it', async () => {
    const { client, store } = world();
    const sdk = client();
    const jobId = store.seedFailedExtractionJob(ARN, {
      actorId: 'user-1',
      sessionId: 'session-1',
      messages: [{ eventId: '1#ab', messageIndex: 0 }],
    });
    const all = await sdk.send(new ListMemoryExtractionJobsCommand({ memoryId: ARN }));
    expect(all.jobs?.map((j) => j.jobID)).toEqual([jobId, 'seeded-failed-job-1']);
    const mine = await sdk.send(
      new ListMemoryExtractionJobsCommand({ memoryId: ARN, filter: { actorId: 'user-1' } }),
    );
    expect(mine.jobs).toEqual([
      {
        jobID: jobId,
        messages: { messagesList: [{ eventId: '1#ab', messageIndex: 0 }] },
        status: 'FAILED',
        actorId: 'user-1',
        sessionId: 'session-1',
      },
    ]);
    const started = await sdk.send(
      new StartMemoryExtractionJobCommand({ memoryId: ARN, extractionJob: { jobId } }),
    );
    expect(started.jobId).toBe(jobId);
    const after = await sdk.send(new ListMemoryExtractionJobsCommand({ memoryId: ARN }));
    expect(after.jobs?.map((j) => j.jobID)).toEqual(['seeded-failed-job-1']);
    const again = await rejection(
      sdk.send(new StartMemoryExtractionJobCommand({ memoryId: ARN, extractionJob: { jobId } })),
    );
    expect(again).toBeInstanceOf(ResourceNotFoundException);
  });
});
