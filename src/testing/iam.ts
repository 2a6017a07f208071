/**
 * IAM's role-policy API over the AWS Query protocol (`Version=2010-05-08`, XML answers): inline
 * role policies (PutRolePolicy, GetRolePolicy, ListRolePolicies, DeleteRolePolicy) and customer
 * managed policies (CreatePolicy, GetPolicy, GetPolicyVersion, AttachRolePolicy,
 * ListAttachedRolePolicies), over the world's principals and its managed-policy registry, so the
 * identity policies that `explainAccess` enforces can be set and read with the real IAM client and
 * the AWS CLI. IAM addresses a role by name within the caller's account.
 *
 * Each call is authorized against the caller's identity policies, permissions boundary, session
 * policy and SCPs for `iam:<Operation>` on the role's (or policy's) ARN. A denial is worded as IAM
 * words it for roles, naming `role NAME` (aws/aws-cdk issue 27067: "… is not authorized to perform:
 * iam:GetRole on resource: role NAME because no identity-based policy allows the iam:GetRole
 * action"); for a managed policy the policy ARN is named (assumed: no sample was found).
 *
 * Wordings taken from IAM as recorded by getmoto/moto (`moto/iam/models.py`): `NoSuchEntity` "The
 * role with name X cannot be found." / "The role policy with name X cannot be found." / "Policy ARN
 * was not found." / "Policy ARN does not exist or is not attachable.", `EntityAlreadyExists` "A
 * policy called X already exists. Duplicate names are not allowed.", `MalformedPolicyDocument`
 * "Syntax errors in policy.", `LimitExceeded` "Cannot exceed quota for PolicySize: 6144"; the
 * 10,240-character aggregate of a role's inline policies and the 10 managed policies a role may
 * have attached are IAM's default quotas (IAM User Guide, IAM and AWS STS quotas). Policy documents
 * are answered URL-encoded, as IAM does (RFC 3986).
 * @module
 */
import type { ContextValue } from '../policy/evaluate/types.js';
import type { PolicyDocument } from '../policy/types.js';
import { EmulatorHttpError } from './http-error.js';
import { queryEmptyXml, querySuccessXml, xmlEscape } from './query-protocol.js';
import type { RouteContext, StreamingResponse } from './responses.js';
import type { RouteParams } from './route-table.js';
import { SERVICES } from './services.js';
import { evaluateForRole } from './trust.js';
import { type ManagedPolicyRecord, mfaContext, type PrincipalRecord, randomId } from './world.js';

const XMLNS = (): string => SERVICES.iam.xmlns ?? '';

/** IAM names: 1–128 of `[\w+=,.@-]`. */
const NAME = /^[\w+=,.@-]{1,128}$/;
/** A managed policy document: at most 6,144 characters (IAM quota PolicySize). */
const MANAGED_POLICY_SIZE = 6144;
/** A role's inline policies together: at most 10,240 characters (IAM quota RolePolicySize). */
const ROLE_POLICY_SIZE = 10_240;
/** Managed policies attached to one role (IAM quota, default 10). */
const MAX_ATTACHED = 10;
/** Items of one list page when MaxItems is not given (IAM's default). */
const DEFAULT_MAX_ITEMS = 100;

function ok(action: string, result: string, requestId: string): StreamingResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml' },
    body: querySuccessXml(XMLNS(), action, result, requestId),
  };
}

function done(action: string, requestId: string): StreamingResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml' },
    body: queryEmptyXml(XMLNS(), action, requestId),
  };
}

