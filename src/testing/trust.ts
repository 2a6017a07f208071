/**
 * The policy evaluation STS needs for `sts:AssumeRole`: a role's trust policy and the caller's
 * identity policies, against a role ARN. AgentCore resources go through `explainAccess`; this
 * covers only what that contract does not (IAM role ARNs as resources, trust policies).
 * @module
 */

import { ACCOUNT_ID } from '../arn/patterns.js';
import { parsePrincipalArn } from '../arn/principal.js';
import { asArray, statementsOf } from '../policy/document.js';
import type { ContextValue } from '../policy/evaluate/types.js';
import { arnMatch, globMatch } from '../policy/match.js';
import type { PolicyDocument, PrincipalElement, Statement } from '../policy/types.js';

/** The outcome of one policy set: an Allow matched, a Deny matched, or nothing applied. @internal */
export type PolicyVerdict = 'allow' | 'deny' | 'none';

/** Who asks, for principal matching. @internal */
export interface TrustCaller {
  /** The calling principal's ARN (a session ARN for a session). */
  principalArn: string;
  /** The role or user behind it. */
  identityArn: string;
  accountId: string;
}

/** What a principal element names, resolved. */
function principalMatches(element: PrincipalElement, caller: TrustCaller): boolean {
  if (element === '*') return true;
  for (const entry of asArray(element.AWS)) {
    if (entry === '*') return true;
    if (ACCOUNT_ID.test(entry) && entry === caller.accountId) return true;
    if (entry === caller.principalArn || entry === caller.identityArn) return true;
    try {
      const named = parsePrincipalArn(entry);
      if (named.kind === 'root' && named.accountId === caller.accountId) return true;
    } catch {
      // An unparsable principal names no one.
    }
  }
  return false;
}

function matchesAny(
  patterns: readonly string[],
  value: string,
  match: (p: string, v: string) => boolean,
): boolean {
  return patterns.some((pattern) => match(pattern, value));
}

const actionMatch = (pattern: string, action: string): boolean => globMatch(pattern, action, true);

/**
 * Evaluates one condition operator against the context. Supports the String, Arn, Bool, Null and
 * Numeric families with `IfExists` and the `ForAnyValue:`/`ForAllValues:` set qualifiers; an unknown
 * operator never matches (IAM refuses such a policy at attach time).
 */
function conditionHolds(
  operator: string,
  key: string,
  expected: readonly string[],
  context: Record<string, ContextValue>,
): boolean {
  let op = operator;
  const forAll = op.startsWith('ForAllValues:');
  if (forAll || op.startsWith('ForAnyValue:')) op = op.slice(op.indexOf(':') + 1);
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  const raw = lookup(context, key);
  if (op === 'Null') {
    const wantsAbsent = expected.some((e) => e.toLowerCase() === 'true');
    return wantsAbsent === (raw === undefined);
  }
  const negated = /^(String|Arn)Not|NotEquals$/.test(op);
  if (raw === undefined) return ifExists || negated || forAll;
  const values = Array.isArray(raw) ? raw.map(String) : [String(raw)];
  const test = (value: string): boolean => {
    switch (op) {
      case 'StringEquals':
      case 'StringNotEquals':
        return expected.includes(value);
      case 'StringEqualsIgnoreCase':
      case 'StringNotEqualsIgnoreCase':
        return expected.some((e) => e.toLowerCase() === value.toLowerCase());
      case 'StringLike':
      case 'StringNotLike':
        return expected.some((e) => globMatch(e, value));
      case 'ArnEquals':
      case 'ArnLike':
      case 'ArnNotEquals':
      case 'ArnNotLike':
        return expected.some((e) => arnMatch(e, value));
      case 'Bool':
        return expected.some((e) => e.toLowerCase() === value.toLowerCase());
      case 'NumericEquals':
      case 'NumericNotEquals':
        return expected.some((e) => Number(e) === Number(value));
      case 'NumericLessThan':
        return expected.some((e) => Number(value) < Number(e));
      case 'NumericLessThanEquals':
        return expected.some((e) => Number(value) <= Number(e));
      case 'NumericGreaterThan':
        return expected.some((e) => Number(value) > Number(e));
      case 'NumericGreaterThanEquals':
        return expected.some((e) => Number(value) >= Number(e));
      default:
        return false;
    }
  };
  const negative = /Not(Equals|Like)/.test(op);
  const hits = forAll ? values.every(test) : values.some(test);
  return negative ? !hits : hits;
}

/** Condition keys are case-insensitive in IAM. */
function lookup(context: Record<string, ContextValue>, key: string): ContextValue | undefined {
  if (key in context) return context[key];
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) if (name.toLowerCase() === lower) return value;
  return undefined;
}

function statementApplies(
  statement: Statement,
  action: string,
  resourceArn: string | undefined,
  caller: TrustCaller | undefined,
  context: Record<string, ContextValue>,
): boolean {
  if (caller !== undefined) {
    if (statement.Principal !== undefined && !principalMatches(statement.Principal, caller)) return false;
    if (statement.NotPrincipal !== undefined && principalMatches(statement.NotPrincipal, caller))
      return false;
  }
  if (statement.Action !== undefined && !matchesAny(asArray(statement.Action), action, actionMatch))
    return false;
  if (statement.NotAction !== undefined && matchesAny(asArray(statement.NotAction), action, actionMatch))
    return false;
  if (resourceArn !== undefined) {
    if (statement.Resource !== undefined && !matchesAny(asArray(statement.Resource), resourceArn, arnMatch)) {
      return false;
    }
    if (
      statement.NotResource !== undefined &&
      matchesAny(asArray(statement.NotResource), resourceArn, arnMatch)
    ) {
      return false;
    }
  }
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(entries)) {
      if (!conditionHolds(operator, key, asArray(value).map(String), context)) return false;
    }
  }
  return true;
}

/**
 * Evaluates policies for one action: `deny` when a Deny applies, else `allow` when an Allow does.
 * Give `caller` to match `Principal` (a trust policy), `resourceArn` to match `Resource` (an
 * identity policy).
 * @internal
 */
export function evaluatePolicies(
  documents: readonly PolicyDocument[],
  action: string,
  options: { resourceArn?: string; caller?: TrustCaller; context: Record<string, ContextValue> },
): PolicyVerdict {
  let verdict: PolicyVerdict = 'none';
  for (const document of documents) {
    for (const statement of statementsOf(document)) {
      if (!statementApplies(statement, action, options.resourceArn, options.caller, options.context))
        continue;
      if (statement.Effect === 'Deny') return 'deny';
      verdict = 'allow';
    }
  }
  return verdict;
}

/**
 * True when a trust policy names the caller itself (its role, user or session ARN) rather than its
 * account: then, within one account, the trust policy alone grants AssumeRole.
 * @internal
 */
export function trustNamesCallerDirectly(trust: PolicyDocument, caller: TrustCaller): boolean {
  return statementsOf(trust).some(
    (s) =>
      s.Effect === 'Allow' &&
      s.Principal !== undefined &&
      s.Principal !== '*' &&
      asArray(s.Principal.AWS).some((p) => p === caller.principalArn || p === caller.identityArn),
  );
}
