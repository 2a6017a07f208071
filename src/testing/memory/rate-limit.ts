/**
 * Token buckets keyed by a string (the emulator keys CreateEvent pacing by memory, actor and
 * session). Time comes from an injected clock so tests can step it.
 * @internal
 */
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

  constructor(rate: RateLimit, now: () => number) {
    if (!(rate.perSecond > 0) || !(rate.burst >= 1)) {
      throw new RangeError(
        `Invalid rate ${JSON.stringify(rate)}: perSecond must be > 0 and burst >= 1 (or pass false to disable pacing).`,
      );
    }
    this.#rate = rate;
    this.#now = now;
    this.#buckets = new ExpiringMap(now);
  }

  /** Takes one token from `key`'s bucket; false when it is empty (the request is over the rate). */
  take(key: string): boolean {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#rate.burst, at: now };
    // A clock that steps back (a test resetting it) must not mint tokens.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.#rate.burst, bucket.tokens + (elapsed * this.#rate.perSecond) / 1000);
    bucket.at = now;
    // Tolerate float drift: 4000 ms at 0.25/s must yield a whole token.
    const allowed = bucket.tokens >= 1 - 1e-9;
    if (allowed) bucket.tokens = Math.max(0, bucket.tokens - 1);
    const refilledAt = now + ((this.#rate.burst - bucket.tokens) * 1000) / this.#rate.perSecond;
    this.#buckets.set(key, bucket, Math.max(refilledAt, now + 1));
    return allowed;
  }

  /** Buckets held: bounded by the keys used within one refill time. */
  get size(): number {
    return this.#buckets.size;
  }
}
