/**
 * `planAccessFix`: the smallest least-privilege change to the given policies, across both
 * accounts, that makes `explainAccess` allow the request. Pure: it plans, it never applies.
 *
 * How: evaluate, take the first cause `explainAccess` ranks, change the one document at fault in
 * the way the cause calls for, evaluate again; until the request is allowed, or a cause no change
 * to these documents can lift (a Deny, a guardrail, another region) blocks it. The changes:
 *
 * - a resource policy with a wildcard or another ARN in `Resource`: that statement's `Resource`
 *   becomes the exact ARN the policy is attached to;
 * - `aws:SourceAccount` / `aws:SourceArn` (`…Owner`, `…OrgID`, `…OrgPaths`) on a policy for IAM
 *   principals: the key is renamed to its principal counterpart (`aws:PrincipalAccount`,
 *   `aws:PrincipalArn`…), operator and values kept: the intent stays, the silent deny goes;
 * - no resource policy, or none that names the caller or the action: one statement that allows
 *   exactly the action to exactly the caller (its role for a session) on exactly that ARN, in the
 *   attached document, or in a new one;
 * - an identity statement whose `Resource` names another account or region: that entry becomes
 *   the exact ARN (a pattern alone in its statement stays, and the ARN is added); a runtime
 *   statement without the endpoint: the exact endpoint ARN is added;
 * - no identity statement allows the action: one statement that allows exactly the action on
 *   exactly the ARNs the identity side does not allow, in the identity policy at fault (else the
 *   first, else a new one). A call with a user id (`InvokeAgentRuntimeForUser`) needs
 *   `InvokeAgentRuntime` as well, so both are granted together.
 *
 * Exact ARNs and actions only: the planner never adds a wildcard, and never weakens a Deny. It
 * blocks rather than go around what someone meant: an Allow that fails only on its condition (an
 * actor, an organization, MFA: the plan does not add an unconditioned grant beside it); a caller
 * that is anonymous or a service principal (no IAM principal to grant to) or a federated user (no
 * identity policy of its own); a service-only key whose principal counterpart would change the
 * meaning (a SourceArn naming a function, a counterpart already in the block); a guardrail
 * anywhere in the causes; a resource policy it would take past 100 statements or 20 KB (at the
 * quota it adds the caller to a statement that grants exactly the same actions, if one exists).
 * A blocked plan proposes no change. An identity pattern that may also cover the caller's own
 * resources (a wildcard alone in its statement) stays, and the exact ARN joins it.
 * @module
 */
import { arnAccountId, arnRegion } from '../../arn/fields.js';
import { parsePrincipalArn } from '../../arn/principal.js';
import { ValidationError } from '../../errors.js';
import { optionalRecord, plain } from '../../input.js';
import { HARNESS_INVOKE_ACTIONS, qualifyAction } from '../actions.js';
import { codeInfo } from '../codes.js';
import { putResourcePolicyCommand, putRolePolicyCommand, putUserPolicyCommand } from '../commands.js';
import { statementsOf } from '../document.js';
import { explainAccess, givenKey } from '../evaluate/explain.js';
import { checkExplainInput } from '../evaluate/explain-input.js';
import type {
  AccessPolicies,
  AccessRequest,
  Cause,
  Explanation,
  StatementEvaluation,
} from '../evaluate/types.js';
import { MAX_RESOURCE_POLICY_STATEMENTS, resourcePolicyExcess } from '../limits.js';
import { type Caller, grantableArn, parseCaller, withRoleArn } from '../statement/caller.js';
import type { CauseCode, OneOrMany, PolicyDocument, Statement } from '../types.js';
import type { AccessFixBlock, AccessFixChange, AccessFixPlan, PlanAccessFixOptions } from './types.js';

const VERSION = '2012-10-17';
/** Rounds of evaluate-then-change before giving up (each fixes at least one statement). */
const MAX_ROUNDS = 12;
const DEFAULT_POLICY_NAME = 'agentcore-xacct-caller';
const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';
const FOR_USER = 'bedrock-agentcore:InvokeAgentRuntimeForUser';
const INVOKE_HARNESS = 'bedrock-agentcore:InvokeHarness';

/** Keys only an AWS service sets, and the key that says the same of an IAM principal. */
const PRINCIPAL_KEY: Readonly<Record<string, string>> = {
  'aws:sourceaccount': 'aws:PrincipalAccount',
  'aws:sourceowner': 'aws:PrincipalAccount',
  'aws:sourcearn': 'aws:PrincipalArn',
  'aws:sourceorgid': 'aws:PrincipalOrgID',
  'aws:sourceorgpaths': 'aws:PrincipalOrgPaths',
};

