/**
 * The opt-in probe of long-term extraction for events written by full memory ARN. A user report
 * (aws/aws-sdk-java-v2 issue 7036, closed stale, unverified; FACTS.md "Beyond runtimes and
 * memory") says CreateEvent with the full memory ARN as `memoryId` answers 201 but long-term
 * extraction never runs, while the developer guide says cross-account callers must use the full
 * ARN. The probe writes one conversational event through the ARN and waits, bounded, for what
 * extraction leaves: a new memory record in the namespace the memory's strategy fills for the
 * probe's actor, or an extraction job for the probe's session. It reports which it saw, or that
 * it saw neither.
 *
 * It writes to the memory (one event, and whatever extraction makes of it), so it runs only when
 * asked; it deletes the event and the records that appeared afterwards, best effort.
 * @module
 */
import { CrossAccountAgentClient } from '../client.js';
import { shown, ValidationError } from '../errors.js';
import { inputObject } from '../input.js';
import { ACTOR_ID, SESSION_ID } from '../memory/limits.js';
import { sleep } from '../memory/pacing.js';
import { checkString } from '../memory/validate.js';
import type { DoctorCheck, DoctorClientConfig } from './doctor.js';

/**
 * Options of {@link probeExtractionByArn} (and of doctor's `extractionProbe`).
 *
 * @example
 * ```ts
 * const probe: ExtractionProbeOptions = { namespace: '/users/{actorId}/preferences', timeoutMs: 180_000 };
 * ```
 */
export interface ExtractionProbeOptions {
  /**
   * The namespace the memory's strategy puts the probe actor's records in, with `{actorId}` and
   * `{sessionId}` filled in for the probe (e.g. `/users/{actorId}/preferences`). Use a template
   * that names the actor, so only the probe's own records can appear there.
   */
  namespace: string;
  /** The actor the probe writes as; default `agentcore-xacct-doctor`. */
  actorId?: string;
  /** The session the probe writes in; default a new one (`doctor-` and a timestamp). */
  sessionId?: string;
  /** Longest wait for a record or a job, in ms; default 120,000 (at most 900,000). */
  timeoutMs?: number;
  /** The longest time between two looks, in ms (the first come sooner); default 5,000 (at least 100). */
  pollIntervalMs?: number;
  /** Delete the probe's event, and the records that appeared in the namespace, afterwards (best effort); default true. */
  cleanup?: boolean;
}

/**
 * What the probe saw.
 *
 * @example
 * ```ts
 * const result: ExtractionProbeResult = await probeExtractionByArn(client, memoryArn, { namespace });
 * if (result.outcome === 'nothing') console.warn(`no extraction within ${result.waitedMs} ms`);
 * ```
 */
export interface ExtractionProbeResult {
  /**
   * `record`: a new memory record appeared (extraction ran on the event written by ARN);
   * `extraction-job`: an extraction job for the probe's session appeared (extraction ran and
   * failed); `nothing`: neither within the timeout (the reported symptom, or slow extraction, or
   * another namespace).
   */
  outcome: 'record' | 'extraction-job' | 'nothing';
  /** The memory ARN the event was written through. */
  memoryArn: string;
  actorId: string;
  sessionId: string;
  /** The namespace watched, filled in. */
  namespace: string;
  /** The probe's event. */
  eventId: string;
  /** How long the probe waited after the write. */
  waitedMs: number;
  /** The record seen (`record`). */
  record?: { memoryRecordId: string; namespaces: string[] };
  /** The job seen (`extraction-job`). */
  job?: { jobId: string; status?: string; failureReason?: string };
  /** True when the event and the records that appeared were deleted. */
  cleanedUp: boolean;
}

const DEFAULT_ACTOR = 'agentcore-xacct-doctor';
const MAX_TIMEOUT_MS = 900_000;
const FIX = 'Pass { namespace, actorId?, sessionId?, timeoutMs?, pollIntervalMs?, cleanup? }.';

/**
 * The probe's options, checked, with their defaults (a new session id each call).
 * @internal
 */
export function checkOptions(given: ExtractionProbeOptions): Required<
  Omit<ExtractionProbeOptions, 'sessionId'>
