/**
 * IAM wildcard matching (`*` any run of characters, `?` one character) in time linear in the
 * value, whatever the pattern.
 *
 * Two flavours share one engine:
 * - {@link globMatch}: `Action`, `NotAction` and the `StringLike` family: every `*` matches any
 *   run of characters and every `?` any one character.
 * - {@link resourcePatternMatch}: `Resource` and `NotResource`, where wildcards work "within the
 *   individual segments of an ARN (the parts separated by colons)" and "if the `*` wildcard is the
 *   last character of a resource ARN segment, it can expand to match beyond the colon boundaries"
 *   (IAM User Guide, "IAM JSON policy elements: Resource", Using wildcards in resource ARNs). So a
 *   `*` that ends a segment matches anything, another `*` any run without a colon, and `?` one
 *   character that is not a colon.
 *
 * How (the pattern has m characters, the value n):
 * 1. The pattern is cut at its free stars (the `*` that match anything) into blocks. A block holds
 *    literal characters, `?`, and (for resources) the stars that stay within a segment.
 * 2. The blocks are placed left to right, each at the match that ENDS earliest after the previous
 *    one; the first block is anchored at the start (unless the pattern starts with a free star) and
 *    the last at the end (unless the pattern ends with one). Earliest end is optimal: a free star
 *    matches any run, so whatever a later end leaves to the rest, an earlier end leaves too.
 * 3. A block of literal characters is found with Knuth-Morris-Pratt; any other block with a
 *    bit-parallel simulation of its automaton (Shift-And, extended with stars that loop on a
 *    class), one bit per automaton state in 32-bit words.
 *
 * Bounds. Every block scans its own stretch of the value (each search starts where the previous
 * block's match ended), so the value is read once in all:
 * - a pattern whose blocks are all literal (`*`, `?`-free but for free stars: every `Action`,
 *   almost every `Resource` and `StringLike` value) decides in O(m + n), whatever its shape: the
 *   hostile `*aaa…ab` against `aaa…a` included;
 * - otherwise in O(m + n · ⌈w / 32⌉), w the longest block holding a `?` or a bounded `*`: the
 *   automaton of such a block advances 32 states per machine word per value character (a
 *   literal character that fills more than a 32nd of the block keeps a dense mask, rarer ones
 *   are looked up by position, so no character costs more than ⌈w / 32⌉ word operations).
 * A pattern that IAM accepts is at most a policy long (20,480 characters for an AgentCore
 * resource policy), so the factor is bounded; there is no backtracking to blow up in either case.
 *
 * @internal
 */

const STAR = 42; // *
const QUESTION = 63; // ?
const COLON = 58; // :

/** One step of a block: a literal character, `?`, or a star that stays within a segment. */
enum Kind {
  Literal = 0,
  AnyOne = 1,
  SegmentStar = 2,
}

/** A block: what lies between two free stars. */
interface Block {
  /** Kind of each token. */
  readonly kinds: readonly Kind[];
  /** Character code of each literal token (0 for the others). */
  readonly codes: readonly number[];
  /** The literal text, when every token is literal. */
  readonly literal: string | undefined;
  /** Fewest characters the block matches. */
  readonly minLength: number;
  /** True when the block has no segment star: it always matches exactly `minLength` characters. */
  readonly fixed: boolean;
}

/** A compiled pattern. */
interface Compiled {
  readonly blocks: readonly Block[];
  /** The pattern starts with a free star (the first block may start anywhere). */
  readonly openStart: boolean;
  /** The pattern ends with a free star (the last block may end anywhere). */
  readonly openEnd: boolean;
  /** `?` and bounded stars refuse a colon. */
  readonly segments: boolean;
}

function block(kinds: Kind[], codes: number[]): Block {
  let minLength = 0;
  let fixed = true;
  let literal = true;
  for (const k of kinds) {
    if (k === Kind.SegmentStar) fixed = false;
    else minLength++;
    if (k !== Kind.Literal) literal = false;
  }
  return {
    kinds,
    codes,
    literal: literal ? String.fromCharCode(...codes) : undefined,
    minLength,
    fixed,
  };
}

