/**
 * The revoke side of a policy change: take principals out of the statements that grant them
 * (whole statements out when nobody is left), report who loses what, and never widen anything.
 * @internal
 */
import { arnAccountId } from '../arn/fields.js';
import type { Partition } from '../arn/patterns.js';
import { ValidationError } from '../errors.js';
import { quote } from '../policy/build/common.js';
import type { Statement } from '../policy/types.js';
import { noEdit, type PolicyEdit } from './merge.js';
import {
  applyEdits,
  type PolicyText,
  removeStatements,
  replaceStatement,
  type TextEdit,
} from './policy-text.js';
import {
  actionCovered,
  actionKey,
  actionsOf,
  awsPrincipals,
  grantsByNotAction,
  isActionPattern,
  normalizePrincipal,
  notActionsOf,
  withActions,
  withPrincipals,
} from './statement.js';
import type { AccessLoss, ResidualAccess } from './types.js';

/** What to revoke on one policy. @internal */
export interface RevokeRequest {
  resourceArn: string;
  partition: Partition;
  /** Normalized principals (account ids as root ARNs). */
  principals: readonly string[];
  /** Qualified action names; `undefined`: everything the statements grant them. */
  actions: readonly string[] | undefined;
  /** Only the statement with this Sid. */
  sid: string | undefined;
  /** Delete the whole policy. */
  deletePolicy: boolean;
  /** With `deletePolicy`: also when the policy grants principals not in `principals`. */
  allowOthersToLoseAccess: boolean;
}

/** A computed revoke of one policy. @internal */
export interface RevokeEdit extends PolicyEdit {
  /** True when the policy is to be deleted. */
  remove: boolean;
  losses: AccessLoss[];
  residual: ResidualAccess[];
}

/**
 * Plans the revoke on one policy.
 * @throws {@link ValidationError} when `actions` would need a statement split in two (it names
 *   other principals too, or grants by pattern), or when `deletePolicy` would cut off principals
 *   that were not named and `allowOthersToLoseAccess` is not set.
 * @internal
 */
export function planRevoke(current: PolicyText | undefined, request: RevokeRequest): RevokeEdit {
  if (current === undefined) return { ...noEdit(undefined), remove: false, losses: [], residual: [] };
  if (request.deletePolicy) return planDelete(current, request);
  const key = (p: string): string => normalizePrincipal(p, request.partition);
  const revoked = new Set(request.principals);
  const wanted = request.actions === undefined ? undefined : new Set(request.actions.map(actionKey));
  const losses: AccessLoss[] = [];
  const removed = new Set<number>();
  const edits: TextEdit[] = [];
  const edit: RevokeEdit = { ...noEdit(current), remove: false, losses, residual: [] };

  current.statements.forEach((statement, index) => {
    if (request.sid !== undefined && statement.Sid !== request.sid) return;
    const principals = awsPrincipals(statement);
    if (statement.Effect !== 'Allow' || principals === undefined) return;
    const matched = principals.filter((p) => revoked.has(key(p)));
    if (matched.length === 0) return;
    const granted = grantedActions(statement);
    const lost = wanted === undefined ? granted : lostActions(statement, granted, wanted, request);
    if (lost.length === 0) return;
    const sid = statement.Sid === undefined ? {} : { sid: statement.Sid };
    for (const principal of matched)
      losses.push({ resourceArn: request.resourceArn, principal, actions: lost, ...sid });

    const remaining = principals.filter((p) => !revoked.has(key(p)));
    let after: Statement | undefined;
    if (lost.length === granted.length) {
      after = remaining.length === 0 ? undefined : withPrincipals(statement, remaining);
    } else if (remaining.length === 0) {
      const lostKeys = new Set(lost.map(actionKey));
      after = withActions(
        statement,
        granted.filter((a) => !lostKeys.has(actionKey(a))),
      );
    } else {
      throw new ValidationError(
        'actions',
        `Statement ${quote(statement.Sid ?? `#${index}`)} of ${request.resourceArn} grants ${remaining.join(', ')} too; taking only ${lost.join(', ')} from ${matched.join(', ')} would split it in two`,
        'Leave actions out to revoke everything this statement grants them (then grant the rest again), or revoke from every principal it names.',
      );
    }
    if (after === undefined) {
      removed.add(index);
      edit.diff.removed.push(statement);
    } else {
      edits.push(replaceStatement(current, index, after));
      edit.diff.changed.push({ ...sid, before: statement, after });
      edit.written.push(index);
    }
  });
  if (losses.length === 0) return edit;
  const removals = removeStatements(current, removed);
  if (removals === undefined) return { ...edit, after: undefined, remove: true, written: [] };
  edit.after = applyEdits(current.text, [...edits, ...removals]);
  // Statement indexes shift down past each removed one.
  edit.written = edit.written.map((i) => i - [...removed].filter((r) => r < i).length);
  edit.residual = residualAccess(current.statements, removed, request);
  return edit;
}

