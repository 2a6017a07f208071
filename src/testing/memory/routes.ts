/**
 * The memory data-plane operations (the seed's 15, and IngestData) and what a matched request
 * carries. Their method and path (the `http` traits of @aws-sdk/client-bedrock-agentcore 3.1141's
 * operation schemas) are rows of the emulator's route table (`routes.ts`).
 * @internal
 */

/** The memory data-plane operations the emulator serves. @internal */
export const MEMORY_OPERATIONS = [
  'CreateEvent',
  'GetEvent',
  'DeleteEvent',
  'ListEvents',
  'ListActors',
  'ListSessions',
  'GetMemoryRecord',
  'ListMemoryRecords',
  'RetrieveMemoryRecords',
  'DeleteMemoryRecord',
  'BatchCreateMemoryRecords',
  'BatchUpdateMemoryRecords',
  'BatchDeleteMemoryRecords',
  'ListMemoryExtractionJobs',
  'StartMemoryExtractionJob',
  'IngestData',
] as const;

/** One of the memory data-plane operations. @internal */
export type MemoryOperation = (typeof MEMORY_OPERATIONS)[number];

/** A request matched to an operation, with its path labels decoded. @internal */
export interface MemoryRoute {
  operation: MemoryOperation;
  /** The `{memoryId}` label: a bare id or a full ARN. */
  memoryId: string;
  actorId?: string;
  sessionId?: string;
  eventId?: string;
  memoryRecordId?: string;
}