/**
 * Compiles `pattern`. With `segments`, a `*` is free only when it ends a colon-separated segment
 * (followed by `:` or the end); other stars stay within their segment, and `?` never matches `:`.
 */
function compile(pattern: string, segments: boolean): Compiled {
  const blocks: Block[] = [];
  let kinds: Kind[] = [];
  let codes: number[] = [];
  let openStart = false;
  let openEnd = false;
  let literal = '';
  const flush = () => {
    if (literal.length > 0) {
      for (let i = 0; i < literal.length; i++) {
        kinds.push(Kind.Literal);
        codes.push(literal.charCodeAt(i));
      }
      literal = '';
    }
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === STAR) {
      const free = !segments || i + 1 === pattern.length || pattern.charCodeAt(i + 1) === COLON;
      flush();
      if (free) {
        if (blocks.length === 0 && kinds.length === 0) openStart = true;
        else blocks.push(block(kinds, codes));
        kinds = [];
        codes = [];
        if (i + 1 === pattern.length) openEnd = true;
        // Consecutive free stars are one.
        while (i + 1 < pattern.length && pattern.charCodeAt(i + 1) === STAR) {
          i++;
          if (i + 1 === pattern.length) openEnd = true;
        }
      } else if (kinds[kinds.length - 1] !== Kind.SegmentStar) {
        kinds.push(Kind.SegmentStar);
        codes.push(0);
      }
    } else if (c === QUESTION) {
      flush();
      kinds.push(Kind.AnyOne);
      codes.push(0);
    } else {
      literal += pattern[i];
    }
  }
  flush();
  if (!openEnd || kinds.length > 0) blocks.push(block(kinds, codes));
  return { blocks, openStart, openEnd, segments };
}

// ---------------------------------------------------------------------------------------------
// Fixed-length blocks at a known position

