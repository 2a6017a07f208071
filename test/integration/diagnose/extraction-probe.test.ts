/**
 * The opt-in extraction probe (doctor's `memory-extraction-by-arn`) against the emulator's
 * emulated extraction, in both access patterns: a record appears (pass), the reported symptom
 * (events written by ARN are never extracted: nothing within the timeout), and extraction that
 * fails (a job); the probe cleans up after itself, and nothing runs unless asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type DoctorOptions, doctor } from '../../../src/diagnose/doctor.js';
import { probeExtractionByArn } from '../../../src/diagnose/extraction-probe.js';
import { isValidationError } from '../../../src/errors.js';
import type { MemorySpec } from '../../../src/testing/index.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, CALLER_ROLE_ARN, MEMORY_ARN, REGION } from '../../fixtures/arns.js';
import { PROBE_ACTIONS, PROBE_NAMESPACE } from '../../fixtures/extraction-probe.js';
import { clientOf, grant, PATTERNS } from '../client/access-patterns.js';
import { EXTERNAL_ID, INVOKER_ROLE_ARN } from '../client/setup.js';

function memoryWith(extraction: NonNullable<MemorySpec['extraction']>): MemorySpec {
  return {
    memoryId: 'shared_memory-abcdefghij',
    accountId: ACCOUNT_A,
    region: REGION,
    strategies: [{ strategyId: 'preferences-abcdefghij', namespaces: [PROBE_NAMESPACE] }],
    extraction,
  };
}

let emulator: LocalAgentCore | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe.each(PATTERNS)('probeExtractionByArn (%s)', (pattern) => {
  it.each([
    ['extraction runs: a record appears', { delayMs: 300 }, 'record'],
    ['the reported symptom: nothing is extracted from an event written by ARN', { byArn: 'skip' }, 'nothing'],
    ['extraction fails: a job appears', { byArn: 'fail', delayMs: 100 }, 'extraction-job'],
  ] as const)('%s', async (_name, extraction, outcome) => {
    emulator = await startLocalAgentCore({ memories: [memoryWith(extraction)] });
    await grant(emulator, pattern, [{ resourceArns: [MEMORY_ARN], actions: PROBE_ACTIONS }]);
    const client = clientOf(emulator, pattern);
    try {
      const result = await probeExtractionByArn(client, MEMORY_ARN, {
        namespace: PROBE_NAMESPACE,
        timeoutMs: 1_500,
        pollIntervalMs: 100,
      });
      expect(result.outcome).toBe(outcome);
      expect(result.namespace).toBe('/users/agentcore-xacct-doctor/preferences');
      expect(result.cleanedUp).toBe(true);
      if (outcome === 'nothing') expect(result.waitedMs).toBeGreaterThanOrEqual(1_500);
      else expect(result.waitedMs).toBeLessThan(1_500);
      if (outcome === 'record') expect(result.record?.namespaces).toEqual([result.namespace]);
      if (outcome === 'extraction-job') expect(result.job?.status).toBe('FAILED');
      // The event went through the full ARN, and the probe deleted it and the record it saw.
      const write = emulator.requests.find((r) => r.operation === 'CreateEvent');
      expect(write?.path).toContain(encodeURIComponent(MEMORY_ARN));
      expect(emulator.memory.counts(MEMORY_ARN)).toEqual({ events: 0, records: 0 });
    } finally {
      client.destroy();
    }
  });
});

describe('doctor with extractionProbe', () => {
  function options(extra: Partial<DoctorOptions>): DoctorOptions {
    return {
      memoryArn: MEMORY_ARN,
      caller: (emulator as LocalAgentCore).clientConfig(CALLER_ROLE_ARN),
      ...extra,
    };
  }

  it('reports the probe as the memory-extraction-by-arn check, as the assumed role too', async () => {
    emulator = await startLocalAgentCore({ memories: [memoryWith({ delayMs: 100 })] });
    await grant(emulator, 'assume-role', [{ resourceArns: [MEMORY_ARN], actions: PROBE_ACTIONS }]);
    const report = await doctor(
      options({
        roleArn: INVOKER_ROLE_ARN,
        externalId: EXTERNAL_ID,
        extractionProbe: { namespace: PROBE_NAMESPACE, timeoutMs: 1_500, pollIntervalMs: 100 },
      }),
    );
    const check = report.checks.find((c) => c.id === 'memory-extraction-by-arn');
    expect(check).toMatchObject({ status: 'pass' });
    expect(check?.reason).toMatch(/^extraction ran: record mem-/);
  });

  it('fails with the reported symptom and a fix when nothing is extracted', async () => {
    emulator = await startLocalAgentCore({ memories: [memoryWith({ byArn: 'skip' })] });
    await grant(emulator, 'resource-policy', [{ resourceArns: [MEMORY_ARN], actions: PROBE_ACTIONS }]);
    const report = await doctor(
      options({ extractionProbe: { namespace: PROBE_NAMESPACE, timeoutMs: 300, pollIntervalMs: 100 } }),
    );
    const check = report.checks.find((c) => c.id === 'memory-extraction-by-arn');
    expect(check?.status).toBe('fail');
    expect(check?.reason).toContain('aws/aws-sdk-java-v2 issue 7036');
    expect(check?.fix).toBeDefined();
  });

  it('runs only when asked, and refuses bad probe options before anything runs', async () => {
    emulator = await startLocalAgentCore();
    const report = await doctor(options({}));
    expect(report.checks.map((c) => c.id)).not.toContain('memory-extraction-by-arn');
    expect(emulator.requests.filter((r) => r.operation === 'CreateEvent')).toEqual([]);
    const error = await doctor(options({ extractionProbe: { namespace: '' } })).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as { field?: string }).field).toBe('extractionProbe.namespace');
  });
});