/** A document being changed, and what it fixed. */
interface Edit {
  kind: 'resource' | 'identity';
  /** Resource ARN, or identity index. */
  key: string | number;
  before: PolicyDocument | undefined;
  after: PolicyDocument;
  codes: CauseCode[];
  notes: string[];
}

/** The working state of one plan. */
class Planner {
  readonly caller: Caller;
  readonly grantee: string;
  readonly action: string;
  readonly identity: Array<PolicyDocument | undefined>;
  readonly resource: Record<string, PolicyDocument | undefined>;
  readonly edits = new Map<string, Edit>();

  constructor(
    readonly request: AccessRequest,
    readonly policies: AccessPolicies,
  ) {
    // A session's role as explainAccess sees it: with its path when aws:PrincipalArn gives it.
    this.caller = withRoleArn(
      parseCaller(request.principalArn),
      givenKey(request.context, 'aws:PrincipalArn'),
    );
    this.grantee = grantableArn(this.caller);
    // As explainAccess reads it: a short name (`InvokeAgentRuntime`) gains its service prefix, so a
    // grant names the action IAM knows.
    this.action = qualifyAction(request.action);
    this.identity = [...policies.identity];
    this.resource = { ...policies.resource };
  }

  current(): AccessPolicies {
    return {
      ...this.policies,
      identity: this.identity.filter((d): d is PolicyDocument => d !== undefined),
      resource: { ...this.resource },
    };
  }

  /** The document to change (copied on first change), with its statements as an array. */
  edit(
    kind: 'resource' | 'identity',
    key: string | number,
  ): { doc: PolicyDocument; statements: Statement[] } {
    const id = `${kind}:${key}`;
    let edit = this.edits.get(id);
    if (edit === undefined) {
      const before = kind === 'resource' ? this.resource[key as string] : this.identity[key as number];
      const after: PolicyDocument =
        before === undefined
          ? { Version: VERSION, Statement: [] }
          : { ...structuredClone(before), Statement: structuredClone([...statementsOf(before)]) };
      edit = { kind, key, before, after, codes: [], notes: [] };
      this.edits.set(id, edit);
      if (kind === 'resource') this.resource[key as string] = after;
      else this.identity[key as number] = after;
    }
    return { doc: edit.after, statements: edit.after.Statement as Statement[] };
  }

  note(kind: 'resource' | 'identity', key: string | number, code: CauseCode, what: string): void {
    const edit = this.edits.get(`${kind}:${key}`);
    if (edit === undefined) return;
    if (!edit.codes.includes(code)) edit.codes.push(code);
    edit.notes.push(what);
  }

  /** A Sid no statement of `statements` has yet. */
  sid(statements: readonly Statement[], base: string): string {
    const taken = new Set(statements.map((s) => s.Sid));
    let n = 1;
    while (taken.has(n === 1 ? base : `${base}${n}`)) n++;
    return n === 1 ? base : `${base}${n}`;
  }

  /**
   * The actions to grant for the request: a user-id call needs InvokeAgentRuntime too, and so does
   * InvokeHarness ("calling InvokeHarness requires both", AgentCore developer guide).
   */
  actions(): string[] {
    // IAM action names are case-insensitive.
    const action = this.action.toLowerCase();
    if (action === FOR_USER.toLowerCase()) return [INVOKE, FOR_USER];
    if (action === INVOKE_HARNESS.toLowerCase()) return [...HARNESS_INVOKE_ACTIONS];
    return [this.action];
  }
}

function one(values: readonly string[]): OneOrMany<string> {
  return values.length === 1 ? (values[0] as string) : [...values];
}

function list(value: OneOrMany<string> | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}

/**
 * The statement evaluation a cause points at: on its ARN (a harness evaluates two actions there,
 * so the first evaluation where that statement did not apply).
 */
function failure(x: Explanation, cause: Cause): StatementEvaluation | undefined {
  if (cause.statementIndex === undefined) return undefined;
  for (const e of x.evaluations) {
    if (e.resourceArn !== cause.resourceArn) continue;
    const p = e.policies.find(
      (q) =>
        q.kind === cause.policyKind && (cause.policyKind !== 'identity' || q.index === cause.policyIndex),
    );
    const s = p?.statements.find((t) => t.index === cause.statementIndex);
    if (s !== undefined && !s.matched) return s;
  }
  return undefined;
}

