/**
 * Agent runtime invocation: inputs, the response and its event stream, sessions, agent cards,
 * runtime commands.
 * @module
 */
export {
  type CommandEvent,
  CommandExecution,
  type CommandInput,
  type CommandResult,
} from './command.js';
export {
  DEFAULT_ACCEPT,
  DEFAULT_CONTENT_TYPE,
  type InvokeInput,
  type JsonValue,
  type TraceHeaders,
} from './invoke.js';
export { type AgentEvent, AgentResponse, type EventsOptions } from './response.js';
export {
  type AgentCard,
  AgentSession,
  type GetAgentCardInput,
  type SessionOptions,
  type StopSessionInput,
  type StopSessionResult,
  type TurnOptions,
} from './session.js';
export {
  MAX_SESSION_ID_LENGTH,
  MIN_SESSION_ID_LENGTH,
  newSessionId,
  validateSessionId,
} from './session-id.js';
export { AgentConnection, type AgentMessage, type CloseInfo, type ConnectInput } from './websocket.js';
