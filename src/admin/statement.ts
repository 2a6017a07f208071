/**
 * The principals and actions of one statement as the grant merge and the revoke compare and
 * rewrite them: read through the one statement model, principals with account ids as root ARNs,
 * actions case-insensitively.
 * @internal
 */
import { ACCOUNT_ID, type Partition } from '../arn/patterns.js';
import { oneOrMany } from '../policy/build/common.js';
import { actionListMatches } from '../policy/statement/match.js';
import { readStatement } from '../policy/statement/read.js';
import { hasWildcard } from '../policy/statement/wildcard.js';
import type { Statement } from '../policy/types.js';

/** A principal as IAM compares it: a bare account id is its root, `{"AWS": "*"}` is `*`. @internal */
export function normalizePrincipal(value: string, partition: Partition): string {
  return ACCOUNT_ID.test(value) ? `arn:${partition}:iam::${value}:root` : value;
}

/**
 * The AWS principals a statement names (`['*']` for `"Principal": "*"`), or `undefined` when it
 * names none (service principals only, `NotPrincipal`, no `Principal`).
 * @internal
 */
export function awsPrincipals(statement: Statement): string[] | undefined {
  const principal = readStatement(statement).principal;
  if (principal === undefined || principal.negated) return undefined;
  const aws = principal.entries.filter((e) => e.type === 'AWS').map((e) => e.value);
  if (aws.length > 0) return aws;
  // `"Principal": "*"` names every AWS principal.
  return principal.everyone ? ['*'] : undefined;
}

/**
 * A copy of `statement` naming `principals` as its AWS principals (one as a string, several as
 * an array, as the builders write them); other principal types are kept.
 * @internal
 */
export function withPrincipals(statement: Statement, principals: readonly string[]): Statement {
  const current = statement.Principal;
  const others = typeof current === 'object' && current !== null ? current : {};
  return { ...statement, Principal: { ...others, AWS: oneOrMany(principals) } };
}

/** The `Action` entries of a statement (strings only; none for a `NotAction` statement). @internal */
export function actionsOf(statement: Statement): string[] {
  const action = readStatement(statement).action;
  return action === undefined || action.negated ? [] : action.entries.map((e) => e.value);
}

/** True when the statement grants by `NotAction`. @internal */
export function grantsByNotAction(statement: Statement): boolean {
  return readStatement(statement).action?.negated === true;
}

/** True when the statement is an Allow of `Action` on `Resource` (no `NotAction`, no `NotResource`). @internal */
export function isPlainAllow(statement: Statement): boolean {
  const model = readStatement(statement);
  return model.effect === 'Allow' && model.action?.negated !== true && model.resource?.negated !== true;
}

/** The `Resource` entries of a statement (strings only; none for `NotResource`). @internal */
export function resourcesOf(statement: Statement): string[] {
  const resource = readStatement(statement).resource;
  return resource === undefined || resource.negated ? [] : resource.entries.map((e) => e.value);
}

/** The `NotAction` entries of a statement (strings only; none for an `Action` statement). @internal */
export function notActionsOf(statement: Statement): string[] {
  const action = readStatement(statement).action;
  return action?.negated === true ? action.entries.map((e) => e.value) : [];
}

/** A copy of `statement` granting `actions`. @internal */
export function withActions(statement: Statement, actions: readonly string[]): Statement {
  return { ...statement, Action: oneOrMany(actions) };
}

/** True when some entry (an action or a pattern) covers `action`, as IAM matches: case-insensitively. @internal */
export function actionCovered(entries: readonly string[], action: string): boolean {
  return actionListMatches(
    entries.map((value) => ({ value, path: '' })),
    action,
  );
}

/** True when an entry is a pattern such as `bedrock-agentcore:*`. @internal */
export function isActionPattern(entry: string): boolean {
  return hasWildcard(entry);
}

/** Same members, whatever the order and repeats; `key` maps a member to what is compared. @internal */
export function sameSet(a: readonly string[], b: readonly string[], key: (value: string) => string): boolean {
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size === right.size && [...left].every((value) => right.has(value));
}

/** Lower case: how IAM compares action names. @internal */
export function actionKey(action: string): string {
  return action.toLowerCase();
}

/**
 * JSON with object keys sorted, so that two conditions written in different orders compare equal.
 * @internal
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
