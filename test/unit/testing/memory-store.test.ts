import { describe, expect, it } from 'vitest';
import type { ContextValue } from '../../../src/policy/evaluate/types.js';
import { EmulatorHttpError, type EmulatorResponse } from '../../../src/testing/http-error.js';
import {
  MEMORY_OPERATIONS,
  type MemorySpec,
  MemoryStore,
  type MemoryStoreOptions,
} from '../../../src/testing/memory/index.js';
import { handleMemoryRequest, operationOf } from '../../../src/testing/routes.js';
import { ACCOUNT_A, ACCOUNT_B, MEMORY_ARN, MEMORY_ID, REGION } from '../../fixtures/arns.js';

const A = ACCOUNT_A;
const B = ACCOUNT_B;
const ARN = MEMORY_ARN;
const BASE = `/memories/${encodeURIComponent(ARN)}`;
const T0 = 1_700_000_000_000;

interface WireEvent {
  eventId: string;
  actorId: string;
  sessionId: string;
  eventTimestamp: number;
  payload: unknown[];
}

interface Authorization {
  action: string;
  arn: string;
  context: Record<string, ContextValue> | undefined;
}

interface Call {
  method?: string;
  path: string;
  body?: unknown;
  query?: Record<string, string>;
  caller?: string;
  region?: string;
  deny?: boolean;
}

/** Pacing is off unless `options` are given: most tests write several events at one instant. */
function harness(options: MemoryStoreOptions = { createEventRate: false }, spec: Partial<MemorySpec> = {}) {
  let clock = T0;
  const store = new MemoryStore([{ memoryId: MEMORY_ID, accountId: A, region: REGION, ...spec }], {
    now: () => clock,
    ...options,
  });
  const authorizations: Authorization[] = [];
  async function call(c: Call): Promise<EmulatorResponse> {
    const response = handleMemoryRequest(store, {
      method: c.method ?? 'POST',
      rawPath: c.path,
      query: new URLSearchParams(c.query ?? {}),
      body: c.body,
      callerAccountId: c.caller ?? A,
      region: c.region ?? REGION,
      authorize(action, arn, context) {
        authorizations.push({ action, arn, context });
        if (c.deny) throw new EmulatorHttpError(403, 'AccessDeniedException', `denied ${action}`);
      },
    });
    if (response === undefined) throw new Error(`not a memory route: ${c.method ?? 'POST'} ${c.path}`);
    return response;
  }
  async function fail(c: Call): Promise<EmulatorHttpError> {
    try {
      await call(c);
    } catch (error) {
      if (error instanceof EmulatorHttpError) return error;
      throw error;
    }
    throw new Error(`expected ${c.path} to fail`);
  }
  return {
    store,
    call,
    fail,
    authorizations,
    advance(ms: number) {
      clock += ms;
    },
  };
}

function event(overrides: Record<string, unknown> = {}) {
  return {
    actorId: 'user-1',
    sessionId: 'session-1',
    eventTimestamp: T0 / 1000,
    payload: [{ conversational: { content: { text: 'hello' }, role: 'USER' } }],
    ...overrides,
  };
}

function record(overrides: Record<string, unknown> = {}) {
  return {
    requestIdentifier: 'r1',
    namespaces: ['preferences/user-1'],
    content: { text: 'User prefers morning meetings' },
    timestamp: T0 / 1000,
    ...overrides,
  };
}

const RECORD_ID = `mem-${'0'.repeat(36)}`;

