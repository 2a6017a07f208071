/**
 * Checks access modes before any request, synchronously in the client's constructor. Kept apart
 * from the strategies so a client loads them (and the SDK's credential providers) only when it
 * first needs credentials.
 * @module
 */
import { shown, ValidationError } from '../errors.js';
import type { AccessMode, AssumeRoleAccess, ProfileAccess } from './types.js';

/**
 * The role session name used when none is given: stable, so every client of the process shares
 * one cache entry (and CloudTrail shows where the calls come from).
 *
 * @example
 * ```ts
 * // CloudTrail: arn:aws:sts::111111111111:assumed-role/CrossAccountAgentInvoker/agentcore-xacct
 * console.log(DEFAULT_SESSION_NAME); // 'agentcore-xacct'
 * ```
 */
export const DEFAULT_SESSION_NAME = 'agentcore-xacct';

// STS input constraints (AssumeRole API reference); a role ARN with its optional path.
const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/**
 * Checks an access mode before any request (synchronously, in the client's constructor).
 * @internal
 */
export function validateAccess(access: AccessMode): void {
  if (typeof access !== 'object' || access === null) {
    throw new ValidationError(
      'access',
      'the access option is not an object',
      "Pass { mode: 'resource-policy' }, { mode: 'assume-role', roleArn } or { mode: 'profile', profile }.",
    );
  }
  switch (access.mode) {
    case 'resource-policy':
      return;
    case 'assume-role':
      validateAssumeRole(access);
      return;
    case 'profile':
      validateProfile(access);
      return;
    default:
      throw new ValidationError(
        'access.mode',
        `unknown access mode ${shown((access as { mode?: unknown }).mode, 40)}`,
        "Use 'resource-policy', 'assume-role' or 'profile'.",
      );
  }
}

/**
 * Checks an assume-role configuration before any request, throwing {@link ValidationError}
 * naming the field and the fix.
 * @internal
 */
export function validateAssumeRole(access: AssumeRoleAccess): void {
  if (typeof access.roleArn !== 'string' || !ROLE_ARN.test(access.roleArn)) {
    const session = typeof access.roleArn === 'string' && access.roleArn.includes(':assumed-role/');
    throw new ValidationError(
      'access.roleArn',
      `${shown(access.roleArn, 100)} is ${session ? 'a role session ARN' : 'not an IAM role ARN'}`,
      'Pass the ARN of the role in Account A: arn:aws:iam::ACCOUNT:role/NAME.',
    );
  }
  const NAME_FIX = 'Use 2–64 characters of letters, digits and +=,.@_-.';
  const patterns: Array<[string, string | undefined, RegExp, string]> = [
    ['access.sessionName', access.sessionName, SESSION_NAME, NAME_FIX],
    ['access.sourceIdentity', access.sourceIdentity, SESSION_NAME, NAME_FIX],
    [
      'access.externalId',
      access.externalId,
      EXTERNAL_ID,
      'Use 2–1224 characters of letters, digits and +=,.@:/_-, exactly as the trust policy names it.',
    ],
  ];
  for (const [field, value, pattern, fix] of patterns) {
    if (value !== undefined && (typeof value !== 'string' || !pattern.test(value))) {
      throw new ValidationError(field, `${field} is invalid`, fix);
    }
  }
  const duration = access.durationSeconds;
  if (
    duration !== undefined &&
    (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 900 || duration > 43_200)
  ) {
    throw new ValidationError(
      'access.durationSeconds',
      `${shown(duration)} is not a session length STS accepts`,
      'Use whole seconds from 900 to 43200 (at most 3600 when chaining roles).',
    );
  }
  const tags = Object.entries(access.tags ?? {});
  if (tags.length > 50) {
    throw new ValidationError('access.tags', `${tags.length} session tags`, 'Pass at most 50 session tags.');
  }
  for (const [key, value] of tags) {
    if (key.length < 1 || key.length > 128 || typeof value !== 'string' || value.length > 256) {
      throw new ValidationError(
        'access.tags',
        `session tag "${key.slice(0, 40)}" is invalid`,
        'Use keys of 1–128 characters and string values of at most 256.',
      );
    }
  }
}

const PROFILE_NAME = /^[^\s[\]]{1,128}$/;

/**
 * Checks a profile configuration before any request.
 * @internal
 */
export function validateProfile(access: ProfileAccess): void {
  if (typeof access.profile !== 'string' || !PROFILE_NAME.test(access.profile)) {
    throw new ValidationError(
      'access.profile',
      'the profile name is missing or invalid',
      'Pass a profile of ~/.aws/config that has role_arn and credential_source.',
    );
  }
}