/** The statement without its Sid, for comparing grants. */
function sameGrant(a: Statement, b: Statement): boolean {
  const { Sid: _a, ...x } = a;
  const { Sid: _b, ...y } = b;
  return JSON.stringify(x) === JSON.stringify(y);
}

/** Same members, ignoring order and case (IAM action names are case-insensitive). */
function sameActions(a: readonly string[], b: readonly string[]): boolean {
  const lower = (v: readonly string[]) => [...new Set(v.map((x) => x.toLowerCase()))].sort().join(' ');
  return lower(a) === lower(b);
}

/**
 * Adds a statement that allows exactly the request to exactly the caller on `arn`; false when
 * that statement is already there (it did not help: another cause must be fixed). A document at
 * the statement quota (100) gains the caller in an unconditioned statement that already grants
 * exactly these actions on `arn`, or the plan is blocked: AWS refuses a 101st statement.
 */
function grantOnResource(p: Planner, arn: string, cause: Cause): boolean | AccessFixBlock {
  const { statements } = p.edit('resource', arn);
  const grant: Statement = {
    Sid: p.sid(statements, 'AllowCaller'),
    Effect: 'Allow',
    Principal: { AWS: p.grantee },
    Action: one(p.actions()),
    Resource: arn,
  };
  if (statements.some((s) => sameGrant(s, grant))) return false;
  if (statements.length >= MAX_RESOURCE_POLICY_STATEMENTS) {
    const host = statements.find(
      (s) =>
        s.Effect === 'Allow' &&
        s.Condition === undefined &&
        s.NotPrincipal === undefined &&
        s.NotAction === undefined &&
        s.NotResource === undefined &&
        typeof s.Principal === 'object' &&
        s.Principal !== null &&
        Object.keys(s.Principal).join() === 'AWS' &&
        sameActions(list(s.Action), p.actions()) &&
        (s.Resource === undefined || sameActions(list(s.Resource), [arn])),
    );
    if (host === undefined) {
      return blockFor(
        cause,
        `The resource policy on ${arn} holds ${statements.length} statements, AWS's most, and none grants exactly ${p.actions().join(' and ')} without a condition, so the caller cannot be added to one: free a statement (merge two that grant the same actions), then plan again.`,
      );
    }
    const principal = host.Principal as { AWS: OneOrMany<string> };
    principal.AWS = one([...new Set([...list(principal.AWS), p.grantee])]);
    p.note('resource', arn, cause.code, `statement ${statements.indexOf(host)} allows ${p.grantee} too`);
    return true;
  }
  statements.push(grant);
  p.note('resource', arn, cause.code, `allows ${p.actions().join(' and ')} to ${p.grantee}`);
  return true;
}

/**
 * An Allow statement of the `kind` policies on `arn` that matches the request but for its
 * condition (a key an IAM principal carries: a service-only key is renamed instead). The owner
 * wrote that condition on purpose, so the plan does not go around it with an unconditioned grant.
 */
function conditionHeld(
  x: Explanation,
  arn: string,
  kind: 'resource' | 'identity',
): { evaluation: StatementEvaluation; policyIndex: number | undefined } | undefined {
  for (const e of x.evaluations) {
    if (e.resourceArn !== arn) continue;
    for (const q of e.policies) {
      if (q.kind !== kind) continue;
      for (const s of q.statements) {
        const key = s.failed?.conditionKey;
        if (
          s.effect === 'Allow' &&
          !s.matched &&
          s.failed?.element === 'condition' &&
          key !== undefined &&
          PRINCIPAL_KEY[key.toLowerCase()] === undefined
        ) {
          return { evaluation: s, policyIndex: q.index };
        }
      }
    }
  }
  return undefined;
}

/** The block of a grant that would go around a condition of the owner's (see {@link conditionHeld}). */
function conditionBlock(
  cause: Cause,
  arn: string,
  kind: 'resource' | 'identity',
  held: NonNullable<ReturnType<typeof conditionHeld>>,
): AccessFixBlock {
  const { evaluation: s, policyIndex } = held;
  const where = kind === 'resource' ? `the resource policy on ${arn}` : `identity policy ${policyIndex ?? 0}`;
  const missing = s.failed?.keyMissing === true;
  const block = blockFor(
    cause,
    `Statement ${s.index}${s.sid === undefined ? '' : ` (${s.sid})`} of ${where} allows this request only under its condition ${s.failed?.operator ?? ''} ${s.failed?.conditionKey ?? ''}, which the request ${missing ? 'does not carry: give the key in request.context to have it evaluated' : 'does not meet'}. A condition is the owner's restriction: the plan does not add a grant that goes around it. Meet the condition, or change it deliberately.`,
  );
  block.policyKind = kind;
  if (kind === 'identity') block.policyIndex = policyIndex ?? 0;
  else delete block.policyIndex;
  block.resourceArn = arn;
  block.statementIndex = s.index;
  return block;
}

