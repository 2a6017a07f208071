/**
 * Who outside the owner's account a resource policy lets in, and with which actions: read from
 * the document alone (static), through the one statement model.
 *
 * What it concludes, and what it cannot:
 * - every Allow statement that applies to the ARN the policy is attached to grants its actions to
 *   each principal it names; the account root (or a bare account id) stands for the whole
 *   account; `"*"` narrowed by aws:PrincipalAccount or aws:PrincipalArn to named accounts stands
 *   for those accounts, by aws:PrincipalOrgID or aws:PrincipalOrgPaths for an organization, and
 *   otherwise for everyone (`public`), whatever other condition it carries (aws:SourceVpc,
 *   aws:SourceIp…: listed in `conditions`, not evaluated);
 * - a Deny statement without conditions that names the principal (itself, its account root or
 *   `"*"`, or a NotPrincipal that does not name it) removes the actions it covers; any other Deny
 *   that may apply (conditions, NotPrincipal against `"*"`, action patterns) is listed in
 *   `limitedBy`: it may take part of the access away, which only the request can decide;
 * - a negated or `…IfExists` condition narrows nothing when its key is absent, so it never
 *   classes a principal;
 * - an account named by the policy is `trusted` when you list it, `same-org` when the statement
 *   also requires aws:PrincipalOrgID to be your organization, and `external` otherwise: the
 *   document does not say which organization an account belongs to.
 * @module
 */
import { arnAccountId } from '../arn/fields.js';
import { parseArn } from '../arn/parse.js';
import { ACCOUNT_ID } from '../arn/patterns.js';
import { parsePrincipalArn } from '../arn/principal.js';
import { ValidationError } from '../errors.js';
import { plain, record, stringList } from '../input.js';
import { parsePolicyDocument } from './document.js';
import { resultWhenKeyAbsent } from './lint/conditions.js';
import { parseOperator } from './statement/conditions.js';
import { coversAction, coversResource } from './statement/match.js';
import { readPolicy } from './statement/read.js';
import type { ConditionView, PrincipalEntry, StatementModel } from './statement/types.js';
import { hasWildcard } from './statement/wildcard.js';
import type { PolicyDocument } from './types.js';

/**
 * How far outside the owner's account a principal is:
 * - `same-org`: any principal of your organization (a `"*"` narrowed by aws:PrincipalOrgID or
 *   aws:PrincipalOrgPaths to `organizationId`), or a named account required to be in it;
 * - `trusted`: an account you listed in `trustedAccounts`;
 * - `external`: any other account, another organization, or a federated identity;
 * - `public`: everyone (`"*"` not narrowed to accounts or an organization);
 * - `service`: an AWS service principal (`lambda.amazonaws.com`).
 *
 * @example
 * ```ts
 * const worrying: ExposureClass[] = ['external', 'public'];
 * ```
 */
export type ExposureClass = 'same-org' | 'trusted' | 'external' | 'public' | 'service';

/**
 * What a principal of a policy is.
 *
 * @example
 * ```ts
 * const kind: ExposurePrincipalKind = 'role';
 * ```
 */
export type ExposurePrincipalKind =
  | 'account'
  | 'role'
  | 'user'
  | 'session'
  | 'everyone'
  | 'service'
  | 'federated';

/**
 * One principal outside the owner's account and what it may do to the resource.
 *
 * @example
 * ```ts
 * const exposure: Exposure = {
 *   principal: 'arn:aws:iam::333333333333:role/partner',
 *   kind: 'role',
 *   accountId: '333333333333',
 *   class: 'external',
 *   actions: ['bedrock-agentcore:InvokeAgentRuntime'],
 *   statements: ['/Statement/1'],
 *   conditions: [],
 *   limitedBy: [],
 * };
 * ```
 */
