/**
 * The four gotchas of seed 000, each reproduced with the plain AWS SDK clients: every one ends in
 * an AccessDeniedException whose message names the ARN AWS names (FACTS.md, "Which ARN is
 * named"): the first of the runtime and its endpoint that is not authorized, with the policy type
 * that failed it. An endpoint ARN in the message means the runtime passed.
 */

import { PutResourcePolicyCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_B, CALLER_ROLE_ARN, ENDPOINT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { loadSeed } from '../../fixtures/seeds/index.js';
import {
  agentCore,
  agentCoreWith,
  attachRuntimeAndEndpoint,
  control,
  correctedIdentityPolicy,
  deniedMessage,
  failure,
  invokeIdentityPolicy,
  invokeText,
  noResourcePolicyMessage,
  seedPolicyFor,
  sts,
} from './helpers.js';

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore();
});
afterEach(async () => {
  await emulator.stop();
});

async function invokeAsCaller(): Promise<{ name: string; message: string; status: number | undefined }> {
  const client = agentCore(emulator, CALLER_ROLE_ARN);
  try {
    return await failure(invokeText(client, { agentRuntimeArn: RUNTIME_ARN }));
  } finally {
    client.destroy();
  }
}

describe('seed 000 gotchas', () => {
  it('gotcha 1: a runtime policy without the endpoint policy is denied on the endpoint ARN (hierarchical authorization)', async () => {
    await attachRuntimeAndEndpoint(emulator, {}, { runtime: true, endpoint: false });
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    expect(await invokeAsCaller()).toEqual({
      name: 'AccessDeniedException',
      message: noResourcePolicyMessage(CALLER_ROLE_ARN, undefined, ENDPOINT_ARN),
      status: 403,
    });
    expect(emulator.requests.at(-1)).toMatchObject({ resourceArn: ENDPOINT_ARN, decision: 'implicit-deny' });
  });

  it('gotcha 1, the other half: an endpoint policy without the runtime policy is denied too', async () => {
    await attachRuntimeAndEndpoint(emulator, {}, { runtime: false, endpoint: true });
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    expect((await invokeAsCaller()).message).toBe(noResourcePolicyMessage(CALLER_ROLE_ARN));
  });

  it('gotcha 2: a wildcard Resource is refused by PutResourcePolicy, and the call stays denied', async () => {
    const admin = control(emulator);
    const refused = await failure(
      admin.send(
        new PutResourcePolicyCommand({
          resourceArn: RUNTIME_ARN,
          policy: JSON.stringify(seedPolicyFor('*')),
        }),
      ),
    );
    const mismatch = await failure(
      admin.send(
        new PutResourcePolicyCommand({
          resourceArn: ENDPOINT_ARN,
          policy: JSON.stringify(seedPolicyFor(RUNTIME_ARN)),
        }),
      ),
    );
    admin.destroy();
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused.message).toContain("Invalid Resource '*'");
    expect(mismatch).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(mismatch.message).toContain(ENDPOINT_ARN);
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    expect(await invokeAsCaller()).toEqual({
      name: 'AccessDeniedException',
      message: noResourcePolicyMessage(CALLER_ROLE_ARN),
      status: 403,
    });
  });

  it('gotcha 3: an aws:SourceAccount condition silently denies a direct IAM caller', async () => {
    await attachRuntimeAndEndpoint(emulator, {
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_B } },
    });
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    expect((await invokeAsCaller()).message).toBe(noResourcePolicyMessage(CALLER_ROLE_ARN));
  });

  it('gotcha 3, the fix: aws:PrincipalAccount instead of aws:SourceAccount is allowed', async () => {
    await attachRuntimeAndEndpoint(emulator, {
      Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT_B } },
    });
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    const client = agentCore(emulator, CALLER_ROLE_ARN);
    const result = await invokeText(client, { agentRuntimeArn: RUNTIME_ARN });
    client.destroy();
    expect(result.statusCode).toBe(200);
  });

  it('gotcha 4: an identity policy scoping the endpoint to the caller account is denied on the endpoint ARN, identity-based', async () => {
    await attachRuntimeAndEndpoint(emulator);
    // The seed's mechanism: the endpoint sub-path names the caller's account. The runtime entry is
    // exact: the seed's literal runtime/* would also match the endpoint under IAM's wildcard rules.
    const broken = loadSeed('seed-000-gotcha4-broken-resources') as { Resource: string[] };
    emulator.setIdentityPolicy(
      CALLER_ROLE_ARN,
      invokeIdentityPolicy([RUNTIME_ARN, broken.Resource[1] as string]),
    );
    expect(await invokeAsCaller()).toEqual({
      name: 'AccessDeniedException',
      message: deniedMessage(CALLER_ROLE_ARN, ENDPOINT_ARN, 'identity-based policy'),
      status: 403,
    });
    expect(emulator.requests.at(-1)).toMatchObject({
      operation: 'InvokeAgentRuntime',
      resourceArn: ENDPOINT_ARN,
      principalArn: CALLER_ROLE_ARN,
      decision: 'implicit-deny',
      status: 403,
      errorType: 'AccessDeniedException',
    });
  });

  it("gotcha 4 as literally quoted is allowed: IAM's runtime/* also matches the endpoint sub-path", async () => {
    await attachRuntimeAndEndpoint(emulator);
    const literal = loadSeed('seed-000-gotcha4-broken-resources') as { Resource: string[] };
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, invokeIdentityPolicy(literal.Resource));
    const client = agentCore(emulator, CALLER_ROLE_ARN);
    const result = await invokeText(client, { agentRuntimeArn: RUNTIME_ARN });
    client.destroy();
    expect(result.statusCode).toBe(200);
  });

  it('names an assumed-role session as the real service does (the shape of aws/agentcore-cli#607)', async () => {
    await attachRuntimeAndEndpoint(emulator, {}, { runtime: false, endpoint: true });
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, [
      correctedIdentityPolicy(),
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: CALLER_ROLE_ARN }],
      },
    ]);
    const stsClient = sts(emulator, CALLER_ROLE_ARN);
    const assumed = await stsClient.send(
      new AssumeRoleCommand({ RoleArn: CALLER_ROLE_ARN, RoleSessionName: 'user' }),
    );
    stsClient.destroy();
    const client = agentCoreWith(emulator, {
      accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
      sessionToken: assumed.Credentials?.SessionToken ?? '',
    });
    const denied = await failure(invokeText(client, { agentRuntimeArn: RUNTIME_ARN }));
    client.destroy();
    expect(denied.message).toBe(
      noResourcePolicyMessage(`arn:aws:sts::${ACCOUNT_B}:assumed-role/the-caller-role/user`),
    );
  });

  it('words an explicit deny in the resource policy as AWS does', async () => {
    await attachRuntimeAndEndpoint(emulator);
    const admin = control(emulator);
    const policy = seedPolicyFor(RUNTIME_ARN);
    await admin.send(
      new PutResourcePolicyCommand({
        resourceArn: RUNTIME_ARN,
        policy: JSON.stringify({
          ...policy,
          Statement: [
            ...(policy.Statement as object[]),
            { Effect: 'Deny', Principal: { AWS: CALLER_ROLE_ARN }, Action: '*', Resource: RUNTIME_ARN },
          ],
        }),
      }),
    );
    admin.destroy();
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    expect((await invokeAsCaller()).message).toBe(
      `User: ${CALLER_ROLE_ARN} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME_ARN} with an explicit deny in a resource-based policy`,
    );
  });

  it('names the endpoint ARN when the identity policy covers only the runtime (the live capture of FACTS.md)', async () => {
    const roleInA = 'arn:aws:iam::111111111111:role/runner';
    emulator.setIdentityPolicy(roleInA, invokeIdentityPolicy([RUNTIME_ARN]));
    const client = agentCore(emulator, roleInA);
    const denied = await failure(invokeText(client, { agentRuntimeArn: RUNTIME_ARN }));
    client.destroy();
    expect(denied.message).toBe(deniedMessage(roleInA, ENDPOINT_ARN, 'identity-based policy'));
  });

  it('words a same-account denial as missing identity-based permission', async () => {
    const roleInA = 'arn:aws:iam::111111111111:role/reader';
    emulator.setIdentityPolicy(roleInA, undefined);
    const client = agentCore(emulator, roleInA);
    const denied = await failure(invokeText(client, { agentRuntimeArn: RUNTIME_ARN }));
    client.destroy();
    expect(denied.message).toBe(
      `User: ${roleInA} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME_ARN} because no identity-based policy allows the bedrock-agentcore:InvokeAgentRuntime action`,
    );
  });
});
