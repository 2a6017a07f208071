/**
 * Loads the scenario fixtures (test/fixtures/scenarios/*.json): one request, the policies known,
 * the decision AWS reaches and the cause codes expected first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { AccessPolicies, AccessRequest, Decision } from '../../../../src/policy/evaluate/index.js';

/** One scenario file. */
export interface Scenario {
  /** The file name without `.json`; also the test name. */
  name: string;
  description: string;
  request: AccessRequest;
  policies: AccessPolicies;
  expected: {
    decision: Decision;
    /** The codes `causes` must start with, in order (`[]` for an allowed request: no causes at all). */
    causes: string[];
    /** Decision per authorized ARN, when the scenario pins it. */
    evaluations?: Array<{ resourceArn: string; decision: Decision }>;
  };
  /**
   * For a scenario that documents a disagreement with @cloud-copilot/iam-simulate: what it answers,
   * and the AWS documentation our answer follows.
   */
  iamSimulate?: { decision: Decision; limitation: string; documentation: string };
}

const DIR = new URL('../../../fixtures/scenarios/', import.meta.url);

/** Every scenario, sorted by name. */
export function loadScenarios(): Scenario[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const scenario = JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Scenario;
      if (scenario.name !== f.slice(0, -'.json'.length)) {
        throw new Error(`Scenario ${f}: "name" must be the file name without .json, got ${scenario.name}`);
      }
      return scenario;
    });
}
