#!/usr/bin/env node
// Soak under faults: 2,000 CreateEvent calls and 10,000 batch-created records through the memory
// handle, and 500 invokes, while the emulator throttles 10% of the requests, answers 2% with a
// 5xx and drops 1% of the connections (half before the request ran, half after it ran, the
// answer lost). The scenario is bench/lib/soak.mjs (the suite runs it reduced). Prints a markdown
// section and exits non-zero when anything was stored twice, lost, left unresolved or run twice.
// Run `npm run build` first (it imports ../dist).
import {
  CrossAccountAgentClient,
  callerIdentityPolicy,
  grantMemoryAccess,
  grantRuntimeAccess,
} from '../dist/index.js';
import { startLocalAgentCore } from '../dist/testing/index.js';
import { soak } from './lib/soak.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const size = { events: 2_000, pairs: 200, records: 10_000, invokes: 500 };
const r = await soak(
  {
    CrossAccountAgentClient,
    callerIdentityPolicy,
    grantMemoryAccess,
    grantRuntimeAccess,
    startLocalAgentCore,
  },
  size,
);

const n = (v) => v.toLocaleString('en-US');
const f = r.faults;
const row = (op) =>
  `| ${op} | ${n(f[op].requests)} | ${f[op].throttle} | ${f[op]['5xx']} | ${f[op]['drop-before']} | ${f[op]['drop-after']} | ${f[op].quota} |`;
const invokeErrors = {};
for (const { error } of r.invokes.failed) invokeErrors[error] = (invokeErrors[error] ?? 0) + 1;
const problems = [
  r.events.stored !== r.events.calls - r.events.failed.length && 'events stored ≠ events resolved',
  r.events.distinctTexts !== r.events.listed && 'an event stored twice',
  r.events.resolved + r.events.failed.length !== r.events.calls && 'an event call unresolved',
  r.records.stored !== r.records.succeeded && 'records stored ≠ records reported written',
  r.records.distinctIds !== r.records.succeeded && 'a record reported twice',
  r.records.succeeded + r.records.failed.length !== r.records.items && 'a record unreported',
  r.invokes.answered + r.invokes.failed.length !== r.invokes.calls && 'an invoke unresolved',
  r.invokes.ranTwice > 0 && 'an agent ran twice',
  r.invokes.agentRuns - r.invokes.answered !== f.InvokeAgentRuntime['drop-after'] &&
    'agent runs unaccounted for (runs − answers ≠ answers dropped)',
].filter(Boolean);

console.log(`## Soak: memory writes and invokes under faults

The emulator throttles 10% of the CreateEvent, BatchCreateMemoryRecords and InvokeAgentRuntime requests, answers 2% with a 503, drops 0.5% of the connections before the request runs and 0.5% after it ran (the answer lost). The caller uses the library's defaults (3 attempts, CreateEvent paced at the quotas, an invoke never re-sent once it may have reached the agent); it gives each event a client token and re-submits a failed event under it, and re-submits a batch's failures with \`resubmitFailedRecords\`. All calls run at once; ${r.seconds.toFixed(1)} s in all.

| operation | requests served | throttled | 5xx | dropped before | dropped after (answer lost) | over the quota |
|---|---:|---:|---:|---:|---:|---:|
${row('CreateEvent')}
${row('BatchCreateMemoryRecords')}
${row('InvokeAgentRuntime')}

| outcome | count |
|---|---:|
| CreateEvent calls | ${n(r.events.calls)} |
| resolved with the event | ${n(r.events.resolved)} |
| re-submitted under their client token after 3 failed attempts | ${r.events.resubmissions} |
| failed for good (reported with the event) | ${r.events.failed.length} |
| events stored (emulator) / distinct texts listed | ${n(r.events.stored)} / ${n(r.events.distinctTexts)} |
| records batch-created | ${n(r.records.items)} |
| failed after the helper's rounds (maybe written: answer lost) | ${r.records.failedFirst} (${r.records.maybeWrittenFirst}) |
| reported written, after re-submission / distinct record ids | ${n(r.records.succeeded)} / ${n(r.records.distinctIds)} |
| failed for good (reported with the item) | ${r.records.failed.length} |
| records stored (emulator) | ${n(r.records.stored)} |
| invokes | ${r.invokes.calls} |
| answered | ${r.invokes.answered} |
| failed, reported with the error (${
  Object.entries(invokeErrors)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none'
}) | ${r.invokes.failed.length} |
| agent runs / invocations run twice | ${r.invokes.agentRuns} / ${r.invokes.ranTwice} |

${problems.length === 0 ? `Every event and record is stored exactly once, every call resolved, every failure reported with its item, and no agent ran twice: an invoke that may have reached the agent (a dropped connection, a 5xx) is reported, not re-sent; throttled invokes were re-sent. The ${r.invokes.agentRuns - r.invokes.answered} agent runs without an answer are exactly the ${f.InvokeAgentRuntime['drop-after']} invokes whose answer the emulator dropped after the agent ran.` : `PROBLEMS: ${problems.join('; ')}`}`);
if (problems.length > 0) process.exitCode = 1;