describe('memory routes of the route table', () => {
  const rows: Array<[string, string, string, string | undefined]> = [
    ['create event', 'POST', `${BASE}/events`, 'CreateEvent'],
    ['get event', 'GET', `${BASE}/actor/u/sessions/s/events/1%23ab`, 'GetEvent'],
    ['delete event', 'DELETE', `${BASE}/actor/u/sessions/s/events/1%23ab`, 'DeleteEvent'],
    ['list events', 'POST', `${BASE}/actor/u/sessions/s`, 'ListEvents'],
    ['list actors', 'POST', `${BASE}/actors`, 'ListActors'],
    ['list sessions', 'POST', `${BASE}/actor/u/sessions`, 'ListSessions'],
    ['get record', 'GET', `${BASE}/memoryRecord/mem-1`, 'GetMemoryRecord'],
    ['list records', 'POST', `${BASE}/memoryRecords`, 'ListMemoryRecords'],
    ['retrieve', 'POST', `${BASE}/retrieve`, 'RetrieveMemoryRecords'],
    ['delete record', 'DELETE', `${BASE}/memoryRecords/mem-1`, 'DeleteMemoryRecord'],
    ['batch create', 'POST', `${BASE}/memoryRecords/batchCreate`, 'BatchCreateMemoryRecords'],
    ['batch update', 'POST', `${BASE}/memoryRecords/batchUpdate`, 'BatchUpdateMemoryRecords'],
    ['batch delete', 'POST', `${BASE}/memoryRecords/batchDelete`, 'BatchDeleteMemoryRecords'],
    ['list extraction jobs', 'POST', `${BASE}/extractionJobs`, 'ListMemoryExtractionJobs'],
    ['start extraction job', 'POST', `${BASE}/extractionJobs/start`, 'StartMemoryExtractionJob'],
    ['bare memory id', 'POST', `/memories/${MEMORY_ID}/events`, 'CreateEvent'],
    ['lower-case method', 'post', `${BASE}/actors`, 'ListActors'],
    ['ingest data', 'POST', `${BASE}/ingest`, 'IngestData'],
    ['wrong method', 'GET', `${BASE}/events`, undefined],
    ['unknown sub-path', 'POST', `${BASE}/nothing`, undefined],
    ['trailing slash', 'POST', `${BASE}/events/`, undefined],
    ["no memory id is the control plane's ListMemories", 'POST', '/memories/', 'ListMemories'],
    ['no memory id, no trailing slash', 'POST', '/memories', undefined],
    ['a runtime path is another row', 'POST', '/runtimes/x/invocations', 'InvokeAgentRuntime'],
    ['malformed escape', 'POST', '/memories/%E0%A4%A/events', undefined],
  ];
  it.each(rows)('%s', (_name, method, path, expected) => {
    expect(operationOf(method, path)).toBe(expected);
  });

  it('covers every memory data-plane operation (the 15 and IngestData)', () => {
    const memoryOperations: readonly (string | undefined)[] = MEMORY_OPERATIONS;
    const routed = new Set(rows.map((row) => row[3]).filter((op) => memoryOperations.includes(op)));
    expect([...routed].sort()).toEqual([...MEMORY_OPERATIONS].sort());
  });

  it('answers undefined synchronously for a path that is not a memory route', () => {
    const { store } = harness();
    const response = handleMemoryRequest(store, {
      method: 'POST',
      rawPath: `${BASE}/nothing`,
      query: new URLSearchParams(),
      body: {},
      callerAccountId: A,
      region: REGION,
      authorize: () => {},
    });
    expect(response).toBeUndefined();
  });
});

describe('memory id resolution', () => {
  const rows: Array<{
    name: string;
    path: string;
    caller: string;
    region?: string;
    expect: number | string;
  }> = [
    { name: 'owner with a bare id', path: `/memories/${MEMORY_ID}/actors`, caller: A, expect: 200 },
    { name: 'owner with the full ARN', path: `${BASE}/actors`, caller: A, expect: 200 },
    { name: 'another account with the full ARN', path: `${BASE}/actors`, caller: B, expect: 200 },
    {
      name: 'another account with a bare id: resolves in its own account (memory-id-not-arn)',
      path: `/memories/${MEMORY_ID}/actors`,
      caller: B,
      expect: 'ResourceNotFoundException',
    },
    {
      name: 'ARN of another region',
      path: `${BASE}/actors`,
      caller: A,
      region: 'us-east-1',
      expect: 'ResourceNotFoundException',
    },
    {
      name: 'unknown memory',
      path: `/memories/${encodeURIComponent(ARN.replace('abcdefghij', 'zzzzzzzzzz'))}/actors`,
      caller: A,
      expect: 'ResourceNotFoundException',
    },
    {
      name: 'runtime ARN in place of a memory',
      path: `/memories/${encodeURIComponent(`arn:aws:bedrock-agentcore:${REGION}:${A}:runtime/agent-abcdefghij`)}/actors`,
      caller: A,
      expect: 'ValidationException',
    },
    {
      name: 'malformed bare id',
      path: '/memories/not_a_memory/actors',
      caller: A,
      expect: 'ValidationException',
    },
    {
      name: 'malformed ARN',
      path: `/memories/${encodeURIComponent('arn:aws:nope')}/actors`,
      caller: A,
      expect: 'ValidationException',
    },
  ];
  it.each(rows)('$name', async (row) => {
    const h = harness();
    const c = {
      path: row.path,
      caller: row.caller,
      ...(row.region === undefined ? {} : { region: row.region }),
    };
    if (typeof row.expect === 'number') expect((await h.call(c)).status).toBe(row.expect);
    else expect((await h.fail(c)).type).toBe(row.expect);
  });

  it('authorizes a bare id against the ARN in the caller account', async () => {
    const h = harness();
    await h.fail({ path: `/memories/${MEMORY_ID}/actors`, caller: B });
    expect(h.authorizations).toEqual([
      {
        action: 'bedrock-agentcore:ListActors',
        arn: `arn:aws:bedrock-agentcore:${REGION}:${B}:memory/${MEMORY_ID}`,
        context: {},
      },
    ]);
  });
});

