/**
 * The `Condition` element: every operator IAM documents, with `…IfExists`, the `ForAnyValue:` and
 * `ForAllValues:` set operators, policy variables, and AWS's missing-key rules.
 *
 * Missing keys (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * a condition on a key absent from the request context is false, except that a negated operator
 * (StringNotEquals, ArnNotLike, NotIpAddress…) is true, `…IfExists` is true, `ForAllValues:` is
 * true and `ForAnyValue:` is false
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html),
 * and `Null` tests presence itself.
 *
 * Assumption (AWS documents no outcome): a multivalued context key tested without a set operator
 * fails the condition, as @cloud-copilot/iam-simulate reads it.
 * @internal
 */
import { arnFields } from '../../arn/fields.js';
import type { ContextMap, ContextValue } from './context-map.js';
import { ipInCidr } from './ip.js';
import type { ConditionView } from './types.js';
import { patternMatch, resolveVariables, unprotect } from './variables.js';

/** Why a condition block did not hold. @internal */
export interface ConditionFailure {
  /** The operator as written (`StringEqualsIfExists`, `ForAnyValue:StringLike`). */
  operator: string;
  /** The condition key as written. */
  key: string;
  keyMissing: boolean;
  detail: string;
}

/** The base condition operators of the IAM policy grammar. @internal */
export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

/** A base operator, spelled as the IAM documentation spells it. @internal */
export type BaseOperator = (typeof CONDITION_OPERATORS)[number];

const SET_OPERATORS = ['ForAllValues', 'ForAnyValue'] as const;

/** The comparison families of the operators. @internal */
export type Family =
  | 'string'
  | 'stringi'
  | 'like'
  | 'numeric'
  | 'date'
  | 'bool'
  | 'binary'
  | 'ip'
  | 'arn'
  | 'null';
type Compare = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

/** A condition operator split into its parts. @internal */
export interface ParsedOperator {
  readonly set: (typeof SET_OPERATORS)[number] | undefined;
  readonly base: BaseOperator;
  readonly ifExists: boolean;
  /** The operator as the IAM documentation spells it. */
  readonly canonical: string;
  readonly family: Family;
  readonly compare: Compare;
  /** StringNotEquals, ArnNotLike, NotIpAddress, NumericNotEquals… */
  readonly negated: boolean;
}

const BY_LOWER = new Map<string, BaseOperator>(CONDITION_OPERATORS.map((op) => [op.toLowerCase(), op]));

// Suffixes of the Numeric… and Date… operators.
const ORDERINGS: Readonly<Record<string, Compare>> = {
  Equals: 'eq',
  NotEquals: 'eq',
  LessThan: 'lt',
  LessThanEquals: 'lte',
  GreaterThan: 'gt',
  GreaterThanEquals: 'gte',
};

function familyOf(base: BaseOperator): { family: Family; compare: Compare } {
  if (base.startsWith('Numeric'))
    return { family: 'numeric', compare: ORDERINGS[base.slice('Numeric'.length)] ?? 'eq' };
  if (base.startsWith('Date'))
    return { family: 'date', compare: ORDERINGS[base.slice('Date'.length)] ?? 'eq' };
  if (base.endsWith('IgnoreCase')) return { family: 'stringi', compare: 'eq' };
  if (base.startsWith('String')) return { family: base.endsWith('Like') ? 'like' : 'string', compare: 'eq' };
  if (base === 'Bool') return { family: 'bool', compare: 'eq' };
  if (base === 'BinaryEquals') return { family: 'binary', compare: 'eq' };
  if (base.endsWith('IpAddress')) return { family: 'ip', compare: 'eq' };
  // ArnEquals and ArnLike behave alike: both match field by field with wildcards.
  if (base.startsWith('Arn')) return { family: 'arn', compare: 'eq' };
  return { family: 'null', compare: 'eq' };
}

const PARSED = new Map<string, ParsedOperator | undefined>();

/**
 * Parses `ForAnyValue:StringLikeIfExists` and the like, ignoring case; `undefined` when the
 * operator does not exist (the grammar allows `IfExists` on every operator but `Null`).
 * @internal
 */
