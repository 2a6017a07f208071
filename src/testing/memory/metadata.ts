/**
 * Metadata of events and memory records: validation of the maps as modelled, and the metadata
 * filters of ListEvents, ListMemoryRecords and RetrieveMemoryRecords.
 * @internal
 */
import {
  EVENT_METADATA_VALUE,
  EVENT_OPERATORS,
  MAX_EVENT_METADATA,
  MAX_METADATA_FILTERS,
  MAX_RECORD_METADATA,
  MAX_RECORD_METADATA_LIST,
  METADATA_KEY,
  RECORD_METADATA_LIST_ITEM,
  RECORD_METADATA_STRING,
  RECORD_OPERATORS,
} from './limits.js';
import {
  checkString,
  checkTimestamp,
  fieldError,
  type JsonObject,
  join,
  memberPath,
  optList,
  optObject,
  reqObject,
  reqString,
  unionMember,
} from './validate.js';

/** One metadata filter, validated. */
export interface MetadataFilter {
  key: string;
  operator: string;
  /** The comparison value in wire form (`{ stringValue }`, `{ numberValue }`…); absent for (NOT_)EXISTS. */
  value?: JsonObject;
}

function checkMap(
  value: JsonObject | undefined,
  path: string,
  size: { min: number; max: number },
  checkValue: (v: unknown, p: string) => void,
): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  const entries = Object.entries(value);
  if (entries.length < size.min || entries.length > size.max) {
    throw fieldError(path, value, `Member must have between ${size.min} and ${size.max} entries`);
  }
  for (const [key, entry] of entries) {
    checkString(key, `${path}.key`, METADATA_KEY);
    checkValue(entry, `${path}.${key}`);
  }
  return value;
}

/** An event's `metadata` (0–15 entries of `{ stringValue }`). */
export function eventMetadata(obj: JsonObject, base: string): Record<string, unknown> | undefined {
  const path = join(base, 'metadata');
  return checkMap(
    optObject(obj, 'metadata', base),
    path,
    { min: 0, max: MAX_EVENT_METADATA },
    checkEventValue,
  );
}

function checkEventValue(value: unknown, path: string): void {
  unionMember(value, path, ['stringValue']);
  checkString((value as JsonObject)['stringValue'], join(path, 'stringValue'), EVENT_METADATA_VALUE);
}

/** A memory record's `metadata` (1–20 entries of string, string list, number or date-time). */
export function recordMetadata(obj: JsonObject, base: string): Record<string, unknown> | undefined {
  const path = join(base, 'metadata');
  return checkMap(
    optObject(obj, 'metadata', base),
    path,
    { min: 1, max: MAX_RECORD_METADATA },
    checkRecordValue,
  );
}

function checkRecordValue(value: unknown, path: string): void {
  const member = unionMember(value, path, ['stringValue', 'stringListValue', 'numberValue', 'dateTimeValue']);
  const inner = (value as JsonObject)[member];
  const innerPath = join(path, member);
  if (member === 'stringValue') checkString(inner, innerPath, RECORD_METADATA_STRING);
  else if (member === 'dateTimeValue') checkTimestamp(inner, innerPath);
  else if (member === 'numberValue') {
    if (typeof inner !== 'number' || !Number.isFinite(inner))
      throw fieldError(innerPath, inner, 'Member must be a number');
  } else {
    const list = optList(value as JsonObject, member, path, { min: 1, max: MAX_RECORD_METADATA_LIST }) ?? [];
    list.forEach((item, i) => {
      checkString(item, memberPath(innerPath, i), RECORD_METADATA_LIST_ITEM);
    });
  }
}

/** A `metadataFilters` / `eventMetadata` list (1–5 expressions). */
export function metadataFilters(
  obj: JsonObject,
  key: string,
  base: string,
  kind: 'event' | 'record',
): MetadataFilter[] | undefined {
  const list = optList(obj, key, base, { min: 1, max: MAX_METADATA_FILTERS });
  if (list === undefined) return undefined;
  const listPath = join(base, key);
  const operators = kind === 'event' ? EVENT_OPERATORS : RECORD_OPERATORS;
  return list.map((item, i) => {
    const path = memberPath(listPath, i);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw fieldError(path, item, 'Member must be a structure');
    }
    const filter = item as JsonObject;
    const left = reqObject(filter, 'left', path);
    unionMember(left, join(path, 'left'), ['metadataKey']);
    const metadataKey = checkString(left['metadataKey'], join(path, 'left.metadataKey'), METADATA_KEY);
    const operator = reqString(filter, 'operator', path, { values: operators });
    const right = optObject(filter, 'right', path);
    if (right === undefined) {
      if (operator !== 'EXISTS' && operator !== 'NOT_EXISTS') {
        throw fieldError(join(path, 'right'), undefined, `Member must not be null for operator ${operator}`);
      }
      return { key: metadataKey, operator };
    }
    const rightPath = join(path, 'right');
    unionMember(right, rightPath, ['metadataValue']);
    const valuePath = join(rightPath, 'metadataValue');
    const value = right['metadataValue'];
    if (kind === 'event') checkEventValue(value, valuePath);
    else checkRecordValue(value, valuePath);
    return { key: metadataKey, operator, value: value as JsonObject };
  });
}

/** True when `metadata` satisfies every filter (filters are ANDed). */
export function matchesMetadata(
  metadata: Record<string, unknown> | undefined,
  filters: readonly MetadataFilter[] | undefined,
): boolean {
  if (filters === undefined) return true;
  return filters.every((filter) => {
    // Own keys only: a filter on `constructor` must not find Object.prototype's.
    const actual =
      metadata !== undefined && Object.hasOwn(metadata, filter.key) ? metadata[filter.key] : undefined;
    return matchesOne(actual as JsonObject | undefined, filter);
  });
}

function matchesOne(actual: JsonObject | undefined, filter: MetadataFilter): boolean {
  if (filter.operator === 'EXISTS') return actual !== undefined;
  if (filter.operator === 'NOT_EXISTS') return actual === undefined;
  const expected = filter.value;
  if (actual === undefined || expected === undefined) return false;
  const [kind, want] = Object.entries(expected)[0] ?? [];
  const have = kind === undefined ? undefined : actual[kind];
  switch (filter.operator) {
    case 'EQUALS_TO':
      return JSON.stringify(have) === JSON.stringify(want);
    case 'CONTAINS':
      return contains(actual, want);
    case 'BEFORE':
    case 'LESS_THAN':
      return compare(have, want, (a, b) => a < b);
    case 'AFTER':
    case 'GREATER_THAN':
      return compare(have, want, (a, b) => a > b);
    case 'LESS_THAN_OR_EQUALS':
      return compare(have, want, (a, b) => a <= b);
    case 'GREATER_THAN_OR_EQUALS':
      return compare(have, want, (a, b) => a >= b);
    default:
      return false;
  }
}

// CONTAINS: a string list holding the value, or a string holding it as a substring.
function contains(actual: JsonObject, want: unknown): boolean {
  if (typeof want !== 'string') return false;
  const list = actual['stringListValue'];
  if (Array.isArray(list)) return list.includes(want);
  const text = actual['stringValue'];
  return typeof text === 'string' && text.includes(want);
}

function compare(have: unknown, want: unknown, op: (a: number, b: number) => boolean): boolean {
  const a = typeof have === 'string' ? Number(have) : have;
  const b = typeof want === 'string' ? Number(want) : want;
  return (
    typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) && op(a, b)
  );
}
