/**
 * STS over the AWS Query protocol (form-encoded POST, XML answer): AssumeRole and
 * GetCallerIdentity, with trust policies, ExternalId, DurationSeconds, session names,
 * SourceIdentity and sessions that really expire.
 * @module
 */
import { parsePrincipalArn } from '../arn/principal.js';
import type { ContextValue } from '../policy/evaluate/types.js';
import type { PolicyDocument } from '../policy/types.js';
import { evaluateForRole } from './trust.js';
import type { Caller, World } from './world.js';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
/** Role chaining caps a session at one hour (FACTS.md, Credentials). */
const CHAINED_MAX_SECONDS = 3600;

/** An STS error: status, code and message as STS sends them. @internal */
export class StsError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: 'Sender' | 'Receiver';
  constructor(status: number, code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender') {
    super(message);
    this.name = 'StsError';
    this.status = status;
    this.code = code;
    this.type = type;
  }
}

/** Escapes text for an XML element. @internal */
export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The XML body of an STS error. @internal */
export function stsErrorXml(error: StsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${error.type}</Type><Code>${xmlEscape(error.code)}</Code>` +
    `<Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function success(action: string, result: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

function validation(field: string, value: string, constraint: string): StsError {
  return new StsError(
    400,
    'ValidationError',
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

/** The STS action a form body names, for routing and fault targeting. @internal */
export function stsActionOf(body: Uint8Array): string | undefined {
  const action = new URLSearchParams(Buffer.from(body).toString('utf8')).get('Action');
  return action ?? undefined;
}

/** What an STS request needs besides its form. @internal */
export interface StsContext {
  world: World;
  caller: Caller;
  now: number;
  requestId: string;
  region: string;
  /** Records the authorization outcome for the request log. */
  record(decision: 'allow' | 'implicit-deny' | 'explicit-deny', resourceArn?: string): void;
}

/** Handles an STS request; returns the XML body of a 200, or throws {@link StsError}. @internal */
export function handleSts(ctx: StsContext, body: Uint8Array): string {
  const form = new URLSearchParams(Buffer.from(body).toString('utf8'));
  const action = form.get('Action');
  if (form.get('Version') !== '2011-06-15') {
    throw new StsError(
      400,
      'InvalidAction',
      `Could not find operation ${action ?? ''} for version ${form.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
    );
  }
  switch (action) {
    case 'GetCallerIdentity':
      ctx.record('allow');
      return success(
        'GetCallerIdentity',
        `<Arn>${xmlEscape(ctx.caller.principalArn)}</Arn><UserId>${xmlEscape(ctx.caller.userId)}</UserId>` +
          `<Account>${ctx.caller.accountId}</Account>`,
        ctx.requestId,
      );
    case 'AssumeRole':
      return assumeRole(ctx, form);
    default:
      throw new StsError(
        400,
        'InvalidAction',
        `Could not find operation ${action ?? ''} for version 2011-06-15`,
      );
  }
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;

function readTags(form: URLSearchParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 1; form.has(`Tags.member.${i}.Key`); i++) {
    tags[form.get(`Tags.member.${i}.Key`) ?? ''] = form.get(`Tags.member.${i}.Value`) ?? '';
  }
  return tags;
}

function assumeRole(ctx: StsContext, form: URLSearchParams): string {
  const { world, caller, now } = ctx;
  const roleArn = form.get('RoleArn');
  const sessionName = form.get('RoleSessionName');
  if (roleArn === null) throw validation('roleArn', '', 'Member must not be null');
  if (sessionName === null) throw validation('roleSessionName', '', 'Member must not be null');
  if (roleArn.length < 20 || roleArn.length > 2048) {
    throw validation('roleArn', roleArn, 'Member must have length greater than or equal to 20');
  }
  const patterned = (param: string, field: string, pattern: RegExp, text: string): string | undefined => {
    const value = form.get(param) ?? undefined;
    if (value !== undefined && !pattern.test(value)) {
      throw validation(field, value, `Member must satisfy regular expression pattern: ${text}`);
    }
    return value;
  };
  patterned('RoleSessionName', 'roleSessionName', SESSION_NAME, '[\\w+=,.@-]*');
  const externalId = patterned('ExternalId', 'externalId', EXTERNAL_ID, '[\\w+=,.@:\\/-]*');
  const sourceIdentity = patterned('SourceIdentity', 'sourceIdentity', SOURCE_IDENTITY, '[\\w+=,.@-]*');
  const durationText = form.get('DurationSeconds');
  const duration = durationText === null ? 3600 : Number(durationText);
  if (!Number.isInteger(duration) || duration < 900) {
    throw validation(
      'durationSeconds',
      durationText ?? '',
      'Member must have value greater than or equal to 900',
    );
  }
  if (duration > 43200) {
    throw validation(
      'durationSeconds',
      String(duration),
      'Member must have value less than or equal to 43200',
    );
  }
  const sessionPolicy = readSessionPolicy(form.get('Policy'));
  const tags = readTags(form);

  const role = world.principals.get(roleArn);
  // The principal keys (aws:PrincipalArn, aws:PrincipalAccount…) are derived by the evaluator.
  const context: Record<string, ContextValue> = {
    'aws:userid': caller.userId,
    'aws:RequestedRegion': ctx.region,
    'sts:RoleSessionName': sessionName,
    ...(externalId === undefined ? {} : { 'sts:ExternalId': externalId }),
    ...(sourceIdentity === undefined ? {} : { 'sts:SourceIdentity': sourceIdentity }),
    ...(caller.sourceIdentity === undefined ? {} : { 'aws:SourceIdentity': caller.sourceIdentity }),
    ...(Object.keys(tags).length === 0 ? {} : { 'aws:TagKeys': Object.keys(tags) }),
  };
  const denied = (action: string, decision: 'implicit-deny' | 'explicit-deny'): StsError => {
    ctx.record(decision, roleArn);
    return new StsError(
      403,
      'AccessDenied',
      `User: ${caller.principalArn} is not authorized to perform: ${action} on resource: ${roleArn}`,
    );
  };
  // A role that does not exist is denied like one that does not trust the caller: STS reveals nothing.
  if (role === undefined || role.parts.kind !== 'role' || role.trustPolicy === undefined) {
    throw denied('sts:AssumeRole', 'implicit-deny');
  }
  const identity = world.principals.get(caller.identityArn)?.identityPolicies ?? [];
  // The trust policy must allow each action the call performs: SourceIdentity and tags need
  // their own actions (sts:SetSourceIdentity, sts:TagSession) in the trust policy.
  const actions = [
    'sts:AssumeRole',
    ...(sourceIdentity === undefined ? [] : ['sts:SetSourceIdentity']),
    ...(Object.keys(tags).length === 0 ? [] : ['sts:TagSession']),
  ];
  for (const action of actions) {
    const request = { principalArn: caller.principalArn, action, roleArn, context, now };
    const trust = evaluateForRole([role.trustPolicy], 'trust', request);
    const own = evaluateForRole(identity, 'identity', request);
    if (trust.result === 'deny' || own.result === 'deny') throw denied(action, 'explicit-deny');
    if (trust.result !== 'allow') throw denied(action, 'implicit-deny');
    // Within one account a trust policy that names the caller itself (or its role) is enough;
    // otherwise, and always across accounts, the caller's identity policy must allow the action.
    const sameAccountDirect = caller.accountId === role.parts.accountId && trust.namesCaller;
    if (own.result !== 'allow' && !sameAccountDirect) throw denied(action, 'implicit-deny');
  }
  const maxSeconds = caller.isSession ? CHAINED_MAX_SECONDS : role.maxSessionDurationSeconds;
  if (durationText !== null && duration > maxSeconds) {
    throw new StsError(
      400,
      'ValidationError',
      caller.isSession
        ? 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
        : 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  if (
    caller.sourceIdentity !== undefined &&
    sourceIdentity !== undefined &&
    sourceIdentity !== caller.sourceIdentity
  ) {
    // Assumed wording: STS keeps a source identity for the whole chain and refuses to change it.
    throw new StsError(
      400,
      'ValidationError',
      'The source identity of a role session cannot be changed by role chaining.',
    );
  }
  ctx.record('allow', roleArn);
  const roleName = parsePrincipalArn(roleArn).name;
  const expiresAt = now + Math.min(duration, maxSeconds) * 1000;
  const finalSourceIdentity = caller.sourceIdentity ?? sourceIdentity;
  const session = world.mintSession({
    principalArn: `arn:${role.parts.partition}:sts::${role.parts.accountId}:assumed-role/${roleName}/${sessionName}`,
    identityArn: roleArn,
    accountId: role.parts.accountId,
    userId: `${role.uniqueId}:${sessionName}`,
    expiresAt,
    ...(finalSourceIdentity === undefined ? {} : { sourceIdentity: finalSourceIdentity }),
    ...(sessionPolicy === undefined ? {} : { sessionPolicy }),
  });
  const result =
    `<Credentials><AccessKeyId>${session.accessKeyId}</AccessKeyId>` +
    `<SecretAccessKey>${xmlEscape(session.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${xmlEscape(session.sessionToken ?? '')}</SessionToken>` +
    `<Expiration>${new Date(expiresAt).toISOString()}</Expiration></Credentials>` +
    `<AssumedRoleUser><AssumedRoleId>${xmlEscape(session.userId)}</AssumedRoleId>` +
    `<Arn>${xmlEscape(session.principalArn)}</Arn></AssumedRoleUser>` +
    (finalSourceIdentity === undefined
      ? ''
      : `<SourceIdentity>${xmlEscape(finalSourceIdentity)}</SourceIdentity>`) +
    (sessionPolicy === undefined
      ? ''
      : `<PackedPolicySize>${packedPolicySize(form.get('Policy') ?? '')}</PackedPolicySize>`);
  return success('AssumeRole', result, ctx.requestId);
}

/** Percent of the packed-policy quota used; approximated as the share of the 2,048-character limit. */
function packedPolicySize(text: string): number {
  return Math.max(1, Math.ceil((text.length / 2048) * 100));
}

function readSessionPolicy(text: string | null): PolicyDocument | undefined {
  if (text === null) return undefined;
  if (text.length > 2048) {
    throw new StsError(400, 'PackedPolicyTooLarge', 'Packed size of the session policy exceeds the limit.');
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'Statement' in value) return value as PolicyDocument;
  } catch {
    // fall through
  }
  throw new StsError(400, 'MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
}
