/**
 * Both cross-account patterns of seed 000, driven by the plain AWS SDK v3 clients against the
 * emulator: resource policies on the runtime and its endpoint, and an sts:AssumeRole chain.
 */
import { BedrockAgentCoreClient, GetAgentCardCommand } from '@aws-sdk/client-bedrock-agentcore';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, CALLER_ROLE_ARN, RUNTIME_ARN, RUNTIME_ID } from '../../fixtures/arns.js';
import {
  agentCore,
  agentCoreWith,
  attachRuntimeAndEndpoint,
  correctedIdentityPolicy,
  invokeText,
  sts,
} from './helpers.js';

const INVOKER_ROLE_ARN = `arn:aws:iam::${ACCOUNT_A}:role/CrossAccountAgentInvoker`;

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore();
});
afterEach(async () => {
  await emulator.stop();
});

describe('pattern 1: resource-based policies on the runtime and its endpoint', () => {
  it('lets the caller role in Account B invoke the runtime in Account A', async () => {
    await attachRuntimeAndEndpoint(emulator);
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    const client = agentCore(emulator, CALLER_ROLE_ARN);
    const result = await invokeText(client, {
      agentRuntimeArn: RUNTIME_ARN,
      payload: JSON.stringify({ prompt: 'hi' }),
    });
    client.destroy();
    expect(result.statusCode).toBe(200);
    expect(result.contentType).toBe('application/json');
    expect(JSON.parse(result.text)).toMatchObject({ echo: { prompt: 'hi' }, sessionId: result.sessionId });
  });

  it('works by runtime id plus accountId, and for the agent card', async () => {
    await attachRuntimeAndEndpoint(emulator);
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    const client = agentCore(emulator, CALLER_ROLE_ARN);
    const byId = await invokeText(client, { agentRuntimeArn: RUNTIME_ID, accountId: ACCOUNT_A });
    const card = await client.send(new GetAgentCardCommand({ agentRuntimeArn: RUNTIME_ARN }));
    client.destroy();
    expect(JSON.parse(byId.text).echo).toEqual({ prompt: 'hello' });
    expect(card.agentCard).toMatchObject({ name: RUNTIME_ID });
    expect(
      emulator.requests
        .filter((r) => r.principalArn === CALLER_ROLE_ARN)
        .map((r) => [r.operation, r.decision, r.status]),
    ).toEqual([
      ['InvokeAgentRuntime', 'allow', 200],
      ['GetAgentCard', 'allow', 200],
    ]);
  });
});

describe('pattern 2: sts:AssumeRole into a role in Account A', () => {
  beforeEach(() => {
    emulator.setTrustPolicy(INVOKER_ROLE_ARN, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: CALLER_ROLE_ARN }, Action: 'sts:AssumeRole' }],
    });
    emulator.setIdentityPolicy(INVOKER_ROLE_ARN, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'bedrock-agentcore:InvokeAgentRuntime',
          Resource: [RUNTIME_ARN, `${RUNTIME_ARN}/runtime-endpoint/*`],
        },
      ],
    });
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: INVOKER_ROLE_ARN }],
    });
  });

  it('mints a session with STS and invokes with it, no resource policy needed', async () => {
    const stsClient = sts(emulator, CALLER_ROLE_ARN);
    const assumed = await stsClient.send(
      new AssumeRoleCommand({ RoleArn: INVOKER_ROLE_ARN, RoleSessionName: 'agent-invoker' }),
    );
    stsClient.destroy();
    const c = assumed.Credentials;
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${ACCOUNT_A}:assumed-role/CrossAccountAgentInvoker/agent-invoker`,
    );
    expect(c?.AccessKeyId).toMatch(/^ASIA/);
    expect(c?.Expiration?.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const credentials = {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    };
    const whoAmI = new STSClient({ endpoint: emulator.endpoint, region: emulator.region, credentials });
    const identity = await whoAmI.send(new GetCallerIdentityCommand({}));
    whoAmI.destroy();
    expect(identity).toMatchObject({
      Account: ACCOUNT_A,
      Arn: assumed.AssumedRoleUser?.Arn,
      UserId: assumed.AssumedRoleUser?.AssumedRoleId,
    });
    const client = agentCoreWith(emulator, credentials);
    const result = await invokeText(client, { agentRuntimeArn: RUNTIME_ARN });
    client.destroy();
    expect(JSON.parse(result.text).echo).toEqual({ prompt: 'hello' });
  });

  it('chains transparently with fromTemporaryCredentials, as the seed profile does', async () => {
    const chained = new BedrockAgentCoreClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      maxAttempts: 1,
      credentials: fromTemporaryCredentials({
        masterCredentials: emulator.credentialsFor(CALLER_ROLE_ARN),
        params: { RoleArn: INVOKER_ROLE_ARN, RoleSessionName: 'profile-chain' },
        clientConfig: { endpoint: emulator.endpoint, region: emulator.region },
      }),
    });
    const result = await invokeText(chained, { agentRuntimeArn: RUNTIME_ARN });
    chained.destroy();
    expect(JSON.parse(result.text).echo).toEqual({ prompt: 'hello' });
    const invoke = emulator.requests.find((r) => r.operation === 'InvokeAgentRuntime');
    expect(invoke?.principalArn).toBe(
      `arn:aws:sts::${ACCOUNT_A}:assumed-role/CrossAccountAgentInvoker/profile-chain`,
    );
    expect(emulator.requests.find((r) => r.operation === 'AssumeRole')).toMatchObject({
      principalArn: CALLER_ROLE_ARN,
      resourceArn: INVOKER_ROLE_ARN,
      decision: 'allow',
    });
  });
});
