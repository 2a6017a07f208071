import { describe, expect, it } from 'vitest';

import { beforeAndAfter, planTheFix } from '../../../examples/failing-call.js';

describe('examples/failing-call.ts (the five-minute guide)', () => {
  it("names identity-wrong-account for the field report's policy, and allows after the fix", () => {
    const lines: string[] = [];
    const [before, after] = beforeAndAfter((line) => lines.push(line));
    expect(before.decision).toBe('implicit-deny');
    expect(before.causes.map((c) => c.code)).toContain('identity-wrong-account');
    expect(after.decision).toBe('allow');
    expect(lines.at(-1)).toBe('after: allow');
  });

  it('plans the one change that fixes it: the identity policy, with its command', () => {
    const lines: string[] = [];
    const plan = planTheFix((line) => lines.push(line));
    expect(plan.changes.map((c) => [c.code, c.policyKind, c.policyName])).toEqual([
      ['identity-wrong-account', 'identity', 'agentcore-invoke'],
    ]);
    expect(lines[1]).toMatch(
      /^aws iam put-role-policy --role-name 'the-caller-role' --policy-name 'agentcore-invoke'/,
    );
    expect(lines.at(-1)).toBe('after the plan: allow');
  });
});
