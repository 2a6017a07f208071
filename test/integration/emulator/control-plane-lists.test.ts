/**
 * The control plane's list operations through the plain BedrockAgentCoreControlClient and its own
 * paginators: ListAgentRuntimes, ListAgentRuntimeEndpoints and ListMemories over the caller's
 * account and region, a page at a time, authorized on `*`.
 */
import {
  type BedrockAgentCoreControlClient,
  GetGatewayCommand,
  ListAgentRuntimeEndpointsCommand,
  ListAgentRuntimesCommand,
  ListGatewaysCommand,
  ListMemoriesCommand,
  paginateListAgentRuntimeEndpoints,
  paginateListAgentRuntimes,
  paginateListMemories,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN } from '../../fixtures/arns.js';
import { control, failure } from './helpers.js';

const A = '111111111111';
const arnOf = (id: string, region = 'eu-west-1', account = A) =>
  `arn:aws:bedrock-agentcore:${region}:${account}:runtime/${id}`;

describe('the seed world', () => {
  let emulator: LocalAgentCore;
  let admin: BedrockAgentCoreControlClient;
  beforeAll(async () => {
    emulator = await startLocalAgentCore();
    admin = control(emulator);
  });
  afterAll(async () => {
    admin.destroy();
    await emulator.stop();
  });

  it('lists its five runtimes in ARN order, the second with two endpoints', async () => {
    const { agentRuntimes, nextToken } = await admin.send(new ListAgentRuntimesCommand({ maxResults: 100 }));
    expect(nextToken).toBeUndefined();
    expect(agentRuntimes?.map((r) => r.agentRuntimeId)).toEqual([
      'agent-abcdefghij',
      'agent_sse_py-abcdefghij',
      'agent_sse_ts-abcdefghij',
      'agent_staged-abcdefghij',
      'agent_strict-abcdefghij',
    ]);
    expect(agentRuntimes?.[3]).toEqual({
      agentRuntimeArn: arnOf('agent_staged-abcdefghij'),
      agentRuntimeId: 'agent_staged-abcdefghij',
      agentRuntimeName: 'agent_staged',
      agentRuntimeVersion: '1',
      description: expect.any(String),
      lastUpdatedAt: expect.any(Date),
      status: 'READY',
    });
    const endpoints = await admin.send(
      new ListAgentRuntimeEndpointsCommand({ agentRuntimeId: 'agent_staged-abcdefghij' }),
    );
    expect(endpoints.runtimeEndpoints?.map((e) => [e.name, e.agentRuntimeEndpointArn])).toEqual([
      ['DEFAULT', `${arnOf('agent_staged-abcdefghij')}/runtime-endpoint/DEFAULT`],
      ['prod', `${arnOf('agent_staged-abcdefghij')}/runtime-endpoint/prod`],
    ]);
    expect(endpoints.runtimeEndpoints?.[0]).toMatchObject({
      agentRuntimeArn: arnOf('agent_staged-abcdefghij'),
      status: 'READY',
      liveVersion: '1',
      id: expect.stringMatching(/^DEFAULT-[0-9a-f]{10}$/),
      createdAt: expect.any(Date),
    });
  });

  it('lists its memory, with epoch-second timestamps read as dates', async () => {
    const { memories } = await admin.send(new ListMemoriesCommand({}));
    expect(memories).toEqual([
      {
        arn: `arn:aws:bedrock-agentcore:eu-west-1:${A}:memory/shared_memory-abcdefghij`,
        id: 'shared_memory-abcdefghij',
        status: 'ACTIVE',
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
      },
    ]);
  });

  it('lists its gateway, and GetGateway gives the ARN and URL a summary lacks', async () => {
    const { items } = await admin.send(new ListGatewaysCommand({}));
    expect(items).toEqual([
      {
        gatewayId: 'tools-gateway-abcdefghij',
        name: 'tools-gateway',
        status: 'READY',
        authorizerType: 'AWS_IAM',
        protocolType: 'MCP',
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
      },
    ]);
    const gateway = await admin.send(
      new GetGatewayCommand({ gatewayIdentifier: 'tools-gateway-abcdefghij' }),
    );
    expect(gateway).toMatchObject({
      gatewayArn: `arn:aws:bedrock-agentcore:eu-west-1:${A}:gateway/tools-gateway-abcdefghij`,
      gatewayUrl: emulator.gatewayUrl(
        `arn:aws:bedrock-agentcore:eu-west-1:${A}:gateway/tools-gateway-abcdefghij`,
      ),
    });
    expect(
      await failure(admin.send(new GetGatewayCommand({ gatewayIdentifier: 'no-such-gateway-abcdefghij' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('authorizes each list on "*": a caller without the permission is denied in IAM words', async () => {
    const caller = control(emulator, CALLER_ROLE_ARN);
    try {
      const denied = await failure(caller.send(new ListAgentRuntimesCommand({})));
      expect(denied).toMatchObject({
        name: 'AccessDeniedException',
        status: 403,
        message: `User: ${CALLER_ROLE_ARN} is not authorized to perform: bedrock-agentcore:ListAgentRuntimes because no identity-based policy allows the bedrock-agentcore:ListAgentRuntimes action`,
      });
      emulator.setIdentityPolicy(CALLER_ROLE_ARN, {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'bedrock-agentcore:ListAgentRuntimes', Resource: '*' }],
      });
      // Account B's own runtimes: none.
      expect((await caller.send(new ListAgentRuntimesCommand({}))).agentRuntimes).toEqual([]);
      expect(await failure(caller.send(new ListMemoriesCommand({})))).toMatchObject({
        name: 'AccessDeniedException',
      });
    } finally {
      caller.destroy();
      emulator.setIdentityPolicy(CALLER_ROLE_ARN, undefined);
    }
  });

  it.each([
    ['maxResults 0', new ListAgentRuntimesCommand({ maxResults: 0 }), /greater than or equal to 1/],
    ['maxResults 101', new ListMemoriesCommand({ maxResults: 101 }), /less than or equal to 100/],
    ['1,001 gateways a page', new ListGatewaysCommand({ maxResults: 1001 }), /less than or equal to 1000/],
    ['a forged token', new ListAgentRuntimesCommand({ nextToken: 'forged' }), /Invalid nextToken/],
    [
      'an endpoint list of an unknown runtime',
      new ListAgentRuntimeEndpointsCommand({ agentRuntimeId: 'nobody-abcdefghij' }),
      /does not exist/,
    ],
  ])('refuses %s', async (_name, command, message) => {
    const error = await failure(admin.send(command as never));
    expect(error.message).toMatch(message);
  });
});

describe('pagination', () => {
  let emulator: LocalAgentCore;
  let admin: BedrockAgentCoreControlClient;
  const ids = Array.from({ length: 23 }, (_, i) => `agent_${String(i).padStart(2, '0')}-abcdefghij`);
  beforeAll(async () => {
    emulator = await startLocalAgentCore({
      runtimes: [
        ...ids.map((runtimeId) => ({
          runtimeId,
          accountId: A,
          endpoints: ['DEFAULT', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'],
        })),
        // Not the caller's: another account, another region.
        { runtimeId: 'other-abcdefghij', accountId: '222222222222' },
        { runtimeId: 'elsewhere-abcdefghij', accountId: A, region: 'us-east-1' },
      ],
      memories: Array.from({ length: 12 }, (_, i) => ({
        memoryId: `memory_${String(i).padStart(2, '0')}-abcdefghij`,
        accountId: A,
        region: 'eu-west-1',
      })),
    });
    admin = control(emulator, ADMIN_ROLE_ARN);
  });
  afterAll(async () => {
    admin.destroy();
    await emulator.stop();
  });

  it("follows every runtime page with the SDK's paginator, and only the caller's account and region", async () => {
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListAgentRuntimes({ client: admin, pageSize: 10 }, {})) {
      pages += 1;
      seen.push(...(page.agentRuntimes ?? []).map((r) => r.agentRuntimeId ?? ''));
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
  });

  it('pages endpoints and memories (the default page is 10)', async () => {
    const names: string[] = [];
    for await (const page of paginateListAgentRuntimeEndpoints(
      { client: admin, pageSize: 5 },
      { agentRuntimeId: ids[0] as string },
    ))
      names.push(...(page.runtimeEndpoints ?? []).map((e) => e.name ?? ''));
    expect(names).toEqual(['DEFAULT', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].sort());
    const first = await admin.send(new ListMemoriesCommand({}));
    expect(first.memories).toHaveLength(10);
    expect(first.nextToken).toEqual(expect.any(String));
    const memories: string[] = [];
    for await (const page of paginateListMemories({ client: admin }, {}))
      memories.push(...(page.memories ?? []).map((m) => m.id ?? ''));
    expect(memories).toHaveLength(12);
  });

  it('refuses a token of another list', async () => {
    const { nextToken } = await admin.send(new ListAgentRuntimesCommand({ maxResults: 1 }));
    const error = await failure(admin.send(new ListMemoriesCommand({ nextToken })));
    expect(error.message).toMatch(/Invalid nextToken/);
  });
});
