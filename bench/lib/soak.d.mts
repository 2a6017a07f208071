// Types of the soak scenario (soak.mjs), for the test suite that runs it on the sources.
import type {
  CrossAccountAgentClient,
  callerIdentityPolicy,
  grantMemoryAccess,
  grantRuntimeAccess,
} from '../../src/index.js';
import type { startLocalAgentCore } from '../../src/testing/index.js';

/** The library the scenario runs on: the built package or the sources. */
export interface SoakLibrary {
  CrossAccountAgentClient: typeof CrossAccountAgentClient;
  callerIdentityPolicy: typeof callerIdentityPolicy;
  grantMemoryAccess: typeof grantMemoryAccess;
  grantRuntimeAccess: typeof grantRuntimeAccess;
  startLocalAgentCore: typeof startLocalAgentCore;
}

export interface SoakOptions {
  /** CreateEvent calls, spread over `pairs` actor/session pairs. */
  events: number;
  pairs: number;
  /** Records batch-created. */
  records: number;
  invokes: number;
  /** Seed of the emulator's fault generator. */
  seed?: number;
}

export interface FaultCounts {
  requests: number;
  throttle: number;
  '5xx': number;
  'drop-before': number;
  'drop-after': number;
  /** Throttled by the emulator's quota (no fault injected). */
  quota: number;
}

export interface SoakReport {
  seconds: number;
  events: {
    calls: number;
    resolved: number;
    failed: Array<{ event: number; clientToken: string; error: string }>;
    /** Calls re-submitted under their client token after the library's retries failed. */
    resubmissions: number;
    stored: number;
    distinctTexts: number;
    listed: number;
  };
  records: {
    items: number;
    succeeded: number;
    distinctIds: number;
    failedFirst: number;
    maybeWrittenFirst: number;
    resubmittedRounds: number[];
    failed: Array<{ index: number; requestIdentifier?: string; code: string; maybeWritten: boolean }>;
    stored: number;
  };
  invokes: {
    calls: number;
    answered: number;
    failed: Array<{ invoke: number; error: string }>;
    agentRuns: number;
    ranTwice: number;
  };
  faults: Record<'CreateEvent' | 'BatchCreateMemoryRecords' | 'InvokeAgentRuntime', FaultCounts>;
}

export function soak(lib: SoakLibrary, options: SoakOptions): Promise<SoakReport>;
