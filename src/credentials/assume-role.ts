/**
 * The assume-role access mode: STS AssumeRole into Account A, through the shared cache. STS is
 * loaded with `import()` on the first fetch, so a client that never fetches never loads it.
 * @module
 */
import type { AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts';
import { parsePrincipalArn } from '../arn/principal.js';
import { ValidationError } from '../errors.js';
import { SharedCredentials, sharedCredentials } from './cache.js';
import { log } from './redact.js';
import type { AssumeRoleAccess, Logger, ResolvedCredentials } from './types.js';

/** The session name used when none is given: stable, so every client of the process shares one entry. */
export const DEFAULT_SESSION_NAME = 'agentcore-xacct';

/** Role chaining caps a session at one hour (FACTS: Credentials). */
const ROLE_CHAINING_MAX_SECONDS = 3600;

// STS input constraints (AssumeRole API reference).
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** What a client passes to the credential strategies besides the access options. @internal */
export interface StrategyContext {
  /** Region of the first target; the STS client's region unless its config names one. */
  region: string;
  /** True when the p-retry layer retries: the STS client then makes one attempt per fetch. */
  retryActive: boolean;
  logger?: Logger | undefined;
}

/**
 * Checks an assume-role configuration before any request, throwing {@link ValidationError}
 * naming the field and the fix.
 * @internal
 */
export function validateAssumeRole(access: AssumeRoleAccess): void {
  let kind: string | undefined;
  try {
    kind = parsePrincipalArn(access.roleArn).kind;
  } catch (error) {
    throw new ValidationError(
      'access.roleArn',
      `"${String(access.roleArn).slice(0, 100)}" is not an IAM role ARN`,
      'Pass the ARN of the role in Account A, e.g. arn:aws:iam::111111111111:role/CrossAccountAgentInvoker.',
      { cause: error },
    );
  }
  if (kind !== 'role') {
    throw new ValidationError(
      'access.roleArn',
      `"${access.roleArn.slice(0, 100)}" is a ${kind} ARN, not a role ARN`,
      'Pass arn:aws:iam::ACCOUNT:role/NAME (not an assumed-role session ARN).',
    );
  }
  if (access.sessionName !== undefined && !SESSION_NAME.test(access.sessionName)) {
    throw new ValidationError(
      'access.sessionName',
      'the role session name is invalid',
      'Use 2–64 characters of letters, digits and +=,.@_-.',
    );
  }
  if (access.externalId !== undefined && !EXTERNAL_ID.test(access.externalId)) {
    throw new ValidationError(
      'access.externalId',
      'the ExternalId is invalid',
      'Use 2–1224 characters of letters, digits and +=,.@:/_-, exactly as the trust policy names it.',
    );
  }
  const duration = access.durationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 900 || duration > 43_200)) {
    throw new ValidationError(
      'access.durationSeconds',
      `${String(duration)} is not a session length STS accepts`,
      'Use a whole number of seconds from 900 to 43200 (at most 3600 when the caller is itself a role session).',
    );
  }
  if (access.sourceIdentity !== undefined && !SESSION_NAME.test(access.sourceIdentity)) {
    throw new ValidationError(
      'access.sourceIdentity',
      'the source identity is invalid',
      'Use 2–64 characters of letters, digits and +=,.@_-.',
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

/**
 * The cache key: everything that makes two sessions different. Role, session name and ExternalId
 * as the contract says; source identity and tags too, because they change what the session may
 * do (ABAC); and an explicit STS endpoint, because credentials from one STS (an emulator, say)
 * are worthless at another.
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
  ]);
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
  const entry = sharedCredentials(
    assumeRoleKey(access),
    () =>
      new SharedCredentials(assumeRoleKey(access), assumeRoleFetcher(access, context), {
        logger: context.logger,
      }),
  );
  entry.adoptLogger(context.logger);
  return entry;
}

function assumeRoleFetcher(
  access: AssumeRoleAccess,
  context: StrategyContext,
): () => Promise<ResolvedCredentials> {
  let sts: STSClient | undefined;
  let durationSeconds = access.durationSeconds;
  const label = JSON.stringify([access.roleArn, access.sessionName ?? DEFAULT_SESSION_NAME]);
  return async () => {
    if (sts === undefined) {
      // Imported here, not at the top: a resource-policy client must never load STS.
      const { STSClient: Client } = await import('@aws-sdk/client-sts');
      const config = access.stsClientConfig ?? {};
      // One STS client for the life of the entry: a client built per fetch would re-apply
      // config plugins and hit "Duplicate middleware name" at the first refresh (FACTS: Credentials).
      sts = new Client({
        ...config,
        region: config.region ?? context.region,
        ...(config.maxAttempts === undefined && context.retryActive ? { maxAttempts: 1 } : {}),
        ...(access.sourceCredentials === undefined ? {} : { credentials: access.sourceCredentials }),
      });
    }
    try {
      return await assumeRole(sts, access, durationSeconds);
    } catch (error) {
      if (
        durationSeconds !== undefined &&
        durationSeconds > ROLE_CHAINING_MAX_SECONDS &&
        isRoleChainingLimit(error)
      ) {
        log(
          context.logger,
          'warn',
          `agentcore-xacct: STS refused a ${durationSeconds} s session: the caller is a role session and role chaining caps sessions at 1 hour. Using 3600 s (credentials are refreshed before they expire).`,
          { role: label },
        );
        durationSeconds = ROLE_CHAINING_MAX_SECONDS;
        return await assumeRole(sts, access, durationSeconds);
      }
      throw error;
    }
  };
}

async function assumeRole(
  sts: STSClient,
  access: AssumeRoleAccess,
  durationSeconds: number | undefined,
): Promise<ResolvedCredentials> {
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const input: AssumeRoleCommandInput = {
    RoleArn: access.roleArn,
    RoleSessionName: access.sessionName ?? DEFAULT_SESSION_NAME,
  };
  if (access.externalId !== undefined) input.ExternalId = access.externalId;
  if (durationSeconds !== undefined) input.DurationSeconds = durationSeconds;
  if (access.sourceIdentity !== undefined) input.SourceIdentity = access.sourceIdentity;
  const tags = Object.entries(access.tags ?? {});
  if (tags.length > 0) input.Tags = tags.map(([Key, Value]) => ({ Key, Value }));
  const output = await sts.send(new AssumeRoleCommand(input));
  const c = output.Credentials;
  if (
    c?.AccessKeyId === undefined ||
    c.SecretAccessKey === undefined ||
    c.SessionToken === undefined ||
    !(c.Expiration instanceof Date)
  ) {
    throw new ValidationError(
      'access.stsClientConfig',
      'STS AssumeRole answered without complete credentials',
      'Check that stsClientConfig.endpoint (if set) points to an STS endpoint.',
    );
  }
  const accountId = output.AssumedRoleUser?.Arn?.split(':')[4];
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
    ...(accountId !== undefined && /^\d{12}$/.test(accountId) ? { accountId } : {}),
  };
}

function isRoleChainingLimit(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === 'ValidationError' && typeof message === 'string' && message.includes('role chaining');
}