function planDelete(current: PolicyText, request: RevokeRequest): RevokeEdit {
  const key = (p: string): string => normalizePrincipal(p, request.partition);
  const named = new Set(request.principals);
  const losses: AccessLoss[] = [];
  for (const statement of current.statements) {
    const principals = awsPrincipals(statement);
    if (statement.Effect !== 'Allow' || principals === undefined) continue;
    const actions = grantedActions(statement);
    const sid = statement.Sid === undefined ? {} : { sid: statement.Sid };
    for (const principal of principals)
      losses.push({ resourceArn: request.resourceArn, principal, actions, ...sid });
  }
  const others = [...new Set(losses.map((l) => l.principal).filter((p) => !named.has(key(p))))];
  if (others.length > 0 && !request.allowOthersToLoseAccess) {
    throw new ValidationError(
      'allowOthersToLoseAccess',
      `Deleting the policy of ${request.resourceArn} would also cut off ${others.join(', ')}, which you did not name`,
      'Leave deletePolicy out to take only the named principals out of the policy, or pass allowOthersToLoseAccess: true to delete it anyway.',
    );
  }
  return {
    after: undefined,
    diff: { added: [], removed: [...current.statements], changed: [] },
    written: [],
    remove: true,
    losses,
    residual: [],
  };
}

/** The actions a statement grants, as written; a `NotAction` statement as `NotAction:` entries. */
function grantedActions(statement: Statement): string[] {
  if (grantsByNotAction(statement)) return notActionsOf(statement).map((a) => `NotAction:${a}`);
  return actionsOf(statement);
}

/** The entries of `granted` that `wanted` takes away; refuses what cannot be narrowed. */
function lostActions(
  statement: Statement,
  granted: readonly string[],
  wanted: ReadonlySet<string>,
  request: RevokeRequest,
): string[] {
  const lost = granted.filter((entry) => wanted.has(actionKey(entry)));
  const requested = request.actions ?? [];
  const broad = grantsByNotAction(statement)
    ? // Everything but the NotAction list: any revoked action outside it is granted.
      granted.find(() => requested.some((a) => !actionCovered(notActionsOf(statement), a)))
    : granted.find((entry) => isActionPattern(entry) && requested.some((a) => actionCovered([entry], a)));
  if (broad !== undefined) {
    throw new ValidationError(
      'actions',
      `Statement ${quote(statement.Sid ?? '(no Sid)')} of ${request.resourceArn} grants ${broad}, which cannot be narrowed to leave out only the revoked actions`,
      'Leave actions out to revoke everything the statement grants these principals, then grant back what they keep.',
    );
  }
  return lost;
}

/** Revoked principals a statement that stays still covers by account root or `*`. */
function residualAccess(
  statements: readonly Statement[],
  removed: ReadonlySet<number>,
  request: RevokeRequest,
): ResidualAccess[] {
  const residual: ResidualAccess[] = [];
  statements.forEach((statement, index) => {
    if (removed.has(index) || statement.Effect !== 'Allow') return;
    const entries = (awsPrincipals(statement) ?? []).map((p) => normalizePrincipal(p, request.partition));
    for (const principal of request.principals) {
      const account = arnAccountId(principal);
      const root = account === undefined ? undefined : `arn:${request.partition}:iam::${account}:root`;
      const skipped = request.sid !== undefined && statement.Sid !== request.sid;
      const via = entries.find(
        (e) => e === '*' || (e === root && e !== principal) || (skipped && e === principal),
      );
      if (via === undefined) continue;
      residual.push({
        resourceArn: request.resourceArn,
        principal,
        via,
        ...(statement.Sid === undefined ? {} : { sid: statement.Sid }),
      });
    }
  });
  return residual;
}
