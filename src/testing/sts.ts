/**
 * STS over the AWS Query protocol (form-encoded POST, XML answer): AssumeRole and
 * GetCallerIdentity, with trust policies, ExternalId, DurationSeconds, session names,
 * SourceIdentity and sessions that really expire.
 * @module
 */
import { parsePrincipalArn } from '../arn/principal.js';
import { statementsOf } from '../policy/document.js';
import type { ContextValue } from '../policy/evaluate/types.js';
import type { PolicyDocument } from '../policy/types.js';
import { EmulatorHttpError } from './http-error.js';
import { querySuccessXml, xmlEscape } from './query-protocol.js';
import type { RouteContext, StreamingResponse } from './responses.js';
import type { RouteParams } from './route-table.js';
import { SERVICES } from './services.js';
import { evaluateForRole } from './trust.js';
import { MFA_SERIAL, mfaContext, type World } from './world.js';

/** Role chaining caps a session at one hour (FACTS.md, Credentials). */
const CHAINED_MAX_SECONDS = 3600;

function success(action: string, result: string, requestId: string): StreamingResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml' },
    body: querySuccessXml(SERVICES.sts.xmlns ?? '', action, result, requestId),
  };
}

function validation(field: string, value: string, constraint: string): EmulatorHttpError {
  return new EmulatorHttpError(
    400,
    'ValidationError',
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

/** `Action=GetCallerIdentity`: who signed the request; needs no permission. @internal */
export function getCallerIdentity(ctx: RouteContext): StreamingResponse {
  ctx.note('allow');
  return success(
    'GetCallerIdentity',
    `<Arn>${xmlEscape(ctx.caller.principalArn)}</Arn><UserId>${xmlEscape(ctx.caller.userId)}</UserId>` +
      `<Account>${ctx.caller.accountId}</Account>`,
    ctx.requestId,
  );
}

/** A member's constraints in the STS model: length, then characters (checked in that order, as AWS words them). */
interface Constraint {
  min: number;
  max: number;
  chars: RegExp;
  text: string;
}
const SESSION_NAME: Constraint = { min: 2, max: 64, chars: /^[\w+=,.@-]*$/, text: '[\\w+=,.@-]*' };
const EXTERNAL_ID: Constraint = { min: 2, max: 1224, chars: /^[\w+=,.@:/-]*$/, text: '[\\w+=,.@:\\/-]*' };
const SOURCE_IDENTITY: Constraint = { min: 2, max: 64, chars: /^[\w+=,.@-]*$/, text: '[\\w+=,.@-]*' };

function readTags(form: RouteParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 1; form.has(`Tags.member.${i}.Key`); i++) {
    tags[form.get(`Tags.member.${i}.Key`) ?? ''] = form.get(`Tags.member.${i}.Value`) ?? '';
  }
  return tags;
}

/**
 * `Action=AssumeRole`: the trust policy and the caller's identity policy decide; the session
 * expires on the emulator clock.
 * @internal
 */
export function assumeRole(ctx: RouteContext, form: RouteParams): StreamingResponse {
  const { world, caller, now } = ctx;
  const roleArn = form.get('RoleArn') ?? null;
  const sessionName = form.get('RoleSessionName') ?? null;
  if (roleArn === null) throw validation('roleArn', '', 'Member must not be null');
  if (sessionName === null) throw validation('roleSessionName', '', 'Member must not be null');
  if (roleArn.length < 20) {
    throw validation('roleArn', roleArn, 'Member must have length greater than or equal to 20');
  }
  if (roleArn.length > 2048) {
    throw validation('roleArn', roleArn, 'Member must have length less than or equal to 2048');
  }
  const constrained = (param: string, field: string, c: Constraint): string | undefined => {
    const value = form.get(param) ?? undefined;
    if (value === undefined) return undefined;
    if (value.length < c.min) {
      throw validation(field, value, `Member must have length greater than or equal to ${c.min}`);
    }
    if (value.length > c.max) {
      throw validation(field, value, `Member must have length less than or equal to ${c.max}`);
    }
    if (!c.chars.test(value)) {
      throw validation(field, value, `Member must satisfy regular expression pattern: ${c.text}`);
    }
    return value;
  };
  constrained('RoleSessionName', 'roleSessionName', SESSION_NAME);
  const externalId = constrained('ExternalId', 'externalId', EXTERNAL_ID);
  const sourceIdentity = constrained('SourceIdentity', 'sourceIdentity', SOURCE_IDENTITY);
  const durationText = form.get('DurationSeconds') ?? null;
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
  const inlinePolicy = readSessionPolicy(form.get('Policy') ?? null);
  const policyArns = readPolicyArns(form);
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
    ...mfaContext(caller, now),
  };
  const denied = (action: string, decision: 'implicit-deny' | 'explicit-deny'): EmulatorHttpError => {
    ctx.note(decision, roleArn);
    return new EmulatorHttpError(
      403,
      'AccessDenied',
      `User: ${caller.principalArn} is not authorized to perform: ${action} on resource: ${roleArn}`,
    );
  };
  const mfa = checkMfa(ctx, form, () => ctx.note('implicit-deny', roleArn));
  if (mfa) Object.assign(context, { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 0 });
  // A role that does not exist is denied like one that does not trust the caller: STS reveals nothing.
  if (role === undefined || role.parts.kind !== 'role' || role.trustPolicy === undefined) {
    throw denied('sts:AssumeRole', 'implicit-deny');
  }
  const identity = world.identityPolicies(world.principals.get(caller.identityArn));
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
    // A narrowed session (inline or managed session policies) is narrowed for STS too.
    const session =
      caller.sessionPolicy === undefined
        ? undefined
        : evaluateForRole([caller.sessionPolicy], 'identity', request);
    if (trust.result === 'deny' || own.result === 'deny' || session?.result === 'deny') {
      throw denied(action, 'explicit-deny');
    }
    if (trust.result !== 'allow') throw denied(action, 'implicit-deny');
    // Within one account a trust policy that names the caller itself (or its role) is enough;
    // otherwise, and always across accounts, the caller's identity policy must allow the action.
    const sameAccountDirect = caller.accountId === role.parts.accountId && trust.namesCaller;
    if (own.result !== 'allow' && !sameAccountDirect) throw denied(action, 'implicit-deny');
    if (session !== undefined && session.result !== 'allow') throw denied(action, 'implicit-deny');
  }
  const sessionPolicy = combineSessionPolicies(
    inlinePolicy,
    managedSessionPolicies(world, policyArns, role.parts.accountId),
  );
  const maxSeconds = caller.isSession ? CHAINED_MAX_SECONDS : role.maxSessionDurationSeconds;
  if (durationText !== null && duration > maxSeconds) {
    throw new EmulatorHttpError(
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
    throw new EmulatorHttpError(
      400,
      'ValidationError',
      'The source identity of a role session cannot be changed by role chaining.',
    );
  }
  ctx.note('allow', roleArn);
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
    ...(mfa ? { mfaAuthenticatedAt: now } : {}),
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
      : `<PackedPolicySize>${packedPolicySize((form.get('Policy') ?? '') + policyArns.join(''))}</PackedPolicySize>`);
  return success('AssumeRole', result, ctx.requestId);
}