export interface Exposure {
  /**
   * The principal: an account root ARN (a bare account id is written as its root), a role, user
   * or session ARN, `*`, or a service principal name.
   */
  principal: string;
  kind: ExposurePrincipalKind;
  /** The account it is in, when the policy says (its ARN, or aws:PrincipalAccount / aws:PrincipalArn narrowing a `*`). */
  accountId?: string;
  /** The organizations an aws:PrincipalOrgID / aws:PrincipalOrgPaths condition requires. */
  organizationIds?: string[];
  class: ExposureClass;
  /** The actions (or patterns) it holds, as written; a grant by NotAction lists `NotAction:` entries. */
  actions: string[];
  /** JSON pointers of the Allow statements that grant them. */
  statements: string[];
  /** Condition keys that may narrow the grant further, beyond those that class it (not evaluated). */
  conditions: string[];
  /** JSON pointers of Deny statements that may take part of it away, depending on the request. */
  limitedBy: string[];
}

/**
 * Options of {@link policyExposure}.
 *
 * @example
 * ```ts
 * const options: PolicyExposureOptions = {
 *   attachedTo: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   organizationId: 'o-a1b2c3d4e5',
 *   trustedAccounts: ['222222222222'],
 * };
 * ```
 */
export interface PolicyExposureOptions {
  /** The AgentCore ARN the policy is attached to: its account is the owner's, whose principals are not exposure. */
  attachedTo: string;
  /** Your organization (`o-…`): a `"*"` narrowed to it is `same-org` rather than `external`. */
  organizationId?: string;
  /** Accounts you trust (12-digit ids): `trusted` rather than `external`. */
  trustedAccounts?: readonly string[];
}

const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const FIX =
  "Pass { attachedTo: 'arn:aws:bedrock-agentcore:…', organizationId?: 'o-…', trustedAccounts?: ['222222222222'] }.";

/**
 * `organizationId` and `trustedAccounts` of an options object, checked.
 * @internal
 */
export function classOptions(
  options: Record<string, unknown>,
  name: string,
): { organizationId: string | undefined; trustedAccounts: string[] } {
  const organizationId = options['organizationId'];
  if (organizationId !== undefined && (typeof organizationId !== 'string' || !ORG_ID.test(organizationId))) {
    throw new ValidationError(
      'organizationId',
      `${name}: organizationId is not an organization id`,
      'Pass your organization id, o- then 10 to 32 lower-case letters or digits (aws organizations describe-organization).',
    );
  }
  const trusted =
    options['trustedAccounts'] === undefined
      ? []
      : stringList(options['trustedAccounts'], 'trustedAccounts', 'Pass 12-digit account ids.');
  trusted.forEach((id, i) => {
    if (!ACCOUNT_ID.test(id)) {
      throw new ValidationError(
        `trustedAccounts[${i}]`,
        `${name}: "${id.slice(0, 40)}" is not an account id`,
        'Pass 12-digit account ids.',
      );
    }
  });
  return { organizationId, trustedAccounts: trusted };
}

/**
 * Who outside the owner's account may act on the resource a policy is attached to, and with which
 * actions: every principal an Allow statement names (accounts, roles, users, sessions, `"*"` and
 * what narrows it, services), classed `same-org`, `trusted`, `external`, `public` or `service`,
 * less what an unconditional Deny certainly takes away. IAM Access Analyzer does not cover
 * AgentCore resource types; this reads the document itself, without calling AWS.
 *
 * Static: it does not evaluate conditions. A condition that narrows the principal (aws:PrincipalAccount,
 * aws:PrincipalArn, aws:PrincipalOrgID, aws:PrincipalOrgPaths) classes it; any other is listed in
 * `conditions`; a Deny that may apply only under conditions is listed in `limitedBy`, its actions
 * kept. Principals of the owner's own account are not exposure.
 *
 * @param document - The resource policy: a document or its JSON text.
 * @returns One entry per principal and class, in the order the policy first names them.
 * @throws {@link PolicyParseError} when the document is not a policy; {@link ValidationError} or
 *   {@link InvalidArnError} for malformed options.
 *
 * @example
 * ```ts
 * import { policyExposure } from 'agentcore-xacct/policy';
 * const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
 * const exposure = policyExposure(
 *   {
 *     Version: '2012-10-17',
 *     Statement: [
 *       { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'bedrock-agentcore:InvokeAgentRuntime', Resource: runtimeArn,
 *         Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
 *     ],
 *   },
 *   { attachedTo: runtimeArn, organizationId: 'o-a1b2c3d4e5' },
 * );
 * exposure[0]?.class; // 'same-org'
 * ```
 */
