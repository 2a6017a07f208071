/**
 * Client-side pacing of CreateEvent: one token bucket per (actor, session), and a waiting line in
 * front of each, so a burst of events for one session is spread over time instead of failing
 * with ThrottledException.
 * @internal
 */

/**
 * A request rate: `perSecond` tokens refill continuously up to `burst`.
 *
 * @example
 * ```ts
 * const rate: PacingRate = { perSecond: 5, burst: 1 };
 * ```
 */
export interface PacingRate {
  /** Requests per second, sustained. */
  perSecond: number;
  /** Requests that may go at once after a quiet period; at least 1. */
  burst: number;
}

/**
 * FACTS.md's figure for CreateEvent: 0.25 requests per second per actor per session
 * (bedrock-agentcore-sdk-python issue 160). The AWS quotas page now gives 5 per second for
 * conversational events: raise `createEventRate` when your account's quota says so.
 */
export const DEFAULT_CREATE_EVENT_RATE: PacingRate = { perSecond: 0.25, burst: 1 };

/** Lanes kept before idle ones are swept (a long-lived handle over many sessions). */
const SWEEP_AT = 1024;

interface Lane {
  tokens: number;
  at: number;
  /** The tail of this key's waiting line. */
  tail: Promise<void>;
  waiting: number;
}

/** Token buckets keyed by string, with a FIFO line per key. @internal */
export class Pacer {
  readonly #rate: PacingRate;
  readonly #lanes = new Map<string, Lane>();
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    rate: PacingRate,
    clock: { now?: () => number; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> } = {},
  ) {
    this.#rate = rate;
    this.#now = clock.now ?? (() => performance.now());
    this.#sleep = clock.sleep ?? sleep;
  }

  /**
   * Sends one request of `key` when its turn comes: requests of one key go one at a time, in
   * order, and the token a request takes refills from the moment that request settled, not from
   * when it was handed to the transport. So two requests of one key reach the service at least
   * one interval apart, however long the first waited in a socket queue (pacing at dispatch time
   * alone let them arrive closer together, and be throttled).
   */
  async run<T>(key: string, send: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      if (this.#lanes.size >= SWEEP_AT) this.#sweep();
      lane = { tokens: this.#rate.burst, at: this.#now(), tail: Promise.resolve(), waiting: 0 };
      this.#lanes.set(key, lane);
    }
    const current = lane;
    const sent = current.tail.then(() => this.#wait(current, signal)).then(send);
    // A request that fails or aborts must not block the ones behind it; either way the refill
    // restarts when it settled.
    const settled = sent.then(noop, noop).then(() => {
      current.at = this.#now();
    });
    current.tail = settled;
    current.waiting += 1;
    try {
      return await sent;
    } finally {
      await settled;
      current.waiting -= 1;
      // Forget idle, full lanes so a long-lived handle over many sessions does not grow.
      if (current.waiting === 0 && this.#refill(current) >= this.#rate.burst) this.#lanes.delete(key);
    }
  }

  /** Resolves when `key` may send one request (taking its token): `run` with an instant send. */
  take(key: string, signal?: AbortSignal): Promise<void> {
    return this.run(key, () => Promise.resolve(), signal);
  }

  // Drop lanes nobody waits on whose bucket has refilled: they hold nothing a new lane would not.
  #sweep(): void {
    for (const [key, lane] of this.#lanes) {
      if (lane.waiting === 0 && this.#refill(lane) >= this.#rate.burst) this.#lanes.delete(key);
    }
  }

  /** Keys with state, for tests. */
  get size(): number {
    return this.#lanes.size;
  }

  #refill(lane: Lane): number {
    const now = this.#now();
    lane.tokens = Math.min(this.#rate.burst, lane.tokens + ((now - lane.at) * this.#rate.perSecond) / 1000);
    lane.at = now;
    return lane.tokens;
  }

  async #wait(lane: Lane, signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    for (;;) {
      if (this.#refill(lane) >= 1 - 1e-9) {
        lane.tokens = Math.max(0, lane.tokens - 1);
        return;
      }
      await this.#sleep(Math.ceil(((1 - lane.tokens) * 1000) / this.#rate.perSecond), signal);
    }
  }
}

/** Waits `ms`, or rejects with the signal's reason when it aborts. @internal */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

function noop(): void {}
