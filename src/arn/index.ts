/**
 * ARNs of AgentCore resources and IAM principals: parse, format, resolve. Pure; no AWS SDK.
 * @module
 */
export {
  type ArnFormatInput,
  endpointArn,
  formatArn,
  gatewayArn,
  harnessArn,
  harnessArnOf,
  harnessEndpointArn,
  memoryArn,
  type ResourceLocation,
  runtimeArn,
  runtimeArnOf,
} from './format.js';
export {
  type AgentCoreArn,
  type AgentCoreResourceType,
  type ArnBase,
  type GatewayArnParts,
  type HarnessArnParts,
  type HarnessEndpointArnParts,
  isAgentCoreArn,
  type MemoryArnParts,
  parseArn,
  type RuntimeArnParts,
  type RuntimeEndpointArnParts,
} from './parse.js';
export { PARTITIONS, type Partition } from './patterns.js';
export {
  accountRootArn,
  type PrincipalArnParts,
  type PrincipalKind,
  parsePrincipalArn,
} from './principal.js';
