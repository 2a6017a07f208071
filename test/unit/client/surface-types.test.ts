/**
 * Type tests of the calls beyond invoke: runtime commands, WebSocket sessions, gateways and
 * IngestData. Each `@ts-expect-error` fails the type check (npm run typecheck) if the misuse
 * compiles; the calls are never run.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CrossAccountAgentClient } from '../../../src/client.js';
import type { GatewayToolResult, McpClientClasses } from '../../../src/gateway/gateway.js';
import type { CommandEvent, CommandExecution } from '../../../src/runtime/command.js';
import type { AgentConnection } from '../../../src/runtime/websocket.js';

declare const client: CrossAccountAgentClient;
const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const memoryArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';

async function misuses(): Promise<void> {
  // @ts-expect-error a command needs the command
  await client.command({ runtimeArn });
  // @ts-expect-error timeoutSeconds is a number of seconds
  await client.command({ runtimeArn, command: 'ls', timeoutSeconds: '60' });
  // @ts-expect-error connect takes no payload: messages go through send()
  await client.connect({ runtimeArn, payload: {} });
  // @ts-expect-error tool arguments are an object
  await client.gateway('arn').callTool('tool', 'text');
  // @ts-expect-error IngestData needs the actor
  await client.memory(memoryArn).ingestData({ source: { inline: { payload: [] } } });
}

async function uses(): Promise<void> {
  const execution = await client.command({ runtimeArn, command: 'ls', sessionId: 'x'.repeat(40) });
  expectTypeOf(execution).toEqualTypeOf<CommandExecution>();
  for await (const event of execution) expectTypeOf(event).toEqualTypeOf<CommandEvent>();
  const connection = await client.connect({ runtimeArn, userId: 'user-1' });
  expectTypeOf(connection).toEqualTypeOf<AgentConnection>();
  const result = await client
    .gateway('arn', { mcp: { Client, StreamableHTTPClientTransport } })
    .callTool('t', {});
  expectTypeOf(result).toEqualTypeOf<GatewayToolResult>();
  // The MCP SDK's own classes fit the option.
  expectTypeOf({ Client, StreamableHTTPClientTransport }).toMatchTypeOf<McpClientClasses>();
  const { sessionId } = await client.memory(memoryArn).ingestData({
    actorId: 'user-1',
    source: { inline: { payload: [{ json: { content: { seat: 'aisle' } } }] } },
  });
  expectTypeOf(sessionId).toEqualTypeOf<string | undefined>();
}

describe('types of commands, WebSocket sessions, gateways and IngestData', () => {
  it('compile as declared (checked by tsc, not run)', () => {
    expect(typeof misuses).toBe('function');
    expect(typeof uses).toBe('function');
  });
});
