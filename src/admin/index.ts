/**
 * Account A: grant, verify and revoke cross-account access through the AgentCore control plane,
 * and create a memory that delivers to Account B. `@aws-sdk/client-bedrock-agentcore-control`
 * is loaded only when a function sends a request.
 * @module
 */
export {
  type AppliedFix,
  type ApplyAccessFixOptions,
  type ApplyAccessFixResult,
  applyAccessFix,
  type IamAccess,
} from './apply-fix.js';
export {
  type AccountSteps,
  type CreateCrossAccountMemoryOptions,
  type CreateCrossAccountMemoryResult,
  type CrossAccountMemoryInput,
  createCrossAccountMemory,
} from './delivery.js';
export {
  type GrantMemoryAccessOptions,
  type GrantRuntimeAccessOptions,
  grantMemoryAccess,
  grantRuntimeAccess,
} from './grant.js';
export {
  type RevokeConfirmation,
  type RevokeMemoryAccessInput,
  type RevokeMemoryAccessOptions,
  type RevokeRuntimeAccessInput,
  type RevokeRuntimeAccessOptions,
  type RevokeScope,
  revokeMemoryAccess,
  revokeRuntimeAccess,
} from './revoke.js';
export type {
  AccessLoss,
  AdminOptions,
  AdminResult,
  ChangeStatus,
  ControlClientConfigOption,
  ControlClientOption,
  ControlPlaneAccess,
  OfflinePlan,
  PolicyChange,
  PolicyDiff,
  ResidualAccess,
  RevokeResult,
  VerifiedPolicy,
  VerifyAccessInput,
  VerifyAccessOptions,
  VerifyAccessResult,
} from './types.js';
export { verifyAccess } from './verify.js';
