import { describe, expect, it } from 'vitest';

import { beforeAndAfter } from '../../../examples/failing-call.js';

describe('examples/failing-call.ts (the five-minute guide)', () => {
  it("names identity-wrong-account for the field report's policy, and allows after the fix", () => {
    const lines: string[] = [];
    const [before, after] = beforeAndAfter((line) => lines.push(line));
    expect(before.decision).toBe('implicit-deny');
    expect(before.causes.map((c) => c.code)).toContain('identity-wrong-account');
    expect(after.decision).toBe('allow');
    expect(lines.at(-1)).toBe('after: allow');
  });
});
