/**
 * Evaluating one policy document against one request on one ARN: which statements apply, and for
 * each that does not, the first element that failed (principal, action, resource, condition).
 * @internal
 */
import { asArray, statementsOf } from '../document.js';
import { globMatch, hasWildcard, splitArn } from '../match.js';
import type { PolicyDocument, Statement } from '../types.js';
import type { Caller } from './caller.js';
import { evaluateConditions } from './conditions.js';
import type { ContextMap } from './context.js';
import {
  DIRECT,
  describePrincipal,
  NONE,
  notPrincipalExcludes,
  principalStrength,
  type Strength,
} from './principal.js';
import type { PolicyEvaluation, PolicyKind, StatementEvaluation } from './types.js';
import { patternMatch, resolveVariables, unprotect } from './variables.js';

/** What a statement is matched against. @internal */
export interface Target {
  caller: Caller;
  /** The qualified action, lower-cased (actions match case-insensitively). */
  action: string;
  /** The action as the request names it, for messages. */
  actionName: string;
  resourceArn: string;
  /** `resourceArn` split into its six fields. */
  fields: readonly string[];
  context: ContextMap;
}

/** A document's verdict, with what the authorization needs beyond the public record. @internal */
export interface DocumentOutcome {
  evaluation: PolicyEvaluation;
  /** For a resource policy: the strongest principal match among applying Allow statements. */
  allowStrength: Strength;
  /** An Allow statement applied (whether or not a Deny did too). */
  allowed: boolean;
  denied: boolean;
}

type Failed = NonNullable<StatementEvaluation['failed']>;

function actionMatches(patterns: readonly unknown[], action: string): boolean {
  for (const p of patterns) {
    if (typeof p === 'string' && globMatch(p, action, true)) return true;
  }
  return false;
}

/**
 * The resource part of a `Resource` entry against the ARN's: `true`, `false`, or `undefined` when
 * a policy variable in it has no value (it then matches nothing). IAM's `*` matches any run of
 * characters, `/` included, so `runtime/*` covers `runtime/ID/runtime-endpoint/NAME` too
 * (IAM User Guide, "Amazon Resource Names (ARNs)": wildcards within a segment).
 */
function lastFieldMatches(part: string, target: Target, variables: boolean): boolean | undefined {
  // Variables are substituted only in the resource part, after the fifth colon.
  const resolved = variables ? resolveVariables(part, target.context) : part;
  if (resolved === undefined) return undefined;
  return patternMatch(resolved, target.fields[5] as string);
}

function entryMatches(entry: string, target: Target, variables: boolean): boolean {
  if (entry === '*') return true;
  const pf = splitArn(entry);
  if (pf === undefined) return globMatch(entry, target.resourceArn);
  for (let i = 0; i < 5; i++) {
    if (!globMatch(pf[i] as string, target.fields[i] as string)) return false;
  }
  return lastFieldMatches(pf[5] as string, target, variables) === true;
}

function resourceMatches(entries: readonly unknown[], target: Target, variables: boolean): boolean {
  for (const e of entries) {
    if (typeof e === 'string' && entryMatches(e, target, variables)) return true;
  }
  return false;
}

type Part = 'account' | 'region' | 'pattern';
const PART_RANK: Record<Part, number> = { pattern: 0, region: 1, account: 2 };

