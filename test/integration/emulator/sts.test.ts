/**
 * STS AssumeRole as the emulator enforces it: trust policy, the caller's own sts:AssumeRole,
 * ExternalId, DurationSeconds limits, role chaining, SourceIdentity.
 */
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConditionElement, PolicyDocument } from '../../../src/policy/types.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { agentCoreWith, failure, invokeText, sts } from './helpers.js';

const TARGET = `arn:aws:iam::${ACCOUNT_A}:role/CrossAccountAgentInvoker`;
const ALLOW_ASSUME: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: TARGET }],
};

function trust(condition?: ConditionElement): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: CALLER_ROLE_ARN },
        Action: 'sts:AssumeRole',
        ...(condition === undefined ? {} : { Condition: condition }),
      },
    ],
  };
}

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore();
  emulator.setIdentityPolicy(CALLER_ROLE_ARN, ALLOW_ASSUME);
});
afterEach(async () => {
  await emulator.stop();
});

async function assume(input: Partial<AssumeRoleCommandInput>, principal = CALLER_ROLE_ARN) {
  const client = sts(emulator, principal);
  try {
    return await client.send(
      new AssumeRoleCommand({ RoleArn: TARGET, RoleSessionName: 'test-session', ...input }),
    );
  } finally {
    client.destroy();
  }
}

const denial = (action = 'sts:AssumeRole') =>
  `User: ${CALLER_ROLE_ARN} is not authorized to perform: ${action} on resource: ${TARGET}`;

describe('AssumeRole', () => {
  it('is denied, in STS words, when the role does not exist or its trust policy does not name the caller', async () => {
    expect(await failure(assume({}))).toEqual({ name: 'AccessDenied', message: denial(), status: 403 });
    emulator.setTrustPolicy(TARGET, {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    expect((await failure(assume({}))).message).toBe(denial());
  });

  it('needs sts:AssumeRole in the caller identity policy across accounts', async () => {
    emulator.setTrustPolicy(TARGET, trust());
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, undefined);
    expect((await failure(assume({}))).name).toBe('AccessDenied');
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, ALLOW_ASSUME);
    expect((await assume({})).AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${ACCOUNT_A}:assumed-role/CrossAccountAgentInvoker/test-session`,
    );
  });

  it('checks ExternalId against an sts:ExternalId condition', async () => {
    emulator.setTrustPolicy(TARGET, trust({ StringEquals: { 'sts:ExternalId': 'correct-horse' } }));
    expect((await failure(assume({}))).name).toBe('AccessDenied');
    expect((await failure(assume({ ExternalId: 'wrong-horse' }))).name).toBe('AccessDenied');
    expect((await assume({ ExternalId: 'correct-horse' })).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('limits DurationSeconds to 900 … MaxSessionDuration, and chained sessions to one hour', async () => {
    emulator.setTrustPolicy(TARGET, trust());
    expect(await failure(assume({ DurationSeconds: 600 }))).toMatchObject({
      name: 'ValidationError',
      status: 400,
    });
    expect((await failure(assume({ DurationSeconds: 7200 }))).message).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    const first = await assume({});
    // Chain: the session assumes the role again (its identity policy is the role's own).
    emulator.setTrustPolicy(TARGET, {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: [CALLER_ROLE_ARN, TARGET] }, Action: 'sts:AssumeRole' },
      ],
    });
    const chained = new STSClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      maxAttempts: 1,
      credentials: {
        accessKeyId: first.Credentials?.AccessKeyId ?? '',
        secretAccessKey: first.Credentials?.SecretAccessKey ?? '',
        sessionToken: first.Credentials?.SessionToken ?? '',
      },
    });
    const over = await failure(
      chained.send(
        new AssumeRoleCommand({ RoleArn: TARGET, RoleSessionName: 'again', DurationSeconds: 3601 }),
      ),
    );
    const again = await chained.send(new AssumeRoleCommand({ RoleArn: TARGET, RoleSessionName: 'again' }));
    const who = await chained.send(new GetCallerIdentityCommand({}));
    chained.destroy();
    expect(over.message).toBe(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    expect(again.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${ACCOUNT_A}:assumed-role/CrossAccountAgentInvoker/again`,
    );
    expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT_A}:assumed-role/CrossAccountAgentInvoker/test-session`);
  });

  it("validates the session name: its length first, then its characters, in the model's words", async () => {
    emulator.setTrustPolicy(TARGET, trust());
    expect(await failure(assume({ RoleSessionName: 'has space' }))).toMatchObject({
      name: 'ValidationError',
      status: 400,
    });
    expect((await failure(assume({ RoleSessionName: 'has space' }))).message).toContain(
      'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    );
    // 'x' matches the pattern: AWS names the length (the model's min 2, max 64).
    expect((await failure(assume({ RoleSessionName: 'x' }))).message).toContain(
      "Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
    expect((await failure(assume({ RoleSessionName: 'x'.repeat(65) }))).message).toContain(
      'Member must have length less than or equal to 64',
    );
  });

  it('sets SourceIdentity only when the trust policy allows sts:SetSourceIdentity', async () => {
    emulator.setTrustPolicy(TARGET, trust());
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: TARGET }],
    });
    expect((await failure(assume({ SourceIdentity: 'alice' }))).message).toBe(
      denial('sts:SetSourceIdentity'),
    );
    emulator.setTrustPolicy(TARGET, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE_ARN },
          Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        },
      ],
    });
    expect((await assume({ SourceIdentity: 'alice' })).SourceIdentity).toBe('alice');
  });

  it('records the decision and never a secret', async () => {
    emulator.setTrustPolicy(TARGET, trust());
    const assumed = await assume({});
    const log = JSON.stringify(emulator.requests);
    expect(emulator.requests.at(-1)).toMatchObject({
      operation: 'AssumeRole',
      decision: 'allow',
      status: 200,
      service: 'sts',
    });
    for (const secret of [
      assumed.Credentials?.SecretAccessKey,
      assumed.Credentials?.SessionToken,
      emulator.credentialsFor(CALLER_ROLE_ARN).secretAccessKey,
    ]) {
      expect(secret).toBeTruthy();
      expect(log).not.toContain(secret);
    }
  });

  it('bounds a session by the session policy passed to AssumeRole', async () => {
    emulator.setTrustPolicy(TARGET, trust());
    emulator.setIdentityPolicy(TARGET, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'bedrock-agentcore:*', Resource: '*' }],
    });
    const sessionPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'bedrock-agentcore:GetAgentCard', Resource: '*' }],
    };
    const assumed = await assume({ Policy: JSON.stringify(sessionPolicy) });
    expect(assumed.PackedPolicySize).toBeGreaterThan(0);
    const client = agentCoreWith(emulator, {
      accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
      sessionToken: assumed.Credentials?.SessionToken ?? '',
    });
    const denied = await failure(invokeText(client, { agentRuntimeArn: RUNTIME_ARN }));
    client.destroy();
    expect(denied.message).toBe(
      `User: ${assumed.AssumedRoleUser?.Arn} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME_ARN} because no session policy allows the bedrock-agentcore:InvokeAgentRuntime action`,
    );
  });
});
