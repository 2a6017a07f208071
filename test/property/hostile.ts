/**
 * Arbitrary JavaScript values for the any-input property test: fast-check's `anything()` with
 * every exotic option on (BigInts, boxed values, Maps, Sets, dates, typed and sparse arrays,
 * prototype-less objects, `__proto__` keys), plus what it never makes: Symbols, functions,
 * Proxies whose traps throw, revoked Proxies, getters that throw, values whose conversion to a
 * string throws, cycles, deep nesting and huge strings.
 */
import fc from 'fast-check';

function throwing(): never {
  throw new Error('hostile: this value refuses to be read');
}

/** Values built fresh each time (a revoked Proxy, a cycle) so no run sees another's state. */
const exotic: ReadonlyArray<() => unknown> = [
  () => Symbol('hostile'),
  () => Symbol.iterator,
  () => () => 'a function',
  () => class Hostile {},
  () => 10n ** 30n,
  () => Object.create(null),
  () => Object.assign(Object.create(null), { region: 'eu-west-1', accountId: '111111111111' }),
  () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  () =>
    new Proxy({}, { get: throwing, has: throwing, ownKeys: throwing, getOwnPropertyDescriptor: throwing }),
  () => new Proxy([], { get: throwing }),
  () => new Proxy({}, { getPrototypeOf: throwing }),
  () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    return proxy;
  },
  () =>
    Object.defineProperty({}, 'runtimeArn', {
      get: throwing,
      enumerable: true,
    }),
  () =>
    new Proxy(
      { Version: '2012-10-17', Statement: [] },
      { get: (t, k) => (k === 'Statement' ? throwing() : Reflect.get(t, k)) },
    ),
  () => ({ toString: throwing, valueOf: throwing }),
  // JSON data can hold these keys too: String() of it throws (no callable toString).
  () => ({ toString: 'x', valueOf: 'y' }),
  () => [{ toString: 'x' }],
  () => ({ [Symbol.toPrimitive]: throwing }),
  () => ({ toJSON: throwing }),
  () => {
    const cycle: Record<string, unknown> = { name: 'cycle' };
    cycle['self'] = cycle;
    return cycle;
  },
  () => {
    const list: unknown[] = [];
    list.push(list);
    return list;
  },
  () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    return deep;
  },
  () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    return deep;
  },
  () => 'x'.repeat(100_000),
  () => `arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/${'a'.repeat(100_000)}`,
  () => '*'.repeat(50_000),
  () => new Date(Number.NaN),
  () => /regex/g,
  () => new Map([['k', 'v']]),
  () => Promise.resolve('a promise'),
  () => new AbortController().signal,
  () => new Uint8Array(4),
  () => new Error('an error value'),
  () => Number.NaN,
  () => -0,
  () => Number.POSITIVE_INFINITY,
  () => Array(5),
  () => Object.freeze({ frozen: true }),
  () => '\u0000\ud800',
];

/**
 * An exotic value stands in the generated data as this wrapper, made real only by
 * {@link materialize} right before the call: fast-check itself inspects the values it generates
 * (and would trip over a revoked Proxy), and each run gets a fresh one.
 */
class Exotic {
  constructor(readonly index: number) {}
  [fc.toStringMethod](): string {
    return `exotic#${this.index}(${String((exotic[this.index] as () => unknown).toString()).slice(6, 60)})`;
  }
}

const exoticValue: fc.Arbitrary<unknown> = fc.noShrink(
  fc.integer({ min: 0, max: exotic.length - 1 }).map((i) => new Exotic(i)),
);

/** The generated value with every exotic stand-in replaced by the real thing. */
export function materialize(value: unknown): unknown {
  if (value instanceof Exotic) return (exotic[value.index] as () => unknown)();
  if (Array.isArray(value)) return value.map(materialize);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: materialize(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

const anything = fc.anything({
  maxDepth: 3,
  maxKeys: 5,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
  key: fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'),
  ),
});

/** Any value: ordinary, exotic, or an object holding exotic values. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anything },
  { weight: 2, arbitrary: exoticValue },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(anything, exoticValue), { maxKeys: 4 }),
  },
  { weight: 1, arbitrary: fc.array(fc.oneof(anything, exoticValue), { maxLength: 4 }) },
);

/** A path into a value: object keys and array indexes, as found when walking it. */
type Path = ReadonlyArray<string | number>;

/** Every path into a plain-data value (objects and arrays), the root (`[]`) included. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      pathsOf(v, [...prefix, i], out);
    });
  } else if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  }
  return out;
}

/** `value` with the thing at `path` replaced (or, at a missing key, added). */
function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  Object.defineProperty(copy, head, {
    value: replaceAt((value as Record<string | number, unknown>)[head], rest, replacement),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/**
 * A valid argument list with one part replaced by a hostile value: any argument, member or
 * element, or a new member at any level (an unknown field).
 */
export function mutated(valid: () => unknown[]): fc.Arbitrary<unknown[]> {
  const paths = pathsOf(valid()).filter((p) => p.length > 0);
  return fc
    .tuple(
      fc.integer({ min: 0, max: Math.max(0, paths.length - 1) }),
      fc.boolean(),
      fc.string({ minLength: 1, maxLength: 8 }),
      hostile,
    )
    .map(([i, extra, key, value]) => {
      const args = valid();
      const path = paths[i] ?? [0];
      return replaceAt(args, extra ? [...path.slice(0, -1), key] : path, value) as unknown[];
    });
}

/** Whole argument lists of hostile values (0 to 4 arguments). */
export const hostileArgs: fc.Arbitrary<unknown[]> = fc.array(hostile, { maxLength: 4 });
