/**
 * The profile access mode: a shared-config profile with `role_arn` and `credential_source` (or
 * `source_profile`), resolved by the AWS SDK's `fromIni` and cached process-wide. The credential
 * providers package is loaded with `import()` on the first fetch.
 * @module
 */
import { loadOptionalPeer } from '../optional-peer.js';
import { type StrategyContext, stsEndpointKey } from './assume-role.js';
import { SharedCredentials, sharedCredentials } from './cache.js';
import type { ProfileAccess, ResolvedCredentials } from './types.js';

/** The cache key of a profile: its name, the files it is read from and an explicit STS endpoint. @internal */
export function profileKey(access: ProfileAccess): string {
  return JSON.stringify([
    'profile',
    access.profile,
    access.configFilepath ?? null,
    access.filepath ?? null,
    stsEndpointKey(access.stsClientConfig),
  ]);
}

/**
 * The shared credentials of a profile (created on first use, shared after).
 * @internal
 */
export function profileCredentials(access: ProfileAccess, context: StrategyContext): SharedCredentials {
  const key = profileKey(access);
  const entry = sharedCredentials(
    key,
    () => new SharedCredentials(key, profileFetcher(access, context), { logger: context.logger }),
  );
  entry.adoptLogger(context.logger);
  return entry;
}

function profileFetcher(access: ProfileAccess, context: StrategyContext): () => Promise<ResolvedCredentials> {
  let provider: (() => Promise<ResolvedCredentials>) | undefined;
  return async () => {
    if (provider === undefined) {
      const { fromIni } = await loadOptionalPeer(
        '@aws-sdk/credential-providers',
        'Profile access',
        () => import('@aws-sdk/credential-providers'),
      );
      const config = access.stsClientConfig ?? {};
      // Built once: fromIni neither caches nor shares, so the entry does both.
      provider = fromIni({
        profile: access.profile,
        ...(access.configFilepath === undefined ? {} : { configFilepath: access.configFilepath }),
        ...(access.filepath === undefined ? {} : { filepath: access.filepath }),
        // Re-read the files on every refresh: a rotated source profile is picked up.
        ignoreCache: true,
        clientConfig: {
          ...config,
          region: config.region ?? context.region,
          ...(config.maxAttempts === undefined && context.retryActive ? { maxAttempts: 1 } : {}),
        },
      });
    }
    return provider();
  };
}
