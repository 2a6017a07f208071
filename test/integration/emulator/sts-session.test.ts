/**
 * What AssumeRole parameters do to the session, never ignored: managed session policies
 * (`PolicyArns`) narrow it like an inline `Policy`, an unknown one is refused; MFA
 * (`SerialNumber`, `TokenCode`) is checked against the caller's devices and makes the session
 * MFA-authenticated for the trust policy and for every later request.
 */
import { AssumeRoleCommand, type AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../../src/policy/types.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, ACCOUNT_B, MEMORY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { agentCoreWith, createEvent, failure, invokeText, sts } from './helpers.js';

const ROLE = `arn:aws:iam::${ACCOUNT_A}:role/worker`;
const USER = `arn:aws:iam::${ACCOUNT_A}:user/alice`;
const OTHER_USER = `arn:aws:iam::${ACCOUNT_A}:user/bob`;
const DEVICE = `arn:aws:iam::${ACCOUNT_A}:mfa/alice`;
const INVOKE_ONLY = `arn:aws:iam::${ACCOUNT_A}:policy/invoke-only`;
const MEMORY_WRITE = `arn:aws:iam::${ACCOUNT_A}:policy/memory-write`;
const FOREIGN = `arn:aws:iam::${ACCOUNT_B}:policy/invoke-only`;
const AWS_MANAGED = 'arn:aws:iam::aws:policy/AgentCoreInvoke';

const allow = (action: string | string[], resource: string | string[] = '*', extra = {}): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }],
});
const invokeOnly = allow(
  ['bedrock-agentcore:InvokeAgentRuntime'],
  [RUNTIME_ARN, `${RUNTIME_ARN}/runtime-endpoint/*`],
);

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore({
    memory: { createEventRate: false },
    accounts: [
      {
        accountId: ACCOUNT_A,
        principals: [
          {
            arn: ROLE,
            identityPolicies: [allow('*')],
            trustPolicy: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { AWS: [USER, OTHER_USER] }, Action: 'sts:AssumeRole' },
              ],
            },
          },
          {
            arn: USER,
            identityPolicies: [allow('sts:AssumeRole', ROLE)],
            mfaDevices: [{ serialNumber: DEVICE, tokenCode: '123456' }],
          },
          { arn: OTHER_USER, identityPolicies: [allow('sts:AssumeRole', ROLE)] },
        ],
      },
      { accountId: ACCOUNT_B, principals: [] },
    ],
    managedPolicies: {
      [INVOKE_ONLY]: invokeOnly,
      [MEMORY_WRITE]: allow('bedrock-agentcore:CreateEvent', MEMORY_ARN),
      [FOREIGN]: invokeOnly,
    },
  });
});
afterEach(async () => {
  await emulator.stop();
});

async function assume(input: Partial<AssumeRoleCommandInput>, principal = USER) {
  const client = sts(emulator, principal);
  try {
    const out = await client.send(
      new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'narrow', ...input }),
    );
    return {
      out,
      client: agentCoreWith(emulator, {
        accessKeyId: out.Credentials?.AccessKeyId ?? '',
        secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
        sessionToken: out.Credentials?.SessionToken ?? '',
      }),
    };
  } finally {
    client.destroy();
  }
}

