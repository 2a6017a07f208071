/**
 * Pieces every policy builder shares: principal and action normalization, the refusals of
 * DESIGN.md (wildcard `Resource`, bare `*` principal, `aws:SourceAccount` on IAM principals) and
 * the statement layout the seeds use.
 * @internal
 */

import { ACCOUNT_ID, type Partition } from '../../arn/patterns.js';
import { parsePrincipalArn } from '../../arn/principal.js';
import { InvalidArnError, isInvalidArnError, PolicyBuildError, shown } from '../../errors.js';
import { isRecord, plain } from '../../input.js';
import {
  type ActionInfo,
  agentCoreAction,
  qualifyAction,
  RUNTIME_ACTION_PRESETS,
  type RuntimeActionPreset,
  SERVICE_PREFIX,
} from '../actions.js';
import { type CodeFacts, codeInfo } from '../codes.js';
import { hasWildcard } from '../statement/wildcard.js';
import type { ConditionElement, ConditionValue, FindingCode, OneOrMany, Statement } from '../types.js';

/** The policy language version every builder emits. @internal */
export const POLICY_VERSION = '2012-10-17';

/**
 * Throws the {@link PolicyBuildError} of a refusal. With a finding code, `fix` may be the facts
 * to word the code catalogue's fix with, rather than a sentence of the builder's own.
 * @internal
 */
export function refuse(
  field: string,
  message: string,
  fix: string | CodeFacts,
  findingCode?: FindingCode,
): never {
  const text =
    typeof fix === 'string' ? fix : findingCode === undefined ? '' : codeInfo(findingCode).fix(fix);
  throw new PolicyBuildError(field, message, text, findingCode === undefined ? {} : { findingCode });
}

/**
 * Runs `parse` and prefixes any {@link InvalidArnError} with the input field, so the message says
 * which of several ARNs is wrong.
 * @internal
 */
export function withField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isInvalidArnError(error) && !error.message.startsWith(`${field}:`)) {
      const options = error.findingCode === undefined ? {} : { findingCode: error.findingCode };
      throw new InvalidArnError(error.part, error.value, `${field}: ${error.message}`, {
        cause: error,
        ...options,
      });
    }
    throw error;
  }
}

/** Shortens a user value quoted in a message (any value: never throws). @internal */
export function quote(value: unknown): string {
  return shown(value);
}

/**
 * A builder's input as plain data (read once, see `plain`), refused when it is not an object.
 * @internal
 */
export function builderInput<T>(input: T, builder: string): T {
  const copy = plain(input, 'input');
  if (!isRecord(copy)) {
    refuse(
      'input',
      `${builder} takes an object, not ${shown(copy)}`,
      `Call ${builder}({ … }) with the documented fields.`,
    );
  }
  return copy;
}

/**
 * One element as a string, several as an array: how the seeds (and the IAM console) write them.
 * @internal
 */
export function oneOrMany(values: readonly string[]): OneOrMany<string> {
  return values.length === 1 ? (values[0] as string) : [...values];
}

/** Removes repeats, keeping the first occurrence's position. @internal */
export function dedupe(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/**
 * Checks that `values` is a non-empty array before anything else reads it.
 * @internal
 */
export function requireList(values: unknown, field: string, what: string, fix: string): readonly unknown[] {
  const list = optionalList(values, field);
  if (list.length === 0) refuse(field, `${field} is empty: a policy needs at least one ${what}`, fix);
  return list;
}

/**
 * An optional list: `[]` when absent, refused when it is not an array (a lone string, say).
 * @internal
 */
export function optionalList(values: unknown, field: string): readonly unknown[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) {
    refuse(field, `${field} is not a list`, `Pass ${field} as an array, even for a single value.`);
  }
  return values;
}

/**
 * Refuses an ARN with a wildcard where a resource policy needs the exact ARN it is attached to
 * (AgentCore rejects the document otherwise: gotcha 2 of the field report).
 * @internal
 */
export function refuseWildcardResource(value: unknown, field: string): void {
  if (typeof value === 'string' && hasWildcard(value)) {
    refuse(
      field,
      `${quote(value)} contains a wildcard, but the Resource of a resource-based policy must be the exact ARN the policy is attached to`,
      {},
      'resource-wildcard',
    );
  }
}

const ORG_ID = /^o-[a-z0-9]{10,32}$/;

