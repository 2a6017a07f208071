/**
 * The memory data plane's input constraints, defined once in `src/memory/limits.ts` and shared
 * with the client's validation, so the emulator and the client refuse the same inputs.
 * @internal
 */
export {
  ACTOR_ID,
  BRANCH_NAME,
  CONVERSATIONAL_TEXT,
  EVENT_ID,
  EVENT_METADATA_VALUE,
  EVENT_OPERATORS,
  MAX_BATCH_RECORDS,
  MAX_EVENT_METADATA,
  MAX_METADATA_FILTERS,
  MAX_PAYLOAD_ITEMS,
  MAX_RECORD_METADATA,
  MAX_RECORD_METADATA_LIST,
  MAX_RECORD_NAMESPACES,
  MAX_RESULTS,
  MAX_RESULTS_EXTRACTION_JOBS,
  MEMORY_RECORD_ID,
  MEMORY_STRATEGY_ID,
  METADATA_KEY,
  NAMESPACE,
  RECORD_METADATA_LIST_ITEM,
  RECORD_METADATA_STRING,
  RECORD_OPERATORS,
  RECORD_TEXT,
  REQUEST_IDENTIFIER,
  ROLES,
  SEARCH_QUERY,
  SESSION_ID,
  type StringRule,
  TOP_K,
} from '../../memory/limits.js';
