/**
 * Response shapes the emulator's routes share.
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Decision } from '../policy/evaluate/types.js';
import type { AccessCheck } from './access.js';
import type { MemoryControlPlane } from './control-plane.js';
import { EmulatorHttpError, type EmulatorResponse } from './http-error.js';
import type { MemoryStore } from './memory/store.js';
import type { Caller, World } from './world.js';

/** A route response whose body may also be a stream written chunk by chunk. @internal */
export interface StreamingResponse extends EmulatorResponse {
  stream?: AsyncIterable<string | Uint8Array>;
}

/**
 * A 400 ValidationException in the Coral wording AWS services use for constraint failures
 * (`1 validation error detected: Value … at '…' failed to satisfy constraint: …`), with the
 * `reason` and `fieldList` members of the AgentCore model. The wording is AWS's generic one; no
 * AgentCore-specific sample was available.
 * @internal
 */
export function fieldValidationError(field: string, value: string, constraint: string): EmulatorHttpError {
  const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value;
  return new EmulatorHttpError(
    400,
    'ValidationException',
    `1 validation error detected: Value '${shown}' at '${field}' failed to satisfy constraint: ${constraint}`,
    { reason: 'FieldValidationFailed', fieldList: [{ name: field, message: constraint }] },
  );
}

/** Checks a string's length against a model constraint. @internal */
export function checkLength(field: string, value: string, min: number, max: number): void {
  if (value.length < min) {
    throw fieldValidationError(field, value, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw fieldValidationError(field, value, `Member must have length less than or equal to ${max}`);
  }
}

/** The state of one emulator instance that route handlers share. @internal */
export interface EmulatorState {
  world: World;
  /** The memory data plane's store. */
  memory: MemoryStore;
  /** CreateMemory / GetMemory. */
  memoryControl: MemoryControlPlane;
}

/** What every route handler receives: the verified caller and the request. @internal */
export interface RouteContext {
  world: World;
  emulator: EmulatorState;
  caller: Caller;
  /** The emulator clock (epoch ms) when the request arrived. */
  now: number;
  /** The `x-amzn-RequestId` the answer carries. */
  requestId: string;
  /** The region the request was signed for. */
  region: string;
  method: string;
  /** Path as on the wire, without the query. */
  rawPath: string;
  query: URLSearchParams;
  /** Lower-cased request headers. */
  headers: IncomingHttpHeaders;
  body: Uint8Array;
  /** The emulator's base URL. */
  endpoint: string;
  /** Authorizes the caller for one action, or throws AWS's AccessDeniedException. */
  authorize(check: AccessCheck): void;
  /** Records an authorization outcome decided by the handler itself (STS's trust evaluation). */
  note(decision: Decision, resourceArn?: string): void;
  /** Signals that the client went away: streaming agents stop. */
  signal: AbortSignal;
}

/** A header as one string. @internal */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * A request body that must be a JSON object (REST JSON operations): the object, or the
 * ValidationException AWS answers (`CannotParse`). Anything else (invalid JSON, `null`, a list)
 * is refused here rather than failing later in the handler as an emulator error.
 * @internal
 */
export function jsonObjectBody(body: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new EmulatorHttpError(400, 'ValidationException', 'The request body is not a JSON object.', {
    reason: 'CannotParse',
    fieldList: [],
  });
}