/** Options of {@link normalizePrincipals}. @internal */
export interface PrincipalRules {
  /** Input field name, for messages. */
  field: string;
  /** Partition of the resource: bare account ids become roots in it, other partitions are refused. */
  partition: Partition;
  /** With an organization id, a `*` principal is allowed (the builder adds aws:PrincipalOrgID). */
  principalOrgId?: string | undefined;
}

/**
 * Validates IAM principals (role, user, root, assumed-role or federated session ARNs, bare
 * 12-digit account ids, or `*`), turns account ids into root ARNs and removes repeats.
 * A `*` swallows every other principal.
 * @internal
 */
export function normalizePrincipals(principals: unknown, rules: PrincipalRules): string[] {
  const list = requireList(
    principals,
    rules.field,
    'principal',
    'Name the IAM role ARNs (preferred) or 12-digit account ids that need access.',
  );
  const out = list.map((value, index) => {
    const field = `${rules.field}[${index}]`;
    if (typeof value !== 'string') {
      return refuse(field, `${quote(value)} is not a string`, 'Pass each principal as an ARN or account id.');
    }
    if (value === '*') {
      if (rules.principalOrgId === undefined) {
        refuse(
          field,
          'A "*" principal without principalOrgId grants every AWS account',
          'Name the caller roles or accounts, or pass principalOrgId to limit "*" to your AWS Organization.',
          'broad-principal',
        );
      }
      return value;
    }
    if (ACCOUNT_ID.test(value)) return `arn:${rules.partition}:iam::${value}:root`;
    const parsed = withField(field, () => parsePrincipalArn(value));
    if (parsed.partition !== rules.partition) {
      refuse(
        field,
        `${quote(value)} is in partition ${parsed.partition} but the resource is in ${rules.partition}; access never crosses partitions`,
        `Use a principal of partition ${rules.partition}.`,
      );
    }
    return value;
  });
  return out.includes('*') ? ['*'] : dedupe(out);
}

/**
 * Validates an AWS Organizations id (`o-` and 10 to 32 lowercase letters or digits).
 * @internal
 */
export function checkOrgId(principalOrgId: unknown): string | undefined {
  if (principalOrgId === undefined) return undefined;
  if (typeof principalOrgId !== 'string' || !ORG_ID.test(principalOrgId)) {
    refuse(
      'principalOrgId',
      `${quote(principalOrgId)} is not an AWS Organizations id`,
      'Use the id shown by `aws organizations describe-organization`, such as o-a1b2c3d4e5.',
    );
  }
  return principalOrgId;
}

/**
 * Validates AgentCore actions: short names are qualified, unknown names and wildcards refused,
 * names brought to IAM's spelling and repeats removed.
 *
 * @param accept - Which known actions the builder may grant.
 * @param kind - How to call the accepted actions in a refusal (`runtime`, `memory data-plane`).
 * @internal
 */
export function normalizeActions(
  actions: unknown,
  field: string,
  accept: (info: ActionInfo) => boolean,
  kind: string,
): string[] {
  const list = requireList(actions, field, 'action', `Pass ${kind} actions such as InvokeAgentRuntime.`);
  return dedupe(
    list.map((value, index) => {
      const where = `${field}[${index}]`;
      if (typeof value !== 'string') {
        return refuse(where, `${quote(value)} is not a string`, 'Pass each action name as a string.');
      }
      const qualified = qualifyAction(value);
      const info = qualified.startsWith(`${SERVICE_PREFIX}:`) ? agentCoreAction(qualified) : undefined;
      if (info === undefined) {
        refuse(
          where,
          hasWildcard(value)
            ? `${quote(value)} is an action pattern; the builders grant named actions only (least privilege)`
            : `${quote(value)} is not a ${SERVICE_PREFIX} action IAM knows`,
          `Use exact ${kind} action names such as ${SERVICE_PREFIX}:InvokeAgentRuntime or CreateEvent.`,
          'unknown-action',
        );
      }
      if (!accept(info)) {
        refuse(
          where,
          `${info.action} is not a ${kind} action, so this policy cannot grant it`,
          `Grant only ${kind} actions here; grant ${info.action} in the policy of the resource it targets.`,
        );
      }
      return info.action;
    }),
  );
}

/**
 * The actions of a runtime grant: a {@link RuntimeActionPreset} name, or a list as given (checked
 * by {@link normalizeActions}).
 * @internal
 */