function validation(field: string, value: string | undefined, constraint: string): EmulatorHttpError {
  const shown = value === undefined ? 'null' : `'${value.slice(0, 100)}'`;
  return new EmulatorHttpError(
    400,
    'ValidationError',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

function noSuchEntity(message: string): EmulatorHttpError {
  return new EmulatorHttpError(404, 'NoSuchEntity', message);
}

/** A required name parameter, checked against IAM's name pattern. */
function nameParam(form: RouteParams, param: string, field: string): string {
  const value = form.get(param);
  if (value === undefined) throw validation(field, undefined, 'Member must not be null');
  if (!NAME.test(value)) {
    throw validation(field, value, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  }
  return value;
}

/** A policy document as sent: JSON with a Statement, else IAM's MalformedPolicyDocument. */
function documentParam(form: RouteParams): { text: string; document: PolicyDocument } {
  const text = form.get('PolicyDocument');
  if (text === undefined) throw validation('policyDocument', undefined, 'Member must not be null');
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'Statement' in value) {
      return { text, document: value as PolicyDocument };
    }
  } catch {
    // fall through
  }
  throw new EmulatorHttpError(400, 'MalformedPolicyDocument', 'Syntax errors in policy.');
}

/** IAM answers policy documents URL-encoded (RFC 3986). */
function encoded(document: PolicyDocument): string {
  return xmlEscape(encodeURIComponent(JSON.stringify(document)));
}

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Authorizes `iam:<action>` by the caller on `resourceArn`, as IAM does for a principal in its
 * own account: an Allow from its identity policies, and from its permissions boundary, session
 * policy and SCPs when it has them; any Deny wins. Throws IAM's AccessDenied naming `named`.
 */
function authorizeIam(ctx: RouteContext, action: string, resourceArn: string, named: string): void {
  const { world, caller, now } = ctx;
  const qualified = `iam:${action}`;
  const context: Record<string, ContextValue> = {
    'aws:RequestedRegion': ctx.region,
    'aws:SecureTransport': true,
    'aws:CurrentTime': new Date(now).toISOString(),
    'aws:EpochTime': Math.floor(now / 1000),
    ...(caller.isSession ? { 'aws:PrincipalArn': caller.identityArn } : {}),
    ...mfaContext(caller, now),
  };
  const request = {
    principalArn: caller.principalArn,
    action: qualified,
    roleArn: resourceArn,
    context,
    now,
  };
  const record = world.principals.get(caller.identityArn);
  const judged: Array<[string, ReturnType<typeof evaluateForRole>]> = [
    ['identity-based policy', evaluateForRole(world.identityPolicies(record), 'identity', request)],
  ];
  if (record?.permissionsBoundary !== undefined) {
    judged.push(['permissions boundary', evaluateForRole([record.permissionsBoundary], 'identity', request)]);
  }
  if (caller.sessionPolicy !== undefined) {
    judged.push(['session policy', evaluateForRole([caller.sessionPolicy], 'identity', request)]);
  }
  for (const scp of world.serviceControlPolicies.get(caller.accountId) ?? []) {
    judged.push(['service control policy', evaluateForRole([scp], 'identity', request)]);
  }
  const head = `User: ${caller.principalArn} is not authorized to perform: ${qualified} on resource: ${named}`;
  const deny = judged.find(([, verdict]) => verdict.result === 'deny');
  if (deny !== undefined) {
    ctx.note('explicit-deny', resourceArn);
    throw new EmulatorHttpError(403, 'AccessDenied', `${head} with an explicit deny in a ${deny[0]}`);
  }
  const missing = judged.find(([, verdict]) => verdict.result !== 'allow');
  if (missing !== undefined) {
    ctx.note('implicit-deny', resourceArn);
    throw new EmulatorHttpError(
      403,
      'AccessDenied',
      `${head} because no ${missing[0]} allows the ${qualified} action`,
    );
  }
  ctx.note('allow', resourceArn);
}

/** The role a request names, after the caller is authorized for `action` on it. */
function role(ctx: RouteContext, form: RouteParams, action: string): PrincipalRecord {
  const name = nameParam(form, 'RoleName', 'roleName');
  const { caller, world } = ctx;
  const record = world.roleNamed(caller.accountId, name);
  const arn = record?.arn ?? `arn:aws:iam::${caller.accountId}:role/${name}`;
  authorizeIam(ctx, action, arn, `role ${name}`);
  if (record === undefined) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return record;
}

function policyName(form: RouteParams): string {
  return nameParam(form, 'PolicyName', 'policyName');
}

/** `PolicyArn`, checked as IAM's model constrains it (20–2048 characters). */
function policyArnParam(form: RouteParams): string {
  const arn = form.get('PolicyArn');
  if (arn === undefined) throw validation('policyArn', undefined, 'Member must not be null');
  if (arn.length < 20)
    throw validation('policyArn', arn, 'Member must have length greater than or equal to 20');
  if (arn.length > 2048)
    throw validation('policyArn', arn, 'Member must have length less than or equal to 2048');
  return arn;
}

/** One page of `items`: `MaxItems` (1–1000) from `Marker` (an index, as the previous page said). */
function page<T>(form: RouteParams, items: readonly T[]): { items: T[]; truncated: string } {
  const maxText = form.get('MaxItems');
  const max = maxText === undefined ? DEFAULT_MAX_ITEMS : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw validation('maxItems', maxText, 'Member must have value between 1 and 1000');
  }
  const marker = form.get('Marker');
  const start = marker === undefined ? 0 : Number(marker);
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new EmulatorHttpError(400, 'InvalidInput', 'Invalid Marker.');
  }
  const slice = items.slice(start, start + max);
  const next = start + slice.length;
  return {
    items: slice,
    truncated:
      next < items.length
        ? `<IsTruncated>true</IsTruncated><Marker>${next}</Marker>`
        : '<IsTruncated>false</IsTruncated>',
  };
}

