/**
 * The statement-and-principal model: how every part of the library reads a policy statement and
 * decides whether it applies to a request. Internal API (not exported from the package), used by
 * the evaluator (`policy/evaluate`), the linter (`policy/lint`), the admin merge and revoke
 * (`admin/statement.ts`), and the emulator's STS trust checks (`testing/trust.ts`); the fix
 * planner builds on it too.
 *
 * Reading (never throws, any JSON):
 * - {@link readPolicy}`(document)` → {@link PolicyModel}: `statements` (one {@link StatementModel}
 *   per statement object, each element with JSON pointers), `unreadable` positions, `variables`
 *   (Version 2012-10-17);
 * - {@link readStatement}, {@link readPrincipal}, {@link readConditions} for one element.
 *
 * The caller:
 * - {@link parseCaller}`(principalArn)` → {@link Caller} (root, user, role, assumed-role session,
 *   federated user, service principal; `principalArn` is what aws:PrincipalArn holds);
 *   {@link grantableArn} is the ARN a fix should name.
 *
 * Matching:
 * - {@link matchStatement}`(statement, target, { resourcePolicy, variables })` → whether it
 *   applies, and if not the first element that failed ({@link Failure}: principal, action,
 *   resource or condition, with the closest `Resource` entry and the differing field), and how
 *   strongly its `Principal` names the caller ({@link Strength}: NONE, ACCOUNT, ROLE, DIRECT);
 * - {@link target}`(caller, action, resourceArn, context)` builds what is matched;
 * - element matchers for static questions (lint, merge): {@link coversAction},
 *   {@link coversResource}, {@link resourceEntryMatches}, {@link actionListMatches},
 *   {@link principalStrength}, {@link notPrincipalExcludes};
 * - {@link evaluateConditions} (every operator family, IfExists, ForAnyValue/ForAllValues,
 *   policy variables), {@link parseOperator} (the one operator parser);
 * - {@link globMatch} and {@link resourcePatternMatch}: IAM wildcards in linear time.
 *
 * ARN fields are read with `src/arn/fields.ts` (pattern-tolerant), never sliced here.
 * @internal
 */
export { type Caller, type CallerKind, grantableArn, parseCaller } from './caller.js';
export {
  type ConditionFailure,
  evaluateConditions,
  type ParsedOperator,
  parseOperator,
} from './conditions.js';
export { type ContextMap, type ContextValue, contextMap } from './context-map.js';
export {
  actionListMatches,
  coversAction,
  coversResource,
  type Failure,
  type MatchOptions,
  matchStatement,
  type ResourcePart,
  resourceEntryMatches,
  type StatementMatch,
  type Target,
  target,
} from './match.js';
export {
  ACCOUNT,
  DIRECT,
  describePrincipal,
  NONE,
  notPrincipalExcludes,
  principalStrength,
  ROLE,
  type Strength,
} from './principal.js';
export { pointer, readConditions, readPolicy, readPrincipal, readStatement } from './read.js';
export type {
  ConditionView,
  Entry,
  ListElement,
  PolicyModel,
  PrincipalEntry,
  PrincipalView,
  StatementModel,
} from './types.js';
export { globMatch, hasWildcard, resourcePatternMatch } from './wildcard.js';
