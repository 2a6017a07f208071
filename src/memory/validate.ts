/**
 * Input checks of the memory handle, run before any request: the same limits the service (and
 * the emulator) enforce, reported as a {@link ValidationError} that names the field and the fix.
 * @internal
 */
import { shown, ValidationError } from '../errors.js';
import {
  ACTOR_ID,
  EVENT_ID,
  EVENT_METADATA_VALUE,
  MAX_EVENT_METADATA,
  MAX_PAYLOAD_ITEMS,
  MAX_RECORD_METADATA,
  MAX_RECORD_METADATA_LIST,
  MAX_RECORD_NAMESPACES,
  MEMORY_RECORD_ID,
  METADATA_KEY,
  NAMESPACE,
  RECORD_METADATA_LIST_ITEM,
  RECORD_METADATA_STRING,
  RECORD_TEXT,
  REQUEST_IDENTIFIER,
  SEARCH_QUERY,
  SESSION_ID,
  type StringRule,
} from './limits.js';

function displayed(value: string, rule: StringRule): string {
  return rule.sensitive ? '(redacted)' : shown(value, 60);
}

/**
 * Checks one string member against its rule.
 * @internal
 */
export function checkString(value: unknown, field: string, rule: StringRule): string {
  if (typeof value !== 'string') {
    throw new ValidationError(
      field,
      `${field} must be a string, not ${shown(value)}`,
      `Pass ${field} as a string.`,
    );
  }
  const range = `${rule.min ?? 0}–${rule.max ?? '∞'} characters`;
  if (
    (rule.min !== undefined && value.length < rule.min) ||
    (rule.max !== undefined && value.length > rule.max)
  ) {
    throw new ValidationError(
      field,
      `${field} has ${value.length} characters; AgentCore Memory accepts ${range}`,
      `Use a ${field} of ${range}.`,
    );
  }
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    throw new ValidationError(
      field,
      `${field} ${displayed(value, rule)} does not match ${rule.patternText ?? String(rule.pattern)}`,
      `Use only the characters the pattern allows (${rule.patternText ?? String(rule.pattern)}).`,
    );
  }
  return value;
}

/** @internal */
export const checkActorId = (value: unknown, field = 'actorId'): string =>
  checkString(value, field, ACTOR_ID);
/** @internal */
export const checkSessionId = (value: unknown, field = 'sessionId'): string =>
  checkString(value, field, SESSION_ID);
/** @internal */
export const checkEventId = (value: unknown, field = 'eventId'): string =>
  checkString(value, field, EVENT_ID);
/** @internal */
export const checkRecordId = (value: unknown, field = 'memoryRecordId'): string =>
  checkString(value, field, MEMORY_RECORD_ID);
/** @internal */
export const checkSearchQuery = (value: unknown, field = 'searchQuery'): string =>
  checkString(value, field, SEARCH_QUERY);
/** @internal */
export const checkRequestIdentifier = (value: unknown, field: string): string =>
  checkString(value, field, REQUEST_IDENTIFIER);
/** @internal */
export const checkRecordText = (value: unknown, field: string): string =>
  checkString(value, field, RECORD_TEXT);

/**
 * A namespace, resolved: a strategy's template such as `/users/{actorId}/preferences` must have
 * its placeholders filled before it reaches the service, which would otherwise search a literal
 * `{actorId}` and find nothing.
 * @internal
 */
export function checkNamespace(value: unknown, field = 'namespace'): string {
  if (typeof value === 'string') {
    const placeholder = /\{[^{}]*\}/.exec(value);
    if (placeholder !== null) {
      throw new ValidationError(
        field,
        `${field} "${value.slice(0, 80)}" still holds the template placeholder ${placeholder[0].slice(0, 40)}`,
        `Replace ${placeholder[0].slice(0, 40)} with its value (e.g. the actor id) before the call.`,
      );
    }
  }
  return checkString(value, field, NAMESPACE);
}

