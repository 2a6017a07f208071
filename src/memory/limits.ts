/**
 * Input constraints of the memory data plane, shared by the client's validation (`src/memory`)
 * and the emulator (`src/testing/memory`), so both refuse the same inputs. Lengths, ranges and
 * list sizes come from the bedrock-agentcore API model (botocore
 * `bedrock-agentcore/2024-02-28/service-2.json`, botocore 1.43.11; the AWS SDK v3 3.1141 schemas
 * carry no constraints). The model's patterns are not anchored, but the API reference widened the
 * memoryId pattern with an optional ARN prefix, which only makes sense for whole-value matching,
 * so every pattern here is anchored. Where a model pattern repeats a character class around an
 * optional group (actor ids, namespaces), the equivalent linear form is used: it accepts the same
 * strings and cannot backtrack.
 * @internal
 */

/** A string member's constraints. @internal */
export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** The pattern as the API model spells it, for the error message. */
  patternText?: string;
  /** Never echo the value (AWS redacts sensitive members in its messages). */
  sensitive?: boolean;
  /** Allowed values of an enum. */
  values?: readonly string[];
}

/** `[a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*`, 1–255. */
export const ACTOR_ID: StringRule = {
  min: 1,
  max: 255,
  pattern: /^[a-zA-Z0-9][a-zA-Z0-9_/-]*(?::[a-zA-Z0-9_/-]+)*$/,
  patternText: '[a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*',
};

// Session ids, branch names and strategy ids share one shape: `[a-zA-Z0-9][a-zA-Z0-9-_]*`, 1–100.
const ALNUM_ID_100: StringRule = {
  min: 1,
  max: 100,
  pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/,
  patternText: '[a-zA-Z0-9][a-zA-Z0-9-_]*',
};

/** `[a-zA-Z0-9][a-zA-Z0-9-_]*`, 1–100. */
export const SESSION_ID = ALNUM_ID_100;

/** Event ids look like `0000001729525989123#a1b2c3d4`. */
export const EVENT_ID: StringRule = {
  min: 1,
  pattern: /^[0-9]+#[a-fA-F0-9]+$/,
  patternText: '[0-9]+#[a-fA-F0-9]+',
};

/** `[a-zA-Z0-9][a-zA-Z0-9-_]*`, 1–100. */
export const BRANCH_NAME = ALNUM_ID_100;

/** `mem-[a-zA-Z0-9-_]*`, 40–50. */
export const MEMORY_RECORD_ID: StringRule = {
  min: 40,
  max: 50,
  pattern: /^mem-[a-zA-Z0-9_-]*$/,
  patternText: 'mem-[a-zA-Z0-9-_]*',
};

/** `[a-zA-Z0-9][a-zA-Z0-9-_]*`, 1–100. */
export const MEMORY_STRATEGY_ID = ALNUM_ID_100;

/** `[a-zA-Z0-9/*][a-zA-Z0-9-_/*]*(?::[a-zA-Z0-9-_/*]+)*[a-zA-Z0-9-_/*]*`, 1–1024. */
export const NAMESPACE: StringRule = {
  min: 1,
  max: 1024,
  pattern: /^[a-zA-Z0-9/*][a-zA-Z0-9_/*-]*(?::[a-zA-Z0-9_/*-]+)*$/,
  patternText: '[a-zA-Z0-9/*][a-zA-Z0-9-_/*]*(?::[a-zA-Z0-9-_/*]+)*[a-zA-Z0-9-_/*]*',
};

/** `[a-zA-Z0-9_-]+`, 1–80. */
export const REQUEST_IDENTIFIER: StringRule = {
  min: 1,
  max: 80,
  pattern: /^[a-zA-Z0-9_-]+$/,
  patternText: '[a-zA-Z0-9_-]+',
};

const METADATA_PATTERN = /^[a-zA-Z0-9\s._:/=+@-]*$/;
const METADATA_PATTERN_TEXT = '[a-zA-Z0-9\\s._:/=+@-]*';

/** Metadata keys (events and records), 1–128. */
export const METADATA_KEY: StringRule = {
  min: 1,
  max: 128,
  pattern: METADATA_PATTERN,
  patternText: METADATA_PATTERN_TEXT,
};

/** Event metadata `stringValue`, 0–256. */
export const EVENT_METADATA_VALUE: StringRule = {
  max: 256,
  pattern: METADATA_PATTERN,
  patternText: METADATA_PATTERN_TEXT,
};

/** Record metadata `stringValue`, 1–256. */
export const RECORD_METADATA_STRING: StringRule = {
  min: 1,
  max: 256,
  pattern: METADATA_PATTERN,
  patternText: METADATA_PATTERN_TEXT,
};

/** One entry of a record metadata `stringListValue`, 1–64. */
export const RECORD_METADATA_LIST_ITEM: StringRule = {
  min: 1,
  max: 64,
  pattern: METADATA_PATTERN,
  patternText: METADATA_PATTERN_TEXT,
};

/** Conversational `content.text`, 1–100,000 characters. */
export const CONVERSATIONAL_TEXT: StringRule = { min: 1, max: 100_000, sensitive: true };
/** Memory record `content.text`, 1–16,000 characters. */
export const RECORD_TEXT: StringRule = { min: 1, max: 16_000, sensitive: true };
/** RetrieveMemoryRecords `searchCriteria.searchQuery`, 1–10,000 characters. */
export const SEARCH_QUERY: StringRule = { min: 1, max: 10_000, sensitive: true };

export const ROLES = ['ASSISTANT', 'USER', 'TOOL', 'OTHER'] as const;
export const EVENT_OPERATORS = ['EQUALS_TO', 'EXISTS', 'NOT_EXISTS'] as const;
export const RECORD_OPERATORS = [
  'EQUALS_TO',
  'EXISTS',
  'NOT_EXISTS',
  'BEFORE',
  'AFTER',
  'CONTAINS',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUALS',
  'LESS_THAN',
  'LESS_THAN_OR_EQUALS',
] as const;

/** Items of one CreateEvent payload (PayloadTypeList max 100). */
export const MAX_PAYLOAD_ITEMS = 100;
/** Entries of an event's metadata map (MetadataMap max 15). */
export const MAX_EVENT_METADATA = 15;
/** Entries of a record's metadata map (MemoryRecordMetadataMap 1–20). */
export const MAX_RECORD_METADATA = 20;
/** Values of a record metadata `stringListValue` (1–5). */
export const MAX_RECORD_METADATA_LIST = 5;
/** Namespaces of one memory record (NamespacesList max 1). */
export const MAX_RECORD_NAMESPACES = 1;
/** Records of one BatchCreate/BatchUpdate/BatchDelete call (MemoryRecords…InputList max 100). */
export const MAX_BATCH_RECORDS = 100;
/** Metadata filters of one ListEvents / ListMemoryRecords / RetrieveMemoryRecords call (1–5). */
export const MAX_METADATA_FILTERS = 5;
/** `maxResults` of the list actions (MaxResults 1–100); the model documents 20 as the default. */
export const MAX_RESULTS = { min: 1, max: 100, default: 20 } as const;
/** `maxResults` of ListMemoryExtractionJobs (1–50). */
export const MAX_RESULTS_EXTRACTION_JOBS = { min: 1, max: 50, default: 20 } as const;
/** `searchCriteria.topK` (1–100). */
export const TOP_K = { min: 1, max: 100 } as const;
