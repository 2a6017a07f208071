/**
 * Policy builders: the resource, identity and trust policies cross-account AgentCore needs.
 * Pure; no AWS SDK. Every builder refuses what AWS would reject or what would silently deny.
 * @module
 */
export {
  AGENTCORE_SERVICE_PRINCIPAL,
  type DeliveryCreateMemoryInput,
  type DeliveryDestinationPolicies,
  type KinesisStreamDeliveryResource,
  type MemoryDeliverySetup,
  type MemoryDeliverySetupInput,
  memoryDeliverySetup,
  type SelfManagedMemoryStrategyInput,
} from './delivery.js';
export {
  DEFAULT_GATEWAY_SID,
  type GatewayAccessPolicyInput,
  gatewayAccessPolicy,
} from './gateway.js';
export {
  DEFAULT_HARNESS_SID,
  type HarnessAccessPolicies,
  type HarnessAccessPoliciesInput,
  harnessAccessPolicies,
} from './harness.js';
export {
  type CallerIdentityPolicyInput,
  callerIdentityPolicy,
  IDENTITY_SIDS,
  type InvokerRolePolicyInput,
  invokerRolePolicy,
  type MemoryAccess,
} from './identity.js';
export {
  MEMORY_READ_SID,
  MEMORY_WRITE_SID,
  type MemoryAccessPolicyInput,
  type MemoryPolicyStatementInput,
  memoryAccessPolicy,
} from './memory.js';
export {
  DEFAULT_RUNTIME_SID,
  type RuntimeAccessPolicies,
  type RuntimeAccessPoliciesInput,
  runtimeAccessPolicies,
} from './runtime.js';
export { type AssumeRoleTrustPolicyInput, assumeRoleTrustPolicy, TRUST_SIDS } from './trust.js';
