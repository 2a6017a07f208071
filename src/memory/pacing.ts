/**
 * Client-side pacing of CreateEvent to AgentCore's quotas: one token bucket per (actor, session)
 * and payload kind, with a waiting line in front of each, and one for the whole handle (the
 * account quota), so a burst of events is spread over time instead of failing with
 * ThrottledException.
 * @internal
 */
import { ValidationError } from '../errors.js';

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
 * AgentCore's CreateEvent quota per actor and session for events with a conversational payload
 * item: 5 requests per second (AgentCore quotas page, "Rate of CreateEvent requests per actor per
 * session including conversational payloads"). One at a time (`burst: 1`): a chat service's
 * next turn waits at most 200 ms.
 *
 * @example
 * ```ts
 * client.memory(memoryArn, { createEventRate: { ...DEFAULT_CREATE_EVENT_RATES, conversational: DEFAULT_CREATE_EVENT_RATE } });
 * ```
 */
export const DEFAULT_CREATE_EVENT_RATE: PacingRate = { perSecond: 5, burst: 1 };

/**
 * The CreateEvent quotas a memory handle paces to. Each is a {@link PacingRate}; `perAccount`
 * may be `false` (no account-wide pacing).
 *
 * @example
 * ```ts
 * // An account whose quotas were raised to 20/s per session:
 * const rates: CreateEventRates = { conversational: { perSecond: 20, burst: 1 }, withoutConversational: { perSecond: 20, burst: 1 } };
 * client.memory(memoryArn, { createEventRate: rates });
 * ```
 */
export interface CreateEventRates {
  /** Per actor and session, events with a conversational payload item. Default 5/s, one at a time. */
  conversational?: PacingRate;
  /** Per actor and session, events without one (blob or JSON only). Default 10/s, one at a time. */
  withoutConversational?: PacingRate;
  /**
   * Every CreateEvent of the handle, whatever its actor and session: AgentCore's 200 requests
   * per second per account. Which account the quota counts a cross-account call against is not
   * documented; the handle keeps every call to its memory under it. `false`: no account pacing.
   */
  perAccount?: PacingRate | false;
}

/**
 * The AgentCore quotas page's CreateEvent quotas (FACTS.md): 5 requests/s per actor and session
 * with conversational payloads, 10/s without, 200/s per account. Requests of one actor and
 * session go one at a time (`burst: 1`), each at least one interval after the previous answer.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_CREATE_EVENT_RATES.conversational); // { perSecond: 5, burst: 1 }
 * ```
 */
export const DEFAULT_CREATE_EVENT_RATES: Readonly<Required<CreateEventRates>> = Object.freeze({
  conversational: DEFAULT_CREATE_EVENT_RATE,
  withoutConversational: { perSecond: 10, burst: 1 },
  perAccount: { perSecond: 200, burst: 1 },
});

/**
 * The rates a handle paces to, from its `createEventRate` option: the defaults, one
 * {@link PacingRate} for both kinds of (actor, session) lanes, the given {@link CreateEventRates}
 * over the defaults, or `false` (no pacing).
 * @internal
 */
export function resolveCreateEventRates(
  option: PacingRate | CreateEventRates | false | undefined,
): Required<CreateEventRates> | false {
  if (option === false) return false;
  if (option === undefined) return DEFAULT_CREATE_EVENT_RATES;
  if (typeof option !== 'object' || option === null) {
    throw new ValidationError(
      'createEventRate',
      'createEventRate must be a rate, the CreateEvent rates, or false',
      RATE_FIX,
    );
  }
  if ('perSecond' in option || 'burst' in option) {
    const rate = checkRate(option, 'createEventRate');
    return { ...DEFAULT_CREATE_EVENT_RATES, conversational: rate, withoutConversational: rate };
  }
  const rates = option as CreateEventRates;
  const pick = (name: 'conversational' | 'withoutConversational'): PacingRate =>
    rates[name] === undefined
      ? DEFAULT_CREATE_EVENT_RATES[name]
      : checkRate(rates[name], `createEventRate.${name}`);
  return {
    conversational: pick('conversational'),
    withoutConversational: pick('withoutConversational'),
    perAccount:
      rates.perAccount === undefined
        ? DEFAULT_CREATE_EVENT_RATES.perAccount
        : rates.perAccount === false
          ? false
          : checkRate(rates.perAccount, 'createEventRate.perAccount'),
  };
}

const RATE_FIX =
  'Use { perSecond: > 0, burst: ≥ 1 }, { conversational?, withoutConversational?, perAccount? } of those, or false to turn pacing off.';

/** A {@link PacingRate} option, checked: `perSecond` > 0, `burst` ≥ 1. @internal */
export function checkRate(rate: unknown, field: string, fix = RATE_FIX): PacingRate {
  const { perSecond, burst } = (typeof rate === 'object' && rate !== null ? rate : {}) as Partial<PacingRate>;
  if (
    typeof perSecond !== 'number' ||
    typeof burst !== 'number' ||
    !(Number.isFinite(perSecond) && perSecond > 0) ||
    !(Number.isFinite(burst) && burst >= 1)
  ) {
    throw new ValidationError(field, `${field} is not a rate`, fix);
  }
  return { perSecond, burst };
}

/**
 * The IngestData quotas a memory handle paces to: each a {@link PacingRate}; `perAccount` may be
 * `false` (no account-wide pacing).
 *
 * @example
 * ```ts
 * client.memory(memoryArn, { ingestDataRate: { perSession: { perSecond: 5, burst: 1 }, perAccount: false } });
 * ```
 */
export interface IngestDataRates {
  /** Per actor and session. Default 5/s, one at a time. */
  perSession?: PacingRate;
  /**
   * Every IngestData of the handle: AgentCore's 10 requests per second per account (which
   * account a cross-account call counts against is not documented). `false`: no account pacing.
   */
  perAccount?: PacingRate | false;
}

/**
 * The AgentCore quotas page's IngestData quotas (FACTS.md): 5 requests/s per actor and session,
 * 10/s per account. Requests of one actor and session go one at a time (`burst: 1`); a request
 * without a session id (AgentCore makes one up) is paced by the account line only.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_INGEST_DATA_RATES.perAccount); // { perSecond: 10, burst: 1 }
 * ```
 */
export const DEFAULT_INGEST_DATA_RATES: Readonly<Required<IngestDataRates>> = Object.freeze({
  perSession: { perSecond: 5, burst: 1 },
  perAccount: { perSecond: 10, burst: 1 },
});

/**
 * The rates a handle paces IngestData to, from its `ingestDataRate` option: the defaults, the
 * given {@link IngestDataRates} over them, or `false` (no pacing).
 * @internal
 */
export function resolveIngestDataRates(
  option: IngestDataRates | false | undefined,
): Required<IngestDataRates> | false {
  if (option === false) return false;
  if (option === undefined) return DEFAULT_INGEST_DATA_RATES;
  if (typeof option !== 'object' || option === null) {
    throw new ValidationError(
      'ingestDataRate',
      'ingestDataRate must be the IngestData rates, or false',
      INGEST_FIX,
    );
  }
  return {
    perSession:
      option.perSession === undefined
        ? DEFAULT_INGEST_DATA_RATES.perSession
        : checkRate(option.perSession, 'ingestDataRate.perSession', INGEST_FIX),
    perAccount:
      option.perAccount === undefined
        ? DEFAULT_INGEST_DATA_RATES.perAccount
        : option.perAccount === false
          ? false
          : checkRate(option.perAccount, 'ingestDataRate.perAccount', INGEST_FIX),
  };
}

const INGEST_FIX =
  'Use { perSession?: { perSecond: > 0, burst: ≥ 1 }, perAccount?: { perSecond, burst } or false }, or false to turn pacing off.';

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

/**
 * The three CreateEvent quotas of one memory handle: the (actor, session) lanes of each payload
 * kind, then the account line every request passes through.
 * @internal
 */
export class CreateEventPacer {
  readonly #conversational: Pacer;
  readonly #other: Pacer;
  readonly #account: Pacer | undefined;

  constructor(rates: Required<CreateEventRates>, clock?: ConstructorParameters<typeof Pacer>[1]) {
    this.#conversational = new Pacer(rates.conversational, clock);
    this.#other = new Pacer(rates.withoutConversational, clock);
    this.#account = rates.perAccount === false ? undefined : new Pacer(rates.perAccount, clock);
  }

  /**
   * Sends one CreateEvent of (`actorId`, `sessionId`) when both its lane and the account allow:
   * the lane holds one request at a time; the account line only spaces their departures.
   */
  run<T>(
    lane: { actorId: string; sessionId: string; conversational: boolean },
    send: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const pacer = lane.conversational ? this.#conversational : this.#other;
    return throughLanes(pacer, this.#account, `${lane.actorId}\u0000${lane.sessionId}`, send, signal);
  }
}

/**
 * Sends through a session lane (one request at a time, `undefined`: no lane) and then the
 * account line, which only spaces departures.
 */
function throughLanes<T>(
  lanes: Pacer | undefined,
  account: Pacer | undefined,
  key: string,
  send: () => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  const paced = account === undefined ? send : () => account.take('', signal).then(send);
  return lanes === undefined ? paced() : lanes.run(key, paced, signal);
}

/**
 * The two IngestData quotas of one memory handle: the (actor, session) lanes, then the account
 * line.
 * @internal
 */
export class IngestDataPacer {
  readonly #session: Pacer;
  readonly #account: Pacer | undefined;

  constructor(rates: Required<IngestDataRates>, clock?: ConstructorParameters<typeof Pacer>[1]) {
    this.#session = new Pacer(rates.perSession, clock);
    this.#account = rates.perAccount === false ? undefined : new Pacer(rates.perAccount, clock);
  }

  /** Sends one IngestData of (`actorId`, `sessionId`); without a session id, the account line only. */
  run<T>(
    lane: { actorId: string; sessionId: string | undefined },
    send: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const lanes = lane.sessionId === undefined ? undefined : this.#session;
    return throughLanes(lanes, this.#account, `${lane.actorId}\u0000${lane.sessionId ?? ''}`, send, signal);
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
