/**
 * AgentCore gateways across accounts: an MCP client over SigV4.
 * @module
 */
export {
  type GatewayCallOptions,
  GatewayClient,
  type GatewayOptions,
  type GatewayTool,
  type GatewayToolResult,
  type McpClientClasses,
} from './gateway.js';
