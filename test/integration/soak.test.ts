/**
 * The soak under faults, reduced (the full run is `npm run bench`, bench/soak.mjs): 10%
 * throttling, 2% 5xx, 1% dropped connections (before the request, and after the server ran it).
 * Every event and record stored exactly once, every call resolved, every failure reported with
 * its item, and no agent run twice.
 */
import { describe, expect, it } from 'vitest';
import { soak } from '../../bench/lib/soak.mjs';
import {
  CrossAccountAgentClient,
  callerIdentityPolicy,
  grantMemoryAccess,
  grantRuntimeAccess,
} from '../../src/index.js';
import { startLocalAgentCore } from '../../src/testing/index.js';

const lib = {
  CrossAccountAgentClient,
  callerIdentityPolicy,
  grantMemoryAccess,
  grantRuntimeAccess,
  startLocalAgentCore,
};

describe('soak under 10% throttling, 2% 5xx and 1% dropped connections (reduced)', () => {
  it('200 events and 1,000 records stored exactly once; 60 invokes, no agent run twice', async () => {
    const report = await soak(lib, { events: 200, pairs: 20, records: 1_000, invokes: 60 });

    // Events: every call resolved; stored once each (a duplicate would show as a second text).
    expect(report.events.resolved + report.events.failed.length).toBe(200);
    expect(report.events.failed).toEqual([]);
    expect(report.events.stored).toBe(200);
    expect(report.events.listed).toBe(200);
    expect(report.events.distinctTexts).toBe(200);

    // Records: every item written once, or reported with its item.
    expect(report.records.succeeded + report.records.failed.length).toBe(1_000);
    expect(report.records.failed).toEqual([]);
    expect(report.records.distinctIds).toBe(1_000);
    expect(report.records.stored).toBe(1_000);

    // Invokes: each answered or failed with its error; none ran twice, and every run without an
    // answer is one whose answer the emulator dropped after the agent ran.
    expect(report.invokes.answered + report.invokes.failed.length).toBe(60);
    expect(report.invokes.ranTwice).toBe(0);
    expect(report.invokes.agentRuns - report.invokes.answered).toBe(
      report.faults.InvokeAgentRuntime['drop-after'],
    );

    // Paced at the quotas: no CreateEvent met the emulator's own quota (a 429 no fault injected).
    expect(report.faults.CreateEvent.quota).toBe(0);
    // The faults happened, to every operation, lost answers included.
    for (const counts of Object.values(report.faults)) {
      expect(counts.throttle).toBeGreaterThan(0);
      expect(counts['5xx']).toBeGreaterThan(0);
      expect(counts['drop-before']).toBeGreaterThan(0);
      expect(counts['drop-after']).toBeGreaterThan(0);
    }
  }, 60_000);
});