export function runtimePresetActions(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  const presets = Object.keys(RUNTIME_ACTION_PRESETS);
  if (!presets.includes(value)) {
    refuse(
      field,
      `${quote(value)} is not a runtime action preset`,
      `Use one of ${presets.map((p) => `'${p}'`).join(', ')}, or a list of runtime actions.`,
    );
  }
  return RUNTIME_ACTION_PRESETS[value as RuntimeActionPreset];
}

/**
 * Validates a statement id: IAM accepts ASCII letters and digits only.
 * @internal
 */
export function checkSid(sid: unknown, field: string): string | undefined {
  if (sid === undefined) return undefined;
  if (typeof sid !== 'string' || !/^[A-Za-z0-9]+$/.test(sid)) {
    refuse(
      field,
      `${quote(sid)} is not a valid Sid`,
      'Use ASCII letters and digits only, e.g. AllowCallerRole.',
    );
  }
  return sid;
}

// Present only when an AWS service calls on someone's behalf (FACTS.md, Authorization): on a
// direct SigV4 call from an IAM principal they are absent, so the condition is false and denies.
const SERVICE_ONLY_KEYS = new Set(['aws:sourceaccount', 'aws:sourcearn']);

/**
 * Builds the `Condition` of a policy whose principals are IAM principals: refuses
 * aws:SourceAccount / aws:SourceArn (gotcha 3), copies the rest and adds
 * `StringEquals aws:PrincipalOrgID` when an organization id is given.
 * @internal
 */
export function iamPrincipalCondition(
  condition: ConditionElement | undefined,
  principalOrgId: string | undefined,
): ConditionElement | undefined {
  const out: ConditionElement = {};
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      refuse(
        `condition.${operator}`,
        `The condition operator ${quote(operator)} must map condition keys to values`,
        'Write conditions as { "StringEquals": { "aws:PrincipalAccount": "222222222222" } }.',
      );
    }
    const copy: Record<string, OneOrMany<ConditionValue>> = {};
    for (const [key, value] of Object.entries(entries)) {
      if (SERVICE_ONLY_KEYS.has(key.toLowerCase())) {
        refuse(
          `condition.${operator}.${key}`,
          `${key} is set only when an AWS service calls on someone's behalf; on a direct call from an IAM principal it is absent, so the condition silently denies`,
          { conditionKey: key },
          'source-account-condition',
        );
      }
      copy[key] = value;
    }
    out[operator] = copy;
  }
  if (principalOrgId !== undefined) {
    const equals = out.StringEquals ?? {};
    const existing = Object.entries(equals).find(([key]) => key.toLowerCase() === 'aws:principalorgid');
    if (existing !== undefined && existing[1] !== principalOrgId) {
      refuse(
        'condition.StringEquals.aws:PrincipalOrgID',
        `The condition names organization ${quote(existing[1])} but principalOrgId is ${quote(principalOrgId)}`,
        'Give the organization once, as principalOrgId.',
      );
    }
    out.StringEquals = { ...equals, [existing?.[0] ?? 'aws:PrincipalOrgID']: principalOrgId };
  }
  return Object.keys(out).length === 0 ? undefined : cloneCondition(out);
}

function cloneCondition(condition: ConditionElement): ConditionElement {
  const out: ConditionElement = {};
  for (const [operator, entries] of Object.entries(condition)) {
    const copy: Record<string, OneOrMany<ConditionValue>> = {};
    for (const [key, value] of Object.entries(entries)) {
      copy[key] = Array.isArray(value) ? [...(value as readonly ConditionValue[])] : value;
    }
    out[operator] = copy;
  }
  return out;
}

/** The parts of one statement, before layout. @internal */
export interface StatementParts {
  sid?: string | undefined;
  principals?: readonly string[];
  actions: readonly string[];
  /** Absent in trust policies. */
  resources?: readonly string[];
  condition?: ConditionElement | undefined;
}

/**
 * Lays a statement out as the seeds do: Sid, Effect, Principal, Action, Resource, Condition;
 * single values as strings. Every call returns fresh objects, so documents never share arrays.
 * @internal
 */
export function allowStatement(parts: StatementParts): Statement {
  const statement: Statement =
    parts.sid === undefined ? { Effect: 'Allow' } : { Sid: parts.sid, Effect: 'Allow' };
  if (parts.principals !== undefined) statement.Principal = { AWS: oneOrMany(parts.principals) };
  statement.Action = oneOrMany(parts.actions);
  if (parts.resources !== undefined) statement.Resource = oneOrMany(parts.resources);
  if (parts.condition !== undefined) statement.Condition = cloneCondition(parts.condition);
  return statement;
}
