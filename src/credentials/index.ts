/**
 * Access strategies of the cross-account client: resource-policy, assume-role (process-wide
 * shared cache) and profile.
 * @module
 */
export { DEFAULT_SESSION_NAME } from './assume-role.js';
export { clearCredentialCache } from './cache.js';
export type {
  AccessMode,
  AssumeRoleAccess,
  CredentialsInput,
  Logger,
  ProfileAccess,
  ResolvedCredentials,
  ResourcePolicyAccess,
} from './types.js';