describe('authorization', () => {
  const rows: Array<{ name: string; call: Call; action: string; context: Record<string, ContextValue> }> = [
    {
      name: 'CreateEvent sets actorId and sessionId',
      call: { path: `${BASE}/events`, body: event() },
      action: 'CreateEvent',
      context: { 'bedrock-agentcore:actorId': 'user-1', 'bedrock-agentcore:sessionId': 'session-1' },
    },
    {
      name: 'ListEvents sets the path actorId and sessionId',
      call: { path: `${BASE}/actor/a%2Fb/sessions/s-2`, body: {} },
      action: 'ListEvents',
      context: { 'bedrock-agentcore:actorId': 'a/b', 'bedrock-agentcore:sessionId': 's-2' },
    },
    {
      name: 'GetEvent sets the path actorId and sessionId',
      call: { method: 'GET', path: `${BASE}/actor/u/sessions/s/events/1%23ab` },
      action: 'GetEvent',
      context: { 'bedrock-agentcore:actorId': 'u', 'bedrock-agentcore:sessionId': 's' },
    },
    {
      name: 'ListSessions sets actorId',
      call: { path: `${BASE}/actor/u/sessions`, body: {} },
      action: 'ListSessions',
      context: { 'bedrock-agentcore:actorId': 'u' },
    },
    {
      name: 'ListActors sets no key',
      call: { path: `${BASE}/actors`, body: {} },
      action: 'ListActors',
      context: {},
    },
    {
      name: 'RetrieveMemoryRecords sets namespace and strategyId',
      call: {
        path: `${BASE}/retrieve`,
        body: {
          namespace: 'preferences/u',
          searchCriteria: { searchQuery: 'q', memoryStrategyId: 'pref-1' },
        },
      },
      action: 'RetrieveMemoryRecords',
      context: { 'bedrock-agentcore:namespace': 'preferences/u', 'bedrock-agentcore:strategyId': 'pref-1' },
    },
    {
      name: 'ListMemoryRecords with namespacePath sets namespace',
      call: { path: `${BASE}/memoryRecords`, body: { namespacePath: 'preferences' } },
      action: 'ListMemoryRecords',
      context: { 'bedrock-agentcore:namespace': 'preferences' },
    },
    {
      name: 'BatchCreateMemoryRecords sets the distinct namespaces of its records',
      call: {
        path: `${BASE}/memoryRecords/batchCreate`,
        body: {
          records: [
            record(),
            record({ requestIdentifier: 'r2' }),
            record({ requestIdentifier: 'r3', namespaces: ['facts/u'] }),
          ],
        },
      },
      action: 'BatchCreateMemoryRecords',
      context: { 'bedrock-agentcore:namespace': ['preferences/user-1', 'facts/u'] },
    },
    {
      name: 'GetMemoryRecord sets the namespace query parameter',
      call: { method: 'GET', path: `${BASE}/memoryRecord/${RECORD_ID}`, query: { namespace: 'facts/u' } },
      action: 'GetMemoryRecord',
      context: { 'bedrock-agentcore:namespace': 'facts/u' },
    },
    {
      name: 'StartMemoryExtractionJob sets no key',
      call: {
        path: `${BASE}/extractionJobs/start`,
        body: { extractionJob: { jobId: 'seeded-failed-job-1' } },
      },
      action: 'StartMemoryExtractionJob',
      context: {},
    },
  ];
  it.each(rows)('$name', async (row) => {
    const h = harness();
    await h.call(row.call).catch(() => undefined);
    expect(h.authorizations).toEqual([
      { action: `bedrock-agentcore:${row.action}`, arn: ARN, context: row.context },
    ]);
  });

  it('writes nothing when authorization fails', async () => {
    const h = harness();
    const error = await h.fail({ path: `${BASE}/events`, body: event(), deny: true });
    expect(error.type).toBe('AccessDeniedException');
    expect(h.store.counts(ARN)).toEqual({ events: 0, records: 0 });
  });

  it('validates the input before authorizing', async () => {
    const h = harness();
    const error = await h.fail({ path: `${BASE}/events`, body: event({ actorId: '' }), deny: true });
    expect(error.type).toBe('ValidationException');
    expect(h.authorizations).toEqual([]);
  });
});

