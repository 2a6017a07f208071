/**
 * Reading a document of unknown shape into plain JSON data and statement views, without
 * throwing: anything unreadable becomes one `invalid-policy` finding.
 * @internal
 */
import { isPolicyParseError } from '../../errors.js';
import { parsePolicyDocument, statementPath } from '../document.js';
import type { Finding, PolicyDocument } from '../types.js';
import { pointer } from './pointer.js';
import type {
  ConditionView,
  Entry,
  LintContext,
  LintPolicyKind,
  ListElement,
  PrincipalEntry,
  PrincipalView,
  StatementView,
} from './types.js';

/** A plain JSON object. @internal */
export type JsonObject = Readonly<Record<string, unknown>>;

/** The outcome of {@link readDocument}. @internal */
export type ReadResult =
  | { readonly ok: true; readonly document: JsonObject; readonly size: number }
  | { readonly ok: false; readonly finding: Finding };

/** True for a JSON object (not an array, not null). @internal */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property, never one inherited from `Object.prototype` (`constructor`, `__proto__`…). @internal */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Reads a JSON string or a value into plain JSON data, and measures it as it would be sent.
 * A value goes through `JSON.stringify`/`JSON.parse` so cycles, getters, `toJSON`, class
 * instances and `undefined` members behave exactly as when the document is sent to AWS.
 * @internal
 */
export function readDocument(input: unknown): ReadResult {
  let value: unknown = input;
  let text: string | undefined;
  if (typeof input !== 'string') {
    // Only here does foreign code run (getters, toJSON, proxies): what it throws is not trusted.
    try {
      text = JSON.stringify(input);
      if (text !== undefined) value = JSON.parse(text);
    } catch (error) {
      return unreadable('', `Policy document cannot be read as JSON data: ${describe(error)}.`);
    }
    if (text === undefined)
      return unreadable('', `Policy document is not a JSON value (got a ${typeof input}).`);
  }
  try {
    const document = parsePolicyDocument(value) as unknown as JsonObject;
    // A string is sent as given (whitespace counts); an object as compact JSON.
    return { ok: true, document, size: (text ?? (input as string)).length };
  } catch (error) {
    if (isPolicyParseError(error)) return unreadable(error.path, error.message);
    throw error;
  }
}

/** What went wrong, without trusting the thrown value (a hostile getter may throw anything). */
function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : 'a non-Error value was thrown';
  } catch {
    return 'an unreadable value was thrown';
  }
}

function unreadable(path: string, message: string): ReadResult {
  return {
    ok: false,
    finding: {
      code: 'invalid-policy',
      severity: 'error',
      message,
      path,
      fix: 'Write the policy as a JSON object {"Version": "2012-10-17", "Statement": [{…}]} whose Statement is an object or an array of objects.',
    },
  };
}

/** Builds the context the rules see. @internal */
export function buildContext(
  document: JsonObject,
  size: number,
  options: {
    kind: LintPolicyKind;
    attachedTo: string | undefined;
    owners: readonly string[];
    origin: string | undefined;
  },
): LintContext {
  const raw = own(document, 'Statement');
  const list: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
  const statements: StatementView[] = [];
  list.forEach((item, index) => {
    if (isObject(item)) {
      statements.push(
        readStatement(
          item,
          index,
          statementPath(document as unknown as PolicyDocument, index),
          options.origin,
        ),
      );
    }
  });
  return {
    kind: options.kind,
    document,
    statements,
    attachedTo: options.attachedTo,
    owners: options.owners,
    size,
  };
}

function readStatement(
  raw: JsonObject,
  index: number,
  path: string,
  origin: string | undefined,
): StatementView {
  const effect = own(raw, 'Effect');
  const sid = own(raw, 'Sid');
  return {
    index,
    path,
    raw,
    effect: effect === 'Allow' || effect === 'Deny' ? effect : undefined,
    sid: typeof sid === 'string' ? sid : undefined,
    action: readList(raw, 'Action', path),
    resource: readList(raw, 'Resource', path),
    principal: readPrincipal(raw, path),
    conditions: readConditions(raw, path),
    origin,
  };
}

/** Strings of a one-or-many element, with their pointers. @internal */
export function stringEntries(value: unknown, path: string): Entry[] {
  if (typeof value === 'string') return [{ value, path }];
  if (!Array.isArray(value)) return [];
  const entries: Entry[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string') entries.push({ value: item, path: pointer(path, i) });
  });
  return entries;
}

function readList(raw: JsonObject, key: 'Action' | 'Resource', base: string): ListElement | undefined {
  const notKey = `Not${key}`;
  const used = Object.hasOwn(raw, key) ? key : Object.hasOwn(raw, notKey) ? notKey : undefined;
  if (used === undefined) return undefined;
  const path = pointer(base, used);
  return { key: used, negated: used === notKey, path, entries: stringEntries(raw[used], path) };
}

const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

function readPrincipal(raw: JsonObject, base: string): PrincipalView | undefined {
  const used = Object.hasOwn(raw, 'Principal')
    ? 'Principal'
    : Object.hasOwn(raw, 'NotPrincipal')
      ? 'NotPrincipal'
      : undefined;
  if (used === undefined) return undefined;
  const value = raw[used];
  const path = pointer(base, used);
  const entries: PrincipalEntry[] = [];
  if (isObject(value)) {
    for (const type of PRINCIPAL_TYPES) {
      for (const entry of stringEntries(own(value, type), pointer(path, type)))
        entries.push({ ...entry, type });
    }
  }
  const everyone = value === '*' || entries.some((e) => e.type === 'AWS' && e.value === '*');
  return { negated: used === 'NotPrincipal', path, everyone, entries };
}

function readConditions(raw: JsonObject, base: string): ConditionView[] {
  const condition = own(raw, 'Condition');
  if (!isObject(condition)) return [];
  const out: ConditionView[] = [];
  for (const operator of Object.keys(condition)) {
    const block = condition[operator];
    if (!isObject(block)) continue;
    const operatorPath = pointer(base, 'Condition', operator);
    for (const key of Object.keys(block)) {
      const value = block[key];
      out.push({
        operator,
        operatorPath,
        key,
        keyPath: pointer(operatorPath, key),
        values: Array.isArray(value) ? value : [value],
      });
    }
  }
  return out;
}
