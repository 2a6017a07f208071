/**
 * The grant side of a policy change: merge the statements a builder made into the policy already
 * attached, by Sid, without widening anyone else's access.
 * @internal
 */
import type { Partition } from '../arn/patterns.js';
import { quote, refuse } from '../policy/build/common.js';
import { statementsOf } from '../policy/document.js';
import type { ResourcePolicy, Statement } from '../policy/types.js';
import {
  appendStatement,
  applyEdits,
  type PolicyText,
  policyText,
  replaceStatement,
  type TextEdit,
} from './policy-text.js';
import {
  actionCovered,
  actionKey,
  actionsOf,
  awsPrincipals,
  canonicalJson,
  isPlainAllow,
  normalizePrincipal,
  resourcesOf,
  sameSet,
  withActions,
  withPrincipals,
} from './statement.js';
import type { PolicyDiff } from './types.js';

/** A computed change of one policy. @internal */
export interface PolicyEdit {
  /** The text to put; `undefined` when the policy is to be deleted (or stays absent). */
  after: string | undefined;
  diff: PolicyDiff;
  /** Indexes, in the resulting document, of the statements this change wrote. */
  written: number[];
}

/** No change. @internal */
export function noEdit(current: PolicyText | undefined): PolicyEdit {
  return { after: current?.text, diff: { added: [], removed: [], changed: [] }, written: [] };
}

/**
 * Merges `desired` (a builder's policy for one ARN) into the current policy:
 * - a statement whose Sid is new is appended (the rest of the text keeps its bytes);
 * - one whose Sid exists and already covers it changes nothing;
 * - one whose Sid exists with the same actions adds its principals there, or with the same
 *   principals adds its actions;
 * - anything else would widen what the existing statement grants: refused.
 *
 * @throws {@link PolicyBuildError} (field `sid`) for a Sid that exists with another shape.
 * @internal
 */
export function mergeGrant(
  current: PolicyText | undefined,
  desired: ResourcePolicy,
  partition: Partition,
): PolicyEdit {
  const wanted = statementsOf(desired.document);
  if (current === undefined) {
    return {
      after: policyText(desired.document),
      diff: { added: [...wanted], removed: [], changed: [] },
      written: wanted.map((_, i) => i),
    };
  }
  const diff: PolicyDiff = { added: [], removed: [], changed: [] };
  const edits: TextEdit[] = [];
  const written: number[] = [];
  const appended: Statement[] = [];
  for (const statement of wanted) {
    const index = findStatement(current.statements, statement);
    if (index < 0) {
      appended.push(statement);
      continue;
    }
    const existing = current.statements[index] as Statement;
    const merged = mergeInto(existing, statement, desired.resourceArn, partition);
    if (merged === undefined) continue;
    edits.push(replaceStatement(current, index, merged));
    diff.changed.push({
      ...(merged.Sid === undefined ? {} : { sid: merged.Sid }),
      before: existing,
      after: merged,
    });
    written.push(index);
  }
  if (appended.length > 0) {
    const base = current.isArray ? current.elements.length : 1;
    // One edit appends them all: several inserts at one position would not keep their order.
    const edit = appendStatements(current, appended);
    edits.push(edit);
    appended.forEach((statement, i) => {
      diff.added.push(statement);
      written.push(base + i);
    });
  }
  if (edits.length === 0) return noEdit(current);
  return { after: applyEdits(current.text, edits), diff, written };
}

function appendStatements(current: PolicyText, statements: readonly Statement[]): TextEdit {
  const [first, ...rest] = statements as [Statement, ...Statement[]];
  const edit = appendStatement(current, first);
  const tail = rest.map((s) => `,${JSON.stringify(s)}`).join('');
  // For a single-object Statement the edit ends with the closing bracket of the new array.
  return current.isArray
    ? { ...edit, text: edit.text + tail }
    : { ...edit, text: `${edit.text.slice(0, -1)}${tail}]` };
}

/** The statement with the same Sid, or (without a Sid) an identical one; -1 when none. */
function findStatement(statements: readonly Statement[], wanted: Statement): number {
  if (wanted.Sid !== undefined) return statements.findIndex((s) => s.Sid === wanted.Sid);
  const key = canonicalJson(wanted);
  return statements.findIndex((s) => canonicalJson(s) === key);
}

/** The existing statement widened to cover `wanted`, `undefined` when it already does. */
function mergeInto(
  existing: Statement,
  wanted: Statement,
  resourceArn: string,
  partition: Partition,
): Statement | undefined {
  const conflict = (why: string): never =>
    refuse(
      'sid',
      `The policy of ${resourceArn} already has a statement with Sid ${quote(wanted.Sid)} that ${why}; merging this grant into it would change what it grants to others`,
      'Pass another sid for this grant (a statement of its own), or revoke the existing statement first.',
    );
  const principals = awsPrincipals(existing);
  if (!isPlainAllow(existing) || principals === undefined) {
    return conflict('is not an Allow of Action to AWS principals');
  }
  if (!sameSet(resourcesOf(existing), resourcesOf(wanted), (r) => r)) {
    return conflict(`names another Resource (${quote(canonicalJson(existing.Resource ?? null))})`);
  }
  if (canonicalJson(existing.Condition ?? null) !== canonicalJson(wanted.Condition ?? null)) {
    return conflict('has another Condition');
  }
  const key = (p: string): string => normalizePrincipal(p, partition);
  const have = new Set(principals.map(key));
  const wantedPrincipals = awsPrincipals(wanted) ?? [];
  const actions = actionsOf(existing);
  const wantedActions = actionsOf(wanted);
  const principalsCovered = have.has('*') || wantedPrincipals.every((p) => have.has(key(p)));
  const actionsCovered = wantedActions.every((a) => actionCovered(actions, a));
  if (principalsCovered && actionsCovered) return undefined;
  if (sameSet(actions, wantedActions, actionKey)) {
    return withPrincipals(existing, [...principals, ...wantedPrincipals.filter((p) => !have.has(key(p)))]);
  }
  if (sameSet(principals, wantedPrincipals, key)) {
    const known = new Set(actions.map(actionKey));
    return withActions(existing, [...actions, ...wantedActions.filter((a) => !known.has(actionKey(a)))]);
  }
  return conflict('grants other principals other actions');
}
