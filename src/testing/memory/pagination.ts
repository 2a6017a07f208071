/**
 * Opaque, stable pagination for every memory list. A token is a cursor: the sort key of the last
 * item served, bound to the list it came from (operation, memory and filters). The next page starts
 * strictly after that key, so items added or deleted between calls never shift a page, and a token
 * replayed against another list, or tampered with, is a ValidationException.
 * @internal
 */
import { createHash } from 'node:crypto';
import { MAX_RESULTS } from './limits.js';
import { type JsonObject, optInt, optString, validationException } from './validate.js';

/** Sort key of one item: compared position by position. */
export type SortKey = ReadonlyArray<string | number>;
/** Sort direction of one key position. */
export type Direction = 'asc' | 'desc';

/** What one list call asked for. */
export interface PageRequest {
  maxResults: number;
  nextToken: string | undefined;
  /** Identifies the list: operation, memory ARN and every parameter that shapes the result. */
  scope: string;
}

/** One page and the token of the next, absent on the last page. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** The `maxResults` and `nextToken` members every list takes. */
export function pageInput(
  body: JsonObject,
  range: { min: number; max: number; default: number } = MAX_RESULTS,
): { maxResults: number; nextToken: string | undefined } {
  return {
    maxResults: optInt(body, 'maxResults', '', range) ?? range.default,
    nextToken: optString(body, 'nextToken', '', {}),
  };
}

/**
 * Sorts `items` by `keyOf` (each key position in its `order` direction) and returns the page the
 * request asks for.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => SortKey,
  order: readonly Direction[],
  request: PageRequest,
): Page<T> {
  const keyed = items.map((item) => ({ item, key: keyOf(item) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key, order));
  const scope = scopeHash(request.scope);
  let start = 0;
  if (request.nextToken !== undefined) {
    const after = decodeToken(request.nextToken, scope, order.length);
    start = keyed.findIndex((entry) => compareKeys(entry.key, after, order) > 0);
    if (start < 0) start = keyed.length;
  }
  const page = keyed.slice(start, start + request.maxResults);
  const last = page.at(-1);
  const more = start + request.maxResults < keyed.length;
  return {
    items: page.map((entry) => entry.item),
    ...(more && last !== undefined ? { nextToken: encodeToken(scope, last.key) } : {}),
  };
}

function compareKeys(a: SortKey, b: SortKey, order: readonly Direction[]): number {
  for (let i = 0; i < order.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y || x === undefined || y === undefined) continue;
    const cmp = x < y ? -1 : 1;
    return order[i] === 'desc' ? -cmp : cmp;
  }
  return 0;
}

function scopeHash(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 16);
}

function encodeToken(scope: string, key: SortKey): string {
  return Buffer.from(JSON.stringify({ v: 1, s: scope, k: key }), 'utf8').toString('base64url');
}

function decodeToken(token: string, scope: string, keyLength: number): SortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidToken();
  const { v, s, k } = parsed as { v?: unknown; s?: unknown; k?: unknown };
  if (v !== 1 || s !== scope || !Array.isArray(k) || k.length !== keyLength) throw invalidToken();
  if (!k.every((part) => typeof part === 'string' || typeof part === 'number')) throw invalidToken();
  return k as SortKey;
}

function invalidToken() {
  return validationException(
    'Invalid nextToken: pass the nextToken of the previous response of the same call, with the same parameters.',
  );
}