/** The ARNs of the request whose identity side does not allow. */
function identityGaps(x: Explanation): string[] {
  const gaps = x.evaluations
    .filter(
      (e) => e.decision !== 'allow' && !e.policies.some((q) => q.kind === 'identity' && q.result === 'allow'),
    )
    .map((e) => e.resourceArn);
  return [...new Set(gaps)];
}

/**
 * Applies the change `cause` calls for: true when made; false when this cause calls for no change
 * here (the next cause may); a block when no change to these documents may lift it.
 */
function apply(p: Planner, x: Explanation, cause: Cause): boolean | AccessFixBlock {
  const arn = cause.resourceArn ?? x.request.resourceArn;
  const failed = failure(x, cause);
  switch (cause.code) {
    case 'resource-wildcard':
    case 'resource-mismatch': {
      if (cause.policyKind !== 'resource' || failed === undefined) return false;
      const { statements } = p.edit('resource', arn);
      const statement = statements[failed.index];
      if (statement === undefined) return false;
      delete statement.NotResource;
      statement.Resource = arn;
      p.note('resource', arn, cause.code, `statement ${failed.index}: "Resource" is exactly ${arn}`);
      return true;
    }
    case 'source-account-condition': {
      const key = failed?.failed?.conditionKey;
      const operator = failed?.failed?.operator;
      if (
        failed === undefined ||
        key === undefined ||
        operator === undefined ||
        cause.policyKind === undefined
      )
        return false;
      const replacement = PRINCIPAL_KEY[key.toLowerCase()];
      if (replacement === undefined) return false;
      const kind = cause.policyKind === 'identity' ? 'identity' : 'resource';
      const docKey = kind === 'identity' ? (cause.policyIndex ?? 0) : arn;
      const given = kind === 'identity' ? p.identity[docKey as number] : p.resource[docKey as string];
      const original =
        given === undefined ? undefined : statementsOf(given)[failed.index]?.Condition?.[operator];
      if (original === undefined || !Object.hasOwn(original, key)) return false;
      const refusal = renameRefusal(key, replacement, original);
      if (refusal !== undefined) return blockFor(cause, refusal);
      const { statements } = p.edit(kind, docKey);
      const entries = statements[failed.index]?.Condition?.[operator];
      if (entries === undefined || !Object.hasOwn(entries, key)) return false;
      const renamed: Record<string, OneOrMany<string | number | boolean>> = {};
      for (const [k, v] of Object.entries(entries)) renamed[k === key ? replacement : k] = v;
      (statements[failed.index]?.Condition as Record<string, unknown>)[operator] = renamed;
      p.note(kind, docKey, cause.code, `statement ${failed.index}: ${key} becomes ${replacement}`);
      return true;
    }
    case 'runtime-policy-missing':
    case 'endpoint-policy-missing':
    case 'memory-policy-missing':
    case 'gateway-policy-missing':
    case 'harness-policy-missing':
    case 'harness-endpoint-policy-missing':
    case 'principal-not-allowed':
    case 'action-not-allowed': {
      if (cause.policyKind !== undefined && cause.policyKind !== 'resource') return false;
      const held = conditionHeld(x, arn, 'resource');
      if (held !== undefined) return conditionBlock(cause, arn, 'resource', held);
      return grantOnResource(p, arn, cause);
    }
    case 'identity-wrong-account':
    case 'region-mismatch': {
      // An identity entry in another account or region: that entry becomes the exact ARN.
      const pattern = failed?.failed?.resourcePattern;
      if (cause.policyKind !== 'identity' || failed === undefined || pattern === undefined) return false;
      const index = cause.policyIndex ?? 0;
      const { statements } = p.edit('identity', index);
      const statement = statements[failed.index];
      if (statement === undefined) return false;
      const entries = list(statement.Resource);
      const at = entries.indexOf(pattern);
      if (at < 0) return false;
      // An exact ARN one account or region off is the typo: it becomes the ARN; so does a pattern
      // beside entries for the owner's account (and region): the statement is about the owner's
      // resources, and the linter calls the stray entry an error. A pattern alone may cover what
      // the caller reaches in its own account or region: it stays, and the ARN joins it.
      // The statement as given (not as already changed by this plan) tells what it was about.
      const prior = p.edits.get(`identity:${index}`);
      const given = prior === undefined ? p.identity[index] : prior.before;
      const others = list(
        given === undefined ? undefined : statementsOf(given)[failed.index]?.Resource,
      ).filter((e) => e !== pattern);
      const typo =
        !/[*?]/.test(pattern) ||
        others.some(
          (e) =>
            arnAccountId(e) === arnAccountId(arn) &&
            (cause.code !== 'region-mismatch' || arnRegion(e) === arnRegion(arn)),
        );
      if (typo) entries.splice(at, 1, arn);
      else entries.push(arn);
      statement.Resource = one([...new Set(entries)]);
      p.note(
        'identity',
        index,
        cause.code,
        typo
          ? `statement ${failed.index}: ${pattern} becomes ${arn}`
          : `statement ${failed.index}: allows ${arn} too`,
      );
      return true;
    }
    case 'identity-missing-endpoint': {
      const held = conditionHeld(x, arn, 'identity');
      if (held !== undefined) return conditionBlock(cause, arn, 'identity', held);
      if (p.caller.kind === 'federated-user') return federatedBlock(p, cause);
      // The identity statement that allows the runtime gains the exact endpoint ARN. Its actions
      // (even a broad list) already target the runtime, and AWS authorizes the endpoint too for
      // them: the endpoint makes them work as written, and lint stops calling the statement broken.
      const runtime = x.evaluations.find((e) => e.resourceType === 'runtime');
      for (const q of runtime?.policies ?? []) {
        if (q.kind !== 'identity' || q.index === undefined) continue;
        const s = q.statements.find((t) => t.matched && t.effect === 'Allow');
        if (s === undefined) continue;
        const { statements } = p.edit('identity', q.index);
        const statement = statements[s.index];
        if (statement === undefined || statement.Resource === undefined) continue;
        statement.Resource = one([...new Set([...list(statement.Resource), arn])]);
        p.note('identity', q.index, cause.code, `statement ${s.index}: allows ${arn} too`);
        return true;
      }
      return grantOnIdentity(p, x, cause);
    }
    case 'identity-missing-action': {
      const held = conditionHeld(x, arn, 'identity');
      if (held !== undefined) return conditionBlock(cause, arn, 'identity', held);
      return grantOnIdentity(p, x, cause);
    }
    case 'harness-missing-invoke-runtime': {
      // The statement that allows InvokeHarness gains its companion, InvokeAgentRuntime.
      if (failed === undefined || cause.policyKind === undefined) return false;
      const kind = cause.policyKind === 'identity' ? 'identity' : 'resource';
      const docKey = kind === 'identity' ? (cause.policyIndex ?? 0) : arn;
      const { statements } = p.edit(kind, docKey);
      const statement = statements[failed.index];
      if (statement === undefined || statement.Action === undefined) return false;
      statement.Action = one([...new Set([...list(statement.Action), INVOKE])]);
      p.note(kind, docKey, cause.code, `statement ${failed.index}: allows ${INVOKE} with ${INVOKE_HARNESS}`);
      return true;
    }
    default:
      return false;
  }
}