export function parseOperator(operator: string): ParsedOperator | undefined {
  if (PARSED.has(operator)) return PARSED.get(operator);
  const parsed = parse(operator);
  if (PARSED.size < 1000) PARSED.set(operator, parsed);
  return parsed;
}

function parse(operator: string): ParsedOperator | undefined {
  let rest = operator;
  let set: ParsedOperator['set'];
  const colon = operator.indexOf(':');
  if (colon >= 0) {
    const prefix = operator.slice(0, colon).toLowerCase();
    set = SET_OPERATORS.find((s) => s.toLowerCase() === prefix);
    if (set === undefined) return undefined;
    rest = operator.slice(colon + 1);
  }
  let base = BY_LOWER.get(rest.toLowerCase());
  let ifExists = false;
  if (base === undefined && rest.toLowerCase().endsWith('ifexists')) {
    base = BY_LOWER.get(rest.slice(0, -'IfExists'.length).toLowerCase());
    ifExists = true;
  }
  if (base === undefined || (base === 'Null' && ifExists)) return undefined;
  const canonical = `${set === undefined ? '' : `${set}:`}${base}${ifExists ? 'IfExists' : ''}`;
  return { set, base, ifExists, canonical, ...familyOf(base), negated: base.includes('Not') };
}

// "an integer or decimal value" (IAM User Guide, numeric condition operators): no exponent, hex,
// whitespace or trailing text, so "12abc" is no number (a parseInt would read 12).
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function toNumber(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}

// Dates are ISO 8601 (W3C profile) or epoch seconds, as aws:EpochTime holds.
function toDate(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function ordered(compare: Compare, a: number, b: number): boolean {
  switch (compare) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
  }
}

/** The positive form of the operator: does context value `actual` match policy value `expected`? */
function positive(operator: ParsedOperator, actual: string, expected: string): boolean {
  switch (operator.family) {
    case 'string':
      return actual === unprotect(expected);
    case 'stringi':
      return actual.toLowerCase() === unprotect(expected).toLowerCase();
    case 'like':
      return patternMatch(expected, actual);
    case 'numeric': {
      const a = toNumber(actual);
      const e = toNumber(expected);
      return a !== undefined && e !== undefined && ordered(operator.compare, a, e);
    }
    case 'date': {
      const a = toDate(actual);
      const e = toDate(expected);
      return a !== undefined && e !== undefined && ordered(operator.compare, a, e);
    }
    case 'bool':
      return actual.toLowerCase() === expected.toLowerCase();
    case 'binary':
      return actual === expected;
    case 'ip':
      return ipInCidr(actual, expected);
    case 'arn':
      return arnConditionMatch(expected, actual);
    case 'null':
      return false;
  }
}

/**
 * ArnEquals / ArnLike: "Each of the six colon-delimited components of the ARN is checked
 * separately" (IAM User Guide, condition operators, ARN condition operators).
 */
function arnConditionMatch(pattern: string, actual: string): boolean {
  const pf = arnFields(pattern);
  const af = arnFields(actual);
  if (pf === undefined || af === undefined) return false;
  return (
    patternMatch(pf.prefix, af.prefix) &&
    patternMatch(pf.partition, af.partition) &&
    patternMatch(pf.service, af.service) &&
    patternMatch(pf.region, af.region) &&
    patternMatch(pf.account, af.account) &&
    patternMatch(pf.resource, af.resource)
  );
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** The policy values of a condition as text; `null` and absent entries name nothing. */
function asStrings(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) if (v !== undefined && v !== null) out.push(valueText(v));
  return out;
}

/** Parses a value of a numeric or date operator; `undefined` when it is not one. */
function ordinal(family: Family, text: string): number | undefined {
  return family === 'numeric' ? toNumber(text) : family === 'date' ? toDate(text) : 0;
}

/**
 * Single context value against every policy value: any matches (positive) or none (negated).
 * A numeric or date value that does not parse compares with nothing: it satisfies neither the
 * operator nor its negation, and a policy value that does not parse matches nothing.
 */
