/**
 * Every lint rule, in the order findings are reported.
 * @internal
 */
import type { LintRule } from '../types.js';
import { actionNotApplicableRule } from './action-not-applicable.js';
import { broadPrincipalRule } from './broad-principal.js';
import { conditionKeyNotApplicableRule } from './condition-key-not-applicable.js';
import { duplicateSidRule } from './duplicate-sid.js';
import { forUserNeedsInvokeRule } from './for-user-needs-invoke.js';
import { harnessMissingInvokeRuntimeRule } from './harness-missing-invoke-runtime.js';
import { identityMissingEndpointRule } from './identity-missing-endpoint.js';
import { identityWrongAccountRule } from './identity-wrong-account.js';
import { invalidPolicyRule } from './invalid-policy.js';
import { missingVersionRule } from './missing-version.js';
import { mixedReadWriteRule } from './mixed-read-write.js';
import { policyNearLimitRule } from './policy-near-limit.js';
import { policyTooLargeRule } from './policy-too-large.js';
import { resourceMismatchRule } from './resource-mismatch.js';
import { resourceWildcardRule } from './resource-wildcard.js';
import { sourceAccountConditionRule } from './source-account-condition.js';
import { unknownActionRule } from './unknown-action.js';
import { unknownConditionOperatorRule } from './unknown-condition-operator.js';
import { wildcardPrincipalRule } from './wildcard-principal.js';

/** @internal */
export const RULES: readonly LintRule[] = [
  invalidPolicyRule,
  policyTooLargeRule,
  policyNearLimitRule,
  missingVersionRule,
  duplicateSidRule,
  unknownActionRule,
  actionNotApplicableRule,
  unknownConditionOperatorRule,
  conditionKeyNotApplicableRule,
  resourceWildcardRule,
  resourceMismatchRule,
  sourceAccountConditionRule,
  wildcardPrincipalRule,
  broadPrincipalRule,
  identityWrongAccountRule,
  identityMissingEndpointRule,
  forUserNeedsInvokeRule,
  harnessMissingInvokeRuntimeRule,
  mixedReadWriteRule,
];
