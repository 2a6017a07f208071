/**
 * ExpiringMap: state the emulator keeps only for a while (AWS's idempotency window, a runtime
 * session's lifetime, a rate bucket until it refills) is gone after it, swept as the map is written.
 */
import { describe, expect, it } from 'vitest';
import { ExpiringMap } from '../../../src/testing/expiring-map.js';
import { RateLimiter } from '../../../src/testing/memory/rate-limit.js';

describe('ExpiringMap', () => {
  it('never returns an expired entry, swept or not', () => {
    let clock = 0;
    const map = new ExpiringMap<string, number>(() => clock);
    map.set('a', 1, 100);
    expect(map.get('a')).toBe(1);
    clock = 99;
    expect(map.get('a')).toBe(1);
    clock = 100;
    expect(map.get('a')).toBeUndefined();
    expect(map.delete('a')).toBe(false);
  });

  it('sweeps expired entries from the oldest end on every write', () => {
    let clock = 0;
    const map = new ExpiringMap<number, number>(() => clock);
    for (let i = 0; i < 10_000; i++) {
      clock += 10;
      map.set(i, i, clock + 1_000);
    }
    // Only the entries set within the last 1,000 ms are held.
    expect(map.size).toBe(100);
    expect(map.keys()[0]).toBe(9_900);
  });

  it('a re-set moves an entry to the newest end and renews it', () => {
    let clock = 0;
    const map = new ExpiringMap<string, number>(() => clock);
    map.set('old', 1, 50);
    map.set('other', 2, 50);
    map.set('old', 3, 500);
    expect(map.keys()).toEqual(['other', 'old']);
    clock = 60;
    map.set('new', 4, 600);
    expect(map.keys()).toEqual(['old', 'new']);
    expect(map.size).toBe(2);
  });
});

describe('RateLimiter memory', () => {
  it('forgets a bucket once it has refilled: one key per session does not grow the limiter', () => {
    let clock = 0;
    const limiter = new RateLimiter({ perSecond: 5, burst: 1 }, () => clock);
    for (let session = 0; session < 10_000; session++) {
      clock += 50;
      expect(limiter.take(`memory\u0000actor\u0000session-${session}`)).toBe(true);
    }
    // A bucket refills in 200 ms: only the last four are still held.
    expect(limiter.size).toBeLessThanOrEqual(5);
  });

  it('still paces one key: a forgotten bucket is a full one', () => {
    let clock = 0;
    const limiter = new RateLimiter({ perSecond: 0.25, burst: 1 }, () => clock);
    expect(limiter.take('k')).toBe(true);
    clock = 3_999;
    expect(limiter.take('k')).toBe(false);
    clock = 8_000;
    expect(limiter.take('k')).toBe(true);
    clock = 100_000;
    expect(limiter.take('k')).toBe(true);
    expect(limiter.take('k')).toBe(false);
  });
});
