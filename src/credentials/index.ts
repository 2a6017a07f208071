/**
 * Access strategies of the cross-account client: resource-policy, assume-role (process-wide
 * shared cache) and profile.
 * @module
 */

export { clearCredentialCache } from './cache.js';
export type {
  AccessMode,
  AssumeRoleAccess,
  CredentialsInput,
  Logger,
  ProfileAccess,
  ResolvedCredentials,
  ResourcePolicyAccess,
  SdkClient,
  SdkClientConfig,
  StsClientConfig,
} from './types.js';
export { DEFAULT_SESSION_NAME } from './validate.js';
