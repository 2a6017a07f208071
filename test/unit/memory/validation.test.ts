/**
 * Input validation before any request, the handle's construction (full ARN, region), and the
 * CreateEvent pacer on an injected clock.
 */
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { isInvalidArnError, isValidationError } from '../../../src/errors.js';
import { CrossAccountMemory, type MemoryTransport } from '../../../src/memory/memory.js';
import {
  CreateEventPacer,
  DEFAULT_CREATE_EVENT_RATES,
  Pacer,
  resolveCreateEventRates,
} from '../../../src/memory/pacing.js';
import { ACCOUNT_A, MEMORY_ARN, MEMORY_ID } from '../../fixtures/arns.js';
import { mockedClient } from './setup.js';

const mock = mockClient(BedrockAgentCoreClient);
const client = mockedClient();
const memory = client.memory(MEMORY_ARN);
afterAll(() => client.destroy());

const turn = [{ conversational: { role: 'USER' as const, content: { text: 'hi' } } }];
const ok = { actorId: 'user-42', sessionId: 's1', payload: turn };

const INVALID: Array<{ scenario: string; field: string; run: () => unknown }> = [
  { scenario: 'empty actorId', field: 'actorId', run: () => memory.createEvent({ ...ok, actorId: '' }) },
  {
    scenario: 'actorId with a space',
    field: 'actorId',
    run: () => memory.createEvent({ ...ok, actorId: 'a b' }),
  },
  {
    scenario: 'sessionId of 101 characters',
    field: 'sessionId',
    run: () => memory.createEvent({ ...ok, sessionId: 's'.repeat(101) }),
  },
  {
    scenario: 'sessionId starting with a dash',
    field: 'sessionId',
    run: () => memory.createEvent({ ...ok, sessionId: '-s' }),
  },
  {
    scenario: '16 metadata entries',
    field: 'metadata',
    run: () =>
      memory.createEvent({
        ...ok,
        metadata: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, { stringValue: 'v' }])),
      }),
  },
  {
    scenario: 'metadata value with a forbidden character',
    field: 'metadata.k.stringValue',
    run: () =>
      memory.recordTurns({
        actorId: 'a',
        sessionId: 's',
        turns: [{ role: 'USER', text: 'x' }],
        metadata: { k: 'a;b' },
      }),
  },
  {
    scenario: 'empty conversational text',
    field: 'payload[0].conversational.content.text',
    run: () => memory.recordTurns({ actorId: 'a', sessionId: 's', turns: [{ role: 'USER', text: '' }] }),
  },
  {
    scenario: 'branch name with a slash',
    field: 'branch.name',
    run: () => memory.createEvent({ ...ok, branch: { name: 'a/b' } }),
  },
  {
    scenario: 'malformed eventId',
    field: 'eventId',
    run: () => memory.getEvent({ actorId: 'a', sessionId: 's', eventId: 'nope' }),
  },
  {
    scenario: 'unresolved namespace template in retrieve',
    field: 'namespace',
    run: () => memory.retrieve({ namespace: '/users/{actorId}/prefs', query: 'q' }),
  },
  {
    scenario: 'retrieve without a namespace',
    field: 'namespace',
    run: () => memory.retrieve({ query: 'q' }),
  },
  {
    scenario: 'topK of 101',
    field: 'topK',
    run: () => memory.retrieve({ namespace: 'n', query: 'q', topK: 101 }),
  },
  {
    scenario: 'empty search query',
    field: 'searchCriteria.searchQuery',
    run: () => memory.retrieve({ namespace: 'n', query: '' }),
  },
  { scenario: 'maxResults of 0', field: 'maxResults', run: () => memory.listActors({ maxResults: 0 }) },
  {
    scenario: 'malformed memoryRecordId',
    field: 'memoryRecordId',
    run: () => memory.getMemoryRecord({ memoryRecordId: 'rec-1' }),
  },
  {
    scenario: 'record with two namespaces',
    field: 'records[0].namespaces',
    run: () =>
      memory.batchCreateMemoryRecords({ records: [{ content: { text: 'x' }, namespaces: ['a', 'b'] }] }),
  },
  {
    scenario: 'record text over 16,000 characters',
    field: 'records[0].content.text',
    run: () =>
      memory.batchCreateMemoryRecords({
        records: [{ content: { text: 'x'.repeat(16_001) }, namespaces: ['a'] }],
      }),
  },
  {
    scenario: 'record metadata list of 6 values',
    field: 'records[0].metadata.tags.stringListValue',
    run: () =>
      memory.batchCreateMemoryRecords({
        records: [
          {
            content: { text: 'x' },
            namespaces: ['a'],
            metadata: { tags: { stringListValue: ['a', 'b', 'c', 'd', 'e', 'f'] } },
          },
        ],
      }),
  },
  {
    scenario: 'record namespace template in a batch',
    field: 'records[0].namespaces[0]',
    run: () =>
      memory.batchCreateMemoryRecords({
        records: [{ content: { text: 'x' }, namespaces: ['/u/{actorId}'] }],
      }),
  },
  {
    scenario: 'batch concurrency of 0',
    field: 'concurrency',
    run: () => memory.batchDeleteMemoryRecords({ records: [], concurrency: 0 }),
  },
  {
    scenario: 'includePayloads as a string',
    field: 'includePayloads',
    run: () =>
      memory.listEvents({ actorId: 'u1', sessionId: 's1', includePayloads: 'yes' as unknown as boolean }),
  },
  {
    scenario: 'a BigInt deep in an event metadata value',
    field: 'metadata.channel.stringValue',
    run: () => memory.createEvent({ ...ok, metadata: { channel: { stringValue: 1n as unknown as string } } }),
  },
];

