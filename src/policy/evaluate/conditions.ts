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
import { arnMatch, splitArn } from '../match.js';
import type { ConditionElement, ConditionValue, OneOrMany } from '../types.js';
import type { ContextMap } from './context.js';
import { ipInCidr } from './ip.js';
import type { ContextValue } from './types.js';
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

type Family = 'string' | 'stringi' | 'like' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';
type Compare = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

interface Operator {
  family: Family;
  compare: Compare;
  negated: boolean;
}

function op(family: Family, negated = false, compare: Compare = 'eq'): Operator {
  return { family, compare, negated };
}

// Suffixes of the Numeric… and Date… operators.
const ORDERINGS: Readonly<Record<string, Compare>> = {
  equals: 'eq',
  notequals: 'eq',
  lessthan: 'lt',
  lessthanequals: 'lte',
  greaterthan: 'gt',
  greaterthanequals: 'gte',
};

function lookupOperator(base: string): Operator | undefined {
  for (const family of ['numeric', 'date'] as const) {
    if (!base.startsWith(family)) continue;
    const suffix = base.slice(family.length);
    const compare = ORDERINGS[suffix];
    return compare === undefined ? undefined : op(family, suffix === 'notequals', compare);
  }
  switch (base) {
    case 'stringequals':
      return op('string');
    case 'stringnotequals':
      return op('string', true);
    case 'stringequalsignorecase':
      return op('stringi');
    case 'stringnotequalsignorecase':
      return op('stringi', true);
    case 'stringlike':
      return op('like');
    case 'stringnotlike':
      return op('like', true);
    case 'bool':
      return op('bool');
    case 'binaryequals':
      return op('binary');
    case 'ipaddress':
      return op('ip');
    case 'notipaddress':
      return op('ip', true);
    case 'arnequals':
    case 'arnlike':
      // ArnEquals and ArnLike behave alike: both match field by field with wildcards.
      return op('arn');
    case 'arnnotequals':
    case 'arnnotlike':
      return op('arn', true);
    case 'null':
      return op('null');
    default:
      return undefined;
  }
}

function toNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
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
function positive(operator: Operator, actual: string, expected: string): boolean {
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

function arnConditionMatch(pattern: string, actual: string): boolean {
  // The pattern's fields were resolved as a whole; literal markers only survive in them.
  if (splitArn(pattern) === undefined || splitArn(actual) === undefined) return false;
  if (pattern === unprotect(pattern)) return arnMatch(pattern, actual);
  const pf = splitArn(pattern) as string[];
  const af = splitArn(actual) as string[];
  for (let i = 0; i < 6; i++) {
    if (!patternMatch(pf[i] as string, af[i] as string)) return false;
  }
  return true;
}

function valueText(value: ConditionValue): string {
  return typeof value === 'string' ? value : String(value);
}

function asStrings(value: OneOrMany<ConditionValue> | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return (value as readonly ConditionValue[]).map(valueText);
  return [valueText(value as ConditionValue)];
}

/** Single context value against every policy value: any matches (positive) or none (negated). */
function single(operator: Operator, actual: string, expected: readonly string[]): boolean {
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
 * Evaluates a `Condition` element; `undefined` when every block holds, otherwise the first
 * failure. `variables` is false for documents older than Version 2012-10-17.
 * @internal
 */
export function evaluateConditions(
  condition: ConditionElement | undefined,
  context: ContextMap,
  variables: boolean,
): ConditionFailure | undefined {
  if (condition === undefined || condition === null || typeof condition !== 'object') return undefined;
  for (const operatorName of Object.keys(condition)) {
    const block = condition[operatorName];
    if (block === undefined || block === null || typeof block !== 'object') continue;
    for (const key of Object.keys(block)) {
      const failure = evaluateOne(operatorName, key, asStrings(block[key]), context, variables);
      if (failure !== undefined) return failure;
    }
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
  let name = operatorName;
  let set: 'any' | 'all' | undefined;
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const prefix = name.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') set = 'any';
    else if (prefix === 'forallvalues') set = 'all';
    else
      return fail(
        operatorName,
        key,
        false,
        `unknown set operator "${name.slice(0, colon)}" on ${key}: it never holds`,
      );
    name = name.slice(colon + 1);
  }
  let lower = name.toLowerCase();
  const ifExists = lower.endsWith('ifexists') && lower !== 'ifexists';
  if (ifExists) lower = lower.slice(0, -'ifexists'.length);
  const operator = lookupOperator(lower);
  if (operator === undefined) {
    return fail(
      operatorName,
      key,
      false,
      `unknown condition operator "${operatorName}" on ${key}: it never holds`,
    );
  }
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
    const values = Array.isArray(actual)
      ? (actual as readonly string[])
      : [valueText(actual as ConditionValue)];
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