/** Why no `Resource` entry matched: the closest entry and the one field it differs in. */
function resourceFailure(entries: readonly unknown[], target: Target, variables: boolean): Failed {
  let best: { entry: string; part: Part; detail: string } | undefined;
  const [, , , region, account] = target.fields;
  for (const e of entries) {
    if (typeof e !== 'string') continue;
    const pf = splitArn(e);
    let part: Part = 'pattern';
    let detail = `Resource "${e}" does not match ${target.resourceArn}`;
    if (pf !== undefined) {
      const differing: number[] = [];
      for (let i = 0; i < 5; i++)
        if (!globMatch(pf[i] as string, target.fields[i] as string)) differing.push(i);
      const last = lastFieldMatches(pf[5] as string, target, variables);
      if (last !== true) differing.push(5);
      if (differing.length === 1 && differing[0] === 4) {
        part = 'account';
        detail = `Resource "${e}" names account ${pf[4]}, the resource is in ${account}`;
      } else if (differing.length === 1 && differing[0] === 3) {
        part = 'region';
        detail = `Resource "${e}" names region ${pf[3]}, the resource is in ${region}`;
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

function shownList(values: readonly unknown[]): string {
  const strings = values.filter((v): v is string => typeof v === 'string');
  const shown = strings.slice(0, 4).map((v) => JSON.stringify(unprotect(v)));
  return strings.length > 4 ? `${shown.join(', ')}, …` : shown.join(', ');
}

/**
 * Evaluates one statement. `resourcePolicy` turns on the principal check and AgentCore's rule
 * that a resource policy names its resource exactly.
 */
function evaluateStatement(
  statement: Statement,
  index: number,
  target: Target,
  resourcePolicy: boolean,
  variables: boolean,
): { evaluation: StatementEvaluation; strength: Strength } {
  const effect: 'Allow' | 'Deny' = statement.Effect === 'Deny' ? 'Deny' : 'Allow';
  const base: StatementEvaluation = { index, effect, matched: false };
  if (typeof statement.Sid === 'string') base.sid = statement.Sid;
  const failedWith = (failed: Failed) => ({ evaluation: { ...base, failed }, strength: NONE as Strength });
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    return failedWith({
      element: 'action',
      detail: `Effect ${JSON.stringify(statement.Effect)} is neither Allow nor Deny`,
    });
  }
  let strength: Strength = DIRECT;
  if (resourcePolicy) {
    // AgentCore refuses a wildcard Resource at PutResourcePolicy (seed gotcha 2), so a statement
    // carrying one is not part of any attached policy: it never applies, whatever else it says.
    const wild = asArray(statement.Resource).find((r) => typeof r === 'string' && hasWildcard(r));
    if (typeof wild === 'string') {
      return failedWith({
        element: 'resource',
        detail: `Resource "${wild}" is a wildcard: AgentCore rejects it in a resource policy (PutResourcePolicy), so this statement never applies`,
        resourcePart: 'pattern',
        resourcePattern: wild,
        wildcardResource: true,
      });
    }
    if (statement.NotPrincipal !== undefined) {
      if (notPrincipalExcludes(statement.NotPrincipal, target.caller)) {
        return failedWith({
          element: 'principal',
          detail: `NotPrincipal leaves out ${target.caller.arn} (${describePrincipal(statement.NotPrincipal)})`,
        });
      }
    } else {
      strength = principalStrength(statement.Principal, target.caller);
      if (strength === NONE) {
        return failedWith({
          element: 'principal',
          detail:
            statement.Principal === undefined
              ? 'the statement has no Principal'
              : `Principal names ${describePrincipal(statement.Principal)}, not ${target.caller.arn}, its role or its account`,
        });
      }
    }
  }
  if (statement.NotAction !== undefined) {
    const listed = asArray(statement.NotAction);
    if (actionMatches(listed, target.action)) {
      return failedWith({
        element: 'action',
        detail: `NotAction ${shownList(listed)} covers ${target.actionName}`,
      });
    }
  } else {
    const listed = asArray(statement.Action);
    if (!actionMatches(listed, target.action)) {
      return failedWith({
        element: 'action',
        detail:
          listed.length === 0
            ? 'the statement has no Action'
            : `Action ${shownList(listed)} does not cover ${target.actionName}`,
      });
    }
  }
  if (statement.NotResource !== undefined) {
    const listed = asArray(statement.NotResource);
    if (resourceMatches(listed, target, variables)) {
      return failedWith({
        element: 'resource',
        detail: `NotResource ${shownList(listed)} covers ${target.resourceArn}`,
        resourcePart: 'pattern',
      });
    }
  } else if (statement.Resource !== undefined || !resourcePolicy) {
    // A resource policy statement without Resource applies to the resource it is attached to.
    const listed = asArray(statement.Resource);
    if (!resourceMatches(listed, target, variables)) {
      return failedWith(resourceFailure(listed, target, variables));
    }
  }
  const failure = evaluateConditions(statement.Condition, target.context, variables);
  if (failure !== undefined) {
    return failedWith({
      element: 'condition',
      detail: failure.detail,
      operator: failure.operator,
      conditionKey: failure.key,
      keyMissing: failure.keyMissing,
    });
  }
  return { evaluation: { ...base, matched: true }, strength };
}

/**
 * Evaluates a policy document against the target.
 * @internal
 */
export function evaluateDocument(
  document: PolicyDocument,
  kind: PolicyKind,
  target: Target,
  where: { index?: number; attachedTo?: string },
): DocumentOutcome {
  const resourcePolicy = kind === 'resource';
  const variables = document.Version === '2012-10-17';
  const statements: StatementEvaluation[] = [];
  let allowStrength: Strength = NONE;
  let allowed = false;
  let denied = false;
  const list = document.Statement === undefined || document.Statement === null ? [] : statementsOf(document);
  for (let i = 0; i < list.length; i++) {
    const statement = list[i];
    if (typeof statement !== 'object' || statement === null) {
      statements.push({
        index: i,
        effect: 'Allow',
        matched: false,
        failed: { element: 'action', detail: 'not a statement object' },
      });
      continue;
    }
    const { evaluation, strength } = evaluateStatement(statement, i, target, resourcePolicy, variables);
    statements.push(evaluation);
    if (!evaluation.matched) continue;
    if (evaluation.effect === 'Deny') denied = true;
    else {
      allowed = true;
      if (strength > allowStrength) allowStrength = strength;
    }
  }
  const evaluation: PolicyEvaluation = {
    kind,
    result: denied ? 'deny' : allowed ? 'allow' : 'no-match',
    statements,
  };
  if (where.index !== undefined) evaluation.index = where.index;
  if (where.attachedTo !== undefined) evaluation.attachedTo = where.attachedTo;
  return { evaluation, allowStrength, allowed, denied };
}
