/**
 * The emulator's AgentCore Memory data plane: the 15 cross-account memory actions on an
 * in-memory store, for the unmodified AWS SDK v3 client.
 * @module
 */
export { memoryHandler, serveMemory } from './handler.js';
export { MEMORY_OPERATIONS, type MemoryOperation, type MemoryRoute } from './routes.js';
export { type FailedExtractionJobSeed, MemoryStore } from './store.js';
export type { MemoryRequest, MemorySpec, MemoryStoreOptions, RateLimit } from './types.js';