function single(operator: ParsedOperator, actual: string, values: readonly string[]): boolean {
  let expected = values;
  if (operator.family === 'numeric' || operator.family === 'date') {
    if (ordinal(operator.family, actual) === undefined) return false;
    expected = values.filter((e) => ordinal(operator.family, e) !== undefined);
    if (expected.length === 0) return false;
  }
  let any = false;
  for (const e of expected) {
    if (positive(operator, actual, e)) {
      any = true;
      break;
    }
  }
  return operator.negated ? !any : any;
}

function quote(values: readonly string[]): string {
  const shown = values.slice(0, 5).map((v) => JSON.stringify(unprotect(v)));
  return values.length > 5 ? `${shown.join(', ')}, …` : shown.join(', ');
}

function shownActual(value: ContextValue): string {
  return Array.isArray(value) ? `[${quote(value as readonly string[])}]` : JSON.stringify(value);
}

/**
 * Evaluates the conditions of a statement; `undefined` when every one holds, otherwise the first
 * failure. `variables` is false for documents older than Version 2012-10-17.
 * @internal
 */
export function evaluateConditions(
  conditions: readonly ConditionView[],
  context: ContextMap,
  variables: boolean,
): ConditionFailure | undefined {
  for (const condition of conditions) {
    const failure = evaluateOne(
      condition.operator,
      condition.key,
      asStrings(condition.values),
      context,
      variables,
    );
    if (failure !== undefined) return failure;
  }
  return undefined;
}

function evaluateOne(
  operatorName: string,
  key: string,
  rawValues: string[],
  context: ContextMap,
  variables: boolean,
): ConditionFailure | undefined {
  const operator = parseOperator(operatorName);
  if (operator === undefined) {
    return fail(
      operatorName,
      key,
      false,
      `unknown condition operator "${operatorName}" on ${key}: it never holds`,
    );
  }
  const { ifExists } = operator;
  const set = operator.set === 'ForAnyValue' ? 'any' : operator.set === 'ForAllValues' ? 'all' : undefined;
  const actual = context.get(key.toLowerCase());
  if (operator.family === 'null') {
    const absent = actual === undefined;
    const holds = rawValues.some((v) => v.toLowerCase() === String(absent));
    if (holds) return undefined;
    return fail(
      operatorName,
      key,
      absent,
      absent ? `Null: ${key} is absent, the condition expects it present` : `Null: ${key} is present`,
    );
  }
  if (actual === undefined) {
    if (ifExists || set === 'all' || (set === undefined && operator.negated)) return undefined;
    return fail(operatorName, key, true, `${operatorName}: ${key} is absent from the request context`);
  }
  // Policy variables apply to the String and Arn operators only.
  const substitutes =
    variables &&
    (operator.family === 'string' ||
      operator.family === 'stringi' ||
      operator.family === 'like' ||
      operator.family === 'arn');
  let expected = rawValues;
  if (substitutes) {
    expected = [];
    for (const raw of rawValues) {
      const resolved = resolveVariables(raw, context);
      if (resolved !== undefined) expected.push(resolved);
    }
  }
  let holds: boolean;
  if (set === undefined) {
    holds = typeof actual !== 'object' && single(operator, valueText(actual), expected);
  } else {
    const values = Array.isArray(actual) ? (actual as readonly string[]) : [valueText(actual)];
    holds =
      set === 'any'
        ? values.some((v) => single(operator, valueText(v), expected))
        : values.every((v) => single(operator, valueText(v), expected));
  }
  if (holds) return undefined;
  const why =
    set === undefined && Array.isArray(actual)
      ? 'holds several values; test it with ForAnyValue: or ForAllValues:'
      : `is ${shownActual(actual)}`;
  return fail(
    operatorName,
    key,
    false,
    `${operatorName}: ${key} ${why}, the condition expects ${operator.negated ? 'none of' : 'one of'} ${quote(rawValues)}`,
  );
}

function fail(operator: string, key: string, keyMissing: boolean, detail: string): ConditionFailure {
  return { operator, key, keyMissing, detail };
}