/** Adds an identity statement that allows exactly the request on exactly the ARNs it lacks. */
function grantOnIdentity(p: Planner, x: Explanation, cause: Cause): boolean | AccessFixBlock {
  if (p.caller.kind === 'root') return false;
  if (p.caller.kind === 'federated-user') return federatedBlock(p, cause);
  const gaps = identityGaps(x);
  const arns = gaps.length === 0 ? [cause.resourceArn ?? x.request.resourceArn] : gaps;
  // The identity policy at fault, else the first, else a new one.
  const at = cause.policyKind === 'identity' ? (cause.policyIndex ?? 0) : 0;
  const index = Math.min(at, p.identity.length);
  const { statements } = p.edit('identity', index);
  const grant: Statement = {
    Sid: p.sid(statements, 'AllowAgentCore'),
    Effect: 'Allow',
    Action: one(p.actions()),
    Resource: one(arns),
  };
  if (statements.some((s) => sameGrant(s, grant))) return false;
  statements.push(grant);
  p.note('identity', index, cause.code, `allows ${p.actions().join(' and ')} on ${arns.join(' and ')}`);
  return true;
}

/**
 * One round: the first cause, in explainAccess's ranking, that a change to these documents fixes,
 * fixed; or the block, when a cause no such change lifts comes first (a Deny always blocks).
 */