describe('invalid input is refused before any request', () => {
  it.each(INVALID)('$scenario', async ({ field, run }) => {
    const error = await Promise.resolve()
      .then(run)
      .catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect(error).toMatchObject({ field });
    expect(mock.calls()).toHaveLength(0);
  });

  it('a sensitive value is never echoed', async () => {
    const error = await Promise.resolve()
      .then(() =>
        memory.recordTurns({
          actorId: 'a',
          sessionId: 's',
          turns: [{ role: 'USER', text: 'x'.repeat(100_001) }],
        }),
      )
      .catch((e: unknown) => e);
    expect((error as Error).message).not.toContain('xxxxxxxxxx');
  });
});

describe('client.memory()', () => {
  it.each([
    { scenario: 'bare id without owner', run: () => client.memory(MEMORY_ID) },
    {
      scenario: 'bare id with account but no region',
      run: () => client.memory(MEMORY_ID, { accountId: ACCOUNT_A }),
    },
  ])('$scenario throws memory-id-not-arn', ({ run }) => {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(isInvalidArnError(error)).toBe(true);
    expect(error).toMatchObject({ findingCode: 'memory-id-not-arn' });
  });

  it('targets the region of the ARN, even when the client forces another for bare ids', async () => {
    const calls: string[] = [];
    const transport: MemoryTransport = {
      call: async (_send, options) => {
        calls.push(options.region);
        return { jobId: 'j' } as never;
      },
    };
    const arn = MEMORY_ARN.replace('eu-west-1', 'us-east-1');
    const handle = new CrossAccountMemory(transport, arn);
    await handle.startMemoryExtractionJob({ extractionJob: { jobId: 'j' } });
    expect(calls).toEqual(['us-east-1']);
    const forced = new CrossAccountAgentClient({ region: 'eu-west-1' });
    expect(forced.memory(arn).region).toBe('us-east-1');
    expect(forced.memory(MEMORY_ID, { accountId: ACCOUNT_A }).arn).toBe(MEMORY_ARN);
  });

  it('refuses an invalid pacing rate', () => {
    expect(() => client.memory(MEMORY_ARN, { createEventRate: { perSecond: 0, burst: 1 } })).toThrow(
      /createEventRate/,
    );
  });
});

describe('Pacer', () => {
  function fakeClock() {
    let now = 0;
    const sleeps: number[] = [];
    return {
      sleeps,
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    };
  }

  it('lets the burst through, then spaces one key at its rate', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ perSecond: 0.25, burst: 1 }, clock);
    await Promise.all([pacer.take('a'), pacer.take('a'), pacer.take('a')]);
    expect(clock.sleeps).toEqual([4000, 4000]);
  });

  it('spaces one key from the moment its previous request settled, not from its dispatch', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ perSecond: 0.25, burst: 1 }, clock);
    // The first request spends 3 s in flight (a socket queue, a slow answer).
    const slow = pacer.run('a', () => clock.sleep(3000));
    const next = pacer.run('a', async () => clock.now());
    await slow;
    // Paced from dispatch, the second would wait 1 s more; from completion it waits a full 4 s.
    expect(await next).toBe(7000);
    expect(clock.sleeps).toEqual([3000, 4000]);
  });

  it('a failed request releases its key, and the refill restarts when it failed', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ perSecond: 1, burst: 1 }, clock);
    await expect(pacer.run('a', () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    await pacer.run('a', async () => undefined);
    expect(clock.sleeps).toEqual([1000]);
  });

  it('keys do not wait for each other', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ perSecond: 0.25, burst: 1 }, clock);
    await Promise.all(['a', 'b', 'c'].map((k) => pacer.take(k)));
    expect(clock.sleeps).toEqual([]);
  });

  it('forgets idle keys once many have gathered', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ perSecond: 1, burst: 1 }, clock);
    for (let i = 0; i < 1100; i++) await pacer.take(`k${i}`);
    expect(pacer.size).toBeGreaterThan(1000);
    await clock.sleep(1000);
    await pacer.take('new');
    expect(pacer.size).toBeLessThan(100);
  });

  it('an aborted waiter does not hold up the line', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ perSecond: 1, burst: 1 }, clock);
    await pacer.take('a');
    const aborted = AbortSignal.abort(new Error('stop'));
    await expect(pacer.take('a', aborted)).rejects.toThrow('stop');
    await pacer.take('a');
    expect(clock.sleeps).toEqual([1000]);
  });
});