describe('validation', () => {
  const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
  const rows: Array<{ name: string; call: Call; message: string | RegExp; reason?: string }> = [
    {
      name: 'actorId missing',
      call: { path: `${BASE}/events`, body: event({ actorId: undefined }) },
      message: "at 'actorId'",
    },
    {
      name: 'actorId with a space',
      call: { path: `${BASE}/events`, body: event({ actorId: 'a b' }) },
      message: 'regular expression pattern',
    },
    {
      name: 'actorId longer than 255',
      call: { path: `${BASE}/events`, body: event({ actorId: 'a'.repeat(256) }) },
      message: 'less than or equal to 255',
    },
    {
      name: 'actorId ending with a colon',
      call: { path: `${BASE}/events`, body: event({ actorId: 'tenant:' }) },
      message: 'regular expression pattern',
    },
    {
      name: 'sessionId missing',
      call: { path: `${BASE}/events`, body: event({ sessionId: undefined }) },
      message: "Value null at 'sessionId'",
    },
    {
      name: 'sessionId with a slash',
      call: { path: `${BASE}/events`, body: event({ sessionId: 'a/b' }) },
      message: "at 'sessionId'",
    },
    {
      name: 'sessionId longer than 100',
      call: { path: `${BASE}/events`, body: event({ sessionId: 's'.repeat(101) }) },
      message: 'less than or equal to 100',
    },
    {
      name: 'eventTimestamp missing',
      call: { path: `${BASE}/events`, body: event({ eventTimestamp: undefined }) },
      message: "Value null at 'eventTimestamp'",
    },
    {
      name: 'eventTimestamp not a number',
      call: { path: `${BASE}/events`, body: event({ eventTimestamp: 'yesterday' }) },
      message: "at 'eventTimestamp'",
    },
    {
      name: 'payload missing',
      call: { path: `${BASE}/events`, body: event({ payload: undefined }) },
      message: "Value null at 'payload'",
    },
    {
      name: 'more than 100 payload items',
      call: { path: `${BASE}/events`, body: event({ payload: many(101, () => ({ blob: 1 })) }) },
      message: 'less than or equal to 100',
    },
    {
      name: 'payload item with two members',
      call: { path: `${BASE}/events`, body: event({ payload: [{ blob: 1, json: { content: 1 } }] }) },
      message: "at 'payload.1.member'",
    },
    {
      name: 'conversational role outside the enum',
      call: {
        path: `${BASE}/events`,
        body: event({ payload: [{ conversational: { content: { text: 'x' }, role: 'SYSTEM' } }] }),
      },
      message: 'enum value set: [ASSISTANT, USER, TOOL, OTHER]',
    },
    {
      name: 'conversational text redacted from the message',
      call: {
        path: `${BASE}/events`,
        body: event({
          payload: [{ conversational: { content: { text: 'secret'.repeat(20_000) }, role: 'USER' } }],
        }),
      },
      message: "Value '*** Sensitive Data Redacted ***' at 'payload.1.member.conversational.content.text'",
    },
    {
      name: 'more than 15 event metadata entries',
      call: {
        path: `${BASE}/events`,
        body: event({
          metadata: Object.fromEntries(many(16, (i) => [`k${i}`, { stringValue: 'v' }] as const)),
        }),
      },
      message: 'between 0 and 15 entries',
    },
    {
      name: 'branch rootEventId malformed',
      call: { path: `${BASE}/events`, body: event({ branch: { name: 'alt', rootEventId: 'nope' } }) },
      message: "at 'branch.rootEventId'",
    },
    {
      name: 'body that is not an object',
      call: { path: `${BASE}/events`, body: [1, 2] },
      message: 'must be a JSON object',
      reason: 'CannotParse',
    },
    {
      name: 'maxResults 0',
      call: { path: `${BASE}/actors`, body: { maxResults: 0 } },
      message: 'greater than or equal to 1',
    },
    {
      name: 'maxResults 101',
      call: { path: `${BASE}/actors`, body: { maxResults: 101 } },
      message: 'less than or equal to 100',
    },
    {
      name: 'extraction jobs maxResults 51',
      call: { path: `${BASE}/extractionJobs`, body: { maxResults: 51 } },
      message: 'less than or equal to 50',
    },
    {
      name: 'nextToken that is not ours',
      call: { path: `${BASE}/actors`, body: { nextToken: 'garbage' } },
      message: 'Invalid nextToken',
    },
    {
      name: 'more than 100 records in a batch create',
      call: {
        path: `${BASE}/memoryRecords/batchCreate`,
        body: { records: many(101, (i) => record({ requestIdentifier: `r${i}` })) },
      },
      message: 'less than or equal to 100',
    },
    {
      name: 'more than 100 records in a batch delete',
      call: {
        path: `${BASE}/memoryRecords/batchDelete`,
        body: { records: many(101, () => ({ memoryRecordId: RECORD_ID })) },
      },
      message: 'less than or equal to 100',
    },
    {
      name: 'two namespaces on one record',
      call: {
        path: `${BASE}/memoryRecords/batchCreate`,
        body: { records: [record({ namespaces: ['a', 'b'] })] },
      },
      message: "at 'records.1.member.namespaces'",
    },
    {
      name: 'requestIdentifier with a dot',
      call: {
        path: `${BASE}/memoryRecords/batchCreate`,
        body: { records: [record({ requestIdentifier: 'a.b' })] },
      },
      message: "at 'records.1.member.requestIdentifier'",
    },
    {
      name: 'record text over 16,000 characters',
      call: {
        path: `${BASE}/memoryRecords/batchCreate`,
        body: { records: [record({ content: { text: 'x'.repeat(16_001) } })] },
      },
      message: 'less than or equal to 16000',
    },
    {
      name: 'record id too short',
      call: { method: 'GET', path: `${BASE}/memoryRecord/mem-1` },
      message: "at 'memoryRecordId'",
    },
    {
      name: 'batch update without timestamp',
      call: { path: `${BASE}/memoryRecords/batchUpdate`, body: { records: [{ memoryRecordId: RECORD_ID }] } },
      message: "Value null at 'records.1.member.timestamp'",
    },
    {
      name: 'retrieve without namespace or namespacePath',
      call: { path: `${BASE}/retrieve`, body: { searchCriteria: { searchQuery: 'q' } } },
      message: 'Either namespace or namespacePath is required.',
    },
    {
      name: 'retrieve with an empty query',
      call: { path: `${BASE}/retrieve`, body: { namespace: 'n', searchCriteria: { searchQuery: '' } } },
      message: "at 'searchCriteria.searchQuery'",
    },
    {
      name: 'retrieve with topK 0',
      call: {
        path: `${BASE}/retrieve`,
        body: { namespace: 'n', searchCriteria: { searchQuery: 'q', topK: 0 } },
      },
      message: "at 'searchCriteria.topK'",
    },
    {
      name: 'metadata filter without right operand',
      call: {
        path: `${BASE}/memoryRecords`,
        body: { namespace: 'n', metadataFilters: [{ left: { metadataKey: 'k' }, operator: 'EQUALS_TO' }] },
      },
      message: 'must not be null for operator EQUALS_TO',
    },
    {
      name: 'six metadata filters',
      call: {
        path: `${BASE}/memoryRecords`,
        body: {
          namespace: 'n',
          metadataFilters: many(6, () => ({ left: { metadataKey: 'k' }, operator: 'EXISTS' })),
        },
      },
      message: 'less than or equal to 5',
    },
    {
      name: 'session filter outside the enum',
      call: { path: `${BASE}/actor/u/sessions`, body: { filter: { eventFilter: 'NO_EVENTS' } } },
      message: 'enum value set: [HAS_EVENTS]',
    },
  ];
  it.each(rows)('$name', async (row) => {
    const h = harness();
    const error = await h.fail(row.call);
    expect(error.status).toBe(400);
    expect(error.type).toBe('ValidationException');
    expect(error.fields['reason']).toBe(row.reason ?? 'FieldValidationFailed');
    if (typeof row.message === 'string') expect(error.message).toContain(row.message);
    else expect(error.message).toMatch(row.message);
  });

  it('never echoes a sensitive value', async () => {
    const h = harness();
    const error = await h.fail({
      path: `${BASE}/retrieve`,
      body: { namespace: 'n', searchCriteria: { searchQuery: 'top-secret-'.repeat(1000) } },
    });
    expect(error.message).not.toContain('top-secret');
  });

  // Long runs of the repeated class then a bad character make naive patterns backtrack: a regression
  // would hang this test into its timeout.
  it.each([
    ['a run then a bad character', `${'a'.repeat(254)}!`],
    ['colon groups then a bad character', `${'a:'.repeat(127)}!`],
    ['a megabyte', 'a'.repeat(1_000_000)],
  ])('rejects a hostile actor id: %s', async (_name, actorId) => {
    const h = harness();
    expect((await h.fail({ path: `${BASE}/events`, body: event({ actorId }) })).type).toBe(
      'ValidationException',
    );
  });
});