> & {
  sessionId: string;
} {
  const options = inputObject(given, FIX, 'extractionProbe');
  if (typeof options.namespace !== 'string' || options.namespace === '') {
    throw new ValidationError(
      'extractionProbe.namespace',
      `extractionProbe.namespace is ${shown(options.namespace)}, not a namespace`,
      "Pass the namespace the memory's strategy fills for the probe's actor, e.g. /users/{actorId}/preferences.",
    );
  }
  const number = (value: unknown, field: string, min: number, max: number, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new ValidationError(
        `extractionProbe.${field}`,
        `${field} ${shown(value)} is not ${min}–${max} ms`,
        `Pass ${min}–${max}.`,
      );
    }
    return value;
  };
  if (options.cleanup !== undefined && typeof options.cleanup !== 'boolean') {
    throw new ValidationError(
      'extractionProbe.cleanup',
      'cleanup must be true or false',
      'Pass true or false.',
    );
  }
  if (options.actorId !== undefined) checkString(options.actorId, 'extractionProbe.actorId', ACTOR_ID);
  if (options.sessionId !== undefined)
    checkString(options.sessionId, 'extractionProbe.sessionId', SESSION_ID);
  const stamp = new Date()
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14);
  return {
    namespace: options.namespace,
    actorId: options.actorId ?? DEFAULT_ACTOR,
    sessionId: options.sessionId ?? `doctor-${stamp}-${Math.random().toString(36).slice(2, 8)}`,
    timeoutMs: number(options.timeoutMs, 'timeoutMs', 0, MAX_TIMEOUT_MS, 120_000),
    pollIntervalMs: number(options.pollIntervalMs, 'pollIntervalMs', 100, MAX_TIMEOUT_MS, 5_000),
    cleanup: options.cleanup ?? true,
  };
}

function fill(template: string, actorId: string, sessionId: string): string {
  return template.replaceAll('{actorId}', actorId).replaceAll('{sessionId}', sessionId);
}

async function recordIds(
  memory: ReturnType<CrossAccountAgentClient['memory']>,
  namespace: string,
): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>();
  for await (const record of memory.listMemoryRecords({ namespace })) {
    if (record.memoryRecordId !== undefined) ids.set(record.memoryRecordId, record.namespaces ?? []);
  }
  return ids;
}

/**
 * Writes one conversational event through the memory's full ARN and waits, bounded, for a new
 * memory record in `options.namespace` or an extraction job of the probe's session; reports which
 * it saw. Needs CreateEvent, ListMemoryRecords and ListMemoryExtractionJobs on the memory (and
 * DeleteEvent, DeleteMemoryRecord to clean up).
 *
 * @throws {@link ValidationError} for bad options (nothing written); the client's errors
 * (`AgentCoreAccessDeniedError`…) when a call fails.
 *
 * @example
 * ```ts
 * import { CrossAccountAgentClient, probeExtractionByArn } from 'agentcore-xacct';
 * const result = await probeExtractionByArn(new CrossAccountAgentClient(), memoryArn, {
 *   namespace: '/users/{actorId}/preferences',
 * });
 * console.log(result.outcome, result.waitedMs);
 * ```
 */
export async function probeExtractionByArn(
  client: CrossAccountAgentClient,
  memoryArn: string,
  options: ExtractionProbeOptions,
): Promise<ExtractionProbeResult> {
  let isClient = false;
  try {
    isClient = client instanceof CrossAccountAgentClient;
  } catch {
    // A revoked Proxy: not a client.
  }
  if (!isClient) {
    throw new ValidationError(
      'client',
      `client is ${shown(client)}, not a CrossAccountAgentClient`,
      'Pass the CrossAccountAgentClient to write through (its credentials and region).',
    );
  }
  const o = checkOptions(options);
  if (typeof memoryArn !== 'string' || !memoryArn.startsWith('arn:')) {
    throw new ValidationError(
      'memoryArn',
      `memoryArn ${shown(memoryArn, 60)} is not a full memory ARN`,
      'Pass the full memory ARN: the probe checks writes made through it.',
    );
  }
  const memory = client.memory(memoryArn);
  const namespace = fill(o.namespace, o.actorId, o.sessionId);
  const before = await recordIds(memory, namespace);
  const { event } = await memory.recordTurns({
    actorId: o.actorId,
    sessionId: o.sessionId,
    turns: [
      { role: 'USER', text: 'agentcore-xacct doctor: I prefer aisle seats on morning flights.' },
      { role: 'ASSISTANT', text: 'Noted: aisle seats, morning flights.' },
    ],
  });
  const eventId = event?.eventId ?? '';
  const started = Date.now();
  const base = { memoryArn: memory.arn, actorId: o.actorId, sessionId: o.sessionId, namespace, eventId };
  let seen: Pick<ExtractionProbeResult, 'outcome' | 'record' | 'job'> = { outcome: 'nothing' };
  // Look soon, then less and less often (up to pollIntervalMs): fast extraction is seen fast,
  // slow extraction costs few calls.
  let interval = Math.min(250, o.pollIntervalMs);
  for (;;) {
    const now = await recordIds(memory, namespace);
    const fresh = [...now].find(([id]) => !before.has(id));
    if (fresh !== undefined) {
      seen = { outcome: 'record', record: { memoryRecordId: fresh[0], namespaces: fresh[1] } };
      break;
    }
    let job: ExtractionProbeResult['job'];
    for await (const j of memory.listMemoryExtractionJobs({
      filter: { actorId: o.actorId, sessionId: o.sessionId },
    })) {
      if (j.jobID === undefined) continue;
      job = {
        jobId: j.jobID,
        ...(j.status === undefined ? {} : { status: j.status }),
        ...(j.failureReason === undefined ? {} : { failureReason: j.failureReason }),
      };
      break;
    }
    if (job !== undefined) {
      seen = { outcome: 'extraction-job', job };
      break;
    }
    const left = o.timeoutMs - (Date.now() - started);
    if (left <= 0) break;
    await sleep(Math.min(interval, left));
    interval = Math.min(interval * 2, o.pollIntervalMs);
  }
  const waitedMs = Date.now() - started;
  const cleanedUp = o.cleanup
    ? await cleanUp(memory, { actorId: o.actorId, sessionId: o.sessionId, eventId }, namespace, before)
    : false;
  return { ...base, ...seen, waitedMs, cleanedUp };
}

