/**
 * CreateMemory and GetMemory on the emulator's control plane through the plain
 * BedrockAgentCoreControlClient: seed 001's create-memory input, the SDK's own waiter, a created
 * memory served by the data plane at once, idempotent client tokens, refusals and denials.
 */
import { BedrockAgentCoreClient, CreateEventCommand } from '@aws-sdk/client-bedrock-agentcore';
import {
  type BedrockAgentCoreControlClient,
  CreateMemoryCommand,
  type CreateMemoryCommandInput,
  GetMemoryCommand,
  waitUntilMemoryCreated,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN, MEMORY_ARN, MEMORY_ID } from '../../fixtures/arns.js';
import { loadSeed, SEED_001 } from '../../fixtures/seeds/index.js';
import { control, failure } from './helpers.js';

/** Seed 001's S3 + SNS create-memory command as API input; its hyphenated name is not a valid name. */
function seedInput(): CreateMemoryCommandInput {
  return {
    ...(loadSeed('seed-001-create-memory-s3-sns') as CreateMemoryCommandInput),
    name: 'cross_account_memory',
  };
}

let emulator: LocalAgentCore;
let admin: BedrockAgentCoreControlClient;
beforeEach(async () => {
  // Seed 001 is written for us-east-1.
  emulator = await startLocalAgentCore({ region: SEED_001.region, memory: { createEventRate: false } });
  admin = control(emulator);
});
afterEach(async () => {
  admin.destroy();
  await emulator.stop();
});

describe('CreateMemory', () => {
  it('creates seed 001’s memory (202, CREATING) in the caller’s account and region', async () => {
    const output = await admin.send(new CreateMemoryCommand(seedInput()));
    expect(output.$metadata.httpStatusCode).toBe(202);
    const memory = output.memory;
    expect(memory?.id).toMatch(/^cross_account_memory-[a-zA-Z0-9]{10}$/);
    expect(memory).toMatchObject({
      arn: `arn:aws:bedrock-agentcore:${SEED_001.region}:${SEED_001.accountA}:memory/${memory?.id}`,
      name: 'cross_account_memory',
      description: 'Memory with cross-account S3 and SNS delivery',
      eventExpiryDuration: 30,
      memoryExecutionRoleArn: `arn:aws:iam::${SEED_001.accountA}:role/${SEED_001.executionRoleName}`,
      status: 'CREATING',
      strategies: [{ name: 'cross_account_strategy', type: 'CUSTOM', status: 'ACTIVE' }],
    });
    expect(memory?.createdAt).toBeInstanceOf(Date);
  });

  it('is ACTIVE for GetMemory and the SDK waiter, and served by the data plane at once', async () => {
    const created = (await admin.send(new CreateMemoryCommand(seedInput()))).memory;
    const id = created?.id ?? '';
    const waited = await waitUntilMemoryCreated({ client: admin, maxWaitTime: 5 }, { memoryId: id });
    expect(waited.state).toBe('SUCCESS');
    const got = await admin.send(new GetMemoryCommand({ memoryId: id }));
    expect(got.memory).toMatchObject({ arn: created?.arn, id, status: 'ACTIVE' });

    const dataPlane = new BedrockAgentCoreClient({
      ...emulator.clientConfig(ADMIN_ROLE_ARN),
      maxAttempts: 1,
    });
    const event = await dataPlane.send(
      new CreateEventCommand({
        memoryId: created?.arn,
        actorId: 'actor-1',
        sessionId: 'session-1',
        eventTimestamp: new Date(),
        payload: [{ conversational: { content: { text: 'hello' }, role: 'USER' } }],
      }),
    );
    dataPlane.destroy();
    expect(event.event?.eventId).toBeTruthy();
    expect(emulator.memory.counts(created?.arn ?? '')).toEqual({ events: 1, records: 0 });
  });

  it('returns the same memory for a repeated client token, and refuses the token with other input', async () => {
    const clientToken = 'a'.repeat(40);
    const first = await admin.send(new CreateMemoryCommand({ ...seedInput(), clientToken }));
    const again = await admin.send(new CreateMemoryCommand({ ...seedInput(), clientToken }));
    expect(again.memory?.arn).toBe(first.memory?.arn);
    expect(emulator.memory.memoryArns()).toHaveLength(2);
    expect(
      await failure(
        admin.send(new CreateMemoryCommand({ ...seedInput(), clientToken, eventExpiryDuration: 60 })),
      ),
    ).toMatchObject({ name: 'ConflictException', status: 409 });
  });

  it.each([
    ['the seed’s hyphenated name', { name: 'cross-account-memory' }, "at 'name'"],
    ['an expiry under 7 days', { eventExpiryDuration: 3 }, "at 'eventExpiryDuration'"],
    [
      'a user as execution role',
      { memoryExecutionRoleArn: 'arn:aws:iam::111111111111:user/bob' },
      'role ARN',
    ],
  ])('refuses %s with a ValidationException', async (_name, change, words) => {
    const refused = await failure(admin.send(new CreateMemoryCommand({ ...seedInput(), ...change })));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused.message).toContain(words);
    expect(emulator.memory.memoryArns()).toHaveLength(1);
  });

  it('denies a principal whose identity policy does not allow CreateMemory', async () => {
    const outsider = control(emulator, CALLER_ROLE_ARN);
    const denied = await failure(outsider.send(new CreateMemoryCommand(seedInput())));
    outsider.destroy();
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(denied.message).toContain('bedrock-agentcore:CreateMemory');
  });

  it('answers an injected fault by its operation name and creates nothing', async () => {
    emulator.setFaults([{ operation: 'CreateMemory', script: ['5xx'] }]);
    expect(await failure(admin.send(new CreateMemoryCommand(seedInput())))).toMatchObject({ status: 500 });
    expect(emulator.memory.memoryArns()).toHaveLength(1);
    expect(emulator.requests.at(-1)).toMatchObject({ operation: 'CreateMemory', fault: '5xx' });
  });
});

describe('GetMemory', () => {
  it('describes a memory declared in the options, by bare id', async () => {
    const seeded = await startLocalAgentCore();
    const client = control(seeded);
    const got = await client.send(new GetMemoryCommand({ memoryId: MEMORY_ID }));
    client.destroy();
    await seeded.stop();
    expect(got.memory).toMatchObject({
      arn: MEMORY_ARN,
      id: MEMORY_ID,
      name: 'shared_memory',
      status: 'ACTIVE',
    });
  });

  it('404s a memory that does not exist', async () => {
    expect(
      await failure(admin.send(new GetMemoryCommand({ memoryId: 'missing_memory-abcdefghij' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });
});
