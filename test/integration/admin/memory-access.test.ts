/**
 * Account A grants and revokes memory access, and creates seed 001's delivery memory, through
 * the emulator's control plane; the caller in Account B proves each state on the data plane.
 */
import {
  BedrockAgentCoreClient,
  CreateEventCommand,
  ListActorsCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import {
  type BedrockAgentCoreControlClient,
  GetMemoryCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCrossAccountMemory, grantMemoryAccess, revokeMemoryAccess } from '../../../src/admin/index.js';
import { callerIdentityPolicy } from '../../../src/policy/build/identity.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN, MEMORY_ARN, MEMORY_ID } from '../../fixtures/arns.js';
import { SEED_001 } from '../../fixtures/seeds/index.js';
import { attachedPolicy, control } from '../emulator/helpers.js';

const WRITER = 'arn:aws:iam::222222222222:role/AgentMemoryWriterRole';

let emulator: LocalAgentCore;
let admin: BedrockAgentCoreControlClient;
const clientConfig = () => ({ ...emulator.clientConfig(ADMIN_ROLE_ARN), maxAttempts: 1 });

const policyText = () => attachedPolicy(admin, MEMORY_ARN);

/** What the caller role can do on the memory: read (ListActors) and write (CreateEvent). */
async function callerAccess(): Promise<{ read: boolean; write: boolean }> {
  const caller = new BedrockAgentCoreClient({ ...emulator.clientConfig(CALLER_ROLE_ARN), maxAttempts: 1 });
  const allowed = (call: Promise<unknown>) =>
    call.then(
      () => true,
      (error: Error) => {
        if (error.name === 'AccessDeniedException') return false;
        throw error;
      },
    );
  try {
    const read = await allowed(caller.send(new ListActorsCommand({ memoryId: MEMORY_ARN })));
    const write = await allowed(
      caller.send(
        new CreateEventCommand({
          memoryId: MEMORY_ARN,
          actorId: 'actor-b',
          sessionId: `session-${Date.now()}`,
          eventTimestamp: new Date(),
          payload: [{ conversational: { content: { text: 'hi' }, role: 'USER' } }],
        }),
      ),
    );
    return { read, write };
  } finally {
    caller.destroy();
  }
}

beforeEach(async () => {
  emulator = await startLocalAgentCore({ memory: { createEventRate: false } });
  admin = control(emulator);
  emulator.setIdentityPolicy(
    CALLER_ROLE_ARN,
    callerIdentityPolicy({ memoryArns: [MEMORY_ARN], memoryAccess: 'read-write' }),
  );
});
afterEach(async () => {
  admin.destroy();
  await emulator.stop();
});

describe('grantMemoryAccess / revokeMemoryAccess', () => {
  it('grants readers and writers in separate statements; twice equals once', async () => {
    const grant = () =>
      grantMemoryAccess({
        memoryArn: MEMORY_ARN,
        readers: [CALLER_ROLE_ARN],
        writers: [WRITER],
        clientConfig: clientConfig(),
      });
    const first = await grant();
    expect(first.changes.map((c) => [c.resourceArn, c.status])).toEqual([[MEMORY_ARN, 'put']]);
    expect(first.changes[0]?.document?.Statement).toEqual([
      expect.objectContaining({ Sid: 'AllowCrossAccountMemoryRead' }),
      expect.objectContaining({ Sid: 'AllowCrossAccountMemoryWrite', Principal: { AWS: WRITER } }),
    ]);
    expect(await callerAccess()).toEqual({ read: true, write: false });
    const text = await policyText();
    expect((await grant()).changes[0]?.status).toBe('unchanged');
    expect(await policyText()).toBe(text);
  });

  it('promotes a reader to writer without touching the other reader, and revokes back byte for byte', async () => {
    await grantMemoryAccess({
      memoryArn: MEMORY_ARN,
      readers: [CALLER_ROLE_ARN, WRITER],
      clientConfig: clientConfig(),
    });
    const readersOnly = await policyText();
    const promoted = await grantMemoryAccess({
      memoryArn: MEMORY_ARN,
      writers: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
    });
    expect(promoted.changes[0]?.diff).toMatchObject({
      added: [{ Sid: 'AllowCrossAccountMemoryWrite' }],
      changed: [],
    });
    expect(await callerAccess()).toEqual({ read: true, write: true });

    const revoked = await revokeMemoryAccess({
      memoryArn: MEMORY_ARN,
      principals: [CALLER_ROLE_ARN],
      sid: 'AllowCrossAccountMemoryWrite',
      clientConfig: clientConfig(),
      confirm: true,
    });
    expect(revoked.losses).toEqual([
      expect.objectContaining({ principal: CALLER_ROLE_ARN, sid: 'AllowCrossAccountMemoryWrite' }),
    ]);
    expect(revoked.losses[0]?.actions).toContain('bedrock-agentcore:CreateEvent');
    expect(await policyText()).toBe(readersOnly);
    expect(await callerAccess()).toEqual({ read: true, write: false });
  });

  it('revokes a bare account id as its root, keeping an unrelated statement, and names residual access', async () => {
    const existing = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowAccountBRead',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::222222222222:root' },
            Action: 'bedrock-agentcore:ListActors',
            Resource: MEMORY_ARN,
          },
        ],
      },
      null,
      2,
    );
    await admin.send(new PutResourcePolicyCommand({ resourceArn: MEMORY_ARN, policy: existing }));
    await grantMemoryAccess({
      memoryArn: MEMORY_ARN,
      writers: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
    });
    const revoked = await revokeMemoryAccess({
      memoryArn: MEMORY_ARN,
      principals: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
      confirm: true,
    });
    expect(await policyText()).toBe(existing);
    expect(revoked.residual).toEqual([
      expect.objectContaining({
        principal: CALLER_ROLE_ARN,
        via: 'arn:aws:iam::222222222222:root',
        sid: 'AllowAccountBRead',
      }),
    ]);
    // The account root still lets the role list actors (its identity policy allows it).
    expect(await callerAccess()).toEqual({ read: true, write: false });
  });

  it('refuses a bare memory id before any request', async () => {
    const before = emulator.requests.length;
    const error = await grantMemoryAccess({
      memoryArn: MEMORY_ID,
      readers: [CALLER_ROLE_ARN],
      clientConfig: clientConfig(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidArnError', findingCode: 'memory-id-not-arn' });
    expect(emulator.requests).toHaveLength(before);
  });
});

describe('createCrossAccountMemory', () => {
  const input = {
    region: SEED_001.region,
    accountId: SEED_001.accountA,
    executionRoleName: SEED_001.executionRoleName,
    s3: { bucketName: SEED_001.bucketName },
    sns: { topicArn: `arn:aws:sns:${SEED_001.region}:${SEED_001.accountB}:${SEED_001.topicName}` },
    kinesis: {
      streamArn: `arn:aws:kinesis:${SEED_001.region}:${SEED_001.accountB}:stream/${SEED_001.streamName}`,
    },
    description: 'Memory with cross-account S3 and SNS delivery',
  };

  it('creates seed 001’s memory with its execution role and destinations, ACTIVE and served', async () => {
    const seed = await startLocalAgentCore({ region: SEED_001.region });
    try {
      const result = await createCrossAccountMemory({
        ...input,
        clientConfig: seed.clientConfig(ADMIN_ROLE_ARN),
      });
      expect(result.memory).toMatchObject({ status: 'ACTIVE' });
      expect(result.memory?.arn).toMatch(
        new RegExp(
          `^arn:aws:bedrock-agentcore:${SEED_001.region}:${SEED_001.accountA}:memory/cross_account_memory-`,
        ),
      );
      const client = control(seed);
      const got = await client.send(new GetMemoryCommand({ memoryId: result.memory?.id }));
      client.destroy();
      expect(got.memory).toMatchObject({
        memoryExecutionRoleArn: `arn:aws:iam::${SEED_001.accountA}:role/${SEED_001.executionRoleName}`,
        strategies: [expect.objectContaining({ name: 'cross_account_strategy', type: 'CUSTOM' })],
      });
      expect(seed.memory.memoryArns()).toContain(result.memory?.arn);
      // What Account B must apply: one policy per destination, naming the execution role.
      expect(result.accountB.accountId).toBe(SEED_001.accountB);
      expect(result.accountB.policies.map((p) => p.resourceArn)).toEqual([
        `arn:aws:s3:::${SEED_001.bucketName}`,
        input.sns.topicArn,
        input.kinesis.streamArn,
      ]);
      expect(result.accountB.commands.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
        'aws s3api put-bucket-policy',
        'aws sns set-topic-attributes',
        'aws kinesis put-resource-policy',
      ]);
      expect(result.instructions).toContain(result.setup.executionRoleArn);
      expect(result.instructions).toContain('AllowMemoryExecutionRolePutRecords');
    } finally {
      await seed.stop();
    }
  });

  it('plans without a client in a dry run, and sends nothing', async () => {
    const result = await createCrossAccountMemory({ ...input, dryRun: true });
    expect(result.memory).toBeUndefined();
    expect(result.createMemoryCommand).toContain(
      "--memory-execution-role-arn 'arn:aws:iam::111111111111:role/MemoryCrossAccountRole'",
    );
    expect(result.accountA.commands[0]).toContain('aws iam create-role');
  });
});
