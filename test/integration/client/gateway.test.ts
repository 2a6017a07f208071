/**
 * `client.gateway` (the MCP TypeScript SDK's client over SigV4) against the emulator's gateway
 * (the MCP SDK's server), in both access patterns: initialize, tools/list and tools/call across
 * accounts, the URL from GetGateway, bad input refused before any request, and a denial diagnosed.
 */
import { BedrockAgentCoreControlClient, GetGatewayCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrossAccountAgentClient } from '../../../src/client.js';
import { isAgentCoreAccessDeniedError, isValidationError } from '../../../src/errors.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, ADMIN_ROLE_ARN, REGION } from '../../fixtures/arns.js';
import { clientOf, grant, PATTERNS, principalOf } from './access-patterns.js';

const GATEWAY_ID = 'tools-gateway-abcdefghij';
const GATEWAY_ARN = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_A}:gateway/${GATEWAY_ID}`;

describe.each(PATTERNS)('client.gateway (%s)', (pattern) => {
  let emulator: LocalAgentCore;
  let client: CrossAccountAgentClient;
  beforeAll(async () => {
    emulator = await startLocalAgentCore();
    await grant(emulator, pattern, [{ resourceArns: [GATEWAY_ARN], actions: ['InvokeGateway'] }]);
    client = clientOf(emulator, pattern);
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });

  it('lists the tools and calls one across accounts', async () => {
    const gateway = client.gateway(GATEWAY_ARN, { url: emulator.gatewayUrl(GATEWAY_ARN) });
    try {
      const tools = await gateway.listTools();
      expect(tools.map((t) => t.name)).toEqual(['echo-target___echo']);
      expect(tools[0]?.inputSchema).toMatchObject({ required: ['text'] });
      const result = await gateway.callTool('echo-target___echo', { text: 'hello from Account B' });
      expect(result).toEqual({ content: [{ type: 'text', text: 'hello from Account B' }] });
      const failed = await gateway.callTool('echo-target___echo', { text: 42 });
      expect(failed.isError).toBe(true);
    } finally {
      await gateway.close();
    }
    const calls = emulator.requests.filter((r) => r.operation === 'InvokeGateway');
    // initialize, notifications/initialized, tools/list, two tools/call: each signed and authorized.
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(calls.every((r) => r.principalArn === principalOf(pattern) && r.decision === 'allow')).toBe(true);
  });

  it('reaches the gateway at the URL GetGateway answers', async () => {
    const control = new BedrockAgentCoreControlClient({
      ...emulator.clientConfig(ADMIN_ROLE_ARN),
      maxAttempts: 1,
    });
    const described = await control.send(new GetGatewayCommand({ gatewayIdentifier: GATEWAY_ID }));
    control.destroy();
    expect(described).toMatchObject({ gatewayArn: GATEWAY_ARN, status: 'READY', authorizerType: 'AWS_IAM' });
    expect(described.gatewayUrl).toBe(emulator.gatewayUrl(GATEWAY_ARN));
    const gateway = client.gateway(described.gatewayUrl as string, { region: REGION });
    expect(gateway.region).toBe(REGION);
    expect((await gateway.listTools()).length).toBe(1);
    await gateway.close();
  });

  it('refuses what is not a gateway before any request', () => {
    const before = emulator.requests.length;
    for (const [value, field] of [
      ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij', 'gatewayArnOrUrl'],
      ['ftp://example.com/mcp', 'gatewayArnOrUrl'],
      ['http://127.0.0.1:1/mcp', 'region'],
    ] as const) {
      let error: unknown;
      try {
        clientOf(emulator, pattern).gateway(value);
      } catch (e) {
        error = e;
      }
      expect(isValidationError(error), String(error)).toBe(true);
      expect((error as { field?: string }).field).toBe(field);
    }
    expect(emulator.requests.length).toBe(before);
  });
});

describe.each(PATTERNS)('client.gateway denied (%s)', (pattern) => {
  let emulator: LocalAgentCore;
  beforeAll(async () => {
    emulator = await startLocalAgentCore();
    // The caller is granted something else: InvokeGateway is allowed nowhere.
    await grant(emulator, pattern, [{ resourceArns: [GATEWAY_ARN], actions: ['GetGateway'] }]);
  });
  afterAll(() => emulator.stop());

  it('throws AgentCoreAccessDeniedError with its diagnosis at the first call', async () => {
    const client = clientOf(emulator, pattern);
    const gateway = client.gateway(GATEWAY_ARN, { url: emulator.gatewayUrl(GATEWAY_ARN) });
    try {
      const error = await gateway.listTools().catch((e: unknown) => e);
      expect(isAgentCoreAccessDeniedError(error), String(error)).toBe(true);
      if (!isAgentCoreAccessDeniedError(error)) return;
      expect(error.action).toBe('bedrock-agentcore:InvokeGateway');
      expect(error.resourceArn).toBe(GATEWAY_ARN);
      expect(error.principalArn).toBe(principalOf(pattern));
      const codes = error.diagnosis?.causes.map((c) => c.code) ?? [];
      expect(codes.length).toBeGreaterThan(0);
      if (pattern === 'resource-policy') expect(codes).toContain('gateway-policy-missing');
      // One request: the initialize that was denied (an AccessDenied is never retried).
      expect(emulator.requests.filter((r) => r.operation === 'InvokeGateway')).toHaveLength(1);
    } finally {
      await gateway.close();
      client.destroy();
    }
  });
});