function step(p: Planner, x: Explanation): AccessFixBlock | undefined {
  const deny = x.causes.find((c) => c.code === 'explicit-deny' || c.code === 'rcp-denied');
  if (x.decision === 'explicit-deny' && deny !== undefined) return blockOf(deny);
  // A guardrail that denies blocks whatever else is wrong: no change to these documents lifts it,
  // so none is made.
  const guardrail = x.causes.find((c) => codeInfo(c.code).fixedBy === 'guardrail');
  if (guardrail !== undefined) return blockOf(guardrail);
  if (p.caller.kind === 'anonymous' || p.caller.kind === 'service') {
    const first = x.causes[0];
    if (first !== undefined) {
      return blockFor(
        first,
        p.caller.kind === 'anonymous'
          ? 'The caller is anonymous ("*"): the plan grants only to an IAM principal, and a public grant is never least privilege. Sign the request as the role or user that should call.'
          : `The caller is the service principal ${p.caller.arn}: a service calls AgentCore under a role of its own (a Lambda function's execution role, say). Plan for that role's ARN.`,
      );
    }
  }
  for (const cause of x.causes) {
    const fixedBy = codeInfo(cause.code).fixedBy;
    // The request itself (the region called), ranked first, blocks.
    if (fixedBy === 'request' && cause.policyKind === undefined) return blockOf(cause);
    const applied = apply(p, x, cause);
    if (applied === true) return undefined;
    if (applied !== false) return applied;
  }
  return x.causes[0] === undefined ? undefined : blockOf(x.causes[0]);
}

/** A changed resource policy AWS would refuse for its size (20 KB, 100 statements), as a block. */
function oversized(p: Planner): AccessFixBlock | undefined {
  for (const edit of p.edits.values()) {
    if (edit.kind !== 'resource') continue;
    const over = resourcePolicyExcess(JSON.stringify(edit.after).length, statementsOf(edit.after).length);
    if (over.length === 0) continue;
    const arn = edit.key as string;
    const what = over
      .map((o) =>
        o.cap === 'length'
          ? `${o.actual} characters (AWS's most: ${o.max})`
          : `${o.actual} statements (AWS's most: ${o.max})`,
      )
      .join(' and ');
    return {
      code: edit.codes[0] ?? 'principal-not-allowed',
      reason: `The resource policy on ${arn} would hold ${what}: PutResourcePolicy would refuse it. Merge statements that grant the same actions, or remove grants no longer needed, then plan again.`,
      resourceArn: arn,
      policyKind: 'resource',
    };
  }
  return undefined;
}

/** A block of `cause` with its own reason. */
function blockFor(cause: Cause, reason: string): AccessFixBlock {
  return { ...blockOf(cause), reason };
}

/** A federated user's identity side: no policy of its own to change. */
function federatedBlock(p: Planner, cause: Cause): AccessFixBlock {
  return blockFor(
    cause,
    `The caller ${p.caller.arn} is a federated user: its permissions are those of the IAM user that called GetFederationToken, narrowed by the session policy passed then, and it has no policy of its own to change. Allow the request in that user's identity policy and in the session policy, then federate again.`,
  );
}

/**
 * Why a service-only condition key may not simply become its principal counterpart: a SourceArn
 * that names no IAM principal (a Lambda function's ARN never matches aws:PrincipalArn: the function
 * calls as its execution role), or a counterpart the same block already holds (both would have to
 * hold at once, which is not what the document said).
 */
function renameRefusal(
  key: string,
  replacement: string,
  entries: Readonly<Record<string, OneOrMany<string | number | boolean>>>,
): string | undefined {
  if (Object.keys(entries).some((k) => k.toLowerCase() === replacement.toLowerCase())) {
    return `The condition block holds both ${key} and ${replacement}: renaming ${key} would require both values at once. Decide which account (or ARN) may call, keep that one as ${replacement}, and drop ${key}.`;
  }
  if (replacement === 'aws:PrincipalArn') {
    const values = Object.entries(entries).find(([k]) => k === key)?.[1];
    const nonIam = list(values as OneOrMany<string> | undefined).filter(
      (v) => typeof v !== 'string' || !/^arn:[\w-]+:(iam|sts)::/.test(v),
    );
    if (nonIam.length > 0) {
      return `${key} names ${nonIam.join(', ')}, not an IAM principal: an AWS service sets ${key}, and the service's caller is a role, which aws:PrincipalArn would have to name. Name the role that calls (e.g. the function's execution role) in aws:PrincipalArn.`;
    }
  }
  return undefined;
}