describe('AssumeRole PolicyArns', () => {
  it('narrow the session to the managed policies, as AWS does', async () => {
    const { out, client } = await assume({ PolicyArns: [{ arn: INVOKE_ONLY }] });
    expect(out.PackedPolicySize).toBeGreaterThan(0);
    expect((await invokeText(client, { agentRuntimeArn: RUNTIME_ARN })).statusCode).toBe(200);
    const denied = await failure(client.send(createEvent()));
    client.destroy();
    expect(denied).toEqual({
      name: 'AccessDeniedException',
      message: `User: arn:aws:sts::${ACCOUNT_A}:assumed-role/worker/narrow is not authorized to perform: bedrock-agentcore:CreateEvent on resource: ${MEMORY_ARN} because no session policy allows the bedrock-agentcore:CreateEvent action`,
      status: 403,
    });
  });

  it('combine with the inline Policy and with each other: any of them allows', async () => {
    const { client } = await assume({
      PolicyArns: [{ arn: MEMORY_WRITE }],
      Policy: JSON.stringify(invokeOnly),
    });
    expect((await invokeText(client, { agentRuntimeArn: RUNTIME_ARN })).statusCode).toBe(200);
    expect((await client.send(createEvent())).$metadata.httpStatusCode).toBe(201);
    client.destroy();
  });

  it('never widen the role: the intersection with its identity policy', async () => {
    emulator.setIdentityPolicy(ROLE, allow('bedrock-agentcore:CreateEvent', MEMORY_ARN));
    const { client } = await assume({ PolicyArns: [{ arn: INVOKE_ONLY }] });
    expect((await failure(invokeText(client, { agentRuntimeArn: RUNTIME_ARN }))).name).toBe(
      'AccessDeniedException',
    );
    client.destroy();
  });

  it('an AWS managed policy the world declares is allowed, from any account', async () => {
    emulator.setManagedPolicy(AWS_MANAGED, invokeOnly);
    const { client } = await assume({ PolicyArns: [{ arn: AWS_MANAGED }] });
    expect((await failure(client.send(createEvent()))).name).toBe('AccessDeniedException');
    client.destroy();
  });

  it('refuses an ARN the emulator does not know, or of another account than the role, never ignoring it', async () => {
    for (const arn of [
      `arn:aws:iam::${ACCOUNT_A}:policy/nope`,
      FOREIGN,
      `arn:aws:iam::${ACCOUNT_A}:role/worker`,
    ]) {
      expect(await failure(assume({ PolicyArns: [{ arn }] }))).toEqual({
        name: 'NoSuchEntity',
        message: `Policy ${arn} does not exist or is not attachable.`,
        status: 404,
      });
    }
    emulator.setManagedPolicy(INVOKE_ONLY, undefined);
    expect((await failure(assume({ PolicyArns: [{ arn: INVOKE_ONLY }] }))).name).toBe('NoSuchEntity');
  });

  it('refuses more than 10 ARNs', async () => {
    const PolicyArns = Array.from({ length: 11 }, () => ({ arn: INVOKE_ONLY }));
    expect(await failure(assume({ PolicyArns }))).toMatchObject({ name: 'ValidationError', status: 400 });
  });

  it('bind a chained AssumeRole too: a session narrowed away from sts:AssumeRole cannot assume', async () => {
    emulator.setTrustPolicy(ROLE, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: [USER, ROLE] }, Action: 'sts:AssumeRole' }],
    });
    const narrowed = await assume({ PolicyArns: [{ arn: INVOKE_ONLY }] });
    narrowed.client.destroy();
    const credentials = {
      accessKeyId: narrowed.out.Credentials?.AccessKeyId ?? '',
      secretAccessKey: narrowed.out.Credentials?.SecretAccessKey ?? '',
      sessionToken: narrowed.out.Credentials?.SessionToken ?? '',
    };
    const sessionSts = new STSClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials,
      maxAttempts: 1,
    });
    const denied = await failure(
      sessionSts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'again' })),
    );
    sessionSts.destroy();
    expect(denied.name).toBe('AccessDenied');
  });
});

describe('AssumeRole MFA', () => {
  const requireMfa = (): void =>
    emulator.setTrustPolicy(ROLE, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: [USER, OTHER_USER] },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    });

  it('a trust policy that requires MFA denies a call without it and allows one with the right code', async () => {
    requireMfa();
    expect((await failure(assume({}))).name).toBe('AccessDenied');
    const { client } = await assume({ SerialNumber: DEVICE, TokenCode: '123456' });
    expect((await invokeText(client, { agentRuntimeArn: RUNTIME_ARN })).statusCode).toBe(200);
    client.destroy();
  });

  it('refuses a wrong code, a device of someone else, or half of the pair, in STS words', async () => {
    const rows: Array<[Partial<AssumeRoleCommandInput>, string, string]> = [
      [
        { SerialNumber: DEVICE, TokenCode: '654321' },
        USER,
        'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      ],
      [
        { SerialNumber: DEVICE, TokenCode: '123456' },
        OTHER_USER,
        'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
      ],
      [
        { SerialNumber: DEVICE },
        USER,
        'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
      ],
      [
        { TokenCode: '123456' },
        USER,
        'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
      ],
    ];
    for (const [input, principal, message] of rows) {
      expect(await failure(assume(input, principal))).toEqual({ name: 'AccessDenied', message, status: 403 });
    }
    expect(await failure(assume({ SerialNumber: DEVICE, TokenCode: '12345' }))).toMatchObject({
      name: 'ValidationError',
      status: 400,
    });
  });

  it('the session keeps MFA for its own requests (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge)', async () => {
    emulator.setIdentityPolicy(
      ROLE,
      allow('bedrock-agentcore:InvokeAgentRuntime', '*', {
        Condition: {
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
        },
      }),
    );
    const without = await assume({});
    expect((await failure(invokeText(without.client, { agentRuntimeArn: RUNTIME_ARN }))).name).toBe(
      'AccessDeniedException',
    );
    without.client.destroy();
    const withMfa = await assume({ SerialNumber: DEVICE, TokenCode: '123456' });
    expect((await invokeText(withMfa.client, { agentRuntimeArn: RUNTIME_ARN })).statusCode).toBe(200);
    withMfa.client.destroy();
  });
});
