// The soak scenario, shared by `npm run bench` (bench/soak.mjs, full size, the built package) and
// the test suite (test/integration/soak.test.ts, reduced, the sources): Account B's caller writes
// events and records into Account A's memory and invokes Account A's agent through the emulator,
// which throttles 10% of all requests, answers 2% with a 5xx, and drops 1% of the connections
// (half before the request ran, half after it ran, the answer lost). A careful caller on the
// library's defaults: every CreateEvent carries a client token and a timestamp of its own, and a call
// that still fails is re-submitted with both; a batch's failures are re-submitted with
// `resubmitFailedRecords`. The report says what was stored, how often, and what each fault did.

/**
 * @param {import('./soak.d.mts').SoakLibrary} lib
 * @param {import('./soak.d.mts').SoakOptions} options
 * @returns {Promise<import('./soak.d.mts').SoakReport>}
 */
export async function soak(lib, options) {
  const { events, pairs, records, invokes, seed = 20_261_122 } = options;
  const MEMORY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
  const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/counter-abcdefghij';
  const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
  const ADMIN = 'arn:aws:iam::111111111111:role/admin';

  // The agent counts how often it ran each invocation: more than once would be a re-sent invoke.
  const runs = new Map();
  const agent = (invocation) => {
    const { id } = JSON.parse(Buffer.from(invocation.payload).toString('utf8'));
    runs.set(id, (runs.get(id) ?? 0) + 1);
    return { contentType: 'application/json', body: JSON.stringify({ ran: id }) };
  };
  const emulator = await lib.startLocalAgentCore({
    seed,
    runtimes: [{ runtimeId: 'counter-abcdefghij', accountId: '111111111111', agent }],
    maxRecordedRequests: 1_000_000,
  });
  const admin = { clientConfig: emulator.clientConfig(ADMIN) };
  await lib.grantRuntimeAccess({ runtimeArn: RUNTIME, principals: [CALLER], ...admin });
  await lib.grantMemoryAccess({ memoryArn: MEMORY, writers: [CALLER], ...admin });
  emulator.setIdentityPolicy(
    CALLER,
    lib.callerIdentityPolicy({ runtimeArns: [RUNTIME], memoryArns: [MEMORY], memoryAccess: 'read-write' }),
  );
  const before = emulator.requests.length;
  const faulted = /^(CreateEvent|BatchCreateMemoryRecords|InvokeAgentRuntime)$/;
  emulator.setFaults([
    // Each operation meets every kind of fault at least once, however short the run; then the rates.
    ...['CreateEvent', 'BatchCreateMemoryRecords', 'InvokeAgentRuntime'].map((operation) => ({
      operation,
      script: ['ok', 'drop-after', 'ok', '5xx', 'ok', 'drop-before', 'ok', 'throttle'],
    })),
    { operation: faulted, kind: 'throttle', rate: 0.1 },
    { operation: faulted, kind: '5xx', rate: 0.02, status: 503 },
    { operation: faulted, kind: 'drop-before', rate: 0.005 },
    { operation: faulted, kind: 'drop-after', rate: 0.005 },
  ]);

  const { endpoint, credentials } = emulator.clientConfig(CALLER);
  // The library's defaults: 3 attempts, CreateEvent paced at the quotas, invokes never re-sent
  // once they may have reached the agent.
  const client = new lib.CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials },
    clientConfig: { endpoint },
  });
  const memory = client.memory(MEMORY);
  const started = performance.now();

  // Events: one client token per event, re-submitted under the same token while the call fails.
  let eventResubmissions = 0;
  const failedEvents = [];
  const writeEvent = async (i) => {
    const input = {
      actorId: `actor-${i % pairs}`,
      sessionId: `session-${i % pairs}`,
      clientToken: `event-${i}-${seed}`,
      // A re-submission under the token must resend the original parameters, the time included:
      // a default timestamp (now) would differ, and the token's first use would refuse it.
      eventTimestamp: new Date(),
      turns: [{ role: 'USER', text: `event ${i}` }],
    };
    for (let submission = 1; ; submission++) {
      try {
        return await memory.recordTurns(input);
      } catch (error) {
        if (submission === 4) {
          failedEvents.push({ event: i, clientToken: input.clientToken, error: String(error) });
          throw error;
        }
        eventResubmissions++;
      }
    }
  };

  // Records: the batch helper, then its failures re-submitted under their tokens.
  const writeRecords = async () => {
    let result = await memory.batchCreateMemoryRecords({
      records: Array.from({ length: records }, (_, i) => ({
        requestIdentifier: `rec-${i}`,
        content: { text: `record ${i}` },
        namespaces: [`soak/${i % 10}`],
      })),
    });
    const first = result;
    const rounds = [];
    for (let round = 0; round < 3 && result.failed.length > 0; round++) {
      rounds.push(result.failed.length);
      const again = await memory.resubmitFailedRecords({ failed: result.failed });
      // Map the re-submission's indexes (positions in `failed`) back to the original records.
      const failed = again.failed.map((f) => ({ ...f, index: result.failed[f.index].index }));
      const succeeded = [
        ...result.succeeded,
        ...again.succeeded.map((s) => ({ ...s, index: result.failed[s.index].index })),
      ];
      result = { succeeded, failed };
    }
    return { result, first, resubmittedRounds: rounds };
  };

  // Invokes: never re-sent by the library once they may have run; a failure is reported, not retried.
  const invoke = async (i) => {
    const response = await client.invoke({ runtimeArn: RUNTIME, payload: { id: `invoke-${i}` } });
    return response.json();
  };

  const settled = await Promise.allSettled([
    Promise.allSettled(Array.from({ length: events }, (_, i) => writeEvent(i))),
    writeRecords(),
    Promise.allSettled(Array.from({ length: invokes }, (_, i) => invoke(i))),
  ]);
  const seconds = (performance.now() - started) / 1000;
  const [eventOutcomes, recordOutcome, invokeOutcomes] = settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });

  // Exactly once: every event text appears once across the sessions.
  const texts = [];
  for (let pair = 0; pair < pairs; pair++) {
    for await (const event of memory.listEvents({
      actorId: `actor-${pair}`,
      sessionId: `session-${pair}`,
      includePayloads: true,
      maxResults: 100,
    })) {
      texts.push(event.payload?.[0]?.conversational?.content?.text ?? '');
    }
  }
  const counts = emulator.memory.counts(MEMORY);
  const served = emulator.requests.slice(before);
  const faults = {};
  for (const operation of ['CreateEvent', 'BatchCreateMemoryRecords', 'InvokeAgentRuntime']) {
    const mine = served.filter((r) => r.operation === operation);
    faults[operation] = { requests: mine.length };
    for (const kind of ['throttle', '5xx', 'drop-before', 'drop-after']) {
      faults[operation][kind] = mine.filter((r) => r.fault === kind).length;
    }
    faults[operation].quota = mine.filter((r) => r.status === 429 && r.fault === undefined).length;
  }
  const invokeFailures = invokeOutcomes
    .map((o, i) => ({ invoke: i, outcome: o }))
    .filter(({ outcome }) => outcome.status === 'rejected')
    .map(({ invoke, outcome }) => ({ invoke, error: outcome.reason?.name ?? String(outcome.reason) }));
  const ranTwice = [...runs.values()].filter((n) => n > 1).length;
  const { result, first, resubmittedRounds } = recordOutcome;
  client.destroy();
  await emulator.stop();
  return {
    seconds,
    events: {
      calls: events,
      resolved: eventOutcomes.filter((o) => o.status === 'fulfilled').length,
      failed: failedEvents,
      resubmissions: eventResubmissions,
      stored: counts.events,
      distinctTexts: new Set(texts).size,
      listed: texts.length,
    },
    records: {
      items: records,
      succeeded: result.succeeded.length,
      distinctIds: new Set(result.succeeded.map((s) => s.memoryRecordId)).size,
      failedFirst: first.failed.length,
      maybeWrittenFirst: first.failed.filter((f) => f.maybeWritten).length,
      resubmittedRounds,
      failed: result.failed.map((f) => ({
        index: f.index,
        requestIdentifier: f.requestIdentifier,
        code: f.error.code,
        maybeWritten: f.maybeWritten,
      })),
      stored: counts.records,
    },
    invokes: {
      calls: invokes,
      answered: invokeOutcomes.filter((o) => o.status === 'fulfilled').length,
      failed: invokeFailures,
      agentRuns: [...runs.values()].reduce((a, b) => a + b, 0),
      ranTwice,
    },
    faults,
  };
}