/** The block of a cause no change to the given documents can lift. */
function blockOf(cause: Cause): AccessFixBlock {
  const block: AccessFixBlock = { code: cause.code, reason: `${cause.message} ${cause.fix}` };
  if (cause.resourceArn !== undefined) block.resourceArn = cause.resourceArn;
  if (cause.policyKind !== undefined) block.policyKind = cause.policyKind;
  if (cause.policyIndex !== undefined) block.policyIndex = cause.policyIndex;
  if (cause.statementIndex !== undefined) block.statementIndex = cause.statementIndex;
  return block;
}

/** The statement of the given policies a block points at, for the reader. */
function blockingStatement(policies: AccessPolicies, block: AccessFixBlock): Statement | undefined {
  if (block.statementIndex === undefined || block.policyKind === undefined) return undefined;
  const documents: Array<PolicyDocument | undefined> = [];
  switch (block.policyKind) {
    case 'identity':
      documents.push(policies.identity[block.policyIndex ?? 0]);
      break;
    case 'resource':
      documents.push(block.resourceArn === undefined ? undefined : policies.resource[block.resourceArn]);
      break;
    case 'permissions-boundary':
      documents.push(policies.permissionsBoundary);
      break;
    case 'session':
      documents.push(policies.sessionPolicy);
      break;
    case 'vpc-endpoint':
      documents.push(policies.vpcEndpoint?.document);
      break;
    case 'scp':
    case 'rcp': {
      const level = (block.policyKind === 'scp' ? policies.scp : policies.rcp)?.[block.policyIndex ?? 0];
      documents.push(...(Array.isArray(level) ? level : [level as PolicyDocument | undefined]));
      break;
    }
  }
  for (const document of documents) {
    if (document === undefined) continue;
    const statement = statementsOf(document)[block.statementIndex];
    if (statement !== undefined && statement.Effect === 'Deny') return structuredClone(statement);
  }
  return undefined;
}

const OPTIONS_FIX = 'Pass { identityPolicyNames?: string[] }, or nothing.';

/**
 * Plans the smallest least-privilege change to `policies`, across both accounts, after which
 * `explainAccess(request, plan.policies)` allows `request`: the caller's identity policies
 * (Account B) and the resource policies of the runtime, endpoint or memory (Account A). Each
 * change names its account, the document before and after, the cause it fixes, the AWS CLI
 * command and the CloudFormation resource that apply it; only the documents at fault change.
 *
 * Exact ARNs and actions only: no wildcard principal, action or resource; every changed
 * document lints without errors; an `aws:SourceAccount` condition is rewritten to
 * `aws:PrincipalAccount` (and `aws:SourceArn` to `aws:PrincipalArn`), never dropped. A Deny is
 * never weakened: when a Deny, a guardrail (SCP, RCP, permissions boundary, session policy, VPC
 * endpoint policy) or the request itself (another region) denies, the plan is `blocked`, with
 * the blocking statement when one blocks, and `explanation` says why. Already allowed: no change.
 *
 * Pure and synchronous. See the module comment for each change it makes.
 *
 * @param request - The request to allow, as `explainAccess` takes it.
 * @param policies - The policies known to apply, as `explainAccess` takes them.
 * @param options - The identity policies' inline names, for the commands.
 * @returns The plan.
 * @throws The errors of `explainAccess` for a request or policies it cannot read;
 *   {@link ValidationError} for options it cannot read.
 *
 * @example
 * ```ts
 * import { explainAccess, planAccessFix } from 'agentcore-xacct/policy';
 * const plan = planAccessFix(
 *   { principalArn: 'arn:aws:iam::222222222222:role/the-caller-role', action: 'bedrock-agentcore:InvokeAgentRuntime', resourceArn: runtimeArn },
 *   { identity: [callerPolicy], resource: { [runtimeArn]: runtimePolicy } },
 * );
 * for (const change of plan.changes) console.log(change.code, change.awsCli);
 * explainAccess(request, plan.policies).decision; // 'allow' (unless plan.blocked)
 * ```
 */
