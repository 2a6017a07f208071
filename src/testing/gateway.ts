/**
 * The emulator's AgentCore gateways: MCP over Streamable HTTP at `/gateways/{gatewayId}/mcp` (as
 * AWS serves it at `https://{gatewayId}.gateway.bedrock-agentcore.{region}.amazonaws.com/mcp`),
 * every request signed with SigV4 for `bedrock-agentcore` and authorized for
 * `bedrock-agentcore:InvokeGateway` on the gateway ARN alone (FACTS.md: the gateway's resource
 * policy and the caller's identity policy must both allow it across accounts).
 *
 * The MCP side is the official MCP TypeScript SDK's own server (`Server` on the web-standard
 * Streamable HTTP transport, stateless, JSON answers), so initialize, tools/list and tools/call
 * are answered by the same code real MCP servers run. The SDK is an optional peer: it is loaded on
 * the first gateway request, and a missing SDK is answered 501 with the install command.
 *
 * One tool, `echo-target___echo` (AWS names a gateway's tools `{target}___{tool}`): it answers
 * its `text` argument as text content.
 * @internal
 */
import { isMissingDependencyError } from '../errors.js';
import { importUnbundled, loadOptionalPeer } from '../optional-peer.js';
import { EmulatorHttpError, notFound } from './http-error.js';
import type { RouteContext, StreamingResponse } from './responses.js';
import { type RouteParams, requireParam } from './route-table.js';

/** The emulated gateway's one tool. @internal */
export const ECHO_TOOL = 'echo-target___echo';

interface McpSdk {
  server: typeof import('@modelcontextprotocol/sdk/server/index.js');
  transport: typeof import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js');
  types: typeof import('@modelcontextprotocol/sdk/types.js');
}

let sdk: Promise<McpSdk> | undefined;

const SDK = '@modelcontextprotocol/sdk';

function loadSdk(): Promise<McpSdk> {
  sdk ??= loadOptionalPeer(SDK, "The emulator's gateways", async () => ({
    server: await importUnbundled<McpSdk['server']>(`${SDK}/server/index.js`),
    transport: await importUnbundled<McpSdk['transport']>(`${SDK}/server/webStandardStreamableHttp.js`),
    types: await importUnbundled<McpSdk['types']>(`${SDK}/types.js`),
  }));
  sdk.catch(() => {
    sdk = undefined;
  });
  return sdk;
}

/** An MCP server with the gateway's tools, for one request (stateless). */
function gatewayServer(mcp: McpSdk, gatewayId: string): InstanceType<McpSdk['server']['Server']> {
  const server = new mcp.server.Server(
    { name: `emulated-gateway-${gatewayId}`, version: '1.0.0' },
    { capabilities: { tools: {} } },
  );
  server.setRequestHandler(mcp.types.ListToolsRequestSchema, async () => ({
    tools: [
      {
        name: ECHO_TOOL,
        description: 'Answers its text argument (the emulated gateway target).',
        inputSchema: {
          type: 'object' as const,
          properties: { text: { type: 'string', description: 'What to echo.' } },
          required: ['text'],
        },
      },
    ],
  }));
  server.setRequestHandler(mcp.types.CallToolRequestSchema, async (request) => {
    if (request.params.name !== ECHO_TOOL) {
      return {
        isError: true,
        content: [{ type: 'text' as const, text: `Unknown tool: ${request.params.name}` }],
      };
    }
    const text = (request.params.arguments as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string') {
      return {
        isError: true,
        content: [{ type: 'text' as const, text: 'The text argument must be a string.' }],
      };
    }
    return { content: [{ type: 'text' as const, text }] };
  });
  return server;
}

/** `/gateways/{gatewayId}/mcp` (POST; GET and DELETE answer 405): MCP Streamable HTTP. @internal */
export async function gatewayMcp(ctx: RouteContext, params: RouteParams): Promise<StreamingResponse> {
  const gatewayId = requireParam(params, 'gatewayId');
  const gateway = ctx.world.gatewayById(gatewayId);
  // AWS's URL names the gateway by id; its ARN (the account) comes from the gateway itself.
  if (gateway === undefined || gateway.region !== ctx.region) {
    throw notFound(`No gateway ${gatewayId} exists in ${ctx.region}.`);
  }
  ctx.authorize({ action: 'InvokeGateway', resourceArn: gateway.arn });
  if (ctx.method !== 'POST') {
    // Stateless, as the MCP SDK's stateless servers answer: no standalone SSE stream (GET), no
    // session to end (DELETE). The MCP client reads 405 as "the server offers no SSE stream".
    return {
      status: 405,
      headers: { 'Content-Type': 'application/json', Allow: 'POST' },
      body: { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null },
    };
  }
  let mcp: McpSdk;
  try {
    mcp = await loadSdk();
  } catch (error) {
    if (isMissingDependencyError(error))
      throw new EmulatorHttpError(501, 'NotImplementedException', error.message);
    throw error;
  }
  // Stateless (no session id generator): each request stands alone, as the gateway answers it.
  const transport = new mcp.transport.WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
  const server = gatewayServer(mcp, gatewayId);
  await server.connect(transport);
  const headers = new Headers();
  for (const [name, value] of Object.entries(ctx.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = ctx.body.length > 0;
  const answer = await transport.handleRequest(
    new Request(`${ctx.endpoint}${ctx.rawPath}`, {
      method: ctx.method,
      headers,
      ...(hasBody ? { body: ctx.body } : {}),
    }),
  );
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    out[name] = value;
  });
  const body = new Uint8Array(await answer.arrayBuffer());
  await server.close();
  return { status: answer.status, headers: out, body };
}
