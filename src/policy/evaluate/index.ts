/**
 * Offline IAM evaluation of AgentCore requests: AWS's decision, per ARN and per policy, and the
 * ranked causes of a denial. Pure: no AWS SDK, no I/O.
 * @module
 */
export { type ContextInput, deriveRequestContext } from './context.js';
export { explainAccess } from './explain.js';
export type {
  AccessPolicies,
  AccessRequest,
  ArnEvaluation,
  Cause,
  ContextValue,
  Decision,
  Explanation,
  FailedElement,
  OrganizationLevel,
  PolicyEvaluation,
  PolicyKind,
  StatementEvaluation,
  VpcEndpointPolicy,
} from './types.js';
