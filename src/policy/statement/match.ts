/**
 * The one statement matcher: does a statement apply to a request on one ARN, and if not, which
 * element failed first (principal, action, resource, condition) and why.
 * @internal
 */
import { type ArnFields, arnFields, formatArnFields } from '../../arn/fields.js';
import type { StatementEvaluation } from '../evaluate/types.js';
import type { Caller } from './caller.js';
import { evaluateConditions } from './conditions.js';
import type { ContextMap } from './context-map.js';
import {
  DIRECT,
  describePrincipal,
  NONE,
  notPrincipalExcludes,
  principalStrength,
  type Strength,
} from './principal.js';
import type { Entry, ListElement, StatementModel } from './types.js';
import { resolveVariables, resourceMatch, unprotect } from './variables.js';
import { globMatch, hasWildcard } from './wildcard.js';

/** What a statement is matched against. @internal */
export interface Target {
  caller: Caller;
  /** The qualified action, lower-cased (actions match case-insensitively). */
  action: string;
  /** The action as the request names it, for messages. */
  actionName: string;
  resourceArn: string;
  /** `resourceArn` split into its six fields (`undefined` when it is not an ARN). */
  fields: ArnFields | undefined;
  context: ContextMap;
  /** The caller has a permissions boundary (see the NotPrincipal rule in {@link matchStatement}). */
  permissionsBoundary: boolean;
}

/** Builds a target. @internal */
export function target(
  caller: Caller,
  action: string,
  resourceArn: string,
  context: ContextMap,
  permissionsBoundary = false,
): Target {
  return {
    caller,
    action: action.toLowerCase(),
    actionName: action,
    resourceArn,
    fields: arnFields(resourceArn),
    context,
    permissionsBoundary,
  };
}

/** How a statement is matched. @internal */
export interface MatchOptions {
  /** The statement sits in a resource-based policy: its `Principal` / `NotPrincipal` must name the caller. */
  readonly principal: boolean;
  /**
   * The statement sits in the policy attached to an AgentCore resource, where a wildcard
   * `Resource` never applies (PutResourcePolicy rejects it) and an absent `Resource` means the
   * resource itself.
   */
  readonly attached: boolean;
  /** Resolve policy variables (`Version` 2012-10-17). */
  readonly variables: boolean;
}

/** The first element of a statement that failed, and why (the public record's shape). @internal */
export type Failure = NonNullable<StatementEvaluation['failed']>;

/** Which part of a `Resource` entry differed from the ARN. @internal */
export type ResourcePart = NonNullable<Failure['resourcePart']>;

/** The verdict on one statement. @internal */
export interface StatementMatch {
  /** Every element matched: the statement applies. */
  matched: boolean;
  /** For a statement that does not apply, the first element that failed. */
  failed?: Failure;
  /** For a resource policy statement that applies: how strongly its principal names the caller. */
  strength: Strength;
}

/** True when some entry of an `Action` list covers `action` (lower-cased), ignoring case. @internal */
export function actionListMatches(entries: readonly Entry[], action: string): boolean {
  for (const e of entries) if (globMatch(e.value, action, true)) return true;
  return false;
}

/**
 * True when the statement's `Action` / `NotAction` covers `action`; false when it has neither.
 * @internal
 */
export function coversAction(element: ListElement | undefined, action: string): boolean {
  if (element === undefined) return false;
  const listed = actionListMatches(element.entries, action);
  return element.negated ? !listed : listed;
}

/**
 * A `Resource` entry with its policy variables resolved: only "in the resource portion of the
 * ARN … after the fifth colon" (IAM User Guide, policy variables). `undefined` when a variable has
 * no value: the entry "will not match any resource".
 */
function resolvedEntry(entry: string, context: ContextMap | undefined): string | undefined {
  if (context === undefined || !entry.includes('${')) return entry;
  const fields = arnFields(entry);
  if (fields === undefined) return entry;
  const resource = resolveVariables(fields.resource, context);
  return resource === undefined ? undefined : formatArnFields(fields, { resource });
}

