/**
 * The AgentCore actions this library grants, checks and explains.
 * @module
 */
import { shown, ValidationError } from '../errors.js';
import {
  AGENTCORE_ACTION_ROWS,
  HIERARCHICAL_HARNESS_ACTIONS,
  HIERARCHICAL_RUNTIME_ACTIONS,
} from './data/actions.js';

/** Service prefix of every AgentCore IAM action. */
export const SERVICE_PREFIX = 'bedrock-agentcore';

/** Actions a cross-account caller needs to invoke a runtime; the default grant of the runtime builders. */
export const RUNTIME_INVOKE_ACTIONS = [
  'bedrock-agentcore:InvokeAgentRuntime',
  'bedrock-agentcore:InvokeAgentRuntimeForUser',
  'bedrock-agentcore:GetAgentCard',
] as const;

/**
 * Runtime actions that run commands in a runtime session: InvokeAgentRuntimeCommand
 * (`POST /runtimes/{arn}/commands`, an event stream) and InvokeAgentRuntimeCommandShell (an
 * interactive shell over WebSocket). Authorized like an invocation, on the runtime and its endpoint.
 */
export const RUNTIME_COMMAND_ACTIONS = [
  'bedrock-agentcore:InvokeAgentRuntimeCommand',
  'bedrock-agentcore:InvokeAgentRuntimeCommandShell',
] as const;

/**
 * Runtime actions that invoke over a WebSocket (`/runtimes/{arn}/ws`, presigned SigV4); the
 * `ForUser` one when a user id is sent, as with InvokeAgentRuntimeForUser.
 */
export const RUNTIME_WEBSOCKET_ACTIONS = [
  'bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream',
  'bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStreamForUser',
] as const;

/**
 * What a runtime grant allows:
 * - `'invoke'` (the default): {@link RUNTIME_INVOKE_ACTIONS}, invoking and reading the agent card;
 * - `'invoke+commands'`: also {@link RUNTIME_COMMAND_ACTIONS}, running commands and a shell in the
 *   runtime's sessions;
 * - `'all'`: also {@link RUNTIME_WEBSOCKET_ACTIONS} and StopRuntimeSession: every data-plane
 *   action a caller of another account can take on a runtime. StopRuntimeSession ends a session
 *   (the caller's or another's on the same runtime), so it comes only with `'all'`.
 */
export type RuntimeActionPreset = 'invoke' | 'invoke+commands' | 'all';

/** The actions of each {@link RuntimeActionPreset}, fully qualified. */
export const RUNTIME_ACTION_PRESETS: Readonly<Record<RuntimeActionPreset, readonly string[]>> = {
  invoke: [...RUNTIME_INVOKE_ACTIONS],
  'invoke+commands': [...RUNTIME_INVOKE_ACTIONS, ...RUNTIME_COMMAND_ACTIONS],
  all: [
    ...RUNTIME_INVOKE_ACTIONS,
    ...RUNTIME_COMMAND_ACTIONS,
    ...RUNTIME_WEBSOCKET_ACTIONS,
    'bedrock-agentcore:StopRuntimeSession',
  ],
};

/** What a caller of another account needs to call a gateway's tools (MCP over SigV4). */
export const GATEWAY_INVOKE_ACTIONS = ['bedrock-agentcore:InvokeGateway'] as const;

/**
 * What a caller needs to invoke a harness: "calling InvokeHarness requires both
 * bedrock-agentcore:InvokeHarness and bedrock-agentcore:InvokeAgentRuntime permissions on the
 * harness ARN" (AgentCore developer guide, harness-security). Both are granted together.
 */
export const HARNESS_INVOKE_ACTIONS = [
  'bedrock-agentcore:InvokeHarness',
  'bedrock-agentcore:InvokeAgentRuntime',
] as const;

/** Memory data-plane actions that only read. */
export const MEMORY_READ_ACTIONS = [
  'bedrock-agentcore:GetEvent',
  'bedrock-agentcore:ListEvents',
  'bedrock-agentcore:ListActors',
  'bedrock-agentcore:ListSessions',
  'bedrock-agentcore:GetMemoryRecord',
  'bedrock-agentcore:ListMemoryRecords',
  'bedrock-agentcore:RetrieveMemoryRecords',
  'bedrock-agentcore:ListMemoryExtractionJobs',
] as const;

/** Memory data-plane actions that write or delete. */
export const MEMORY_WRITE_ACTIONS = [
  'bedrock-agentcore:CreateEvent',
  'bedrock-agentcore:DeleteEvent',
  'bedrock-agentcore:DeleteMemoryRecord',
  'bedrock-agentcore:BatchCreateMemoryRecords',
  'bedrock-agentcore:BatchUpdateMemoryRecords',
  'bedrock-agentcore:BatchDeleteMemoryRecords',
  'bedrock-agentcore:StartMemoryExtractionJob',
  'bedrock-agentcore:IngestData',
] as const;

/**
 * All 16 memory data-plane actions that can be granted cross-account. IngestData (direct long-term
 * ingestion) is not in the IAM service authorization data yet; the action table adds it.
 */
export const MEMORY_DATA_PLANE_ACTIONS = [...MEMORY_READ_ACTIONS, ...MEMORY_WRITE_ACTIONS] as const;