/** `Action=PutRolePolicy`: creates or replaces an inline policy of a role. @internal */
export function putRolePolicy(ctx: RouteContext, form: RouteParams): StreamingResponse {
  const record = role(ctx, form, 'PutRolePolicy');
  const name = policyName(form);
  const { text, document } = documentParam(form);
  let total = text.length;
  for (const [other, existing] of record.inlinePolicies) {
    if (other !== name) total += JSON.stringify(existing).length;
  }
  if (total > ROLE_POLICY_SIZE) {
    throw new EmulatorHttpError(
      409,
      'LimitExceeded',
      `Maximum policy size of ${ROLE_POLICY_SIZE} bytes exceeded for role ${record.parts.name}`,
    );
  }
  record.inlinePolicies.set(name, document);
  return done('PutRolePolicy', ctx.requestId);
}

/** `Action=GetRolePolicy`: one inline policy of a role, its document URL-encoded. @internal */
export function getRolePolicy(ctx: RouteContext, form: RouteParams): StreamingResponse {
  const record = role(ctx, form, 'GetRolePolicy');
  const name = policyName(form);
  const document = record.inlinePolicies.get(name);
  if (document === undefined) throw noSuchEntity(`The role policy with name ${name} cannot be found.`);
  return ok(
    'GetRolePolicy',
    `<RoleName>${xmlEscape(record.parts.name)}</RoleName><PolicyName>${xmlEscape(name)}</PolicyName>` +
      `<PolicyDocument>${encoded(document)}</PolicyDocument>`,
    ctx.requestId,
  );
}

/** `Action=ListRolePolicies`: the names of a role's inline policies. @internal */
export function listRolePolicies(ctx: RouteContext, form: RouteParams): StreamingResponse {
  const record = role(ctx, form, 'ListRolePolicies');
  const { items, truncated } = page(form, [...record.inlinePolicies.keys()].sort());
  const names = items.map((n) => `<member>${xmlEscape(n)}</member>`).join('');
  return ok('ListRolePolicies', `<PolicyNames>${names}</PolicyNames>${truncated}`, ctx.requestId);
}

/** `Action=DeleteRolePolicy`: removes an inline policy of a role. @internal */
export function deleteRolePolicy(ctx: RouteContext, form: RouteParams): StreamingResponse {
  const record = role(ctx, form, 'DeleteRolePolicy');
  const name = policyName(form);
  if (!record.inlinePolicies.delete(name)) {
    throw noSuchEntity(`The role policy with name ${name} cannot be found.`);
  }
  return done('DeleteRolePolicy', ctx.requestId);
}

/** The XML `Policy` element of a managed policy. */
function policyXml(ctx: RouteContext, arn: string): string {
  const policy = ctx.world.managedPolicies.get(arn);
  if (policy === undefined) return '';
  const attachments = [...ctx.world.principals.values()].filter((p) =>
    p.attachedPolicies.includes(arn),
  ).length;
  const created = isoDate(policy.createdAt);
  return (
    `<Policy><PolicyName>${xmlEscape(policy.parts.name)}</PolicyName><PolicyId>${policy.policyId}</PolicyId>` +
    `<Arn>${xmlEscape(arn)}</Arn><Path>${xmlEscape(policy.parts.path)}</Path>` +
    `<DefaultVersionId>v1</DefaultVersionId><AttachmentCount>${attachments}</AttachmentCount>` +
    '<PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount><IsAttachable>true</IsAttachable>' +
    `<CreateDate>${created}</CreateDate><UpdateDate>${created}</UpdateDate></Policy>`
  );
}

