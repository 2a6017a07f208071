/**
 * Edits a resource policy as text, so that whatever the edit does not touch keeps its exact
 * bytes: a grant appends its statement after the last one, and the revoke of that statement cuts
 * exactly what was appended, which puts back the policy string that was there before.
 * @internal
 */
import { PolicyParseError } from '../errors.js';
import { parsePolicyDocument, statementsOf } from '../policy/document.js';
import type { PolicyDocument, Statement } from '../policy/types.js';

/** A half-open range `[start, end)` of the text. @internal */
export interface Span {
  start: number;
  end: number;
}

/** A policy text, its parsed document and where its statements are. @internal */
export interface PolicyText {
  readonly text: string;
  readonly document: PolicyDocument;
  readonly statements: readonly Statement[];
  /** Span of the `Statement` member's value. */
  readonly value: Span;
  /** True when `Statement` is an array (IAM also allows a single object). */
  readonly isArray: boolean;
  /** Span of each statement, in order (one, the value itself, when not an array). */
  readonly elements: readonly Span[];
}

/** One replacement of `[start, end)` by `text`. @internal */
export interface TextEdit extends Span {
  text: string;
}

/**
 * Reads a policy text and locates its statements.
 * @throws {@link PolicyParseError} when the text is not a policy document.
 * @internal
 */
export function readPolicyText(text: string): PolicyText {
  const document = parsePolicyDocument(text);
  const scanner = new Scanner(text);
  const value = scanner.statementValue();
  const isArray = text[value.start] === '[';
  return {
    text,
    document,
    statements: statementsOf(document),
    value,
    isArray,
    elements: isArray ? scanner.elements(value) : [value],
  };
}

/**
 * The text of a new policy: compact JSON (the API's limit counts every character).
 * @internal
 */
export function policyText(document: PolicyDocument): string {
  return JSON.stringify(document);
}

/** The edit that appends `statement` after the last statement. @internal */
export function appendStatement(policy: PolicyText, statement: Statement): TextEdit {
  const json = JSON.stringify(statement);
  const last = policy.elements.at(-1);
  if (!policy.isArray) {
    const { start, end } = policy.value;
    return { start, end, text: `[${policy.text.slice(start, end)},${json}]` };
  }
  if (last === undefined) return { start: policy.value.start + 1, end: policy.value.start + 1, text: json };
  return { start: last.end, end: last.end, text: `,${json}` };
}

/** The edit that replaces statement `index` by `statement`. @internal */
export function replaceStatement(policy: PolicyText, index: number, statement: Statement): TextEdit {
  const span = policy.elements[index];
  if (span === undefined) throw new RangeError(`No statement ${index}`);
  return { ...span, text: JSON.stringify(statement) };
}

/**
 * The edits that remove the statements at `indexes`, each run of neighbours with the separator
 * before it (after it for a run at the start), so that removing an appended statement restores
 * the text before the append. `undefined` when every statement goes: delete the policy instead.
 * @internal
 */
export function removeStatements(policy: PolicyText, indexes: ReadonlySet<number>): TextEdit[] | undefined {
  const count = policy.elements.length;
  if (indexes.size === 0) return [];
  if (indexes.size >= count) return undefined;
  const edits: TextEdit[] = [];
  for (let first = 0; first < count; first++) {
    if (!indexes.has(first)) continue;
    let last = first;
    while (indexes.has(last + 1)) last++;
    const before = policy.elements[first - 1];
    const after = policy.elements[last + 1];
    const end = (policy.elements[last] as Span).end;
    if (before !== undefined) edits.push({ start: before.end, end, text: '' });
    else if (after !== undefined)
      edits.push({ start: (policy.elements[first] as Span).start, end: after.start, text: '' });
    first = last;
  }
  return edits;
}

/**
 * Applies non-overlapping edits.
 * @internal
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = text.length;
  for (const edit of sorted) {
    if (edit.end > limit) throw new RangeError('Overlapping policy edits');
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

/**
 * A scanner over JSON that `JSON.parse` has already accepted: it only finds where values begin
 * and end, iteratively (no recursion on nesting depth).
 */
class Scanner {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  /** Span of the value of the top-level `Statement` member (the last one, as JSON.parse keeps). */
  statementValue(): Span {
    let i = this.#skipSpace(0);
    if (this.#text[i] !== '{') throw new PolicyParseError('', 'The policy is not a JSON object.');
    i = this.#skipSpace(i + 1);
    let found: Span | undefined;
    while (this.#text[i] !== '}') {
      const keyEnd = this.#skipString(i);
      const key = JSON.parse(this.#text.slice(i, keyEnd)) as string;
      const start = this.#skipSpace(this.#skipSpace(keyEnd) + 1);
      const end = this.#skipValue(start);
      if (key === 'Statement') found = { start, end };
      i = this.#skipSpace(end);
      if (this.#text[i] === ',') i = this.#skipSpace(i + 1);
    }
    if (found === undefined)
      throw new PolicyParseError('/Statement', 'Policy document has no "Statement" element.');
    return found;
  }

  /** Spans of the elements of the array at `value`. */
  elements(value: Span): Span[] {
    const spans: Span[] = [];
    let i = this.#skipSpace(value.start + 1);
    while (this.#text[i] !== ']') {
      const end = this.#skipValue(i);
      spans.push({ start: i, end });
      i = this.#skipSpace(end);
      if (this.#text[i] === ',') i = this.#skipSpace(i + 1);
    }
    return spans;
  }

  #skipSpace(i: number): number {
    let j = i;
    while (j < this.#text.length && ' \t\n\r'.includes(this.#text[j] as string)) j++;
    return j;
  }

  /** `i` is at an opening quote; returns the index after the closing one. */
  #skipString(i: number): number {
    let j = i + 1;
    while (j < this.#text.length) {
      const c = this.#text[j];
      if (c === '\\') j += 2;
      else if (c === '"') return j + 1;
      else j++;
    }
    return j;
  }

  #skipValue(i: number): number {
    const c = this.#text[i];
    if (c === '"') return this.#skipString(i);
    if (c !== '{' && c !== '[') {
      let j = i;
      while (j < this.#text.length && !',]} \t\n\r'.includes(this.#text[j] as string)) j++;
      return j;
    }
    let depth = 0;
    let j = i;
    while (j < this.#text.length) {
      const d = this.#text[j];
      if (d === '"') {
        j = this.#skipString(j);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return j;
  }
}