/** Deletes the probe's event and every record that appeared in the watched namespace since. */
async function cleanUp(
  memory: ReturnType<CrossAccountAgentClient['memory']>,
  probe: { actorId: string; sessionId: string; eventId: string },
  namespace: string,
  before: ReadonlyMap<string, string[]>,
): Promise<boolean> {
  try {
    if (probe.eventId !== '') await memory.deleteEvent(probe);
    for (const id of (await recordIds(memory, namespace)).keys()) {
      if (!before.has(id)) await memory.deleteMemoryRecord({ memoryRecordId: id });
    }
    return true;
  } catch {
    // Best effort: the result says it was not cleaned up.
    return false;
  }
}

/** Where doctor's probes run: the caller's (or the assumed role's) client settings. @internal */
export interface ProbeSettings {
  region: string;
  config: DoctorClientConfig;
}

/**
 * Doctor's `memory-extraction-by-arn` check: the probe, as the caller (or the assumed role's
 * session), reported as pass (a record appeared), fail (a failed extraction job, nothing within
 * the timeout, or the call failed) or skipped.
 * @internal
 */
export async function extractionCheck(
  probe: ProbeSettings | undefined,
  memoryArn: string | undefined,
  options: ExtractionProbeOptions,
): Promise<DoctorCheck> {
  const id = 'memory-extraction-by-arn';
  const title = 'Account B: long-term extraction of an event written by full memory ARN (opt-in)';
  if (memoryArn === undefined || !memoryArn.startsWith('arn:')) {
    return { id, title, status: 'skipped', reason: 'no full memoryArn given' };
  }
  if (probe === undefined) return { id, title, status: 'skipped', reason: 'no region' };
  const { credentials, endpoint, requestHandler } = probe.config;
  const client = new CrossAccountAgentClient({
    region: probe.region,
    access: { mode: 'resource-policy', ...(credentials === undefined ? {} : { credentials }) },
    clientConfig: {
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(requestHandler === undefined ? {} : { requestHandler }),
    },
  });
  try {
    const result = await probeExtractionByArn(client, memoryArn, options);
    const seconds = `${(result.waitedMs / 1000).toFixed(1)} s`;
    if (result.outcome === 'record') {
      return {
        id,
        title,
        status: 'pass',
        reason: `extraction ran: record ${result.record?.memoryRecordId} appeared in ${result.namespace} after ${seconds} (event ${result.eventId}, written by ARN)`,
      };
    }
    if (result.outcome === 'extraction-job') {
      return {
        id,
        title,
        status: 'fail',
        reason: `extraction ran and left job ${result.job?.jobId} (${result.job?.status ?? 'no status'}${result.job?.failureReason === undefined ? '' : `: ${result.job.failureReason}`}) after ${seconds}`,
        fix: 'Read the job with listMemoryExtractionJobs and restart it with startMemoryExtractionJob once its cause is fixed.',
      };
    }
    return {
      id,
      title,
      status: 'fail',
      reason: `no record in ${result.namespace} and no extraction job for session ${result.sessionId} within ${seconds} of writing event ${result.eventId} by full ARN: the symptom a user reported (aws/aws-sdk-java-v2 issue 7036, unconfirmed by AWS), or slower extraction, or another namespace`,
      fix: "Check that the namespace is the one the memory's strategy fills for this actor, retry with a longer timeoutMs, and compare with an event the owner account writes by bare id; report to AWS Support if only ARN writes are never extracted.",
    };
  } catch (error) {
    const e = error as { name?: unknown; message?: unknown };
    return {
      id,
      title,
      status: 'fail',
      reason: `the probe failed: ${typeof e?.name === 'string' ? e.name : 'Error'}: ${typeof e?.message === 'string' ? e.message.slice(0, 300) : String(error)}`,
    };
  } finally {
    client.destroy();
  }
}
