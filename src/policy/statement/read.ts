/**
 * The one reader of policy statements: Effect, Sid, Principal/NotPrincipal, Action/NotAction,
 * Resource/NotResource and Condition, from JSON of any shape, never throwing.
 * @internal
 */
import type { PolicyDocument, Statement } from '../types.js';
import type {
  ConditionView,
  Entry,
  ListElement,
  PolicyModel,
  PrincipalEntry,
  PrincipalType,
  PrincipalView,
  StatementModel,
} from './types.js';

type JsonObject = Readonly<Record<string, unknown>>;

/** True for a JSON object (not an array, not null). @internal */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property, never one inherited from `Object.prototype` (`constructor`, `__proto__`…). @internal */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Escapes one JSON pointer token (RFC 6901): `~` becomes `~0`, `/` becomes `~1`. @internal */
export function escapeToken(token: string): string {
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Appends tokens to a JSON pointer: `pointer('/Statement/0', 'Condition', 'StringEquals', 'aws:PrincipalTag/team')`
 * is `/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team`.
 * @internal
 */
export function pointer(base: string, ...tokens: ReadonlyArray<string | number>): string {
  let out = base;
  for (const token of tokens) out = child(out, token);
  return out;
}

/** One token appended to a pointer (the reader's hot path: no rest array). */
function child(base: string, token: string | number): string {
  return `${base}/${typeof token === 'number' ? token : escapeToken(token)}`;
}

/**
 * Reads a document: its statement objects into models, the positions of anything else in
 * `Statement`. A document without a readable `Statement` has no statements.
 * @internal
 */
export function readPolicy(document: PolicyDocument | JsonObject): PolicyModel {
  const doc = document as JsonObject;
  const version = isObject(doc) ? own(doc, 'Version') : undefined;
  const raw = isObject(doc) ? own(doc, 'Statement') : undefined;
  const isArray = Array.isArray(raw);
  const list: readonly unknown[] = raw === undefined || raw === null ? [] : isArray ? raw : [raw];
  const statements: StatementModel[] = [];
  const unreadable: number[] = [];
  list.forEach((item, index) => {
    if (isObject(item))
      statements.push(readStatement(item, index, isArray ? `/Statement/${index}` : '/Statement'));
    else unreadable.push(index);
  });
  return { version, variables: version === '2012-10-17', statements, unreadable };
}

/**
 * Reads one statement object.
 * @param path - JSON pointer to the statement, the base of every path in the model.
 * @internal
 */
export function readStatement(raw: JsonObject | Statement, index = 0, path = '/Statement'): StatementModel {
  const object = raw as JsonObject;
  const effect = own(object, 'Effect');
  const sid = own(object, 'Sid');
  return {
    index,
    path,
    raw: object,
    effect: effect === 'Allow' || effect === 'Deny' ? effect : undefined,
    sid: typeof sid === 'string' ? sid : undefined,
    principal: readPrincipalOf(object, path),
    action: readList(object, 'Action', path),
    resource: readList(object, 'Resource', path),
    conditions: readConditions(own(object, 'Condition'), child(path, 'Condition')),
  };
}

/** Strings of a one-or-many element, with their pointers. @internal */
export function stringEntries(value: unknown, path: string): Entry[] {
  if (typeof value === 'string') return [{ value, path }];
  if (!Array.isArray(value)) return [];
  const entries: Entry[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string') entries.push({ value: item, path: child(path, i) });
  });
  return entries;
}

function readList(raw: JsonObject, key: 'Action' | 'Resource', base: string): ListElement | undefined {
  const notKey = `Not${key}`;
  const used = Object.hasOwn(raw, key) ? key : Object.hasOwn(raw, notKey) ? notKey : undefined;
  if (used === undefined) return undefined;
  const path = child(base, used);
  return { key: used, negated: used === notKey, path, entries: stringEntries(raw[used], path) };
}

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

function readPrincipalOf(raw: JsonObject, base: string): PrincipalView | undefined {
  const used = Object.hasOwn(raw, 'Principal')
    ? 'Principal'
    : Object.hasOwn(raw, 'NotPrincipal')
      ? 'NotPrincipal'
      : undefined;
  if (used === undefined) return undefined;
  return readPrincipal(raw[used], used === 'NotPrincipal', child(base, used));
}

/**
 * Reads a `Principal` (or, with `negated`, a `NotPrincipal`) element on its own.
 * @internal
 */
export function readPrincipal(value: unknown, negated = false, path = '/Principal'): PrincipalView {
  const entries: PrincipalEntry[] = [];
  if (isObject(value)) {
    for (const type of PRINCIPAL_TYPES) {
      for (const entry of stringEntries(own(value, type), child(path, type)))
        entries.push({ ...entry, type });
    }
  }
  const everyone = value === '*' || entries.some((e) => e.type === 'AWS' && e.value === '*');
  return { negated, path, everyone, entries };
}

/**
 * Reads a `Condition` element into one view per operator and key.
 * @internal
 */
export function readConditions(condition: unknown, path = '/Condition'): ConditionView[] {
  if (!isObject(condition)) return [];
  const out: ConditionView[] = [];
  for (const operator of Object.keys(condition)) {
    const block = condition[operator];
    if (!isObject(block)) continue;
    const operatorPath = child(path, operator);
    for (const key of Object.keys(block)) {
      const value = block[key];
      out.push({
        operator,
        operatorPath,
        key,
        keyPath: child(operatorPath, key),
        values: Array.isArray(value) ? value : [value],
      });
    }
  }
  return out;
}