describe('CreateEvent rates', () => {
  it("default to AgentCore's quotas: 5/s and 10/s per actor and session, 200/s per account", () => {
    expect(resolveCreateEventRates(undefined)).toEqual({
      conversational: { perSecond: 5, burst: 1 },
      withoutConversational: { perSecond: 10, burst: 1 },
      perAccount: { perSecond: 200, burst: 1 },
    });
  });

  const rows: Array<{
    name: string;
    option: Parameters<typeof resolveCreateEventRates>[0];
    expected: unknown;
  }> = [
    { name: 'false turns pacing off', option: false, expected: false },
    {
      name: 'one rate sets both per-session lanes',
      option: { perSecond: 20, burst: 2 },
      expected: {
        ...DEFAULT_CREATE_EVENT_RATES,
        conversational: { perSecond: 20, burst: 2 },
        withoutConversational: { perSecond: 20, burst: 2 },
      },
    },
    {
      name: 'the rates one by one, over the defaults',
      option: { withoutConversational: { perSecond: 50, burst: 1 }, perAccount: false },
      expected: {
        conversational: DEFAULT_CREATE_EVENT_RATES.conversational,
        withoutConversational: { perSecond: 50, burst: 1 },
        perAccount: false,
      },
    },
  ];
  it.each(rows)('$name', ({ option, expected }) => {
    expect(resolveCreateEventRates(option)).toEqual(expected);
  });

  const invalid: Array<{ option: unknown; field: string }> = [
    { option: { perSecond: 0, burst: 1 }, field: 'createEventRate' },
    { option: { perSecond: 5 }, field: 'createEventRate' },
    {
      option: { conversational: { perSecond: Number.NaN, burst: 1 } },
      field: 'createEventRate.conversational',
    },
    { option: { perAccount: { perSecond: 200, burst: 0 } }, field: 'createEventRate.perAccount' },
    { option: 5, field: 'createEventRate' },
  ];
  it.each(invalid)('refuses $option naming $field', ({ option, field }) => {
    let error: unknown;
    try {
      resolveCreateEventRates(option as false);
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error) && error.field).toBe(field);
  });

  it('paces each payload kind in its own lane, and every request through the account line', async () => {
    // Fake timers drive the pacer's own clock (performance.now) and sleeps (setTimeout).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const pacer = new CreateEventPacer(DEFAULT_CREATE_EVENT_RATES);
      const sent: Array<[string, number]> = [];
      const send = (label: string) => () => {
        sent.push([label, performance.now()]);
        return Promise.resolve();
      };
      const lane = (conversational: boolean, sessionId = 's1') => ({
        actorId: 'u1',
        sessionId,
        conversational,
      });
      const all = Promise.all([
        pacer.run(lane(true), send('turn 1')),
        pacer.run(lane(true), send('turn 2')),
        pacer.run(lane(false), send('blob 1')),
        pacer.run(lane(false), send('blob 2')),
        pacer.run(lane(true, 's2'), send('other session')),
      ]);
      await vi.runAllTimersAsync();
      await all;
      const at = Object.fromEntries(sent) as Record<string, number>;
      const t = (label: string) => at[label] as number;
      // Lanes: 200 ms between two turns, 100 ms between two blobs; another session does not
      // wait for them. The account line spaces departures 5 ms apart (200/s, one at a time).
      expect(t('turn 2') - t('turn 1')).toBeGreaterThanOrEqual(200);
      expect(t('blob 2') - t('blob 1')).toBeGreaterThanOrEqual(100);
      expect(t('blob 2') - t('blob 1')).toBeLessThan(120);
      expect(t('other session')).toBeLessThan(20);
      const departures = sent.map(([, time]) => time).sort((a, b) => a - b);
      for (let i = 1; i < departures.length; i++) {
        expect((departures[i] as number) - (departures[i - 1] as number)).toBeGreaterThanOrEqual(5);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});
