/**
 * Reading what a caller passed, whatever it is: the one place public functions turn their
 * arguments into plain data and check them, so any JavaScript value gets a {@link ValidationError}
 * naming the field and the fix, never a TypeError from inside the library.
 *
 * `plain()` first: it copies objects and arrays into ordinary ones, reading every member once,
 * so a getter or Proxy trap that throws, a cycle, nesting beyond reason or a prototype-less
 * object is reported here, and the checks and the code after them work on data that cannot
 * change or throw under them. Class instances (a Date, an AbortSignal, a Uint8Array, an SDK
 * client) and functions are kept as they are. Then the checks, each naming the field.
 * @internal
 */
import { shown, ValidationError } from './errors.js';

/** Deeper than this is refused: no policy, payload or option needs it, and recursion has limits. */
const MAX_DEPTH = 256;
/** Longer lists are refused before they are copied. */
const MAX_ITEMS = 10_000_000;

const PLAIN_DATA_FIX = 'Pass plain data: objects, arrays, strings, numbers and booleans.';

/**
 * A copy of `value` made of ordinary objects and arrays (own enumerable string keys, a
 * `__proto__` key kept as data), with the same class instances, functions and primitives inside.
 * @throws {@link ValidationError} naming the member that could not be read, or that refers to itself.
 * @internal
 */
export function plain<T>(value: T, field: string): T {
  return copy(value, field, new Map(), 0, MAX_DEPTH) as T;
}

/**
 * Like {@link plain}, but copies only the top `levels` levels: below them members are kept as
 * given, for a reader of their own (the policy linter reads any document without throwing).
 * @internal
 */
export function shallow<T>(value: T, field: string, levels = 1): T {
  return copy(value, field, new Map(), 0, levels) as T;
}

const IN_PROGRESS = Symbol('in progress');

/**
 * Where a member is: the root field, or a key or index under a parent. The path text is built
 * only when an error names it, so copying large documents builds no strings.
 */
type Trail = string | { readonly up: Trail; readonly key: string | number };

function pathOf(trail: Trail): string {
  if (typeof trail === 'string') return trail;
  const parent = pathOf(trail.up);
  return typeof trail.key === 'number' ? `${parent}[${trail.key}]` : member(parent, trail.key);
}

