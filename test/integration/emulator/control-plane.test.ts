/**
 * The control-plane resource-policy API through the plain BedrockAgentCoreControlClient: put, get
 * and delete on runtimes, endpoints and memories, and AgentCore's refusals.
 */
import {
  type BedrockAgentCoreControlClient,
  DeleteResourcePolicyCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../../src/policy/types.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { CALLER_ROLE_ARN, ENDPOINT_ARN, MEMORY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { loadSeed, SEED_001 } from '../../fixtures/seeds/index.js';
import { control, failure, seedPolicyFor } from './helpers.js';

let emulator: LocalAgentCore;
let admin: BedrockAgentCoreControlClient;
beforeEach(async () => {
  emulator = await startLocalAgentCore();
  admin = control(emulator);
});
afterEach(async () => {
  admin.destroy();
  await emulator.stop();
});

const put = (resourceArn: string, policy: unknown) =>
  admin.send(
    new PutResourcePolicyCommand({
      resourceArn,
      policy: typeof policy === 'string' ? policy : JSON.stringify(policy),
    }),
  );

describe('resource policies', () => {
  it('puts (201), gets back the exact string, deletes (204), then 404s', async () => {
    const text = JSON.stringify(seedPolicyFor(ENDPOINT_ARN), null, 2);
    const putOutput = await put(ENDPOINT_ARN, text);
    expect(putOutput).toMatchObject({ policy: text, $metadata: { httpStatusCode: 201 } });
    expect((await admin.send(new GetResourcePolicyCommand({ resourceArn: ENDPOINT_ARN }))).policy).toBe(text);
    const deleted = await admin.send(new DeleteResourcePolicyCommand({ resourceArn: ENDPOINT_ARN }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(
      await failure(admin.send(new GetResourcePolicyCommand({ resourceArn: ENDPOINT_ARN }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    expect(
      await failure(admin.send(new DeleteResourcePolicyCommand({ resourceArn: ENDPOINT_ARN }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('attaches the seed 001 memory policies to the memory ARN', async () => {
    // Seed 001 is written for us-east-1; the emulator's memory lives in eu-west-1.
    const document = JSON.parse(
      JSON.stringify(loadSeed('seed-001-memory-read-write')).replaceAll(SEED_001.region, 'eu-west-1'),
    ) as PolicyDocument;
    expect((await put(MEMORY_ARN, document)).$metadata.httpStatusCode).toBe(201);
  });

  it.each([
    ['a wildcard Resource', seedPolicyFor('*'), "Invalid Resource '*'"],
    ['a pattern Resource', seedPolicyFor(`${RUNTIME_ARN.slice(0, -3)}*`), 'wildcards are not allowed'],
    ['another resource’s ARN', seedPolicyFor(ENDPOINT_ARN), `attached to: ${RUNTIME_ARN}`],
    [
      'no Principal',
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: RUNTIME_ARN }] },
      'no Principal',
    ],
    ['invalid JSON', '{"Version": ', 'not valid JSON'],
  ])('refuses %s with a ValidationException', async (_name, policy, words) => {
    const refused = await failure(put(RUNTIME_ARN, policy));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused.message).toContain(words);
  });

  it('404s a resource that does not exist, and validates the ARN', async () => {
    const missing = `${RUNTIME_ARN.slice(0, -10)}zzzzzzzzzz`;
    expect(await failure(put(missing, seedPolicyFor(missing)))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await failure(put('arn:aws:s3:::bucket-name-here', seedPolicyFor(RUNTIME_ARN)))).toMatchObject({
      name: 'ValidationException',
    });
  });

  it('denies a caller from another account, naming the resource', async () => {
    const outsider = control(emulator, CALLER_ROLE_ARN);
    const denied = await failure(outsider.send(new GetResourcePolicyCommand({ resourceArn: RUNTIME_ARN })));
    outsider.destroy();
    expect(denied).toEqual({
      name: 'AccessDeniedException',
      message: `User: ${CALLER_ROLE_ARN} is not authorized to perform: bedrock-agentcore:GetResourcePolicy on resource: ${RUNTIME_ARN} because no resource-based policy allows the bedrock-agentcore:GetResourcePolicy action`,
      status: 403,
    });
  });

  it('takes initial policies from the options, checked like PutResourcePolicy', async () => {
    const started = await startLocalAgentCore({
      resourcePolicies: { [RUNTIME_ARN]: seedPolicyFor(RUNTIME_ARN) },
    });
    const client = control(started);
    expect((await client.send(new GetResourcePolicyCommand({ resourceArn: RUNTIME_ARN }))).policy).toContain(
      'AllowCallerRole',
    );
    client.destroy();
    await started.stop();
    await expect(
      startLocalAgentCore({ resourcePolicies: { [RUNTIME_ARN]: seedPolicyFor('*') } }),
    ).rejects.toThrow(/resourcePolicies/);
  });
});
