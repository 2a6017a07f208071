/**
 * The life of one memory request, shared by the 15 operations: parse and validate the input,
 * authorize with the condition keys the input carries, find the memory, replay an idempotent write
 * whose client token was seen, and only then run the operation.
 * @internal
 */
import type { ContextValue } from '../../policy/evaluate/types.js';
import type { EmulatorResponse } from '../http-error.js';
import type { MemoryRoute } from './routes.js';
import type { MemoryState, MemoryStore } from './store.js';
import { type JsonObject, optString, validationException } from './validate.js';

/** The request as an operation sees it. */
export interface RawInput {
  body: JsonObject;
  route: MemoryRoute;
  query: URLSearchParams;
}

/** What the dispatcher gives an operation: authorization, then the memory. */
export interface Env {
  store: MemoryStore;
  /** Authorizes the operation's action on the memory ARN; throws when denied. */
  authorize(context: Record<string, ContextValue>): void;
  /** The memory's state; throws ResourceNotFoundException when the store does not serve it. */
  memory(): MemoryState;
}

/** One operation: how to read its input, which condition keys it sets, what it does. */
export interface OperationSpec<I> {
  parse(raw: RawInput): I;
  /** Condition keys (`bedrock-agentcore:actorId`…) the input sets; undefined values are dropped. */
  context?(input: I): Record<string, ContextValue | undefined>;
  /**
   * Honours `clientToken`: a repeated token returns the first answer without writing again, for
   * the store's idempotency window; after it, the token is a new request.
   */
  idempotent?: boolean;
  run(memory: MemoryState, input: I, store: MemoryStore): EmulatorResponse;
}

/** An operation ready to dispatch. */
export type BoundOperation = (raw: RawInput, env: Env) => EmulatorResponse;

/** Binds an operation spec into the shared request life cycle. */
export function defineOperation<I>(spec: OperationSpec<I>): BoundOperation {
  return (raw, env) => {
    const input = spec.parse(raw);
    const clientToken = spec.idempotent ? optString(raw.body, 'clientToken', '', { min: 1 }) : undefined;
    env.authorize(definedEntries(spec.context?.(input) ?? {}));
    const memory = env.memory();
    if (clientToken === undefined) return spec.run(memory, input, env.store);
    const key = `${raw.route.operation}|${clientToken}`;
    const fingerprint = canonicalJson({ ...raw.body, clientToken: undefined });
    const prior = memory.replays.get(key);
    if (prior !== undefined) {
      if (prior.fingerprint !== fingerprint) {
        throw validationException(
          `The clientToken ${clientToken} was already used for a different ${raw.route.operation} request. Use a new clientToken for a new request, or resend the original parameters.`,
          'IdempotentParameterMismatchException',
        );
      }
      return structuredClone(prior.response);
    }
    const response = spec.run(memory, input, env.store);
    memory.replays.set(key, { fingerprint, response: structuredClone(response) }, env.store.replayExpiry());
    return response;
  };
}

function definedEntries(context: Record<string, ContextValue | undefined>): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(context)) if (value !== undefined) out[key] = value;
  return out;
}

/** JSON with object keys sorted at every level and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/**
 * The value of a multi-valued condition key such as `bedrock-agentcore:namespace`: absent for no
 * value, a string for one, the distinct values otherwise.
 */
export function contextValues(values: Iterable<string | undefined>): ContextValue | undefined {
  const distinct = [...new Set([...values].filter((v): v is string => v !== undefined))];
  if (distinct.length === 0) return undefined;
  return distinct.length === 1 ? distinct[0] : distinct;
}

/** A 200 (or given status) JSON answer. */
export function ok(body: unknown, status = 200): EmulatorResponse {
  return { status, body };
}