export function policyExposure(
  document: PolicyDocument | string,
  options: PolicyExposureOptions,
): Exposure[] {
  const given = record(plain(options, 'options'), 'options', FIX);
  const attachedTo = given['attachedTo'];
  if (typeof attachedTo !== 'string') {
    throw new ValidationError(
      'attachedTo',
      'policyExposure: attachedTo must be the ARN the policy is attached to',
      FIX,
    );
  }
  parseArn(attachedTo);
  const checked = { attachedTo, ...classOptions(given, 'policyExposure') };
  const parsed = parsePolicyDocument(typeof document === 'string' ? document : plain(document, 'document'));
  return exposureOf(parsed, checked);
}

/** {@link policyExposure} of a parsed document with checked options. @internal */
export function exposureOf(
  document: PolicyDocument,
  options: { attachedTo: string; organizationId: string | undefined; trustedAccounts: readonly string[] },
): Exposure[] {
  const owner = parseArn(options.attachedTo);
  const statements = readPolicy(document).statements.filter((s) => appliesTo(s, options.attachedTo));
  const denies = statements.filter((s) => s.effect === 'Deny');
  const byKey = new Map<string, Exposure>();
  for (const statement of statements) {
    if (statement.effect !== 'Allow') continue;
    for (const grant of grantsOf(statement, owner.partition)) {
      for (const exposure of classify(grant, statement, owner.accountId, options)) {
        const kept = applyDenies(exposure, denies, owner.partition);
        if (kept === undefined) continue;
        const key = `${kept.class}|${kept.principal}|${kept.accountId ?? ''}|${(kept.organizationIds ?? []).join(',')}`;
        const seen = byKey.get(key);
        if (seen === undefined) byKey.set(key, kept);
        else merge(seen, kept);
      }
    }
  }
  return [...byKey.values()];
}

/**
 * True when the statement applies to the ARN its policy is attached to: no `Resource` (the
 * resource itself), or one that names it. A wildcard `Resource` never applies: AgentCore refuses it.
 * @internal
 */
export function appliesTo(statement: StatementModel, attachedTo: string): boolean {
  const resource = statement.resource;
  if (resource === undefined) return true;
  if (!resource.negated && resource.entries.some((e) => hasWildcard(e.value))) return false;
  return coversResource(resource, attachedTo);
}

/** One principal an Allow or Deny statement names, as written and normalized. @internal */
export interface NamedPrincipal {
  /** An account root ARN for an account, `*`, an ARN or a service name. */
  principal: string;
  kind: ExposurePrincipalKind;
  accountId?: string;
}

/**
 * The principals a statement's `Principal` names (`NotPrincipal` and `"*"` both as `*`), each
 * normalized: an account id becomes its root ARN. Malformed entries are skipped (lint reports them).
 * @internal
 */
export function grantsOf(statement: StatementModel, partition: string): NamedPrincipal[] {
  const principal = statement.principal;
  if (principal === undefined) return [];
  if (principal.everyone || principal.negated) return [{ principal: '*', kind: 'everyone' }];
  return principal.entries.flatMap((entry) => named(entry, partition) ?? []);
}

function named(entry: PrincipalEntry, partition: string): NamedPrincipal | undefined {
  if (entry.type === 'Service') return { principal: entry.value, kind: 'service' };
  if (entry.type === 'Federated') return { principal: entry.value, kind: 'federated' };
  if (entry.type === 'CanonicalUser') return { principal: entry.value, kind: 'federated' };
  if (ACCOUNT_ID.test(entry.value)) {
    return {
      principal: `arn:${partition}:iam::${entry.value}:root`,
      kind: 'account',
      accountId: entry.value,
    };
  }
  try {
    const parts = parsePrincipalArn(entry.value);
    const kind: ExposurePrincipalKind =
      parts.kind === 'root'
        ? 'account'
        : parts.kind === 'assumed-role' || parts.kind === 'federated-user'
          ? 'session'
          : parts.kind;
    return { principal: parts.arn, kind, accountId: parts.accountId };
  } catch {
    return undefined;
  }
}