/**
 * True when one `Resource` entry covers the ARN: wildcards within a colon-separated segment,
 * and only a `*` that ends a segment expands past a colon (see {@link resourcePatternMatch}), so
 * `arn:aws:bedrock-agentcore:us-*1:memory/*` (five fields) covers no AgentCore ARN while
 * `…:111111111111:runtime/*` covers `…:runtime/ID/runtime-endpoint/NAME`. `context`, when
 * given, resolves the entry's policy variables.
 * @internal
 */
export function resourceEntryMatches(entry: string, arn: string, context?: ContextMap): boolean {
  if (entry === '*') return true;
  if (wildcardResourceType(entry)) return false;
  const resolved = resolvedEntry(entry, context);
  return resolved !== undefined && resourceMatch(resolved, arn);
}

/**
 * True when the resource-type part of an ARN pattern (the resource segment up to its first `/` or
 * `:`, such as `runtime/`) holds a wildcard: "You cannot use a wildcard in the portion of the ARN
 * that specifies the resource type" (IAM User Guide, IAM ARNs, Incorrect wildcard usage), so such
 * an entry names no resource.
 * @internal
 */
export function wildcardResourceType(entry: string): boolean {
  const resource = arnFields(entry)?.resource;
  if (resource === undefined) return false;
  const slash = resource.indexOf('/');
  const colon = resource.indexOf(':');
  const end = slash < 0 ? colon : colon < 0 ? slash : Math.min(slash, colon);
  return end >= 0 && hasWildcard(resource.slice(0, end));
}

/**
 * True when the statement's `Resource` / `NotResource` covers the ARN; false when it has neither.
 * @internal
 */
export function coversResource(element: ListElement | undefined, arn: string, context?: ContextMap): boolean {
  if (element === undefined) return false;
  const listed = element.entries.some((e) => resourceEntryMatches(e.value, arn, context));
  return element.negated ? !listed : listed;
}

const PART_RANK: Record<ResourcePart, number> = { pattern: 0, region: 1, account: 2 };

/** Why no `Resource` entry matched: the closest entry and the one field it differs in. */
function resourceFailure(entries: readonly Entry[], t: Target, context: ContextMap | undefined): Failure {
  let best: { entry: string; part: ResourcePart; detail: string } | undefined;
  const af = t.fields;
  for (const { value: e } of entries) {
    let part: ResourcePart = 'pattern';
    let detail = `Resource "${e}" does not match ${t.resourceArn}`;
    const resolved = resolvedEntry(e, context);
    const pf = resolved === undefined ? undefined : arnFields(resolved);
    if (wildcardResourceType(e)) {
      detail = `Resource "${e}" has a wildcard in its resource type, which AWS does not allow, so it names no resource`;
    } else if (resolved === undefined) {
      detail = `Resource "${e}" uses a policy variable with no value in this request, so it matches nothing`;
    } else if (pf !== undefined && af !== undefined) {
      // The entry would match with the ARN's account (or region): that field is the difference.
      if (
        pf.account !== af.account &&
        resourceMatch(formatArnFields(pf, { account: af.account }), t.resourceArn)
      ) {
        part = 'account';
        detail = `Resource "${e}" names account ${pf.account}, the resource is in ${af.account}`;
      } else if (
        pf.region !== af.region &&
        resourceMatch(formatArnFields(pf, { region: af.region }), t.resourceArn)
      ) {
        part = 'region';
        detail = `Resource "${e}" names region ${pf.region}, the resource is in ${af.region}`;
      }
    }
    if (best === undefined || PART_RANK[part] > PART_RANK[best.part]) best = { entry: e, part, detail };
  }
  if (best === undefined)
    return { element: 'resource', detail: 'the statement names no Resource', resourcePart: 'pattern' };
  return { element: 'resource', detail: best.detail, resourcePart: best.part, resourcePattern: best.entry };
}