/** A memory data-plane action name, fully qualified. */
export type MemoryAction = (typeof MEMORY_DATA_PLANE_ACTIONS)[number];

/** What IAM knows of one AgentCore action. */
export interface ActionInfo {
  /** `bedrock-agentcore:InvokeAgentRuntime` */
  readonly action: string;
  /** Resource types authorized on every call (`runtime` and `runtime-endpoint` for invocations). */
  readonly requiredResourceTypes: readonly string[];
  /** Resource types the action may target. */
  readonly optionalResourceTypes: readonly string[];
  /** Service condition keys that apply (`bedrock-agentcore:actorId`…). */
  readonly conditionKeys: readonly string[];
}

let byLowerName: Map<string, ActionInfo> | undefined;

function table(): Map<string, ActionInfo> {
  if (byLowerName === undefined) {
    byLowerName = new Map();
    for (const [name, required, optional, keys] of AGENTCORE_ACTION_ROWS) {
      const action = `${SERVICE_PREFIX}:${name}`;
      byLowerName.set(action.toLowerCase(), {
        action,
        requiredResourceTypes: required,
        optionalResourceTypes: optional,
        conditionKeys: keys,
      });
    }
  }
  return byLowerName;
}

/**
 * Looks up an AgentCore action (case-insensitive, as IAM matches actions).
 *
 * @returns The action's resource types and condition keys, or `undefined` when IAM has no such action.
 *
 * @example
 * ```ts
 * import { agentCoreAction } from 'agentcore-xacct/policy';
 * agentCoreAction('bedrock-agentcore:InvokeAgentRuntime')?.requiredResourceTypes; // ['runtime', 'runtime-endpoint']
 * ```
 */
export function agentCoreAction(action: string): ActionInfo | undefined {
  return table().get(actionName(action).toLowerCase());
}

/** `action`, refused unless it is a string. */
function actionName(action: unknown): string {
  if (typeof action !== 'string') {
    throw new ValidationError(
      'action',
      `an action must be a string, not ${shown(action)}`,
      'Pass an action such as bedrock-agentcore:InvokeAgentRuntime.',
    );
  }
  return action;
}

/**
 * Every AgentCore action IAM knows, fully qualified.
 *
 * @example
 * ```ts
 * import { allAgentCoreActions } from 'agentcore-xacct/policy';
 * allAgentCoreActions().filter((a) => a.includes('MemoryRecord'));
 * ```
 */
export function allAgentCoreActions(): string[] {
  return [...table().values()].map((info) => info.action);
}

/**
 * True when the action is authorized against both the runtime and its endpoint
 * (hierarchical authorization: InvokeAgentRuntime, InvokeAgentRuntimeForUser, GetAgentCard,
 * StopRuntimeSession…).
 *
 * @example
 * ```ts
 * import { isHierarchicalRuntimeAction } from 'agentcore-xacct/policy';
 * isHierarchicalRuntimeAction('bedrock-agentcore:GetAgentCard'); // true
 * ```
 */
export function isHierarchicalRuntimeAction(action: string): boolean {
  // A short list rather than the action table: the client's AccessDenied diagnosis asks this,
  // and the table would add about 11 KB to a bundled Lambda function.
  const lower = actionName(action).toLowerCase();
  return HIERARCHICAL_RUNTIME_ACTIONS.some((name) => `${SERVICE_PREFIX}:${name}`.toLowerCase() === lower);
}

/**
 * True when the action is authorized against both the harness and its endpoint (InvokeHarness;
 * the IAM data marks `harness` and `harness-endpoint` both required).
 *
 * @example
 * ```ts
 * import { isHierarchicalHarnessAction } from 'agentcore-xacct/policy';
 * isHierarchicalHarnessAction('bedrock-agentcore:InvokeHarness'); // true
 * ```
 */
export function isHierarchicalHarnessAction(action: string): boolean {
  const lower = actionName(action).toLowerCase();
  return HIERARCHICAL_HARNESS_ACTIONS.some((name) => `${SERVICE_PREFIX}:${name}`.toLowerCase() === lower);
}

/**
 * True for a memory action that writes or deletes.
 *
 * @example
 * ```ts
 * isMemoryWriteAction('bedrock-agentcore:CreateEvent'); // true
 * ```
 */
export function isMemoryWriteAction(action: string): boolean {
  const lower = actionName(action).toLowerCase();
  return MEMORY_WRITE_ACTIONS.some((a) => a.toLowerCase() === lower);
}

/**
 * True for a memory action that only reads.
 *
 * @example
 * ```ts
 * isMemoryReadAction('bedrock-agentcore:RetrieveMemoryRecords'); // true
 * ```
 */
export function isMemoryReadAction(action: string): boolean {
  const lower = actionName(action).toLowerCase();
  return MEMORY_READ_ACTIONS.some((a) => a.toLowerCase() === lower);
}

/**
 * Qualifies a short action name (`InvokeAgentRuntime`) with the service prefix; a qualified
 * name passes through.
 *
 * @example
 * ```ts
 * qualifyAction('CreateEvent'); // 'bedrock-agentcore:CreateEvent'
 * ```
 */
export function qualifyAction(action: string): string {
  return actionName(action).includes(':') ? action : `${SERVICE_PREFIX}:${action}`;
}
