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
export { auditAccount } from './audit.js';
export type {
  AccountAudit,
  AuditAccountInput,
  AuditAccountOptions,
  AuditedResource,
  AuditedResourceType,
  AuditPacing,
  AuditProgress,
  AuditSummary,
  DriftFixResult,
  FixDriftOptions,
  ListFailure,
  UnreadablePolicy,
} from './audit-types.js';
export {
  type AccountSteps,
  type CreateCrossAccountMemoryOptions,
  type CreateCrossAccountMemoryResult,
  type CrossAccountMemoryInput,
  createCrossAccountMemory,
} from './delivery.js';
export type { Drift, DriftCode, Grant } from './drift.js';
export { fixDrift } from './fix-drift.js';
export {
  type GrantGatewayAccessOptions,
  type GrantHarnessAccessOptions,
  type GrantMemoryAccessOptions,
  type GrantRuntimeAccessOptions,
  grantGatewayAccess,
  grantHarnessAccess,
  grantMemoryAccess,
  grantRuntimeAccess,
} from './grant.js';
export {
  type RevokeConfirmation,
  type RevokeGatewayAccessInput,
  type RevokeGatewayAccessOptions,
  type RevokeHarnessAccessInput,
  type RevokeHarnessAccessOptions,
  type RevokeMemoryAccessInput,
  type RevokeMemoryAccessOptions,
  type RevokeRuntimeAccessInput,
  type RevokeRuntimeAccessOptions,
  type RevokeScope,
  revokeGatewayAccess,
  revokeHarnessAccess,
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
