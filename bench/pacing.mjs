#!/usr/bin/env node
// Benchmark of CreateEvent pacing: a chat service records each turn of a conversation as one
// event, and the next turn follows at once. How long does the second turn wait, and does a burst
// of turns meet the quota? The memory handle at its default pacing (AgentCore's quotas: 5/s per
// actor and session with conversational payloads), at the old default (0.25/s), and the plain
// AWS SDK v3 client (no pacing), against the emulator at its default quotas, in the same run.
// Prints a markdown section. Run `npm run build` first (it imports ../dist).
import { performance } from 'node:perf_hooks';
import { BedrockAgentCoreClient, CreateEventCommand } from '@aws-sdk/client-bedrock-agentcore';
import { CrossAccountAgentClient, callerIdentityPolicy, grantMemoryAccess } from '../dist/index.js';
import { startLocalAgentCore } from '../dist/testing/index.js';

const MEMORY_ARN = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const ADMIN = 'arn:aws:iam::111111111111:role/admin';
const SESSIONS = 5;
const BURST = 20;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const emulator = await startLocalAgentCore({ maxRecordedRequests: 10_000 });
await grantMemoryAccess({
  memoryArn: MEMORY_ARN,
  writers: [CALLER],
  clientConfig: emulator.clientConfig(ADMIN),
});
emulator.setIdentityPolicy(
  CALLER,
  callerIdentityPolicy({ memoryArns: [MEMORY_ARN], memoryAccess: 'read-write' }),
);
const { endpoint, credentials } = emulator.clientConfig(CALLER);
const client = new CrossAccountAgentClient({
  access: { mode: 'resource-policy', credentials },
  clientConfig: { endpoint },
});
const sdk = new BedrockAgentCoreClient({ ...emulator.clientConfig(CALLER), maxAttempts: 1 });

const turn = (text) => [{ role: 'USER', text }];
const ways = [
  {
    name: '`client.memory(arn)` (default pacing: the quotas)',
    write: (() => {
      const memory = client.memory(MEMORY_ARN);
      return (actorId, sessionId, text) => memory.recordTurns({ actorId, sessionId, turns: turn(text) });
    })(),
  },
  {
    name: '`client.memory(arn, { createEventRate: { perSecond: 0.25, burst: 1 } })` (the old default)',
    // Its burst would take 20 × 4 s: measured for the second turn only.
    noBurst: true,
    write: (() => {
      const memory = client.memory(MEMORY_ARN, { createEventRate: { perSecond: 0.25, burst: 1 } });
      return (actorId, sessionId, text) => memory.recordTurns({ actorId, sessionId, turns: turn(text) });
    })(),
  },
  {
    name: 'plain SDK `CreateEventCommand` (no pacing, no retries)',
    write: (actorId, sessionId, text) =>
      sdk.send(
        new CreateEventCommand({
          memoryId: MEMORY_ARN,
          actorId,
          sessionId,
          eventTimestamp: new Date(),
          payload: [{ conversational: { role: 'USER', content: { text } } }],
        }),
      ),
  },
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const rows = [];
for (const [w, way] of ways.entries()) {
  // Second turn: SESSIONS conversations side by side, each posting turn 2 as soon as turn 1 is stored.
  const waits = await Promise.all(
    Array.from({ length: SESSIONS }, async (_, s) => {
      const actor = `user-${w}-${s}`;
      await way.write(actor, `chat-${w}-${s}`, 'Hello');
      const t0 = performance.now();
      await way.write(actor, `chat-${w}-${s}`, 'And one more thing');
      return performance.now() - t0;
    }),
  );
  if (way.noBurst) {
    rows.push({ name: way.name, second: median(waits) });
    continue;
  }
  // A burst: BURST turns of one session posted at once.
  const before = emulator.requests.length;
  const t0 = performance.now();
  const settled = await Promise.allSettled(
    Array.from({ length: BURST }, (_, i) => way.write(`burst-${w}`, `burst-${w}`, `turn ${i}`)),
  );
  const seconds = (performance.now() - t0) / 1000;
  const stored = settled.filter((s) => s.status === 'fulfilled').length;
  const throttled = emulator.requests.slice(before).filter((r) => r.status === 429).length;
  rows.push({ name: way.name, second: median(waits), seconds, stored, throttled });
}
client.destroy();
sdk.destroy();
await emulator.stop();

const ms = (v) => `${v.toFixed(0)} ms`;
const base = rows[2].second;
console.log(`## Memory: CreateEvent pacing, a chat's next turn

A chat service records each turn as one event and posts the next turn as soon as the previous one is stored. Emulator at its default quotas (5 CreateEvent/s per actor and session with conversational payloads, a second's worth at once; 200/s per account). "Second turn" is the median, over ${SESSIONS} conversations side by side, of the time from posting turn 2 to its answer; "burst" posts ${BURST} turns of one session at once.

| way | second turn | vs plain SDK | burst: stored | burst: throttled by the quota | burst: seconds |
|---|---:|---:|---:|---:|---:|
${rows
  .map(
    (r) =>
      `| ${r.name} | ${ms(r.second)} | ${(r.second / base).toFixed(0)}× | ${r.stored === undefined ? 'not run' : `${r.stored} of ${BURST}`} | ${r.throttled ?? ''} | ${r.seconds?.toFixed(1) ?? ''} |`,
  )
  .join('\n')}

At its default the handle's second turn goes out ${(rows[1].second / rows[0].second).toFixed(0)}× sooner than at the old 0.25/s default (${ms(rows[0].second)} against ${ms(rows[1].second)}), and a burst queues at the quota instead of meeting it. The plain SDK answers the second turn at once but loses ${BURST - rows[2].stored} of the ${BURST} burst turns to ThrottledException.`);