describe('CreateEvent idempotency', () => {
  it('returns the original event for a repeated clientToken and writes once', async () => {
    const h = harness();
    const first = await h.call({ path: `${BASE}/events`, body: event({ clientToken: 'token-1' }) });
    const second = await h.call({ path: `${BASE}/events`, body: event({ clientToken: 'token-1' }) });
    expect(second).toEqual(first);
    expect(first.status).toBe(201);
    expect(h.store.counts(ARN).events).toBe(1);
  });

  it('writes again for a new clientToken', async () => {
    const h = harness();
    await h.call({ path: `${BASE}/events`, body: event({ clientToken: 'token-1' }) });
    await h.call({ path: `${BASE}/events`, body: event({ clientToken: 'token-2' }) });
    expect(h.store.counts(ARN).events).toBe(2);
  });

  it('refuses a repeated clientToken with other parameters', async () => {
    const h = harness();
    await h.call({ path: `${BASE}/events`, body: event({ clientToken: 'token-1' }) });
    const error = await h.fail({
      path: `${BASE}/events`,
      body: event({ clientToken: 'token-1', sessionId: 'other' }),
    });
    expect(error.type).toBe('ValidationException');
    expect(error.fields['reason']).toBe('IdempotentParameterMismatchException');
    expect(h.store.counts(ARN).events).toBe(1);
  });

  it('replays a BatchCreateMemoryRecords answer with the same record ids', async () => {
    const h = harness();
    const body = { records: [record(), record({ requestIdentifier: 'r2' })], clientToken: 'batch-1' };
    const first = await h.call({ path: `${BASE}/memoryRecords/batchCreate`, body });
    const second = await h.call({ path: `${BASE}/memoryRecords/batchCreate`, body });
    expect(second).toEqual(first);
    expect(h.store.counts(ARN).records).toBe(2);
  });

  it('does not share tokens between memories', async () => {
    const store = new MemoryStore(
      [
        { memoryId: MEMORY_ID, accountId: A, region: REGION },
        { memoryId: 'other_memory-abcdefghij', accountId: A, region: REGION },
      ],
      { createEventRate: false },
    );
    const send = (memoryId: string) =>
      handleMemoryRequest(store, {
        method: 'POST',
        rawPath: `/memories/${memoryId}/events`,
        query: new URLSearchParams(),
        body: event({ clientToken: 'same' }),
        callerAccountId: A,
        region: REGION,
        authorize: () => {},
      });
    await send(MEMORY_ID);
    await send('other_memory-abcdefghij');
    expect(store.memoryArns().map((arn) => store.counts(arn).events)).toEqual([1, 1]);
  });
});