/** At most 10 managed session policies (STS API reference, AssumeRole `PolicyArns`). */
const MAX_POLICY_ARNS = 10;

/** `PolicyArns.member.N.arn`, in order, validated as the model constrains them. */
function readPolicyArns(form: RouteParams): string[] {
  const arns: string[] = [];
  for (let i = 1; form.has(`PolicyArns.member.${i}.arn`); i++) {
    const arn = form.get(`PolicyArns.member.${i}.arn`) ?? '';
    const field = `policyArns.${i}.member.arn`;
    if (arn.length < 20) throw validation(field, arn, 'Member must have length greater than or equal to 20');
    if (arn.length > 2048) throw validation(field, arn, 'Member must have length less than or equal to 2048');
    arns.push(arn);
  }
  if (arns.length > MAX_POLICY_ARNS) {
    throw validation(
      'policyArns',
      `[${arns.length} ARNs]`,
      'Member must have length less than or equal to 10',
    );
  }
  return arns;
}

/**
 * The documents of the managed session policies a request names. STS reads them from IAM: they
 * "must exist in the same account as the role" (AssumeRole API reference), or be AWS managed.
 * One the emulator does not know is refused, never ignored. Assumed (STS's answer is not
 * documented): IAM's wording and code for a policy it cannot find,
 * `NoSuchEntity: Policy ARN does not exist or is not attachable.` (IAM AttachRolePolicy, as
 * recorded by getmoto/moto pull 6482).
 */
