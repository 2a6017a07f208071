/**
 * The process-wide credential cache behind the assume-role and profile modes.
 *
 * The AWS SDK memoizes a credential provider per client, so N clients given the same
 * `fromTemporaryCredentials` provider make N STS calls (aws-sdk-js-v3 issue 4612). Here one
 * entry per identity (role, session name, ExternalId…) holds the credentials for every client of
 * the process: one in-flight fetch whatever the concurrency, a refresh started in the background
 * ahead of expiry while requests keep using the still-valid credentials, and a blocking refresh
 * only when the credentials are about to expire.
 * @module
 */
import { credentialFetchErrors } from '../retry.js';
import { log } from './redact.js';
import type { Logger, ResolvedCredentials } from './types.js';

/** Tuning of a {@link SharedCredentials} entry. @internal */
export interface SharedCredentialsOptions {
  /**
   * Start a background refresh when less than this is left (capped at half the credentials'
   * lifetime, so short sessions refresh in their second half). Default 10 minutes.
   */
  refreshAheadMs?: number;
  /**
   * Never hand out credentials with less than this left (capped at a quarter of the lifetime):
   * a request must wait for the refresh instead. Default 60 s.
   */
  minValidityMs?: number;
  /** After a failed background refresh, wait this long before trying again. Default 10 s. */
  retryFailedRefreshAfterMs?: number;
  /** The clock; default `Date.now`. */
  now?: () => number;
  logger?: Logger | undefined;
}

const DEFAULT_REFRESH_AHEAD_MS = 10 * 60_000;
const DEFAULT_MIN_VALIDITY_MS = 60_000;
const DEFAULT_RETRY_FAILED_REFRESH_MS = 10_000;

/**
 * One shared, self-refreshing set of credentials.
 * @internal
 */
export class SharedCredentials {
  readonly key: string;
  readonly #fetch: () => Promise<ResolvedCredentials>;
  readonly #refreshAheadMs: number;
  readonly #minValidityMs: number;
  readonly #retryFailedRefreshAfterMs: number;
  readonly #now: () => number;
  #logger: Logger | undefined;
  #current: ResolvedCredentials | undefined;
  #fetchedAt = 0;
  #inflight: Promise<ResolvedCredentials> | undefined;
  #lastBackgroundFailure = Number.NEGATIVE_INFINITY;
  /** How many fetches were started (for tests and benchmarks). */
  fetchCount = 0;

  constructor(
    key: string,
    fetch: () => Promise<ResolvedCredentials>,
    options: SharedCredentialsOptions = {},
  ) {
    this.key = key;
    this.#fetch = fetch;
    this.#refreshAheadMs = options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS;
    this.#minValidityMs = options.minValidityMs ?? DEFAULT_MIN_VALIDITY_MS;
    this.#retryFailedRefreshAfterMs = options.retryFailedRefreshAfterMs ?? DEFAULT_RETRY_FAILED_REFRESH_MS;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
  }

  /**
   * A provider function for an SDK client's `credentials`. Marked `memoized` so the SDK calls it
   * on every request instead of wrapping it in its own per-client memo (which would refresh on
   * its own schedule, 5 minutes before expiry, blocking): the entry already caches and refreshes
   * ahead for every client. If an SDK ignores the mark, it memoizes as usual and this still works.
   */
  readonly provider: (() => Promise<ResolvedCredentials>) & { memoized: boolean } = Object.assign(
    (): Promise<ResolvedCredentials> => this.get(),
    { memoized: true },
  );

  /** Uses `logger` if the entry has none yet (the first client that supplies one wins). */
  adoptLogger(logger: Logger | undefined): void {
    this.#logger ??= logger;
  }

  /** Valid credentials: cached, refreshed in the background, or fetched (once for all callers). */
  get(): Promise<ResolvedCredentials> {
    const current = this.#current;
    if (current !== undefined) {
      const expiration = current.expiration?.getTime();
      if (expiration === undefined) return Promise.resolve(current);
      const now = this.#now();
      const remaining = expiration - now;
      const lifetime = Math.max(0, expiration - this.#fetchedAt);
      if (remaining > Math.min(this.#refreshAheadMs, lifetime / 2)) return Promise.resolve(current);
      if (remaining > Math.min(this.#minValidityMs, lifetime / 4)) {
        this.#refreshInBackground(now);
        return Promise.resolve(current);
      }
    }
    return this.#refresh();
  }

  /** Drops the cached credentials: the next `get()` fetches. */
  invalidate(): void {
    this.#current = undefined;
  }

  #refreshInBackground(now: number): void {
    if (this.#inflight !== undefined) return;
    if (now - this.#lastBackgroundFailure < this.#retryFailedRefreshAfterMs) return;
    this.#refresh().catch((error: unknown) => {
      this.#lastBackgroundFailure = this.#now();
      log(
        this.#logger,
        'warn',
        'agentcore-xacct: background credential refresh failed; using the current credentials',
        {
          identity: this.key,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        },
      );
    });
  }

  #refresh(): Promise<ResolvedCredentials> {
    if (this.#inflight !== undefined) return this.#inflight;
    this.fetchCount++;
    const started = this.#now();
    const inflight = (async () => {
      try {
        const credentials = await this.#fetch();
        this.#current = credentials;
        this.#fetchedAt = started;
        log(this.#logger, 'debug', 'agentcore-xacct: fetched credentials', {
          identity: this.key,
          expiresAt: credentials.expiration?.toISOString() ?? 'never',
        });
        return credentials;
      } catch (error) {
        if (typeof error === 'object' && error !== null) credentialFetchErrors.add(error);
        throw error;
      } finally {
        this.#inflight = undefined;
      }
    })();
    this.#inflight = inflight;
    return inflight;
  }
}

const registry = new Map<string, SharedCredentials>();

/**
 * The process-wide entry for `key`, created with `create` on first use.
 * @internal
 */
export function sharedCredentials(key: string, create: () => SharedCredentials): SharedCredentials {
  let entry = registry.get(key);
  if (entry === undefined) {
    entry = create();
    registry.set(key, entry);
  }
  return entry;
}

/**
 * Forgets every cached assume-role and profile credential of the process, so the next request
 * fetches fresh ones. For tests, and after rotating a role's trust policy.
 *
 * @example
 * ```ts
 * import { clearCredentialCache } from 'agentcore-xacct';
 * afterEach(() => clearCredentialCache());
 * ```
 */
export function clearCredentialCache(): void {
  registry.clear();
}
