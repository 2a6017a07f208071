/**
 * The diagnosis engine: the evaluator, the linter and the fix planner in one object, for an
 * AccessDenied diagnosis to prove its causes with (`diagnose: { policies, engine: DIAGNOSIS_ENGINE }`).
 * @module
 */
import { explainAccess } from './evaluate/explain.js';
import type { AccessPolicies, AccessRequest, Explanation } from './evaluate/types.js';
import { planAccessFix } from './fix/plan.js';
import type { AccessFixPlan, PlanAccessFixOptions } from './fix/types.js';
import { lintAccessSetup } from './lint/lint-access-setup.js';
import type { LintAccessSetupInput } from './lint/types.js';
import type { Finding } from './types.js';

/**
 * The evaluator, linter and fix planner a diagnosis proves its causes with. Its shape is the
 * diagnosis' `DiagnosisEngine`.
 *
 * @example
 * ```ts
 * const engine: PolicyEngine = DIAGNOSIS_ENGINE;
 * engine.explain(request, policies).decision;
 * ```
 */
export interface PolicyEngine {
  /** `explainAccess`: proves the cause of a denial from the policies. */
  explain(request: AccessRequest, policies: AccessPolicies): Explanation;
  /** `lintAccessSetup`: the lint errors of the policies become likely causes. */
  lint(input: LintAccessSetupInput): Finding[];
  /** `planAccessFix`: the smallest change that allows the request (`diagnosis.fix`). */
  planFix(request: AccessRequest, policies: AccessPolicies, options?: PlanAccessFixOptions): AccessFixPlan;
}

/**
 * `explainAccess`, `lintAccessSetup` and `planAccessFix` in one object: give it to a client (or
 * to the SDK plugin) with the policies, and every AccessDenied it throws carries proven causes,
 * the lint errors of the policies, and `diagnosis.fix`. A client that is not given it does not
 * load the evaluator (Lambda cold starts).
 *
 * @example
 * ```ts
 * import { CrossAccountAgentClient } from 'agentcore-xacct';
 * import { DIAGNOSIS_ENGINE } from 'agentcore-xacct/policy';
 * const client = new CrossAccountAgentClient({ diagnose: { policies, engine: DIAGNOSIS_ENGINE } });
 * ```
 */
// Pure: a bundler drops it (and the evaluator with it) from a program that does not use it.
export const DIAGNOSIS_ENGINE: PolicyEngine = /* @__PURE__ */ Object.freeze({
  explain: explainAccess,
  lint: lintAccessSetup,
  planFix: planAccessFix,
});