function copy(
  value: unknown,
  trail: Trail,
  seen: Map<object, unknown>,
  depth: number,
  levels: number,
): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= levels && levels < MAX_DEPTH) return value;
  const done = seen.get(value);
  if (done === IN_PROGRESS) {
    const path = at(pathOf(trail));
    throw new ValidationError(path, `${path} refers to itself (a cycle)`, PLAIN_DATA_FIX);
  }
  if (done !== undefined) return done;
  let isArray: boolean;
  try {
    // Each read once, as a getter or Proxy trap may throw or change its answer.
    isArray = Array.isArray(value);
    if (!isArray && !isPlainPrototype(Object.getPrototypeOf(value))) return value;
  } catch (error) {
    throw unreadable(trail, error);
  }
  if (depth >= MAX_DEPTH) {
    const path = at(pathOf(trail));
    throw new ValidationError(path, `${path} is nested more than ${MAX_DEPTH} levels deep`, PLAIN_DATA_FIX);
  }
  seen.set(value, IN_PROGRESS);
  let out: unknown;
  if (isArray) {
    const length = read(trail, () => (value as unknown[]).length);
    if (length > MAX_ITEMS) {
      const path = at(pathOf(trail));
      throw new ValidationError(
        path,
        `${path} has ${length} items, more than ${MAX_ITEMS}`,
        'Pass fewer items.',
      );
    }
    const items: unknown[] = new Array(length);
    for (let i = 0; i < length; i++) {
      let item: unknown;
      try {
        item = (value as unknown[])[i];
      } catch (error) {
        throw unreadable({ up: trail, key: i }, error);
      }
      items[i] =
        typeof item === 'object' && item !== null
          ? copy(item, { up: trail, key: i }, seen, depth + 1, levels)
          : item;
    }
    out = items;
  } else {
    const object: Record<string, unknown> = {};
    let keys: string[];
    try {
      keys = Object.keys(value);
    } catch (error) {
      throw unreadable(trail, error);
    }
    for (const key of keys) {
      let item: unknown;
      try {
        item = (value as Record<string, unknown>)[key];
      } catch (error) {
        throw unreadable({ up: trail, key }, error);
      }
      const copied =
        typeof item === 'object' && item !== null
          ? copy(item, { up: trail, key }, seen, depth + 1, levels)
          : item;
      // A `__proto__` key is data, not the prototype.
      if (key === '__proto__') {
        Object.defineProperty(object, key, {
          value: copied,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        object[key] = copied;
      }
    }
    out = object;
  }
  seen.set(value, out);
  return out;
}

/** The field of a path: the path itself, `input` at the root. */
function at(path: string): string {
  return path === '' ? 'input' : path;
}

/** One read of the caller's value: a getter or Proxy trap that throws is a ValidationError naming where. */
function read<T>(trail: Trail, get: () => T): T {
  try {
    return get();
  } catch (error) {
    throw unreadable(trail, error);
  }
}

function unreadable(trail: Trail, error: unknown): ValidationError {
  const path = at(pathOf(trail));
  return new ValidationError(path, `${path} could not be read (${thrownText(error)})`, PLAIN_DATA_FIX, {
    cause: error,
  });
}

/** What a thrown value says, for a message; never throws itself. */
function thrownText(error: unknown): string {
  try {
    return error instanceof Error ? shown(error.message, 120) : shown(error);
  } catch {
    return 'an unreadable error';
  }
}

function isPlainPrototype(prototype: unknown): boolean {
  return prototype === Object.prototype || prototype === null;
}

/** `path.key`, or `path["odd key"]` for a key that is not a plain name; `key` alone at the root (`''`). */
export function member(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key.slice(0, 40))}]`;
}

/** An ordinary object (what `plain()` makes of any object literal). @internal */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * `value` as an object of options or input (after `plain()`); `undefined` allowed when
 * `optional`.
 * @internal
 */
export function record(value: unknown, field: string, fix: string): Record<string, unknown> {
  if (!isRecord(value))
    throw new ValidationError(field, `${field} must be an object, not ${shown(value)}`, fix);
  return value;
}

/** Like {@link record}, `undefined` allowed. @internal */
export function optionalRecord(
  value: unknown,
  field: string,
  fix: string,
): Record<string, unknown> | undefined {
  return value === undefined ? undefined : record(value, field, fix);
}

/** A string, optionally matched against `pattern`. @internal */
export function string(value: unknown, field: string, fix: string, pattern?: RegExp): string {
  if (typeof value !== 'string')
    throw new ValidationError(field, `${field} must be a string, not ${shown(value)}`, fix);
  if (pattern !== undefined && !pattern.test(value)) {
    throw new ValidationError(field, `${field} ${shown(value)} is not valid`, fix);
  }
  return value;
}

/** Like {@link string}, `undefined` allowed. @internal */
export function optionalString(
  value: unknown,
  field: string,
  fix: string,
  pattern?: RegExp,
): string | undefined {
  return value === undefined ? undefined : string(value, field, fix, pattern);
}

/** A list (after `plain()`, an ordinary array). @internal */
export function list(value: unknown, field: string, fix: string): unknown[] {
  if (!Array.isArray(value))
    throw new ValidationError(field, `${field} must be a list, not ${shown(value)}`, fix);
  return value;
}

/** A list of strings. @internal */
export function stringList(value: unknown, field: string, fix: string): string[] {
  return list(value, field, fix).map((item, i) => string(item, `${field}[${i}]`, fix));
}

/** One of `allowed`. @internal */
export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ValidationError(
    field,
    `${field} ${shown(value)} is not one of ${allowed.join(', ')}`,
    `Use one of ${allowed.join(', ')}.`,
  );
}

/** A finite number within `range` (an integer when `integer`). @internal */
export function number(
  value: unknown,
  field: string,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = range;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    const what = `${integer ? 'an integer' : 'a number'}${Number.isFinite(min) ? ` ≥ ${min}` : ''}${Number.isFinite(max) ? ` ≤ ${max}` : ''}`;
    throw new ValidationError(field, `${field} ${shown(value)} is not ${what}`, `Pass ${what}.`);
  }
  return value;
}

/** A function (a callback, an injected evaluator). @internal */
export function callable<T extends (...args: never[]) => unknown>(
  value: unknown,
  field: string,
  fix: string,
): T {
  if (typeof value !== 'function')
    throw new ValidationError(field, `${field} must be a function, not ${shown(value)}`, fix);
  return value as T;
}

/** An AbortSignal, or `undefined`. @internal */
export function optionalSignal(value: unknown, field: string): AbortSignal | undefined {
  if (value === undefined || value instanceof AbortSignal) return value;
  throw new ValidationError(
    field,
    `${field} must be an AbortSignal, not ${shown(value)}`,
    'Pass an AbortController’s signal (or AbortSignal.timeout(ms)), or leave it out.',
  );
}

/** The per-call controls every call takes, checked: an AbortSignal and a positive timeout. @internal */
export function callControl(input: Record<string, unknown>): { signal?: AbortSignal; timeoutMs?: number } {
  const signal = optionalSignal(input['signal'], 'signal');
  const timeoutMs = input['timeoutMs'];
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0)
  ) {
    throw new ValidationError(
      'timeoutMs',
      `timeoutMs ${shown(timeoutMs)} is not a positive number`,
      'Pass milliseconds, e.g. 30000.',
    );
  }
  return { ...(signal === undefined ? {} : { signal }), ...(timeoutMs === undefined ? {} : { timeoutMs }) };
}

/**
 * A call's input object, read once (`plain`) and refused when it is not an object. Its members
 * are named as the caller wrote them (`payload.history[2]`), the object itself `field`.
 * @internal
 */
export function inputObject<T>(input: T, fix: string, field = 'input'): T {
  return record(plain(input, ''), field, fix) as T;
}

/**
 * The first value in `value` that JSON cannot hold (a Symbol, a BigInt, a function, NaN, a class
 * instance), with the keys and indexes leading to it; `undefined` when there is none. `also`
 * accepts more leaves (Dates and bytes, for SDK requests); `skip` names top-level members to
 * leave out. Walks plain data (after `plain`).
 * @internal
 */
export function notJson(
  value: unknown,
  also: (leaf: object) => boolean = () => false,
  skip: readonly string[] = [],
  at: Array<string | number> = [],
): { at: Array<string | number>; value: unknown } | undefined {
  const found = firstNotJson(value, also, skip);
  if (found === undefined) return undefined;
  // The keys were collected innermost first, on the way out of the walk.
  return { at: [...at, ...found.at.reverse()], value: found.value };
}

/** The walk of {@link notJson}; allocates nothing until it finds a value. */
function firstNotJson(
  value: unknown,
  also: (leaf: object) => boolean,
  skip: readonly string[],
): { at: Array<string | number>; value: unknown } | undefined {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean')
    return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { at: [], value };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNotJson(value[i], also, []);
      if (found !== undefined) {
        found.at.push(i);
        return found;
      }
    }
    return undefined;
  }
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (skip.includes(key)) continue;
      const found = firstNotJson(value[key], also, []);
      if (found !== undefined) {
        found.at.push(key);
        return found;
      }
    }
    return undefined;
  }
  return typeof value === 'object' && also(value) ? undefined : { at: [], value };
}

/**
 * Refuses what an AWS SDK request cannot carry (it would fail inside the SDK's serializer, or be
 * sent as nonsense): anything but strings, finite numbers, booleans, null, lists, objects, valid
 * Dates and bytes. `skip` names top-level members that are not sent (the call's controls).
 * @internal
 */
export function wireData(value: unknown, field: string, skip: readonly string[] = []): void {
  const found = notJson(
    value,
    (leaf) => (leaf instanceof Date && Number.isFinite(leaf.getTime())) || leaf instanceof Uint8Array,
    skip,
  );
  if (found === undefined) return;
  const path = found.at.reduce<string>(
    (p, k) => (typeof k === 'number' ? `${p}[${k}]` : member(p, k)),
    field,
  );
  throw new ValidationError(
    path,
    `${path} is ${shown(found.value)}, which a request cannot carry`,
    'Pass strings, numbers, booleans, lists and objects (and Dates where the API takes a time).',
  );
}

/**
 * The service of an AWS SDK v3 client (`config.serviceId`), when it says; `undefined` for a
 * client without one (a stand-in of the caller's own). The options' types take any SDK client
 * (so they compile without the optional peers): this catches the wrong one before a request.
 * @internal
 */
export function sdkServiceOf(value: unknown): string | undefined {
  try {
    const id = (value as { config?: { serviceId?: unknown } }).config?.serviceId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
