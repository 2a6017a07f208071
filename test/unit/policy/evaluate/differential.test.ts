/**
 * Differential test: explainAccess against an independent evaluator, @cloud-copilot/iam-simulate
 * (AGPL: a test oracle only, never imported from src), on seeded generated cases
 * (test/fixtures/differential/generator.ts).
 *
 * Every disagreement must be one of the documented exception classes
 * (test/fixtures/differential/exceptions.md), where the AWS documentation shows the oracle wrong,
 * and is proven to be that class by the two agreeing once the feature at fault is taken out of the
 * case (exceptions.ts). Outside the exceptions, agreement must be at least 99.5 %.
 *
 * Cases: DIFFERENTIAL_CASES (CI sets 10000 in .ci/run), 2000 by default.
 */

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainAccess } from '../../../../src/policy/evaluate/index.js';
import type { Decision } from '../../../../src/policy/evaluate/types.js';
import { classify, EXCEPTIONS } from '../../../fixtures/differential/exceptions.js';
import { type Case, caseArb, simulate } from '../../../fixtures/differential/generator.js';
import { loadScenarios, type Scenario } from './scenarios.js';

const RUNS = Number(process.env.DIFFERENTIAL_CASES ?? 2000);
const SEED = 20_261_116;

function ours(c: Case) {
  const explanation = explainAccess(c.request, c.policies);
  const evaluation = explanation.evaluations.find((e) => e.resourceArn === c.request.resourceArn);
  if (evaluation === undefined) throw new Error('no evaluation for the requested ARN');
  return { explanation, decision: evaluation.decision };
}

describe('explainAccess against @cloud-copilot/iam-simulate', () => {
  it(`agrees on ${RUNS} generated cases outside the documented exceptions`, async () => {
    const cases = fc.sample(caseArb, { numRuns: RUNS, seed: SEED });
    let agreements = 0;
    const documented: Record<string, number> = {};
    const unexplained: Array<{ c: Case; ours: Decision; theirs: Decision }> = [];
    const decisions: Record<Decision, number> = { allow: 0, 'implicit-deny': 0, 'explicit-deny': 0 };
    for (const c of cases) {
      const { explanation, decision } = ours(c);
      const context = { ...explanation.request.context };
      const theirs = await simulate(c, context);
      decisions[decision]++;
      if (theirs === decision) {
        agreements++;
        continue;
      }
      const name = await classify({ c, context, ours: decision, theirs }, (x) => {
        const result = ours(x);
        return { decision: result.decision, context: { ...result.explanation.request.context } };
      });
      if (name === undefined) unexplained.push({ c, ours: decision, theirs });
      else documented[name] = (documented[name] ?? 0) + 1;
    }
    const exceptions = Object.values(documented).reduce((a, b) => a + b, 0);
    const outside = cases.length - exceptions;
    const rate = outside === 0 ? 1 : agreements / outside;
    console.log(
      [
        `differential: ${cases.length} cases (seed ${SEED}), ${agreements} agree, ${exceptions} documented exceptions, ${unexplained.length} unexplained`,
        `  agreement outside the documented exceptions: ${(rate * 100).toFixed(2)}% (${agreements}/${outside}); raw agreement ${((agreements / cases.length) * 100).toFixed(2)}%`,
        `  exceptions by class: ${JSON.stringify(documented)}`,
        `  our decisions: ${JSON.stringify(decisions)}`,
      ].join('\n'),
    );
    if (process.env.DIFF_DUMP) console.log(JSON.stringify(unexplained.slice(0, 5), null, 1));
    expect(cases.length).toBe(RUNS);
    // The generator must exercise every outcome, or the agreement proves little.
    expect(decisions.allow).toBeGreaterThan(RUNS / 20);
    expect(decisions['explicit-deny']).toBeGreaterThan(RUNS / 20);
    expect(decisions['implicit-deny']).toBeGreaterThan(RUNS / 20);
    expect(rate).toBeGreaterThanOrEqual(0.995);
  }, 600_000);

  it('documents every exception class in exceptions.md, with the AWS text it follows', () => {
    const page = readFileSync(
      new URL('../../../fixtures/differential/exceptions.md', import.meta.url),
      'utf8',
    );
    for (const exception of EXCEPTIONS) {
      const start = page.indexOf(`\n## ${exception.name}\n`);
      expect(start, exception.name).toBeGreaterThan(-1);
      const next = page.indexOf('\n## ', start + 1);
      const section = page.slice(start, next === -1 ? undefined : next);
      expect(section).toContain('**AWS documents:**');
      expect(section).toContain('https://docs.aws.amazon.com/');
      expect(section).toContain('**iam-simulate:**');
      expect(section).toContain('**Scenario:**');
    }
  });

  const scenarios = loadScenarios().filter(
    (s): s is Scenario & { iamSimulate: NonNullable<Scenario['iamSimulate']> } => s.iamSimulate !== undefined,
  );

  it('has a scenario for every documented exception', () => {
    const names = new Set(scenarios.map((s) => s.name));
    for (const exception of EXCEPTIONS) expect(names).toContain(exception.scenario);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: iam-simulate answers differently',
    async (_name, s) => {
      const { explanation } = ours({ request: s.request, policies: s.policies });
      expect(explanation.decision).toBe(s.expected.decision);
      expect(await simulate({ request: s.request, policies: s.policies }, explanation.request.context)).toBe(
        s.iamSimulate.decision,
      );
      expect(s.iamSimulate.decision).not.toBe(s.expected.decision);
    },
  );
});
