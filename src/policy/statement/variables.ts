/**
 * Policy variables (`${aws:PrincipalAccount}`, `${aws:username, 'default'}`, `${*}`…) and the
 * glob matching that keeps what they produce literal.
 *
 * Rules, from https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html:
 * - variables are resolved only in documents of `Version` 2012-10-17 (older ones read `${…}`
 *   literally), in the resource part of a `Resource` ARN (after the fifth colon) and in the values
 *   of String and Arn condition operators;
 * - a variable whose key is absent, holds several values or the empty string has no value:
 *   "there is no equal or like value", so whatever contains it matches nothing (a `Resource` entry "will not match any
 *   resource"; a negated operator is then satisfied). `${key, 'default'}` (comma and space, as
 *   documented) supplies a value;
 * - `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$`.
 *
 * A literal `*` or `?` (from an escape, a default or a resolved value: request data is never
 * pattern) is carried as a private-use character, so the one glob matcher keeps it literal.
 * @internal
 */

import type { ContextMap } from './context-map.js';
import { globMatch, resourcePatternMatch } from './wildcard.js';

const LITERAL_STAR = '\uE000';
const LITERAL_QUESTION = '\uE001';

function protect(value: string): string {
  if (!value.includes('*') && !value.includes('?')) return value;
  return value.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION);
}

function hasLiteral(pattern: string): boolean {
  return pattern.includes(LITERAL_STAR) || pattern.includes(LITERAL_QUESTION);
}

/**
 * Resolves the policy variables of `text`. Returns `undefined` when one of them has no value.
 * The result may carry literal markers: compare it with {@link patternMatch} or {@link unprotect}.
 * @internal
 */
export function resolveVariables(text: string, context: ContextMap): string | undefined {
  let open = text.indexOf('${');
  if (open < 0) return text;
  let out = '';
  let from = 0;
  while (open >= 0) {
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    const value = resolveOne(text.slice(open + 2, close), context);
    if (value === undefined) return undefined;
    out += text.slice(from, open) + value;
    from = close + 1;
    open = text.indexOf('${', from);
  }
  return out + text.slice(from);
}

function resolveOne(inner: string, context: ContextMap): string | undefined {
  if (inner === '*') return LITERAL_STAR;
  if (inner === '?') return LITERAL_QUESTION;
  if (inner === '$') return '$';
  let key = inner;
  let fallback: string | undefined;
  // "separate the variable text and the default value with a comma and space (, )" (IAM User
  // Guide, policy variables, Specifying default values): `${key,'x'}` is a key named `key,'x'`.
  const comma = inner.indexOf(', ');
  if (comma >= 0) {
    const rest = inner.slice(comma + 2);
    if (rest.length >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
      fallback = rest.slice(1, -1).replaceAll("''", "'");
      key = inner.slice(0, comma);
    }
  }
  const value = context.get(key.trim().toLowerCase());
  // A key whose value is the empty string "has no value" ("When policy variables reference a
  // condition context key that has no value or is not present …, the value is effectively null").
  if (typeof value === 'string' && value !== '') return protect(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback === undefined ? undefined : protect(fallback);
}

/** A resolved value with its literal markers turned back into characters. @internal */
export function unprotect(resolved: string): string {
  if (!hasLiteral(resolved)) return resolved;
  return resolved.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
}

/** IAM glob match of a resolved pattern, its literal markers matching only themselves. @internal */
export function patternMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  return globMatch(pattern, hasLiteral(pattern) ? protect(value) : value, caseInsensitive);
}

/** {@link resourcePatternMatch} of a resolved `Resource` pattern, its literal markers matching only themselves. @internal */
export function resourceMatch(pattern: string, arn: string): boolean {
  return resourcePatternMatch(pattern, hasLiteral(pattern) ? protect(arn) : arn);
}