/** The values a positive condition on `key` requires (one of them must match), or `undefined`. */
function required(conditions: readonly ConditionView[], keys: readonly string[]): string[] | undefined {
  let out: string[] | undefined;
  for (const c of conditions) {
    if (!keys.includes(c.key.toLowerCase())) continue;
    const op = parseOperator(c.operator);
    if (op === undefined || op.negated || resultWhenKeyAbsent(c.operator, c.values) !== false) continue;
    if (op.family !== 'string' && op.family !== 'stringi' && op.family !== 'like' && op.family !== 'arn')
      continue;
    const values = c.values.filter((v): v is string => typeof v === 'string');
    // Several blocks all apply: the allowed values are in each.
    out = out === undefined ? values : out.filter((v) => values.includes(v));
  }
  return out;
}

const ORG_KEYS = ['aws:principalorgid', 'aws:principalorgpaths'];
const ACCOUNT_KEYS = ['aws:principalaccount', 'aws:principalarn'];

/** The organizations of aws:PrincipalOrgID / aws:PrincipalOrgPaths values; `undefined` when one is a pattern. */
function organizationsOf(conditions: readonly ConditionView[]): string[] | undefined {
  const ids = required(conditions, ['aws:principalorgid']);
  const paths = required(conditions, ['aws:principalorgpaths']);
  if (ids === undefined && paths === undefined) return undefined;
  const orgs = new Set<string>();
  for (const id of ids ?? []) orgs.add(ORG_ID.test(id) ? id : '?');
  for (const path of paths ?? []) {
    const org = path.slice(0, path.indexOf('/') < 0 ? path.length : path.indexOf('/'));
    orgs.add(ORG_ID.test(org) ? org : '?');
  }
  return [...orgs];
}

/** The accounts aws:PrincipalAccount / aws:PrincipalArn narrow a `*` to; `undefined` when none or a pattern. */
function accountsOf(conditions: readonly ConditionView[]): string[] | undefined {
  const accounts = required(conditions, ['aws:principalaccount']);
  const arns = required(conditions, ['aws:principalarn']);
  if (accounts === undefined && arns === undefined) return undefined;
  const out = new Set<string>();
  for (const id of accounts ?? []) {
    if (!ACCOUNT_ID.test(id)) return undefined;
    out.add(id);
  }
  for (const arn of arns ?? []) {
    const id = arnAccountId(arn);
    if (id === undefined) return undefined;
    out.add(id);
  }
  return [...out];
}

function otherConditions(conditions: readonly ConditionView[], used: readonly string[]): string[] {
  return [...new Set(conditions.map((c) => c.key).filter((key) => !used.includes(key.toLowerCase())))];
}

function actionsOf(statement: StatementModel): string[] {
  const action = statement.action;
  if (action === undefined) return [];
  return action.entries.map((e) => (action.negated ? `NotAction:${e.value}` : e.value));
}

/** The exposures one principal of an Allow statement makes (none inside the owner's account). */
function classify(
  grant: NamedPrincipal,
  statement: StatementModel,
  owner: string,
  options: { organizationId: string | undefined; trustedAccounts: readonly string[] },
): Exposure[] {
  const actions = actionsOf(statement);
  if (actions.length === 0) return [];
  const orgs = organizationsOf(statement.conditions);
  const ours =
    orgs !== undefined &&
    options.organizationId !== undefined &&
    orgs.every((o) => o === options.organizationId);
  const base = (fields: Partial<Exposure> & Pick<Exposure, 'class'>, used: readonly string[]): Exposure => ({
    principal: grant.principal,
    kind: grant.kind,
    ...fields,
    actions: [...actions],
    statements: [statement.path],
    conditions: otherConditions(statement.conditions, used),
    limitedBy: [],
  });
  const ofAccount = (accountId: string): Exposure['class'] | undefined =>
    accountId === owner
      ? undefined
      : options.trustedAccounts.includes(accountId)
        ? 'trusted'
        : ours
          ? 'same-org'
          : 'external';
  const orgFields = orgs === undefined ? {} : { organizationIds: orgs };
  // The keys that classed the grant; every other condition key is listed.
  const orgKeys = orgs === undefined ? [] : ORG_KEYS;
  if (grant.kind === 'service') return [base({ class: 'service' }, [])];
  if (grant.kind === 'federated') return [base({ class: 'external' }, [])];
  if (grant.kind === 'everyone') {
    const accounts = accountsOf(statement.conditions);
    if (accounts !== undefined) {
      return accounts.flatMap((accountId) => {
        const cls = ofAccount(accountId);
        return cls === undefined
          ? []
          : [base({ accountId, class: cls, ...orgFields }, [...ACCOUNT_KEYS, ...orgKeys])];
      });
    }
    if (orgs !== undefined) return [base({ class: ours ? 'same-org' : 'external', ...orgFields }, orgKeys)];
    return [base({ class: 'public' }, [])];
  }
  const accountId = grant.accountId as string;
  const cls = ofAccount(accountId);
  return cls === undefined ? [] : [base({ accountId, class: cls, ...orgFields }, orgKeys)];
}