export function planAccessFix(
  request: AccessRequest,
  policies: AccessPolicies,
  options: PlanAccessFixOptions = {},
): AccessFixPlan {
  const checked = checkExplainInput(request, policies);
  const names = readOptions(options);
  const p = new Planner(checked.request, checked.policies);
  const first = explainAccess(checked.request, checked.policies);
  let x = first;
  let blocked: AccessFixBlock | undefined;
  for (let round = 0; x.decision !== 'allow' && round < MAX_ROUNDS && blocked === undefined; round++) {
    blocked = step(p, x);
    if (blocked === undefined) x = explainAccess(checked.request, p.current());
  }
  if (blocked === undefined && x.decision !== 'allow' && x.causes[0] !== undefined) {
    blocked = blockOf(x.causes[0]);
  }
  if (blocked !== undefined) {
    const statement = blockingStatement(checked.policies, blocked);
    if (statement !== undefined) blocked.statement = statement;
  }
  blocked ??= oversized(p);
  if (blocked !== undefined) {
    // No change to these documents allows the request: none is proposed.
    return { policies: checked.policies, explanation: first, changes: [], blocked };
  }
  return { policies: p.current(), explanation: x, changes: changes(p, names) };
}

function readOptions(given: PlanAccessFixOptions): readonly (string | undefined)[] {
  const options = optionalRecord(plain(given, 'options'), 'options', OPTIONS_FIX) ?? {};
  for (const key of Object.keys(options)) {
    if (key !== 'identityPolicyNames')
      throw new ValidationError(
        `options.${key}`,
        `options.${key} is not an option of planAccessFix`,
        OPTIONS_FIX,
      );
  }
  const names = options['identityPolicyNames'];
  if (names === undefined) return [];
  if (
    !Array.isArray(names) ||
    names.some((n) => n !== undefined && (typeof n !== 'string' || !/^[\w+=,.@-]{1,128}$/.test(n)))
  ) {
    throw new ValidationError(
      'options.identityPolicyNames',
      'options.identityPolicyNames must be a list of IAM policy names (1-128 of [\\w+=,.@-]) or undefined',
      OPTIONS_FIX,
    );
  }
  return names as (string | undefined)[];
}

/** The changes of a plan, in the order the documents were first changed. */
function changes(p: Planner, names: readonly (string | undefined)[]): AccessFixChange[] {
  const out: AccessFixChange[] = [];
  for (const edit of p.edits.values()) {
    const text = JSON.stringify(edit.after);
    const code = edit.codes[0] ?? 'identity-missing-action';
    const summary = edit.notes.join('; ');
    if (edit.kind === 'resource') {
      const arn = edit.key as string;
      const region = arnRegion(arn) ?? '';
      out.push({
        account: arnAccountId(arn) ?? '',
        policyKind: 'resource',
        attachTo: arn,
        before: edit.before,
        after: edit.after,
        code,
        codes: [...edit.codes],
        summary: `${edit.before === undefined ? 'new resource policy' : 'resource policy'} on ${arn}: ${summary}`,
        awsCli: putResourcePolicyCommand(region, arn, text),
        cloudFormation: {
          Type: 'AWS::BedrockAgentCore::ResourcePolicy',
          Properties: { ResourceArn: arn, Policy: text },
        },
      });
      continue;
    }
    const index = edit.key as number;
    const policyName =
      names[index] ?? (index === 0 ? DEFAULT_POLICY_NAME : `${DEFAULT_POLICY_NAME}-${index + 1}`);
    const principal = parsePrincipalArn(p.grantee);
    const user = principal.kind === 'user';
    out.push({
      account: p.caller.accountId,
      policyKind: 'identity',
      attachTo: p.grantee,
      policyName,
      identityIndex: index,
      before: edit.before,
      after: edit.after,
      code,
      codes: [...edit.codes],
      summary: `${edit.before === undefined ? 'new identity policy' : 'identity policy'} ${policyName} of ${p.grantee}: ${summary}`,
      awsCli: user
        ? putUserPolicyCommand(principal.name, policyName, text)
        : putRolePolicyCommand(principal.name, policyName, text),
      cloudFormation: user
        ? {
            Type: 'AWS::IAM::UserPolicy',
            Properties: { UserName: principal.name, PolicyName: policyName, PolicyDocument: edit.after },
          }
        : {
            Type: 'AWS::IAM::RolePolicy',
            Properties: { RoleName: principal.name, PolicyName: policyName, PolicyDocument: edit.after },
          },
    });
  }
  return out;
}
