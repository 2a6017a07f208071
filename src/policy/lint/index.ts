/**
 * The policy linter: one document ({@link lintPolicy}) or a whole cross-account setup
 * ({@link lintAccessSetup}). Static analysis only; pure, no AWS SDK.
 * @module
 */
export { lintAccessSetup } from './lint-access-setup.js';
export { lintPolicy } from './lint-policy.js';
export type {
  GatewayLintTarget,
  HarnessLintTarget,
  LintAccessSetupInput,
  LintPolicyKind,
  LintPolicyOptions,
  LintTarget,
  MemoryLintTarget,
  RuntimeLintTarget,
} from './types.js';
