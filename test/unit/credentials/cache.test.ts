import { describe, expect, it } from 'vitest';
import { SharedCredentials } from '../../../src/credentials/cache.js';
import type { ResolvedCredentials } from '../../../src/credentials/types.js';
import { credentialFetchErrors } from '../../../src/retry.js';

const MIN = 60_000;

/** A fetcher whose calls the test resolves by hand, and a clock the test moves. */
function harness(lifetimeMs: number | null = 60 * MIN) {
  let now = 1_000_000;
  let calls = 0;
  const pending: Array<{ resolve: (c: ResolvedCredentials) => void; reject: (e: unknown) => void }> = [];
  const warnings: unknown[][] = [];
  const entry = new SharedCredentials(
    'test',
    () => {
      calls++;
      return new Promise<ResolvedCredentials>((resolve, reject) => pending.push({ resolve, reject }));
    },
    { now: () => now, logger: { warn: (...args: unknown[]) => warnings.push(args) } },
  );
  const issue = (n: number): ResolvedCredentials => ({
    accessKeyId: `ASIA${n}`,
    secretAccessKey: `secret-${n}`,
    sessionToken: `token-${n}`,
    ...(lifetimeMs === null ? {} : { expiration: new Date(now + lifetimeMs) }),
  });
  return {
    entry,
    warnings,
    calls: () => calls,
    tick: (ms: number) => {
      now += ms;
    },
    settle: async (n: number) => {
      pending.shift()?.resolve(issue(n));
      await Promise.resolve();
    },
    fail: async (error: unknown) => {
      pending.shift()?.reject(error);
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('SharedCredentials', () => {
  it('one fetch however many concurrent callers', async () => {
    const h = harness();
    const all = Array.from({ length: 100 }, () => h.entry.get());
    await h.settle(1);
    const results = await Promise.all(all);
    expect(h.calls()).toBe(1);
    expect(new Set(results.map((c) => c.accessKeyId))).toEqual(new Set(['ASIA1']));
  });

  it('credentials without expiry are fetched once, never refreshed', async () => {
    const h = harness(null);
    const first = h.entry.get();
    await h.settle(1);
    await first;
    h.tick(365 * 24 * 60 * MIN);
    expect((await h.entry.get()).accessKeyId).toBe('ASIA1');
    expect(h.calls()).toBe(1);
  });

  it('within the refresh window: answers at once with the current credentials and refreshes once in the background', async () => {
    const h = harness();
    const first = h.entry.get();
    await h.settle(1);
    await first;
    h.tick(55 * MIN);
    const during = await Promise.all(Array.from({ length: 20 }, () => h.entry.get()));
    expect(during.every((c) => c.accessKeyId === 'ASIA1')).toBe(true);
    expect(h.calls()).toBe(2);
    await h.settle(2);
    await Promise.resolve();
    expect((await h.entry.get()).accessKeyId).toBe('ASIA2');
    expect(h.calls()).toBe(2);
  });

  it('a failed background refresh keeps the current credentials, warns without secrets and waits before retrying', async () => {
    const h = harness();
    const first = h.entry.get();
    await h.settle(1);
    await first;
    h.tick(55 * MIN);
    expect((await h.entry.get()).accessKeyId).toBe('ASIA1');
    await h.fail(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    expect(h.warnings).toHaveLength(1);
    expect(JSON.stringify(h.warnings)).not.toContain('secret-1');
    expect((await h.entry.get()).accessKeyId).toBe('ASIA1');
    expect(h.calls()).toBe(2);
    h.tick(11_000);
    await h.entry.get();
    expect(h.calls()).toBe(3);
  });

  it('under a minute left: callers wait for the refresh (one fetch)', async () => {
    const h = harness();
    const first = h.entry.get();
    await h.settle(1);
    await first;
    h.tick(59.5 * MIN);
    const waiting = Promise.all([h.entry.get(), h.entry.get(), h.entry.get()]);
    await h.settle(2);
    expect((await waiting).map((c) => c.accessKeyId)).toEqual(['ASIA2', 'ASIA2', 'ASIA2']);
    expect(h.calls()).toBe(2);
  });

  it.each([
    ['15-minute session', 15 * MIN, 7 * MIN, 8 * MIN],
    ['1-hour session (role chaining cap)', 60 * MIN, 49 * MIN, 51 * MIN],
  ])(
    'a %s refreshes no earlier than half its life or 10 minutes before expiry',
    async (_name, lifetime, before, after) => {
      const h = harness(lifetime);
      const first = h.entry.get();
      await h.settle(1);
      await first;
      h.tick(before);
      await h.entry.get();
      expect(h.calls()).toBe(1);
      h.tick(after - before);
      await h.entry.get();
      expect(h.calls()).toBe(2);
    },
  );

  it('a failed fetch rejects every waiting caller, is marked as a credential error, and the next call fetches again', async () => {
    const h = harness();
    const waiting = Promise.allSettled([h.entry.get(), h.entry.get()]);
    const error = new Error('denied');
    await h.fail(error);
    expect((await waiting).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(credentialFetchErrors.has(error)).toBe(true);
    const again = h.entry.get();
    await h.settle(2);
    expect((await again).accessKeyId).toBe('ASIA2');
  });

  it('the provider is marked memoized so the SDK does not add its own per-client memo', () => {
    expect(harness().entry.provider.memoized).toBe(true);
  });
});