/** @internal */
export function checkNamespaces(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_RECORD_NAMESPACES) {
    throw new ValidationError(
      field,
      `${field} must be a list of 1–${MAX_RECORD_NAMESPACES} namespaces`,
      `Give each record exactly ${MAX_RECORD_NAMESPACES} namespace.`,
    );
  }
  return value.map((ns, i) => checkNamespace(ns, `${field}[${i}]`));
}

/** @internal */
export function checkInt(value: unknown, field: string, range: { min: number; max: number }): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ValidationError(
      field,
      `${field} ${shown(value)} is not an integer from ${range.min} to ${range.max}`,
      `Use an integer from ${range.min} to ${range.max}.`,
    );
  }
  return value;
}

function checkMetadataMap(value: unknown, field: string, max: number, min = 0): Array<[string, unknown]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(
      field,
      `${field} must be an object`,
      'Pass metadata as { key: { stringValue } }.',
    );
  }
  const entries = Object.entries(value);
  if (entries.length < min || entries.length > max) {
    throw new ValidationError(
      field,
      `${field} has ${entries.length} entries; AgentCore Memory accepts ${min}–${max}`,
      `Keep ${min}–${max} metadata entries.`,
    );
  }
  for (const [key] of entries) checkString(key, `${field} key`, METADATA_KEY);
  return entries;
}

function valueObject(value: unknown, field: string, members: readonly string[]): [string, unknown] {
  const keys =
    typeof value === 'object' && value !== null ? Object.keys(value).filter((k) => k !== '$unknown') : [];
  const member = keys[0];
  if (keys.length !== 1 || member === undefined || !members.includes(member)) {
    throw new ValidationError(
      field,
      `${field} must hold exactly one of ${members.join(', ')}`,
      `Pass { ${members[0]}: … }.`,
    );
  }
  return [member, (value as Record<string, unknown>)[member]];
}

/** Event metadata: 0–15 entries of `{ stringValue }` (0–256 characters). @internal */
export function checkEventMetadata(value: unknown, field = 'metadata'): void {
  for (const [key, entry] of checkMetadataMap(value, field, MAX_EVENT_METADATA)) {
    const [, inner] = valueObject(entry, `${field}.${key}`, ['stringValue']);
    checkString(inner, `${field}.${key}.stringValue`, EVENT_METADATA_VALUE);
  }
}

/** Record metadata: 1–20 entries of string, string list (1–5), number or date values. @internal */
export function checkRecordMetadata(value: unknown, field: string): void {
  for (const [key, entry] of checkMetadataMap(value, field, MAX_RECORD_METADATA, 1)) {
    const path = `${field}.${key}`;
    const [member, inner] = valueObject(entry, path, [
      'stringValue',
      'stringListValue',
      'numberValue',
      'dateTimeValue',
    ]);
    if (member === 'stringValue') checkString(inner, `${path}.stringValue`, RECORD_METADATA_STRING);
    else if (member === 'stringListValue') {
      if (!Array.isArray(inner) || inner.length < 1 || inner.length > MAX_RECORD_METADATA_LIST) {
        throw new ValidationError(
          `${path}.stringListValue`,
          `${path}.stringListValue must hold 1–${MAX_RECORD_METADATA_LIST} strings`,
          `Keep 1–${MAX_RECORD_METADATA_LIST} values.`,
        );
      }
      inner.forEach((s, i) => {
        checkString(s, `${path}.stringListValue[${i}]`, RECORD_METADATA_LIST_ITEM);
      });
    }
  }
}

/** @internal */
export function checkPayload(value: unknown, field = 'payload'): void {
  if (!Array.isArray(value) || value.length > MAX_PAYLOAD_ITEMS) {
    throw new ValidationError(
      field,
      `${field} must be a list of at most ${MAX_PAYLOAD_ITEMS} items`,
      `Send at most ${MAX_PAYLOAD_ITEMS} payload items per event (split longer conversations into several events).`,
    );
  }
}
