/**
 * Authentication as AWS does it: the emulator recomputes every SigV4 signature, maps access keys
 * to principals, and expires assumed-role sessions on its clock.
 */
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { failure, invokeText } from './helpers.js';

let clock = 0;
let emulator: LocalAgentCore;
beforeEach(async () => {
  clock = Date.now();
  emulator = await startLocalAgentCore({ now: () => clock });
});
afterEach(async () => {
  await emulator.stop();
});

function client(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  return new BedrockAgentCoreClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials,
    maxAttempts: 1,
  });
}

describe('SigV4 verification', () => {
  it('answers InvalidSignatureException to a request signed with the wrong secret', async () => {
    const { accessKeyId } = emulator.credentialsFor(ADMIN_ROLE_ARN);
    const c = client({ accessKeyId, secretAccessKey: 'not-the-secret-not-the-secret-not-the-sec' });
    const denied = await failure(invokeText(c, { agentRuntimeArn: RUNTIME_ARN }));
    c.destroy();
    expect(denied).toEqual({
      name: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      status: 403,
    });
  });

  it('answers UnrecognizedClientException to an unknown access key', async () => {
    const c = client({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'whatever' });
    const denied = await failure(invokeText(c, { agentRuntimeArn: RUNTIME_ARN }));
    c.destroy();
    expect(denied).toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 403,
    });
  });

  it('answers SignatureDoesNotMatch (STS wording) to a wrongly signed STS call', async () => {
    const { accessKeyId } = emulator.credentialsFor(CALLER_ROLE_ARN);
    const stsClient = new STSClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: { accessKeyId, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    const denied = await failure(stsClient.send(new GetCallerIdentityCommand({})));
    stsClient.destroy();
    expect(denied).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('keys are random per instance: one emulator refuses another one’s credentials', async () => {
    const other = await startLocalAgentCore();
    const foreign = other.credentialsFor(ADMIN_ROLE_ARN);
    await other.stop();
    expect(foreign.accessKeyId).not.toBe(emulator.credentialsFor(ADMIN_ROLE_ARN).accessKeyId);
    const c = client(foreign);
    expect((await failure(invokeText(c, { agentRuntimeArn: RUNTIME_ARN }))).name).toBe(
      'UnrecognizedClientException',
    );
    c.destroy();
  });

  it('a session token that does not belong to the key is invalid', async () => {
    const stsClient = new STSClient({ ...emulator.clientConfig(ADMIN_ROLE_ARN), maxAttempts: 1 });
    const assumed = await stsClient.send(
      new AssumeRoleCommand({ RoleArn: ADMIN_ROLE_ARN, RoleSessionName: 'admin' }),
    );
    stsClient.destroy();
    const c = client({
      accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
      sessionToken: 'forged-token',
    });
    expect((await failure(invokeText(c, { agentRuntimeArn: RUNTIME_ARN }))).name).toBe(
      'UnrecognizedClientException',
    );
    c.destroy();
  });
});

describe('assumed-role sessions', () => {
  it('expire at their Expiration: ExpiredTokenException from AgentCore, ExpiredToken from STS', async () => {
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ADMIN_ROLE_ARN }],
    });
    emulator.setTrustPolicy(ADMIN_ROLE_ARN, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: CALLER_ROLE_ARN }, Action: 'sts:AssumeRole' }],
    });
    const stsClient = new STSClient({ ...emulator.clientConfig(CALLER_ROLE_ARN), maxAttempts: 1 });
    const assumed = await stsClient.send(
      new AssumeRoleCommand({ RoleArn: ADMIN_ROLE_ARN, RoleSessionName: 'short', DurationSeconds: 900 }),
    );
    stsClient.destroy();
    expect(assumed.Credentials?.Expiration?.getTime()).toBe(clock + 900_000);
    const credentials = {
      accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
      sessionToken: assumed.Credentials?.SessionToken ?? '',
    };
    const c = client(credentials);
    expect((await invokeText(c, { agentRuntimeArn: RUNTIME_ARN })).statusCode).toBe(200);
    clock += 899_000;
    expect((await invokeText(c, { agentRuntimeArn: RUNTIME_ARN })).statusCode).toBe(200);
    clock += 1_000;
    expect(await failure(invokeText(c, { agentRuntimeArn: RUNTIME_ARN }))).toEqual({
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      status: 403,
    });
    c.destroy();
    const sessionSts = new STSClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials,
      maxAttempts: 1,
    });
    expect(await failure(sessionSts.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'ExpiredToken',
      status: 400,
    });
    sessionSts.destroy();
  });
});
