/**
 * Extraction jobs: ListMemoryExtractionJobs lists a memory's failed jobs (the only status the API
 * models) and StartMemoryExtractionJob restarts one. The emulator extracts nothing, so a restarted
 * job leaves the failed list at once.
 * @internal
 */
import { notFound } from '../http-error.js';
import { MAX_RESULTS_EXTRACTION_JOBS } from './limits.js';
import { type BoundOperation, canonicalJson, defineOperation, ok } from './operation.js';
import { pageInput, paginate } from './pagination.js';
import type { StoredExtractionJob } from './store.js';
import { optObject, optString, reqObject, reqString } from './validate.js';

interface JobFilter {
  strategyId?: string;
  sessionId?: string;
  actorId?: string;
}

type ListJobsInput = { filter: JobFilter; maxResults: number; nextToken: string | undefined };

const FILTER_KEYS = ['strategyId', 'sessionId', 'actorId'] as const;

function wireJob(job: StoredExtractionJob) {
  return {
    jobID: job.jobId,
    messages: { messagesList: job.messages },
    status: 'FAILED',
    ...(job.failureReason === undefined ? {} : { failureReason: job.failureReason }),
    ...(job.strategyId === undefined ? {} : { strategyId: job.strategyId }),
    ...(job.sessionId === undefined ? {} : { sessionId: job.sessionId }),
    ...(job.actorId === undefined ? {} : { actorId: job.actorId }),
  };
}

const listJobs = defineOperation<ListJobsInput>({
  parse({ body }) {
    const raw = optObject(body, 'filter', '') ?? {};
    optString(raw, 'status', 'filter', { values: ['FAILED'] });
    const filter: JobFilter = {};
    for (const key of FILTER_KEYS) {
      const value = optString(raw, key, 'filter', {});
      if (value !== undefined) filter[key] = value;
    }
    return { filter, ...pageInput(body, MAX_RESULTS_EXTRACTION_JOBS) };
  },
  run(memory, input) {
    const jobs = [...memory.jobs.values()].filter((job) =>
      FILTER_KEYS.every((key) => input.filter[key] === undefined || job[key] === input.filter[key]),
    );
    const page = paginate(jobs, (job) => [job.jobId], ['asc'], {
      ...input,
      scope: `ListMemoryExtractionJobs|${memory.arn}|${canonicalJson(input.filter)}`,
    });
    return ok({
      jobs: page.items.map(wireJob),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    });
  },
});

const startJob = defineOperation<{ jobId: string }>({
  idempotent: true,
  parse: ({ body }) => ({
    jobId: reqString(reqObject(body, 'extractionJob', ''), 'jobId', 'extractionJob', { min: 1 }),
  }),
  run(memory, input) {
    if (!memory.jobs.delete(input.jobId)) {
      throw notFound(
        `Extraction job ${input.jobId} not found among the failed jobs of memory ${memory.memoryId}.`,
      );
    }
    return ok({ jobId: input.jobId });
  },
});

/** The extraction job operations. */
export const EXTRACTION_OPERATIONS = {
  ListMemoryExtractionJobs: listJobs,
  StartMemoryExtractionJob: startJob,
} satisfies Record<string, BoundOperation>;