function fixedMatchesAt(b: Block, value: string, at: number, segments: boolean): boolean {
  if (at < 0 || at + b.minLength > value.length) return false;
  if (b.literal !== undefined) return value.startsWith(b.literal, at);
  for (let j = 0; j < b.kinds.length; j++) {
    const v = value.charCodeAt(at + j);
    if (b.kinds[j] === Kind.Literal) {
      if (v !== b.codes[j]) return false;
    } else if (segments && v === COLON) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Knuth-Morris-Pratt: the earliest occurrence of a literal at or after `from`

function kmpSearch(needle: string, value: string, from: number): number {
  const m = needle.length;
  if (m === 0) return from;
  const i0 = value.indexOf(needle[0] as string, from);
  if (i0 < 0) return -1;
  const fail = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && needle.charCodeAt(i) !== needle.charCodeAt(k)) k = fail[k - 1] as number;
    if (needle.charCodeAt(i) === needle.charCodeAt(k)) k++;
    fail[i] = k;
  }
  for (let i = i0, k = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    while (k > 0 && c !== needle.charCodeAt(k)) k = fail[k - 1] as number;
    if (c === needle.charCodeAt(k)) k++;
    if (k === m) return i - m + 1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Bit-parallel automaton of a block (Shift-And with class stars)

/**
 * State j (0 … tokens) means "the first j tokens matched". Token j moves state j to j + 1; a
 * segment star token is an empty move from j to j + 1 with a loop on j + 1 over non-colon
 * characters (a block never holds two stars in a row).
 */
class Automaton {
  readonly words: number;
  readonly final: number;
  /** Bits j + 1 for `?` tokens (any character; not a colon with segments). */
  private readonly anyOne: Int32Array;
  /** Bits j + 1 for star tokens: the states that loop. */
  private readonly loops: Int32Array;
  /** Bits j for star tokens: the sources of an empty move. */
  private readonly starts: Int32Array;
  /** Bits j + 1 for frequent literal characters. */
  private readonly dense = new Map<number, Int32Array>();
  /** States j + 1 for the other literal characters. */
  private readonly sparse = new Map<number, number[]>();
  private readonly hasStars: boolean;

  constructor(
    b: Block,
    private readonly segments: boolean,
  ) {
    const n = b.kinds.length;
    this.final = n;
    this.words = (n >>> 5) + 1;
    this.anyOne = new Int32Array(this.words);
    this.loops = new Int32Array(this.words);
    this.starts = new Int32Array(this.words);
    const positions = new Map<number, number[]>();
    this.hasStars = b.kinds.includes(Kind.SegmentStar);
    for (let j = 0; j < n; j++) {
      const kind = b.kinds[j];
      if (kind === Kind.AnyOne) set(this.anyOne, j + 1);
      else if (kind === Kind.SegmentStar) {
        set(this.loops, j + 1);
        set(this.starts, j);
      } else {
        const code = b.codes[j] as number;
        const list = positions.get(code);
        if (list === undefined) positions.set(code, [j + 1]);
        else list.push(j + 1);
      }
    }
    // A character seen more than words times gets a dense mask (at most 32 of them); lookups of
    // the others cost at most `words` each too.
    for (const [code, list] of positions) {
      if (list.length > this.words) {
        const mask = new Int32Array(this.words);
        for (const p of list) set(mask, p);
        this.dense.set(code, mask);
      } else {
        this.sparse.set(code, list);
      }
    }
  }

  /** The empty moves out of the states in `d` (in place). */
  close(d: Int32Array): void {
    if (!this.hasStars) return;
    const starts = this.starts;
    let carry = 0;
    for (let w = 0; w < this.words; w++) {
      const word = d[w] as number;
      const from = word & (starts[w] as number);
      d[w] = word | (from << 1) | carry;
      carry = from >>> 31;
    }
  }

  /**
   * `next` = the states reached from `d` on `c`. With `search`, state 0 stays live (a match may
   * start at every position); `d` holds it already.
   */
  step(d: Int32Array, next: Int32Array, c: number, search: boolean): void {
    const colon = this.segments && c === COLON;
    const dense = this.dense.get(c);
    const anyOne = this.anyOne;
    const loops = this.loops;
    const words = this.words;
    let carry = 0;
    if (colon) {
      // Only a literal colon moves on a colon.
      for (let w = 0; w < words; w++) {
        const word = d[w] as number;
        next[w] = dense === undefined ? 0 : ((word << 1) | carry) & (dense[w] as number);
        carry = word >>> 31;
      }
    } else if (dense === undefined) {
      for (let w = 0; w < words; w++) {
        const word = d[w] as number;
        next[w] = (((word << 1) | carry) & (anyOne[w] as number)) | (word & (loops[w] as number));
        carry = word >>> 31;
      }
    } else {
      for (let w = 0; w < words; w++) {
        const word = d[w] as number;
        next[w] =
          (((word << 1) | carry) & ((anyOne[w] as number) | (dense[w] as number))) |
          (word & (loops[w] as number));
        carry = word >>> 31;
      }
    }
    const sparse = this.sparse.get(c);
    if (sparse !== undefined) {
      // State p is reached when state p - 1 was live.
      for (const p of sparse) if (has(d, p - 1)) set(next, p);
    }
    if (search) next[0] = (next[0] as number) | 1;
    this.close(next);
  }

  /** True when some state of `d` is live. */
  live(d: Int32Array): boolean {
    for (let w = 0; w < this.words; w++) if (d[w] !== 0) return true;
    return false;
  }

  accepts(d: Int32Array): boolean {
    return has(d, this.final);
  }

  /** The start state with its empty moves. */
  initial(): Int32Array {
    const d = new Int32Array(this.words);
    d[0] = 1;
    this.close(d);
    return d;
  }
}

function set(bits: Int32Array, i: number): void {
  bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
}

function has(bits: Int32Array, i: number): boolean {
  return ((bits[i >>> 5] as number) & (1 << (i & 31))) !== 0;
}

/**
 * The earliest end of a match of `b` starting at `from` (anchored) or anywhere at or after it
 * (search), or -1. With `toEnd`, only a match ending at the end of the value counts, and the
 * answer is the value's length or -1.
 */
function scan(
  b: Block,
  value: string,
  from: number,
  anchored: boolean,
  toEnd: boolean,
  segments: boolean,
): number {
  const a = new Automaton(b, segments);
  let d: Int32Array = a.initial();
  let next: Int32Array = new Int32Array(a.words);
  if (a.accepts(d) && (!toEnd || from === value.length)) return from;
  for (let i = from; i < value.length; i++) {
    a.step(d, next, value.charCodeAt(i), !anchored);
    [d, next] = [next, d];
    if (a.accepts(d) && (!toEnd || i + 1 === value.length)) return i + 1;
    if (anchored && !a.live(d)) return -1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Placing the blocks

/** The earliest end of block `b` matched at or after `from` (search), or -1. */
function searchEnd(b: Block, value: string, from: number, segments: boolean): number {
  if (b.literal !== undefined) {
    const at = kmpSearch(b.literal, value, from);
    return at < 0 ? -1 : at + b.literal.length;
  }
  return scan(b, value, from, false, false, segments);
}

/** The earliest end of block `b` matched exactly at `at`, or -1. */
function anchoredEnd(b: Block, value: string, at: number, segments: boolean): number {
  if (b.fixed) return fixedMatchesAt(b, value, at, segments) ? at + b.minLength : -1;
  return scan(b, value, at, true, false, segments);
}

/** True when block `b` matches a suffix of the value that starts at or after `from`. */
function matchesSuffix(b: Block, value: string, from: number, segments: boolean): boolean {
  if (b.fixed) {
    const at = value.length - b.minLength;
    return at >= from && fixedMatchesAt(b, value, at, segments);
  }
  return scan(b, value, from, false, true, segments) === value.length;
}

function run(c: Compiled, value: string): boolean {
  const { blocks, segments } = c;
  const last = blocks.length - 1;
  if (last < 0) return c.openStart || value.length === 0;
  let pos = 0;
  for (let i = 0; i <= last; i++) {
    const b = blocks[i] as Block;
    const anchoredStart = i === 0 && !c.openStart;
    const anchoredEnd_ = i === last && !c.openEnd;
    if (anchoredStart && anchoredEnd_) {
      if (b.fixed) return value.length === b.minLength && fixedMatchesAt(b, value, 0, segments);
      return scan(b, value, 0, true, true, segments) === value.length;
    }
    if (anchoredEnd_) return matchesSuffix(b, value, pos, segments);
    const end = anchoredStart ? anchoredEnd(b, value, 0, segments) : searchEnd(b, value, pos, segments);
    if (end < 0) return false;
    pos = end;
  }
  return true;
}

/** Compiled patterns, by flavour and text: policies repeat their patterns across calls. */
const COMPILED = new Map<string, Compiled>();

function compiled(pattern: string, segments: boolean): Compiled {
  const key = `${segments ? 'r' : 'g'}${pattern}`;
  let c = COMPILED.get(key);
  if (c === undefined) {
    c = compile(pattern, segments);
    // A bounded memo of pure results: a hostile stream of patterns cannot grow it without end.
    if (COMPILED.size >= 1000) COMPILED.clear();
    if (pattern.length <= 4096) COMPILED.set(key, c);
  }
  return c;
}

/**
 * True when `value` matches the IAM wildcard pattern (`*` any run, `?` any one character), as
 * `Action` and the `StringLike` operators match.
 * @param caseInsensitive - Actions match ignoring case; strings and ARNs do not.
 * @internal
 */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  if (pattern === '*') return true;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const v = caseInsensitive ? value.toLowerCase() : value;
  return prefixOnly(p, v) ?? run(compiled(p, false), v);
}

/**
 * True when the ARN `arn` matches a `Resource` pattern: wildcards stay within a colon-separated
 * segment, but a `*` that ends a segment "can expand to match beyond the colon boundaries" (IAM
 * User Guide, Resource element). Case-sensitive, as AWS matches ARNs.
 * @internal
 */
export function resourcePatternMatch(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  return prefixOnly(pattern, arn) ?? run(compiled(pattern, true), arn);
}

/** The common shapes decided without compiling: no wildcard, or one `*` at the very end. */
function prefixOnly(pattern: string, value: string): boolean | undefined {
  if (pattern.includes('?')) return undefined;
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  if (star === pattern.length - 1) return value.startsWith(pattern.slice(0, star));
  return undefined;
}

/** True when the string holds an IAM wildcard. @internal */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}
