/**
 * Token buckets keyed by a string (the emulator keys CreateEvent pacing by memory, actor and
 * session). Time comes from an injected clock so tests can step it.
 * @internal
 */
import { ValidationError } from '../../errors.js';
import { ExpiringMap } from '../expiring-map.js';
import type { RateLimit } from './types.js';

interface Bucket {
  tokens: number;
  /** Clock reading (ms) when `tokens` was last brought up to date. */
  at: number;
}

/** A family of token buckets sharing one rate. */
export class RateLimiter {
  readonly #rate: RateLimit;
  readonly #now: () => number;
  /** A bucket is forgotten once it has refilled: a full bucket and no bucket are the same. */
  readonly #buckets: ExpiringMap<string, Bucket>;

  constructor(rate: RateLimit, now: () => number, field = 'rate') {
    const { perSecond, burst } = (
      typeof rate === 'object' && rate !== null ? rate : {}
    ) as Partial<RateLimit>;
    if (
      typeof perSecond !== 'number' ||
      typeof burst !== 'number' ||
      !(perSecond > 0 && Number.isFinite(perSecond)) ||
      !(burst >= 1 && Number.isFinite(burst))
    ) {
      throw new ValidationError(
        field,
        `${field} is not a rate: perSecond must be > 0 and burst >= 1`,
        'Pass { perSecond, burst }, or false to disable pacing.',
      );
    }
    this.#rate = { perSecond, burst };
    this.#now = now;
    this.#buckets = new ExpiringMap(now);
  }

  /** Whether `key`'s bucket holds a token now (taking none). */
  available(key: string): boolean {
    // Tolerate float drift: 4000 ms at 0.25/s must yield a whole token.
    return this.#tokens(key, this.#now()) >= 1 - 1e-9;
  }

  /** Takes one token from `key`'s bucket; false when it is empty (the request is over the rate). */
  take(key: string): boolean {
    const now = this.#now();
    const tokens = this.#tokens(key, now);
    const allowed = tokens >= 1 - 1e-9;
    const left = allowed ? Math.max(0, tokens - 1) : tokens;
    const refilledAt = now + ((this.#rate.burst - left) * 1000) / this.#rate.perSecond;
    this.#buckets.set(key, { tokens: left, at: now }, Math.max(refilledAt, now + 1));
    return allowed;
  }

  /** The tokens `key`'s bucket holds at `now`. */
  #tokens(key: string, now: number): number {
    const bucket = this.#buckets.get(key);
    if (bucket === undefined) return this.#rate.burst;
    // A clock that steps back (a test resetting it) must not mint tokens.
    const elapsed = Math.max(0, now - bucket.at);
    return Math.min(this.#rate.burst, bucket.tokens + (elapsed * this.#rate.perSecond) / 1000);
  }

  /** Buckets held: bounded by the keys used within one refill time. */
  get size(): number {
    return this.#buckets.size;
  }
}
