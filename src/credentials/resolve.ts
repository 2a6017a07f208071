/**
 * The shared credentials of an assume-role or profile access mode. The SDK providers behind them
 * (STS, the credential-providers package) load with `import()` on the first request that needs
 * credentials; a resource-policy client never loads them.
 * @module
 */
import { assumeRoleCredentials, type StrategyContext } from './assume-role.js';
import type { SharedCredentials } from './cache.js';
import { profileCredentials } from './profile.js';
import type { AssumeRoleAccess, ProfileAccess } from './types.js';

/**
 * The process-wide shared credentials of an assume-role or profile access mode.
 * @internal
 */
export function sharedCredentialsFor(
  access: AssumeRoleAccess | ProfileAccess,
  context: StrategyContext,
): SharedCredentials {
  return access.mode === 'assume-role'
    ? assumeRoleCredentials(access, context)
    : profileCredentials(access, context);
}
