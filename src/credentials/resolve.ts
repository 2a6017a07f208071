/**
 * Turns an access mode into what the data-plane client's `credentials` option takes.
 * @module
 */
import { ValidationError } from '../errors.js';
import { assumeRoleCredentials, type StrategyContext, validateAssumeRole } from './assume-role.js';
import type { SharedCredentials } from './cache.js';
import { profileCredentials, validateProfile } from './profile.js';
import type { AccessMode, CredentialsInput } from './types.js';

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
        `unknown access mode "${String((access as { mode?: unknown }).mode).slice(0, 40)}"`,
        "Use 'resource-policy', 'assume-role' or 'profile'.",
      );
  }
}

/**
 * The credentials for the data-plane client: the given ones or `undefined` (the SDK's default
 * chain) in resource-policy mode, the shared cache entry's provider otherwise.
 * @internal
 */
export function resolveCredentials(
  access: AccessMode,
  context: StrategyContext,
): { credentials: CredentialsInput | undefined; shared: SharedCredentials | undefined } {
  switch (access.mode) {
    case 'resource-policy':
      return { credentials: access.credentials, shared: undefined };
    case 'assume-role': {
      const shared = assumeRoleCredentials(access, context);
      return { credentials: shared.provider, shared };
    }
    case 'profile': {
      const shared = profileCredentials(access, context);
      return { credentials: shared.provider, shared };
    }
  }
}