/** Whether a Deny's principal covers the exposure's: `true`, `false`, or `undefined` for "in part". */
function denyCovers(deny: StatementModel, exposure: Exposure, partition: string): boolean | undefined {
  const principal = deny.principal;
  if (principal === undefined) return false;
  const names = principal.negated || principal.everyone ? [] : grantsOf(deny, partition);
  if (principal.negated) {
    // Everyone but the ones named. A caller escapes only when every level of its chain is named
    // (account, role, session: IAM User Guide, NotPrincipal), which only the request shows; so a
    // principal named there, or a `*` exposure, is denied in part.
    const listed = principal.entries.some((e) => named(e, partition)?.principal === exposure.principal);
    return listed || exposure.principal === '*' ? undefined : true;
  }
  if (principal.everyone) return true;
  const root =
    exposure.accountId === undefined ? undefined : `arn:${partition}:iam::${exposure.accountId}:root`;
  if (names.some((n) => n.principal === exposure.principal || (root !== undefined && n.principal === root))) {
    return true;
  }
  // A Deny naming some principals of an account (or of everyone) the exposure stands for.
  const inside = names.some(
    (n) => exposure.principal === '*' || (exposure.kind === 'account' && n.accountId === exposure.accountId),
  );
  return inside ? undefined : false;
}

/** Whether a Deny's actions cover one granted action: `true`, `false`, or `undefined` for "in part". */
function denyCoversAction(deny: StatementModel, action: string): boolean | undefined {
  const element = deny.action;
  if (element === undefined) return false;
  if (!action.startsWith('NotAction:') && !hasWildcard(action))
    return coversAction(element, action.toLowerCase());
  // A pattern (or everything but some): covered whole only by a Deny of `*` or of a prefix of it.
  if (!element.negated) {
    const pattern = action.startsWith('NotAction:') ? '*' : action.toLowerCase();
    for (const { value } of element.entries) {
      const v = value.toLowerCase();
      if (v === '*' || v === pattern) return true;
      if (v.endsWith('*') && !hasWildcard(v.slice(0, -1)) && pattern.startsWith(v.slice(0, -1))) return true;
    }
  }
  return element.entries.length === 0 ? false : undefined;
}

/** The exposure less what unconditional Denies certainly remove; `undefined` when nothing is left. */
function applyDenies(
  exposure: Exposure,
  denies: readonly StatementModel[],
  partition: string,
): Exposure | undefined {
  let { actions } = exposure;
  const limitedBy: string[] = [];
  for (const deny of denies) {
    const who = denyCovers(deny, exposure, partition);
    if (who === false) continue;
    const certain = who === true && deny.conditions.length === 0;
    const kept: string[] = [];
    let uncertain = false;
    for (const action of actions) {
      const covers = denyCoversAction(deny, action);
      if (covers === false) kept.push(action);
      else if (!(certain && covers === true)) {
        kept.push(action);
        uncertain = true;
      }
    }
    if (uncertain) limitedBy.push(deny.path);
    actions = kept;
  }
  if (actions.length === 0) return undefined;
  return { ...exposure, actions, limitedBy: [...exposure.limitedBy, ...limitedBy] };
}

function union(into: string[], from: readonly string[]): void {
  for (const value of from) if (!into.includes(value)) into.push(value);
}

function merge(into: Exposure, from: Exposure): void {
  union(into.actions, from.actions);
  union(into.statements, from.statements);
  union(into.conditions, from.conditions);
  union(into.limitedBy, from.limitedBy);
}
