/**
 * Static reading of what a statement grants: its actions, resources and principals matched
 * the way IAM matches them, conditions ignored. Not an evaluator: lint asks "could this
 * statement ever apply", never "does this request pass".
 * @internal
 */
import { parsePrincipalArn } from '../../arn/index.js';
import { allAgentCoreActions, isHierarchicalRuntimeAction } from '../actions.js';
import { arnMatch, globMatch, splitArn } from '../match.js';
import type { Entry, StatementView } from './types.js';

/** True when the statement's `Action`/`NotAction` covers `action` (case-insensitive). @internal */
export function grantsAction(statement: StatementView, action: string): boolean {
  const element = statement.action;
  if (element === undefined) return false;
  const listed = element.entries.some((e) => globMatch(e.value, action, true));
  return element.negated ? !listed : listed;
}

/** True when the statement's `Resource`/`NotResource` covers the ARN. @internal */
export function coversResource(statement: StatementView, arn: string): boolean {
  const element = statement.resource;
  if (element === undefined) return false;
  const listed = element.entries.some((e) => arnMatch(e.value, arn));
  return element.negated ? !listed : listed;
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
      const grant = bucket?.find((g) => g.entry !== undefined && arnMatch(g.entry.value, arn));
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

/** The ways a resource policy can name a caller. @internal */
export interface CallerIdentity {
  readonly arn: string;
  readonly accountId: string;
  /** The role (for a session) or the principal itself, as a policy names it. */
  readonly identityArn: string;
  /** The ARNs a principal entry may hold to name the caller: itself, its role, its account root. */
  readonly names: ReadonlySet<string>;
  /** For an assumed-role session: the role name (the session ARN does not carry the role's path). */
  readonly roleName: string | undefined;
}

/**
 * Reads a caller ARN into the names a policy may use for it.
 * @throws {@link InvalidArnError} when the ARN is not an IAM principal ARN.
 * @internal
 */
export function callerIdentity(callerArn: string): CallerIdentity {
  const parsed = parsePrincipalArn(callerArn);
  const root = `arn:${parsed.partition}:iam::${parsed.accountId}:root`;
  return {
    arn: callerArn,
    accountId: parsed.accountId,
    identityArn: parsed.identityArn,
    names: new Set([callerArn, parsed.identityArn, root, parsed.accountId]),
    roleName: parsed.kind === 'assumed-role' ? parsed.name : undefined,
  };
}

/** True when `Principal`/`NotPrincipal` covers the caller. @internal */
export function namesCaller(statement: StatementView, caller: CallerIdentity): boolean {
  const principal = statement.principal;
  if (principal === undefined) return false;
  const listed =
    principal.everyone ||
    principal.entries.some(
      (e) => e.type === 'AWS' && (caller.names.has(e.value) || isSessionRole(e.value, caller)),
    );
  return principal.negated ? !listed : listed;
}

function isSessionRole(value: string, caller: CallerIdentity): boolean {
  if (caller.roleName === undefined) return false;
  const fields = splitArn(value);
  if (fields === undefined || fields[2] !== 'iam' || fields[4] !== caller.accountId) return false;
  const resource = fields[5] as string;
  return resource.startsWith('role/') && resource.slice(resource.lastIndexOf('/') + 1) === caller.roleName;
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