describe('CreateEvent pacing', () => {
  const conversational = event();
  const blobOnly = event({ payload: [{ blob: { state: 1 } }] });

  it('allows 5 conversational events per second per actor and session by default (the quotas page)', async () => {
    const h = harness({});
    const outcomes: Array<number | string> = [];
    // A second's worth at once (burst 5), then one every 200 ms.
    for (const step of [0, 0, 0, 0, 0, 0, 199, 1, 0]) {
      h.advance(step);
      outcomes.push(
        await h.call({ path: `${BASE}/events`, body: conversational }).then(
          (r) => r.status,
          (e: EmulatorHttpError) => `${e.status} ${e.type}: ${e.message}`,
        ),
      );
    }
    const throttled = '429 ThrottledException: Rate exceeded.';
    expect(outcomes).toEqual([201, 201, 201, 201, 201, throttled, throttled, 201, throttled]);
    expect(h.store.counts(ARN).events).toBe(6);
  });

  it('allows 200 CreateEvent requests per second per account by default, across sessions', async () => {
    const h = harness({});
    const statuses: number[] = [];
    for (let i = 0; i < 201; i++) {
      const body = event({ actorId: `user-${i}` });
      statuses.push(
        await h.call({ path: `${BASE}/events`, body }).then(
          (r) => r.status,
          (e: EmulatorHttpError) => e.status,
        ),
      );
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(200);
    expect(statuses.at(-1)).toBe(429);
    h.advance(5);
    const after = await h.call({ path: `${BASE}/events`, body: event({ actorId: 'user-late' }) });
    expect(after.status).toBe(201);
  });

  const rows: Array<{ name: string; options: MemoryStoreOptions; bodies: unknown[]; statuses: number[] }> = [
    {
      name: 'another session has its own quota',
      options: { createEventRate: { perSecond: 0.25, burst: 1 } },
      bodies: [conversational, event({ sessionId: 'session-2' }), conversational],
      statuses: [201, 201, 429],
    },
    {
      name: 'another actor has its own quota',
      options: { createEventRate: { perSecond: 0.25, burst: 1 } },
      bodies: [conversational, event({ actorId: 'user-2' }), conversational],
      statuses: [201, 201, 429],
    },
    {
      name: 'events without a conversational item use the 10/s quota',
      options: { createEventRate: { perSecond: 0.25, burst: 1 } },
      bodies: [conversational, ...Array.from({ length: 11 }, () => blobOnly)],
      statuses: [201, ...Array.from({ length: 10 }, () => 201), 429],
    },
    {
      name: 'a configured burst',
      options: { createEventRate: { perSecond: 1, burst: 3 } },
      bodies: [conversational, conversational, conversational, conversational],
      statuses: [201, 201, 201, 429],
    },
    {
      name: 'pacing disabled',
      options: { createEventRate: false },
      bodies: Array.from({ length: 20 }, () => conversational),
      statuses: Array.from({ length: 20 }, () => 201),
    },
    {
      name: 'a session over its quota takes nothing from the account quota',
      options: {
        createEventRate: { perSecond: 0.25, burst: 1 },
        createEventRatePerAccount: { perSecond: 0.25, burst: 2 },
      },
      bodies: [
        conversational,
        conversational,
        event({ sessionId: 'session-2' }),
        event({ sessionId: 'session-3' }),
      ],
      statuses: [201, 429, 201, 429],
    },
    {
      name: 'account pacing disabled',
      options: { createEventRate: false, createEventRatePerAccount: false },
      bodies: Array.from({ length: 250 }, (_, i) => event({ actorId: `user-${i}` })),
      statuses: Array.from({ length: 250 }, () => 201),
    },
    {
      name: 'a replayed clientToken is answered, not throttled',
      options: { createEventRate: { perSecond: 0.25, burst: 1 } },
      bodies: [event({ clientToken: 't' }), event({ clientToken: 't' })],
      statuses: [201, 201],
    },
  ];
  it.each(rows)('$name', async (row) => {
    const h = harness(row.options);
    const statuses: number[] = [];
    for (const body of row.bodies) {
      statuses.push(
        await h.call({ path: `${BASE}/events`, body }).then(
          (r) => r.status,
          (e: EmulatorHttpError) => e.status,
        ),
      );
    }
    expect(statuses).toEqual(row.statuses);
  });

  it('refuses a rate that cannot refill', () => {
    expect(() => new MemoryStore([], { createEventRate: { perSecond: 0, burst: 1 } })).toThrow(
      /memory.createEventRate is not a rate/,
    );
  });
});

describe('pagination', () => {
  async function seeded(count: number) {
    const h = harness();
    for (let i = 0; i < count; i++) {
      await h.call({ path: `${BASE}/events`, body: event({ eventTimestamp: T0 / 1000 + i }) });
    }
    return h;
  }

  async function pages(h: ReturnType<typeof harness>, body: Record<string, unknown>) {
    const sizes: number[] = [];
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const response = await h.call({
        path: `${BASE}/actor/user-1/sessions/session-1`,
        body: { ...body, ...(nextToken === undefined ? {} : { nextToken }) },
      });
      const page = response.body as { events: WireEvent[]; nextToken?: string };
      sizes.push(page.events.length);
      ids.push(...page.events.map((e) => e.eventId));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return { sizes, ids };
  }

  const rows: Array<{ name: string; count: number; maxResults?: number; sizes: number[] }> = [
    { name: 'default page size is 20', count: 45, sizes: [20, 20, 5] },
    { name: 'exact multiple ends without an empty page', count: 20, maxResults: 10, sizes: [10, 10] },
    { name: 'maxResults 100', count: 45, maxResults: 100, sizes: [45] },
    { name: 'empty list', count: 0, sizes: [0] },
  ];
  it.each(rows)('$name', async (row) => {
    const h = await seeded(row.count);
    const { sizes, ids } = await pages(h, row.maxResults === undefined ? {} : { maxResults: row.maxResults });
    expect(sizes).toEqual(row.sizes);
    expect(new Set(ids).size).toBe(row.count);
  });

  it('serves events newest first across pages', async () => {
    const h = await seeded(5);
    const { ids } = await pages(h, { maxResults: 2 });
    const stamps = ids.map((id) => Number(id.split('#')[0]));
    expect(stamps).toEqual([...stamps].sort((x, y) => y - x));
  });

  it('is not shifted by a deletion between pages', async () => {
    const h = await seeded(6);
    const first = (await h.call({ path: `${BASE}/actor/user-1/sessions/session-1`, body: { maxResults: 3 } }))
      .body as {
      events: WireEvent[];
      nextToken: string;
    };
    const [deleted] = first.events;
    await h.call({
      method: 'DELETE',
      path: `${BASE}/actor/user-1/sessions/session-1/events/${encodeURIComponent(deleted?.eventId ?? '')}`,
    });
    const second = (
      await h.call({
        path: `${BASE}/actor/user-1/sessions/session-1`,
        body: { maxResults: 3, nextToken: first.nextToken },
      })
    ).body as { events: WireEvent[]; nextToken?: string };
    expect(second.events).toHaveLength(3);
    expect(second.nextToken).toBeUndefined();
    expect(second.events.map((e) => e.eventId)).not.toContain(first.events[2]?.eventId);
  });

  it('refuses a token of another list', async () => {
    const h = await seeded(3);
    const page = (await h.call({ path: `${BASE}/actor/user-1/sessions/session-1`, body: { maxResults: 1 } }))
      .body as {
      nextToken: string;
    };
    const error = await h.fail({
      path: `${BASE}/actor/user-1/sessions/other-session`,
      body: { maxResults: 1, nextToken: page.nextToken },
    });
    expect(error.type).toBe('ValidationException');
    const changedFilter = await h.fail({
      path: `${BASE}/actor/user-1/sessions/session-1`,
      body: { maxResults: 1, nextToken: page.nextToken, filter: { branch: { name: 'main' } } },
    });
    expect(changedFilter.type).toBe('ValidationException');
  });
});

describe('MemoryStore', () => {
  it('lists the ARNs it serves', () => {
    expect(harness().store.memoryArns()).toEqual([ARN]);
  });

  it('refuses counts of a memory it does not serve', () => {
    expect(() => harness().store.counts(ARN.replace(A, B))).toThrow(/serves no memory/);
  });

  it('refuses a memory declared twice', () => {
    const spec = { memoryId: MEMORY_ID, accountId: A, region: REGION };
    expect(() => new MemoryStore([spec, spec])).toThrow(/declared twice/);
  });

  it('refuses an invalid memory id', () => {
    expect(() => new MemoryStore([{ memoryId: 'bad id', accountId: A, region: REGION }])).toThrow();
  });
});

describe('strategy attribution of created records', () => {
  const strategies = [
    { strategyId: 'facts-1', namespaces: ['/users/{actorId}/facts'] },
    { strategyId: 'summary-1', namespaces: ['summaries/{actorId}/{sessionId}'] },
  ];
  const rows: Array<{
    name: string;
    item: Record<string, unknown>;
    strategy: string | undefined;
    failed?: boolean;
  }> = [
    { name: 'template with a leading slash', item: { namespaces: ['users/u1/facts'] }, strategy: 'facts-1' },
    {
      name: 'namespace with a leading slash',
      item: { namespaces: ['/users/u1/facts'] },
      strategy: 'facts-1',
    },
    { name: 'two placeholders', item: { namespaces: ['summaries/u1/s1'] }, strategy: 'summary-1' },
    {
      name: 'a placeholder spans one segment only',
      item: { namespaces: ['users/u1/x/facts'] },
      strategy: undefined,
    },
    { name: 'no template matches', item: { namespaces: ['other/u1'] }, strategy: undefined },
    { name: 'strategy given and declared', item: { memoryStrategyId: 'summary-1' }, strategy: 'summary-1' },
    {
      name: 'strategy given, not declared',
      item: { memoryStrategyId: 'nope-1' },
      strategy: undefined,
      failed: true,
    },
  ];
  it.each(rows)('$name', async (row) => {
    const h = harness({ createEventRate: false }, { strategies });
    const created = (
      await h.call({ path: `${BASE}/memoryRecords/batchCreate`, body: { records: [record(row.item)] } })
    ).body as { successfulRecords: Array<{ memoryRecordId: string }>; failedRecords: unknown[] };
    expect(created.failedRecords).toHaveLength(row.failed ? 1 : 0);
    if (row.failed) return;
    const id = created.successfulRecords[0]?.memoryRecordId ?? '';
    const got = (await h.call({ method: 'GET', path: `${BASE}/memoryRecord/${id}` })).body as {
      memoryRecord: { memoryStrategyId?: string };
    };
    expect(got.memoryRecord.memoryStrategyId).toBe(row.strategy);
  });
});