function shownList(entries: readonly Entry[]): string {
  const shown = entries.slice(0, 4).map((e) => JSON.stringify(unprotect(e.value)));
  return entries.length > 4 ? `${shown.join(', ')}, …` : shown.join(', ');
}

const NO_MATCH: StatementMatch = { matched: false, strength: NONE };

/**
 * Matches one statement against the target.
 * @internal
 */
export function matchStatement(statement: StatementModel, t: Target, options: MatchOptions): StatementMatch {
  const failed = (failure: Failure): StatementMatch => ({ ...NO_MATCH, failed: failure });
  if (statement.effect === undefined) {
    return failed({
      element: 'action',
      detail: `Effect ${JSON.stringify(statement.raw.Effect)} is neither Allow nor Deny`,
    });
  }
  const context = options.variables ? t.context : undefined;
  let strength: Strength = DIRECT;
  if (options.attached) {
    // AgentCore refuses a wildcard Resource at PutResourcePolicy (seed gotcha 2), so a statement
    // carrying one is not part of any attached policy: it never applies, whatever else it says.
    const resource = statement.resource;
    const wild =
      resource !== undefined && !resource.negated
        ? resource.entries.find((r) => hasWildcard(r.value))
        : undefined;
    if (wild !== undefined) {
      return failed({
        element: 'resource',
        detail: `Resource "${wild.value}" is a wildcard: AgentCore rejects it in a resource policy (PutResourcePolicy), so this statement never applies`,
        resourcePart: 'pattern',
        resourcePattern: wild.value,
        wildcardResource: true,
      });
    }
  }
  if (options.principal) {
    const principal = statement.principal;
    if (principal?.negated === true) {
      // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
      // permissions boundary policy attached, regardless of the values specified in the
      // NotPrincipal element" (IAM User Guide, Permissions boundaries for IAM entities).
      const boundaryRule = statement.effect === 'Deny' && t.permissionsBoundary;
      if (!boundaryRule && notPrincipalExcludes(principal, t.caller)) {
        return failed({
          element: 'principal',
          detail: `NotPrincipal leaves out ${t.caller.arn} (${describePrincipal(principal)})`,
        });
      }
    } else {
      strength = principalStrength(principal, t.caller);
      if (strength === NONE) {
        return failed({
          element: 'principal',
          detail:
            principal === undefined
              ? 'the statement has no Principal'
              : `Principal names ${describePrincipal(principal)}, not ${t.caller.arn}, its role or its account`,
        });
      }
    }
  }
  const action = statement.action;
  if (action?.negated === true) {
    if (actionListMatches(action.entries, t.action)) {
      return failed({
        element: 'action',
        detail: `NotAction ${shownList(action.entries)} covers ${t.actionName}`,
      });
    }
  } else {
    const entries = action?.entries ?? [];
    if (!actionListMatches(entries, t.action)) {
      return failed({
        element: 'action',
        detail:
          entries.length === 0
            ? 'the statement has no Action'
            : `Action ${shownList(entries)} does not cover ${t.actionName}`,
      });
    }
  }
  const resource = statement.resource;
  if (resource?.negated === true) {
    if (resource.entries.some((e) => resourceEntryMatches(e.value, t.resourceArn, context))) {
      return failed({
        element: 'resource',
        detail: `NotResource ${shownList(resource.entries)} covers ${t.resourceArn}`,
        resourcePart: 'pattern',
      });
    }
  } else if (resource !== undefined || !options.attached) {
    // A resource policy statement without Resource applies to the resource it is attached to.
    const entries = resource?.entries ?? [];
    if (!entries.some((e) => resourceEntryMatches(e.value, t.resourceArn, context))) {
      return failed(resourceFailure(entries, t, context));
    }
  }
  const failure = evaluateConditions(statement.conditions, t.context, options.variables);
  if (failure !== undefined) {
    return failed({
      element: 'condition',
      detail: failure.detail,
      operator: failure.operator,
      conditionKey: failure.key,
      keyMissing: failure.keyMissing,
    });
  }
  return { matched: true, strength };
}
