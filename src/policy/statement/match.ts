/**
 * The one statement matcher: does a statement apply to a request on one ARN, and if not, which
 * element failed first (principal, action, resource, condition) and why.
 * @internal
 */
import { type ArnFields, arnFields } from '../../arn/fields.js';
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
import { patternMatch, resolveVariables, unprotect } from './variables.js';
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
}

/** Builds a target. @internal */
export function target(caller: Caller, action: string, resourceArn: string, context: ContextMap): Target {
  return {
    caller,
    action: action.toLowerCase(),
    actionName: action,
    resourceArn,
    fields: arnFields(resourceArn),
    context,
  };
}

/** How a statement is matched. @internal */
export interface MatchOptions {
  /**
   * The statement sits in a resource-based policy: its `Principal` / `NotPrincipal` must name the
   * caller, and (AgentCore) a wildcard `Resource` never applies.
   */
  readonly resourcePolicy: boolean;
  /** Resolve policy variables (`Version` 2012-10-17). */
  readonly variables: boolean;
}

/** Which part of a `Resource` entry differed from the ARN. @internal */
export type ResourcePart = 'account' | 'region' | 'pattern';

/** The first element of a statement that failed, and why. @internal */
export interface Failure {
  element: 'principal' | 'action' | 'resource' | 'condition';
  /** Human-readable reason: "Resource names account 222222222222, the resource is in 111111111111". */
  detail: string;
  /** For a resource mismatch, which part differed. */
  resourcePart?: ResourcePart;
  /** For a failed condition: operator and key. */
  operator?: string;
  conditionKey?: string;
  /** True when the condition failed because the key is absent from the request context. */
  keyMissing?: boolean;
  /** For a resource failure, the `Resource` entry closest to the ARN, as written. */
  resourcePattern?: string;
  /** True when a resource policy statement names a wildcard `Resource` (AgentCore rejects it). */
  wildcardResource?: boolean;
}

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
 * The resource part of a `Resource` entry against the ARN's: `true`, `false`, or `undefined` when
 * a policy variable in it has no value (it then matches nothing). IAM's `*` matches any run of
 * characters, `/` included, so `runtime/*` covers `runtime/ID/runtime-endpoint/NAME` too
 * (IAM User Guide, "Amazon Resource Names (ARNs)": wildcards within a segment).
 */
function lastFieldMatches(
  part: string,
  fields: ArnFields,
  context: ContextMap | undefined,
): boolean | undefined {
  // Variables are substituted only in the resource part, after the fifth colon.
  const resolved = context === undefined ? part : resolveVariables(part, context);
  if (resolved === undefined) return undefined;
  return patternMatch(resolved, fields.resource);
}

/**
 * True when one `Resource` entry covers the ARN. `context`, when given, resolves the policy
 * variables of the entry.
 * @internal
 */
export function resourceEntryMatches(entry: string, arn: string, context?: ContextMap): boolean {
  if (entry === '*') return true;
  const af = arnFields(arn);
  const pf = arnFields(entry);
  if (pf === undefined || af === undefined) return globMatch(entry, arn);
  return (
    globMatch(pf.prefix, af.prefix) &&
    globMatch(pf.partition, af.partition) &&
    globMatch(pf.service, af.service) &&
    globMatch(pf.region, af.region) &&
    globMatch(pf.account, af.account) &&
    lastFieldMatches(pf.resource, af, context) === true
  );
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
  for (const { value: e } of entries) {
    const pf = arnFields(e);
    let part: ResourcePart = 'pattern';
    let detail = `Resource "${e}" does not match ${t.resourceArn}`;
    const af = t.fields;
    if (pf !== undefined && af !== undefined) {
      const differing: string[] = [];
      if (!globMatch(pf.prefix, af.prefix)) differing.push('prefix');
      if (!globMatch(pf.partition, af.partition)) differing.push('partition');
      if (!globMatch(pf.service, af.service)) differing.push('service');
      if (!globMatch(pf.region, af.region)) differing.push('region');
      if (!globMatch(pf.account, af.account)) differing.push('account');
      const last = lastFieldMatches(pf.resource, af, context);
      if (last !== true) differing.push('resource');
      if (differing.length === 1 && differing[0] === 'account') {
        part = 'account';
        detail = `Resource "${e}" names account ${pf.account}, the resource is in ${af.account}`;
      } else if (differing.length === 1 && differing[0] === 'region') {
        part = 'region';
        detail = `Resource "${e}" names region ${pf.region}, the resource is in ${af.region}`;
      } else if (last === undefined) {
        detail = `Resource "${e}" uses a policy variable with no value in this request, so it matches nothing`;
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
  if (options.resourcePolicy) {
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
    const principal = statement.principal;
    if (principal?.negated === true) {
      if (notPrincipalExcludes(principal, t.caller)) {
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
  } else if (resource !== undefined || !options.resourcePolicy) {
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
