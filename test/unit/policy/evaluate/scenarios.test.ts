import { describe, expect, it } from 'vitest';
import { explainAccess } from '../../../../src/policy/evaluate/index.js';
import { loadScenarios } from './scenarios.js';

const scenarios = loadScenarios();

describe('explainAccess scenarios (test/fixtures/scenarios)', () => {
  it('has the seed scenarios', () => {
    const names = scenarios.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'seed-000-correct-setup',
        'seed-000-gotcha-1-endpoint-policy-missing',
        'seed-000-gotcha-2-resource-wildcard',
        'seed-000-gotcha-3-source-account-condition',
        'seed-000-gotcha-4-identity-wrong-account',
      ]),
    );
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    const explanation = explainAccess(scenario.request, scenario.policies);
    const codes = explanation.causes.map((c) => c.code);
    expect({
      decision: explanation.decision,
      causes: codes.slice(0, scenario.expected.causes.length),
    }).toEqual({ decision: scenario.expected.decision, causes: scenario.expected.causes });
    if (scenario.expected.decision === 'allow') expect(explanation.causes).toEqual([]);
    else expect(explanation.causes.length).toBeGreaterThan(0);
    for (const pinned of scenario.expected.evaluations ?? []) {
      expect(explanation.evaluations.find((e) => e.resourceArn === pinned.resourceArn)?.decision).toBe(
        pinned.decision,
      );
    }
    for (const cause of explanation.causes) {
      expect(cause.message.length).toBeGreaterThan(20);
      expect(cause.fix.length).toBeGreaterThan(10);
    }
  });
});
