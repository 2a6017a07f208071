/**
 * Static reading of what a statement grants: its actions, resources and principals matched
 * the way IAM matches them, conditions ignored. Not an evaluator: lint asks "could this
 * statement ever apply", never "does this request pass".
 * @internal
 */
import { parsePrincipalArn } from '../../arn/principal.js';
import { allAgentCoreActions, isHierarchicalRuntimeAction } from '../actions.js';
import { type Caller, parseCaller } from '../statement/caller.js';
import { coversAction, coversResource as elementCovers, resourceEntryMatches } from '../statement/match.js';
import { NONE, notPrincipalExcludes, principalStrength } from '../statement/principal.js';
import { globMatch } from '../statement/wildcard.js';
import { sampleOf } from './resources.js';
import type { Entry, StatementView } from './types.js';

/** True when the statement's `Action`/`NotAction` covers `action` (case-insensitive). @internal */
export function grantsAction(statement: StatementView, action: string): boolean {
  return coversAction(statement.action, action);
}

/** True when the statement's `Resource`/`NotResource` covers the ARN. @internal */
export function coversResource(statement: StatementView, arn: string): boolean {
  return elementCovers(statement.resource, arn);
}

/** The Allow statements that grant `action`. @internal */
export function allowsFor(statements: readonly StatementView[], action: string): StatementView[] {
  return statements.filter((s) => s.effect === 'Allow' && grantsAction(s, action));
}

/** Where a grant was found: the statement and, for a `Resource` entry, which one. @internal */
export interface Grant {
  readonly statement: StatementView;
  readonly entry: Entry | undefined;
}

/**
 * Which statements cover which ARNs, fast on large documents: exact `Resource` entries go in
 * a map; patterns are bucketed by their literal prefix (the text before the first wildcard),
 * which an ARN must start with for the pattern to match it, field by field or not; only
 * `NotResource` statements are scanned.
 * @internal
 */
export class ResourceIndex {
  private readonly exact = new Map<string, Grant>();
  private readonly byPrefix = new Map<string, Grant[]>();
  private readonly prefixLengths: number[] = [];
  private readonly negated: StatementView[] = [];

  constructor(statements: readonly StatementView[]) {
    const lengths = new Set<number>();
    for (const statement of statements) {
      const element = statement.resource;
      if (element === undefined) continue;
      if (element.negated) {
        this.negated.push(statement);
        continue;
      }
      for (const entry of element.entries) {
        const wildcard = entry.value.search(/[*?]/);
        if (wildcard < 0) {
          if (!this.exact.has(entry.value)) this.exact.set(entry.value, { statement, entry });
          continue;
        }
        const prefix = entry.value.slice(0, wildcard);
        const bucket = this.byPrefix.get(prefix);
        if (bucket === undefined) this.byPrefix.set(prefix, [{ statement, entry }]);
        else bucket.push({ statement, entry });
        lengths.add(prefix.length);
      }
    }
    this.prefixLengths = [...lengths].sort((a, b) => a - b);
  }

  /** A grant that covers the ARN (an exact entry first), or `undefined`. */
  find(arn: string): Grant | undefined {
    const exact = this.exact.get(arn);
    if (exact !== undefined) return exact;
    for (const length of this.prefixLengths) {
      if (length > arn.length) break;
      const bucket = this.byPrefix.get(arn.slice(0, length));
      const grant = bucket?.find((g) => g.entry !== undefined && resourceEntryMatches(g.entry.value, arn));
      if (grant !== undefined) return grant;
    }
    const statement = this.negated.find((s) => coversResource(s, arn));
    return statement === undefined ? undefined : { statement, entry: undefined };
  }

  /** Every exact and pattern entry (for near-miss searches). */
  entries(): Grant[] {
    return [...this.exact.values(), ...[...this.byPrefix.values()].flat()];
  }
}

/** The caller a resource policy must name: the statement model's caller. @internal */
export type CallerIdentity = Caller;

/**
 * Reads a caller ARN (role, user, root or assumed-role session).
 * @throws {@link InvalidArnError} when the ARN is not an IAM principal ARN.
 * @internal
 */
export function callerIdentity(callerArn: string): CallerIdentity {
  // An IAM principal only: a service principal name is no caller of a cross-account setup.
  parsePrincipalArn(callerArn);
  return parseCaller(callerArn);
}

/**
 * True when the statement's `Principal` names the caller (itself, its role or its account), or
 * its `NotPrincipal` does not leave it out: the statement can apply to it.
 * @internal
 */
export function namesCaller(statement: StatementView, caller: CallerIdentity): boolean {
  const principal = statement.principal;
  if (principal === undefined) return false;
  return principal.negated
    ? !notPrincipalExcludes(principal, caller)
    : principalStrength(principal, caller) !== NONE;
}

/** A statement granting an action on a `Resource` entry where another action it needs is not. @internal */
export interface LoneGrant {
  readonly statement: StatementView;
  /** The `Resource` entry not covered by the needed action. */
  readonly entry: Entry;
  /** JSON pointer to the granted action's entry (or to the statement). */
  readonly at: string;
}

/**
 * The Allow statements that grant `granted` on a resource where no Allow statement grants
 * `needed` (sampling each pattern): a grant that denies alone, such as InvokeAgentRuntimeForUser
 * without InvokeAgentRuntime, or InvokeHarness without InvokeAgentRuntime.
 * @internal
 */
export function grantedWithout(
  statements: readonly StatementView[],
  granted: string,
  needed: string,
): LoneGrant[] {
  const grants = allowsFor(statements, granted);
  if (grants.length === 0) return [];
  const index = new ResourceIndex(allowsFor(statements, needed));
  const lone: LoneGrant[] = [];
  for (const statement of grants) {
    const element = statement.resource;
    if (element === undefined || element.negated) continue;
    const entry = element.entries.find((e) => index.find(sampleOf(e.value)) === undefined);
    if (entry === undefined) continue;
    const at =
      statement.action?.entries.find((e) => globMatch(e.value, granted, true))?.path ?? statement.path;
    lone.push({ statement, entry, at });
  }
  return lone;
}

/** `bedrock-agentcore:InvokeAgentRuntime`, the action every invocation needs. @internal */
export const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';

let runtimeActions: readonly string[] | undefined;

/**
 * The data-plane runtime actions authorized on both the runtime and its endpoint
 * (InvokeAgentRuntime first): invocations, the agent card, stopping a session.
 * @internal
 */
export function runtimeDataPlaneActions(): readonly string[] {
  runtimeActions ??= allAgentCoreActions()
    .filter((a) => isHierarchicalRuntimeAction(a) && !a.includes('AgentRuntimeEndpoint'))
    .sort((a, b) => Number(b === INVOKE) - Number(a === INVOKE));
  return runtimeActions;
}
