/**
 * A map whose entries expire on the emulator clock, swept as it is written, so state that AWS
 * keeps only for a while (idempotency replays, runtime sessions, rate buckets) stays bounded by
 * what arrived within that while, however long the emulator runs.
 * @module
 */

interface Entry<V> {
  value: V;
  /** Epoch ms (emulator clock) from which the entry is gone. */
  expiresAt: number;
}

/**
 * Entries are kept in order of their last `set`; each `set` sweeps expired entries from the
 * oldest end, so a sweep costs what it removes. An expired entry is never returned, swept or not.
 * @internal
 */
export class ExpiringMap<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The live value of `key`. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Sets `key` until `expiresAt` (epoch ms), as the newest entry, and sweeps. */
  set(key: K, value: V, expiresAt: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt });
    this.sweep();
  }

  /** Removes `key`; true when it was live. */
  delete(key: K): boolean {
    const live = this.get(key) !== undefined;
    this.#entries.delete(key);
    return live;
  }

  /** Removes expired entries from the oldest end, up to the first live one. */
  sweep(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) return;
      this.#entries.delete(key);
    }
  }

  /** Entries held (expired ones not yet swept included): what the memory bound is about. */
  get size(): number {
    return this.#entries.size;
  }

  /** The live keys, oldest first. */
  keys(): K[] {
    const now = this.#now();
    return [...this.#entries].filter(([, entry]) => entry.expiresAt > now).map(([key]) => key);
  }
}
