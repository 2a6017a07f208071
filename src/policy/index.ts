/**
 * `agentcore-xacct/policy`: ARNs, policy builders, lint and offline explanation of access
 * decisions. Pure: imports no AWS SDK, so it runs in a browser, a CDK app or a CI job.
 *
 * @module agentcore-xacct/policy
 */

export {
  type AgentCoreArn,
  type AgentCoreResourceType,
  type ArnBase,
  type ArnFormatInput,
  accountRootArn,
  endpointArn,
  formatArn,
  type GatewayArnParts,
  isAgentCoreArn,
  type MemoryArnParts,
  memoryArn,
  PARTITIONS,
  type Partition,
  type PrincipalArnParts,
  type PrincipalKind,
  parseArn,
  parsePrincipalArn,
  type ResourceLocation,
  type RuntimeArnParts,
  type RuntimeEndpointArnParts,
  runtimeArn,
  runtimeArnOf,
} from '../arn/index.js';
export {
  AgentCoreXacctError,
  type AgentCoreXacctErrorOptions,
  type ErrorCode,
  InvalidArnError,
  isAgentCoreXacctError,
  isInvalidArnError,
  isPolicyBuildError,
  isPolicyParseError,
  isValidationError,
  PolicyBuildError,
  PolicyParseError,
  ValidationError,
} from '../errors.js';
export {
  type ActionInfo,
  agentCoreAction,
  allAgentCoreActions,
  isHierarchicalRuntimeAction,
  isMemoryReadAction,
  isMemoryWriteAction,
  MEMORY_DATA_PLANE_ACTIONS,
  MEMORY_READ_ACTIONS,
  MEMORY_WRITE_ACTIONS,
  type MemoryAction,
  qualifyAction,
  RUNTIME_INVOKE_ACTIONS,
  SERVICE_PREFIX,
} from './actions.js';
export { MAX_PARSE_LENGTH, parsePolicyDocument, statementsOf } from './document.js';
export type {
  CauseCode,
  ConditionElement,
  ConditionValue,
  Finding,
  FindingCode,
  LintOnlyCode,
  OneOrMany,
  PolicyDocument,
  PrincipalElement,
  ResourcePolicy,
  Severity,
  Statement,
} from './types.js';
