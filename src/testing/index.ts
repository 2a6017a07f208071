/**
 * `agentcore-xacct/testing`: a local AgentCore emulator (data plane, control-plane resource
 * policies, STS, SigV4 and IAM enforcement) for the unmodified AWS SDK v3 clients.
 *
 * @module agentcore-xacct/testing
 */
export type { FaultKind, FaultRule, FaultScriptStep, ItemFaultRule } from './faults.js';
export type {
  FailedExtractionJobSeed,
  MemorySpec,
  MemoryStore,
  MemoryStoreOptions,
  RateLimit,
} from './memory/index.js';
export {
  type EmulatorClientConfig,
  type LocalAgentCore,
  type LocalAgentCoreOptions,
  type RecordedRequest,
  startLocalAgentCore,
} from './server.js';
export type {
  AccountSpec,
  AgentHandler,
  AgentInvocation,
  AgentKind,
  AgentReply,
  EmulatorCredentials,
  GatewaySpec,
  HarnessSpec,
  PrincipalSpec,
  RuntimeSpec,
} from './world.js';
