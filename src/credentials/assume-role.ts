/**
 * The assume-role access mode: STS AssumeRole into Account A through the SDK's own
 * `fromTemporaryCredentials`, behind the shared cache. The credential providers (and their STS
 * client) are loaded with `import()` on the first fetch, so a client that never fetches never
 * loads them.
 * @module
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';
import { loadOptionalPeer } from '../optional-peer.js';
import { SharedCredentials, sharedCredentials } from './cache.js';
import { log } from './redact.js';
import type { AssumeRoleAccess, Logger, ResolvedCredentials } from './types.js';
import { DEFAULT_SESSION_NAME } from './validate.js';

/** Role chaining caps a session at one hour (FACTS: Credentials). */
const ROLE_CHAINING_MAX_SECONDS = 3600;

/** What a client passes to the credential strategies besides the access options. @internal */
export interface StrategyContext {
  /** Region of the first target; the STS client's region unless its config names one. */
  region: string;
  /** True when the p-retry layer retries: the STS client then makes one attempt per fetch. */
  retryActive: boolean;
  logger?: Logger | undefined;
}

/**
 * The cache key: everything that makes two sessions different. Role, session name and ExternalId
 * as the contract says; source identity and tags too, because they change what the session may
 * do (ABAC); an explicit STS endpoint, because credentials from one STS (an emulator, say)
 * are worthless at another; and the source credentials, because the role's trust policy judges
 * the caller: a session fetched with one principal's credentials must never serve a client that
 * calls STS as another (which the trust policy may not trust).
 * @internal
 */
export function assumeRoleKey(access: AssumeRoleAccess): string {
  const tags = Object.entries(access.tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    'assume-role',
    access.roleArn,
    access.sessionName ?? DEFAULT_SESSION_NAME,
    access.externalId ?? null,
    access.sourceIdentity ?? null,
    tags,
    stsEndpointKey(access.stsClientConfig),
    sourceKey(access),
  ]);
}

// Static source credentials are told apart by a digest of their access key id (one key, one
// principal), providers by object identity. The key is logged, so it holds neither the key id
// nor anything else of the credentials.
const sourceIds = new WeakMap<object, number>();
let nextSourceId = 0;

/** `default` for the default credential chain, else an opaque id of the source credentials. */
function sourceKey(access: AssumeRoleAccess): string {
  const source: unknown = access.sourceCredentials ?? access.stsClientConfig?.credentials;
  if (
    source === undefined ||
    source === null ||
    (typeof source !== 'object' && typeof source !== 'function')
  ) {
    return 'default';
  }
  const keyId = (source as { accessKeyId?: unknown }).accessKeyId;
  if (typeof keyId === 'string')
    return `static-${createHash('sha256').update(keyId).digest('hex').slice(0, 16)}`;
  let id = sourceIds.get(source);
  if (id === undefined) {
    id = ++nextSourceId;
    sourceIds.set(source, id);
  }
  return `source-${id}`;
}

/**
 * The part of a cache key that tells STS endpoints apart: the endpoint URL when given as a
 * string, `custom` for an endpoint provider, null for the default.
 * @internal
 */
export function stsEndpointKey(config: { endpoint?: unknown } | undefined): string | null {
  const endpoint = config?.endpoint;
  if (endpoint === undefined) return null;
  return typeof endpoint === 'string' ? endpoint : 'custom';
}

/**
 * The shared credentials of an assume-role configuration (created on first use, shared after).
 * @internal
 */
export function assumeRoleCredentials(access: AssumeRoleAccess, context: StrategyContext): SharedCredentials {
  const key = assumeRoleKey(access);
  const entry = sharedCredentials(
    key,
    () => new SharedCredentials(key, assumeRoleFetcher(access, context), { logger: context.logger }),
  );
  entry.adoptLogger(context.logger);
  return entry;
}

function assumeRoleFetcher(
  access: AssumeRoleAccess,
  context: StrategyContext,
): () => Promise<ResolvedCredentials> {
  const providers = new Map<number | undefined, () => Promise<ResolvedCredentials>>();
  let durationSeconds = access.durationSeconds;
  const label = JSON.stringify([access.roleArn, access.sessionName ?? DEFAULT_SESSION_NAME]);
  return async () => {
    try {
      return checked(await (await providerFor(access, context, durationSeconds, providers))());
    } catch (error) {
      if (
        durationSeconds !== undefined &&
        durationSeconds > ROLE_CHAINING_MAX_SECONDS &&
        isRoleChainingLimit(error)
      ) {
        log(
          context.logger,
          'warn',
          `agentcore-xacct: role chaining caps sessions at 1 hour; STS refused ${durationSeconds} s, using 3600 s.`,
          { role: label },
        );
        durationSeconds = ROLE_CHAINING_MAX_SECONDS;
        return checked(await (await providerFor(access, context, durationSeconds, providers))());
      }
      throw error;
    }
  };
}

/**
 * The SDK's `fromTemporaryCredentials` for one session length, built once and kept: it creates
 * its STS client once and reuses it. It is never given `clientPlugins`, which it would re-add to
 * that client on every call ("Duplicate middleware name" at the first refresh; FACTS: Credentials).
 * Loaded with `import()`: a resource-policy client never loads it. Its STS client is the SDK's own
 * nested one, which the default credential chain already bundles.
 */
async function providerFor(
  access: AssumeRoleAccess,
  context: StrategyContext,
  durationSeconds: number | undefined,
  providers: Map<number | undefined, () => Promise<ResolvedCredentials>>,
): Promise<() => Promise<ResolvedCredentials>> {
  const existing = providers.get(durationSeconds);
  if (existing !== undefined) return existing;
  const { fromTemporaryCredentials } = await loadOptionalPeer(
    '@aws-sdk/credential-providers',
    'Assume-role access',
    () => import('@aws-sdk/credential-providers'),
  );
  const config = access.stsClientConfig ?? {};
  const tags = Object.entries(access.tags ?? {});
  const provider = fromTemporaryCredentials({
    params: {
      RoleArn: access.roleArn,
      RoleSessionName: access.sessionName ?? DEFAULT_SESSION_NAME,
      ...(access.externalId === undefined ? {} : { ExternalId: access.externalId }),
      ...(durationSeconds === undefined ? {} : { DurationSeconds: durationSeconds }),
      ...(access.sourceIdentity === undefined ? {} : { SourceIdentity: access.sourceIdentity }),
      ...(tags.length === 0 ? {} : { Tags: tags.map(([Key, Value]) => ({ Key, Value })) }),
    },
    ...(access.sourceCredentials === undefined ? {} : { masterCredentials: access.sourceCredentials }),
    clientConfig: {
      ...config,
      region: config.region ?? context.region,
      ...(config.maxAttempts === undefined && context.retryActive ? { maxAttempts: 1 } : {}),
    },
  });
  const bound = (): Promise<ResolvedCredentials> => provider();
  providers.set(durationSeconds, bound);
  return bound;
}

/** Never trust the answer to be complete: credentials without an expiry would never be refreshed. */
function checked(credentials: ResolvedCredentials): ResolvedCredentials {
  if (
    !credentials.accessKeyId ||
    !credentials.secretAccessKey ||
    !credentials.sessionToken ||
    !(credentials.expiration instanceof Date)
  ) {
    throw new ValidationError(
      'access.stsClientConfig',
      'STS AssumeRole answered without complete credentials',
      'Point stsClientConfig.endpoint (if set) to STS.',
    );
  }
  return credentials;
}

function isRoleChainingLimit(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === 'ValidationError' && typeof message === 'string' && message.includes('role chaining');
}
