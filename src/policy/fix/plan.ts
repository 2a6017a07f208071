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
 *   the exact ARN; a runtime statement without the endpoint: the exact endpoint ARN is added;
 * - no identity statement allows the action: one statement that allows exactly the action on
 *   exactly the ARNs the identity side does not allow, in the identity policy at fault (else the
 *   first, else a new one). A call with a user id (`InvokeAgentRuntimeForUser`) needs
 *   `InvokeAgentRuntime` as well, so both are granted together.
 *
 * Exact ARNs and actions only: the planner never adds a wildcard, and never weakens a Deny.
 * @module
 */
import { arnAccountId, arnRegion } from '../../arn/fields.js';
import { parsePrincipalArn } from '../../arn/principal.js';
import { ValidationError } from '../../errors.js';
import { optionalRecord, plain } from '../../input.js';
import { codeInfo } from '../codes.js';
import { putResourcePolicyCommand, putRolePolicyCommand, putUserPolicyCommand } from '../commands.js';
import { statementsOf } from '../document.js';
import { explainAccess } from '../evaluate/explain.js';
import { checkExplainInput } from '../evaluate/explain-input.js';
import type {
  AccessPolicies,
  AccessRequest,
  Cause,
  Explanation,
  StatementEvaluation,
} from '../evaluate/types.js';
import { type Caller, grantableArn, parseCaller } from '../statement/caller.js';
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
    this.caller = parseCaller(request.principalArn);
    this.grantee = grantableArn(this.caller);
    this.action = request.action;
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
    if (this.action === FOR_USER) return [INVOKE, FOR_USER];
    if (this.action === INVOKE_HARNESS) return [INVOKE_HARNESS, INVOKE];
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

/** Adds a statement that allows exactly the request to exactly the caller on `arn`. */
function grantOnResource(p: Planner, arn: string, code: CauseCode): void {
  const { statements } = p.edit('resource', arn);
  statements.push({
    Sid: p.sid(statements, 'AllowCaller'),
    Effect: 'Allow',
    Principal: { AWS: p.grantee },
    Action: one(p.actions()),
    Resource: arn,
  });
  p.note('resource', arn, code, `allows ${p.actions().join(' and ')} to ${p.grantee}`);
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

/** Applies the change `cause` calls for; false when no change to these documents can. */
function apply(p: Planner, x: Explanation, cause: Cause): boolean {
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
    case 'action-not-allowed':
      if (cause.policyKind !== undefined && cause.policyKind !== 'resource') return false;
      grantOnResource(p, arn, cause.code);
      return true;
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
      entries.splice(at, 1, arn);
      statement.Resource = one([...new Set(entries)]);
      p.note('identity', index, cause.code, `statement ${failed.index}: ${pattern} becomes ${arn}`);
      return true;
    }
    case 'identity-missing-endpoint': {
      // The identity statement that allows the runtime gains the exact endpoint ARN.
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
    case 'identity-missing-action':
      return grantOnIdentity(p, x, cause);
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
function grantOnIdentity(p: Planner, x: Explanation, cause: Cause): boolean {
  if (p.caller.kind === 'root') return false;
  const gaps = identityGaps(x);
  const arns = gaps.length === 0 ? [cause.resourceArn ?? x.request.resourceArn] : gaps;
  // The identity policy at fault, else the first, else a new one.
  const at = cause.policyKind === 'identity' ? (cause.policyIndex ?? 0) : 0;
  const index = Math.min(at, p.identity.length);
  const { statements } = p.edit('identity', index);
  statements.push({
    Sid: p.sid(statements, 'AllowAgentCore'),
    Effect: 'Allow',
    Action: one(p.actions()),
    Resource: one(arns),
  });
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
  for (const cause of x.causes) {
    const fixedBy = codeInfo(cause.code).fixedBy;
    // A guardrail, or the request itself (the region called), ranked first blocks.
    if (fixedBy === 'guardrail' || (fixedBy === 'request' && cause.policyKind === undefined)) {
      return blockOf(cause);
    }
    if (apply(p, x, cause)) return undefined;
  }
  return x.causes[0] === undefined ? undefined : blockOf(x.causes[0]);
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
  let x = explainAccess(checked.request, checked.policies);
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
  const plan: AccessFixPlan = { policies: p.current(), explanation: x, changes: changes(p, names) };
  if (blocked !== undefined) plan.blocked = blocked;
  return plan;
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