/** `Action=CreatePolicy`: a customer managed policy in the caller's account. @internal */
export function createPolicy(ctx: RouteContext, form: RouteParams): StreamingResponse {
  const name = policyName(form);
  const path = form.get('Path') ?? '/';
  if (!/^\/(?:[\x21-\x7e]*\/)?$/.test(path) || path.length > 512) {
    throw validation(
      'path',
      path,
      'Member must satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/',
    );
  }
  const arn = `arn:aws:iam::${ctx.caller.accountId}:policy${path}${name}`;
  authorizeIam(ctx, 'CreatePolicy', arn, arn);
  const { text, document } = documentParam(form);
  if (text.length > MANAGED_POLICY_SIZE) {
    throw new EmulatorHttpError(
      409,
      'LimitExceeded',
      `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_SIZE}`,
    );
  }
  const taken = [...ctx.world.managedPolicies.values()].some(
    (p) => p.parts.owner === ctx.caller.accountId && p.parts.name === name,
  );
  if (taken) {
    throw new EmulatorHttpError(
      409,
      'EntityAlreadyExists',
      `A policy called ${name} already exists. Duplicate names are not allowed.`,
    );
  }
  ctx.world.setManagedPolicy(arn, document, { createdAt: ctx.now, policyId: randomId('ANPA') });
  return ok('CreatePolicy', policyXml(ctx, arn), ctx.requestId);
}

/** A managed policy the caller may read: its own account's, or an AWS managed one. */
function readablePolicy(ctx: RouteContext, arn: string, action: string, missing: string): void {
  authorizeIam(ctx, action, arn, arn);
  const policy = ctx.world.managedPolicies.get(arn);
  if (policy === undefined || (policy.parts.owner !== 'aws' && policy.parts.owner !== ctx.caller.accountId)) {
    throw noSuchEntity(missing);
  }
}

/** `Action=GetPolicy`: a managed policy's metadata. @internal */
export function getPolicy(ctx: RouteContext, form: RouteParams): StreamingResponse {
  const arn = policyArnParam(form);
  readablePolicy(ctx, arn, 'GetPolicy', `Policy ${arn} was not found.`);
  return ok('GetPolicy', policyXml(ctx, arn), ctx.requestId);
}

/** `Action=GetPolicyVersion`: a managed policy's document (one version, `v1`), URL-encoded. @internal */
export function getPolicyVersion(ctx: RouteContext, form: RouteParams): StreamingResponse {
  const arn = policyArnParam(form);
  const versionId = form.get('VersionId');
  if (versionId === undefined) throw validation('versionId', undefined, 'Member must not be null');
  readablePolicy(ctx, arn, 'GetPolicyVersion', `Policy ${arn} was not found.`);
  if (versionId !== 'v1') {
    throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
  }
  const policy = ctx.world.managedPolicies.get(arn);
  return ok(
    'GetPolicyVersion',
    `<PolicyVersion><Document>${policy === undefined ? '' : encoded(policy.document)}</Document>` +
      `<VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion>` +
      `<CreateDate>${isoDate(policy?.createdAt ?? ctx.now)}</CreateDate></PolicyVersion>`,
    ctx.requestId,
  );
}

/** `Action=AttachRolePolicy`: attaches a managed policy to a role. @internal */
export function attachRolePolicy(ctx: RouteContext, form: RouteParams): StreamingResponse {
  const record = role(ctx, form, 'AttachRolePolicy');
  const arn = policyArnParam(form);
  const policy = ctx.world.managedPolicies.get(arn);
  if (policy === undefined || (policy.parts.owner !== 'aws' && policy.parts.owner !== ctx.caller.accountId)) {
    throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  }
  if (!record.attachedPolicies.includes(arn)) {
    if (record.attachedPolicies.length >= MAX_ATTACHED) {
      throw new EmulatorHttpError(
        409,
        'LimitExceeded',
        `Cannot exceed quota for PoliciesPerRole: ${MAX_ATTACHED}`,
      );
    }
    record.attachedPolicies.push(arn);
  }
  return done('AttachRolePolicy', ctx.requestId);
}

/** `Action=ListAttachedRolePolicies`: the managed policies attached to a role. @internal */
export function listAttachedRolePolicies(ctx: RouteContext, form: RouteParams): StreamingResponse {
  const record = role(ctx, form, 'ListAttachedRolePolicies');
  const prefix = form.get('PathPrefix') ?? '/';
  const attached = record.attachedPolicies
    .map((arn) => ctx.world.managedPolicies.get(arn))
    .filter((p): p is ManagedPolicyRecord => p?.parts.path.startsWith(prefix) === true);
  const { items, truncated } = page(form, attached);
  const members = items
    .map(
      (p) =>
        `<member><PolicyName>${xmlEscape(p.parts.name)}</PolicyName><PolicyArn>${xmlEscape(p.arn)}</PolicyArn></member>`,
    )
    .join('');
  return ok(
    'ListAttachedRolePolicies',
    `<AttachedPolicies>${members}</AttachedPolicies>${truncated}`,
    ctx.requestId,
  );
}
