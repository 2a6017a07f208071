/**
 * A Lambda function in Account B that calls a tool of an AgentCore gateway in Account A (MCP over
 * HTTPS, signed with SigV4).
 *
 * Configuration (environment variables):
 * - `GATEWAY_ARN`: the gateway's full ARN in Account A, e.g.
 *   `arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij`.
 * - `GATEWAY_URL` (optional): its MCP URL when it is not AWS's own
 *   (`https://{gatewayId}.gateway.bedrock-agentcore.{region}.amazonaws.com/mcp`), e.g. the local
 *   emulator's.
 * - `INVOKER_ROLE_ARN` (optional): a role in Account A to assume (pattern 2); without it the
 *   function's own role calls the gateway (pattern 1: the gateway's resource policy names it).
 * - `INVOKER_EXTERNAL_ID` (optional): the ExternalId the role's trust policy requires.
 *
 * The function imports the optional peer `@modelcontextprotocol/sdk` itself and passes its classes
 * to the gateway client, so that its one-file bundle carries them (the library loads the SDK by
 * name otherwise, which a bundler does not follow). Build it with the esbuild command of
 * docs/guides/lambda.md for its pattern (pattern 2's if it may run with INVOKER_ROLE_ARN).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  type AccessMode,
  CrossAccountAgentClient,
  isAgentCoreAccessDeniedError,
  isValidationError,
} from 'agentcore-xacct';

/** The event this function accepts: the tool to call and its arguments. */
export interface ToolRequest {
  tool: string;
  arguments?: Record<string, unknown>;
}

/** What the function answers. */
export interface ToolAnswer {
  statusCode: 200 | 400 | 403 | 502;
  /** The tool's text output. */
  text?: string;
  error?: string;
}

/** The part of the Lambda context this function uses. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

// #region gateway
// Created once per execution environment, outside the handler: no request is sent until the first
// call; the MCP session (and, in pattern 2, the role's credentials) then serve the warm invocations.
const client = new CrossAccountAgentClient({ access: accessMode() });
const gatewayUrl = process.env['GATEWAY_URL'];
const gateway = client.gateway(requiredEnv('GATEWAY_ARN'), {
  // The MCP SDK's classes, passed in so that the one-file bundle carries them.
  mcp: { Client, StreamableHTTPClientTransport },
  ...(gatewayUrl === undefined || gatewayUrl === '' ? {} : { url: gatewayUrl }),
});

export async function handler(event: ToolRequest, context: LambdaContext): Promise<ToolAnswer> {
  // Leave the function time to answer even if the tool is slow.
  const timeoutMs = Math.max(1_000, context.getRemainingTimeInMillis() - 1_000);
  try {
    const result = await gateway.callTool(event.tool, event.arguments ?? {}, { timeoutMs });
    const text = result.content
      .map((block) => (block.type === 'text' && typeof block['text'] === 'string' ? block['text'] : ''))
      .join('');
    return result.isError === true ? { statusCode: 502, error: text } : { statusCode: 200, text };
  } catch (error) {
    if (isValidationError(error)) return { statusCode: 400, error: error.message };
    if (isAgentCoreAccessDeniedError(error)) {
      // The message says what to check first: the gateway's resource policy in Account A, or
      // this function's role (bedrock-agentcore:InvokeGateway on the gateway ARN).
      console.error(error.message);
      return { statusCode: 403, error: 'The gateway refused this caller.' };
    }
    throw error;
  }
}
// #endregion gateway

function accessMode(): AccessMode {
  const roleArn = process.env['INVOKER_ROLE_ARN'];
  if (roleArn === undefined || roleArn === '') return { mode: 'resource-policy' };
  const externalId = process.env['INVOKER_EXTERNAL_ID'];
  return {
    mode: 'assume-role',
    roleArn,
    sessionName: 'gateway-caller-lambda',
    ...(externalId === undefined || externalId === '' ? {} : { externalId }),
  };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`Set ${name} (the gateway's full ARN in Account A).`);
  return value;
}
