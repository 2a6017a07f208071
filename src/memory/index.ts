/**
 * Cross-account AgentCore Memory: the handle, its inputs, payload helpers, batch results and pacing.
 * @module
 */
export type { BatchFailure, BatchItemError, BatchOptions, BatchResult, BatchSuccess } from './batch.js';
export { blobPayload, CrossAccountMemory, conversationalTurn, eventMetadata } from './memory.js';
export {
  type CreateEventRates,
  DEFAULT_CREATE_EVENT_RATE,
  DEFAULT_CREATE_EVENT_RATES,
  DEFAULT_INGEST_DATA_RATES,
  type IngestDataRates,
  type PacingRate,
} from './pacing.js';
export type {
  BatchCreateRecordsParams,
  BatchDeleteRecordsParams,
  BatchUpdateRecordsParams,
  ConversationTurn,
  CreateEventParams,
  DeleteEventParams,
  DeleteMemoryRecordParams,
  GetEventParams,
  GetMemoryRecordParams,
  IngestDataParams,
  ListActorsParams,
  ListEventsParams,
  ListMemoryExtractionJobsParams,
  ListMemoryRecordsParams,
  ListSessionsParams,
  MemoryCallControl,
  MemoryHandleOptions,
  MemoryRecordDraft,
  RecordBlobParams,
  RecordTurnsParams,
  ResubmitRecordsParams,
  RetrieveMemoryRecordsParams,
  RetrieveParams,
  StartMemoryExtractionJobParams,
} from './types.js';