function managedSessionPolicies(
  world: World,
  arns: readonly string[],
  roleAccount: string,
): PolicyDocument[] {
  return arns.map((arn) => {
    const policy = world.managedPolicies.get(arn);
    if (policy === undefined || (policy.parts.owner !== 'aws' && policy.parts.owner !== roleAccount)) {
      throw new EmulatorHttpError(404, 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
    }
    return policy.document;
  });
}

/**
 * One session policy from the inline `Policy` and the managed ones: a request is allowed when a
 * session policy allows it and none denies it, which is what the union of their statements says.
 */
function combineSessionPolicies(
  inline: PolicyDocument | undefined,
  managed: readonly PolicyDocument[],
): PolicyDocument | undefined {
  const documents = inline === undefined ? managed : [inline, ...managed];
  if (documents.length === 0) return undefined;
  if (documents.length === 1) return documents[0];
  return { Version: '2012-10-17', Statement: documents.flatMap((d) => statementsOf(d)) };
}

const MFA_FAILED = {
  // The STS wordings, as AWS CLI users report them (aws/aws-cli issues 2279 and 6325,
  // y13i/sgviz issue 9): AccessDenied, HTTP 403.
  both: 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
  device:
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
  code: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
};

/**
 * `SerialNumber` and `TokenCode`: none (no MFA), or both, naming an MFA device of the caller's
 * user or role and its code; true when the request is MFA-authenticated. Anything else is
 * AccessDenied in STS's words, never ignored.
 */
function checkMfa(ctx: RouteContext, form: RouteParams, onDenied: () => void): boolean {
  const serialNumber = form.get('SerialNumber');
  const tokenCode = form.get('TokenCode');
  if (serialNumber === undefined && tokenCode === undefined) return false;
  const refuse = (message: string): EmulatorHttpError => {
    onDenied();
    return new EmulatorHttpError(403, 'AccessDenied', message);
  };
  if (serialNumber === undefined || tokenCode === undefined) throw refuse(MFA_FAILED.both);
  if (serialNumber.length < 9) {
    throw validation('serialNumber', serialNumber, 'Member must have length greater than or equal to 9');
  }
  if (!MFA_SERIAL.test(serialNumber)) {
    throw validation(
      'serialNumber',
      serialNumber,
      'Member must satisfy regular expression pattern: [\\w+=/:,.@-]*',
    );
  }
  if (tokenCode.length !== 6) {
    throw validation(
      'tokenCode',
      tokenCode,
      `Member must have length ${tokenCode.length < 6 ? 'greater' : 'less'} than or equal to 6`,
    );
  }
  if (!/^\d{6}$/.test(tokenCode)) {
    throw validation('tokenCode', tokenCode, 'Member must satisfy regular expression pattern: [\\d]*');
  }
  const device = ctx.world.mfaDevices.get(serialNumber);
  if (device === undefined || device.principalArn !== ctx.caller.identityArn) throw refuse(MFA_FAILED.device);
  if (device.tokenCode !== tokenCode) throw refuse(MFA_FAILED.code);
  return true;
}

/** Percent of the packed-policy quota used; approximated as the share of the 2,048-character limit. */
function packedPolicySize(text: string): number {
  return Math.max(1, Math.ceil((text.length / 2048) * 100));
}

function readSessionPolicy(text: string | null): PolicyDocument | undefined {
  if (text === null) return undefined;
  if (text.length > 2048) {
    throw new EmulatorHttpError(
      400,
      'PackedPolicyTooLarge',
      'Packed size of the session policy exceeds the limit.',
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'Statement' in value) return value as PolicyDocument;
  } catch {
    // fall through
  }
  throw new EmulatorHttpError(400, 'MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
}
