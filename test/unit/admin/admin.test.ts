/**
 * The Account A functions against a control-plane client mocked at `send()`: what they send,
 * what they refuse before sending, and how they read the answers.
 */
import {
  BedrockAgentCoreControlClient,
  CreateMemoryCommand,
  DeleteResourcePolicyCommand,
  GetMemoryCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createCrossAccountMemory,
  type GrantRuntimeAccessOptions,
  grantRuntimeAccess,
  revokeMemoryAccess,
  verifyAccess,
} from '../../../src/admin/index.js';
import { isPolicyBuildError, isValidationError } from '../../../src/errors.js';
import type { PolicyDocument } from '../../../src/policy/types.js';
import { CALLER_ROLE_ARN, ENDPOINT_ARN, MEMORY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';

const control = mockClient(BedrockAgentCoreControlClient);
let client: BedrockAgentCoreControlClient;
beforeEach(() => {
  control.reset();
  client = new BedrockAgentCoreControlClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
  });
});
afterEach(() => client.destroy());

const notFound = Object.assign(new Error('No policy'), {
  name: 'ResourceNotFoundException',
  $metadata: { httpStatusCode: 404 },
});
const denied = Object.assign(new Error('User: … is not authorized'), {
  name: 'AccessDeniedException',
  $metadata: { httpStatusCode: 403 },
});

function policyFor(resourceArn: string, resource = resourceArn): string {
  const document: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Partner',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::333333333333:root' },
        Action: 'bedrock-agentcore:GetAgentCard',
        Resource: resource,
      },
    ],
  };
  return JSON.stringify(document);
}

const grant = (extra: Partial<GrantRuntimeAccessOptions> = {}) =>
  grantRuntimeAccess({
    runtimeArn: RUNTIME_ARN,
    principals: [CALLER_ROLE_ARN],
    client,
    ...extra,
  } as GrantRuntimeAccessOptions);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('refusals before any write', () => {
  it('an endpoint policy copied with the runtime ARN as Resource (resource-mismatch)', async () => {
    control
      .on(GetResourcePolicyCommand, { resourceArn: RUNTIME_ARN })
      .resolves({ policy: policyFor(RUNTIME_ARN) });
    control
      .on(GetResourcePolicyCommand, { resourceArn: ENDPOINT_ARN })
      .resolves({ policy: policyFor(ENDPOINT_ARN, RUNTIME_ARN) });
    const error = await rejection(grant());
    expect(isPolicyBuildError(error)).toBe(true);
    expect(error).toMatchObject({ findingCode: 'resource-mismatch' });
    expect((error as Error).message).toContain('the policy already attached');
    expect(control.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
  });

  it('a grant whose own statement has a lint error (InvokeAgentRuntimeForUser alone)', async () => {
    control.on(GetResourcePolicyCommand).rejects(notFound);
    const error = await rejection(grant({ actions: ['InvokeAgentRuntimeForUser'] }));
    expect(error).toMatchObject({ name: 'PolicyBuildError', findingCode: 'action-not-allowed' });
    expect((error as Error).message).toContain('the statement this grant writes');
    expect(control.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
  });

  it('both client and clientConfig (a JavaScript caller), before loading anything', async () => {
    const error = await rejection(grant({ clientConfig: { region: 'eu-west-1' } } as never));
    expect(isValidationError(error)).toBe(true);
    expect(error).toMatchObject({ field: 'clientConfig' });
    expect(control.calls()).toHaveLength(0);
  });

  it('a client of another service (IAM), named, before any request', async () => {
    const { IAMClient } = await import('@aws-sdk/client-iam');
    const iam = new IAMClient({ region: 'us-east-1' });
    try {
      const error = await rejection(
        grantRuntimeAccess({ runtimeArn: RUNTIME_ARN, principals: [CALLER_ROLE_ARN], client: iam }),
      );
      expect(error).toMatchObject({
        name: 'ValidationError',
        field: 'client',
        message: expect.stringMatching(/^client is a client of IAM, not a BedrockAgentCoreControlClient/),
      });
      expect(control.calls()).toHaveLength(0);
    } finally {
      iam.destroy();
    }
  });

  it('neither client nor clientConfig without dryRun', async () => {
    const error = await rejection(
      grantRuntimeAccess({ runtimeArn: RUNTIME_ARN, principals: [CALLER_ROLE_ARN] } as never),
    );
    expect(error).toMatchObject({ name: 'ValidationError', field: 'client' });
  });
});

describe('reading the current policy', () => {
  it('treats an empty answer as no policy', async () => {
    control.on(GetResourcePolicyCommand).resolves({ policy: '' });
    control.on(PutResourcePolicyCommand).resolves({ policy: 'x' });
    const result = await grant();
    expect(result.changes.map((c) => [c.before, c.status])).toEqual([
      [undefined, 'put'],
      [undefined, 'put'],
    ]);
  });

  it('reports a policy it cannot read as failed, writes the others, and keeps the SDK error', async () => {
    control.on(GetResourcePolicyCommand, { resourceArn: RUNTIME_ARN }).rejects(denied);
    control.on(GetResourcePolicyCommand, { resourceArn: ENDPOINT_ARN }).rejects(notFound);
    control.on(PutResourcePolicyCommand).resolves({ policy: 'x' });
    const result = await grant();
    expect(result.ok).toBe(false);
    expect(result.changes.map((c) => c.status)).toEqual(['failed', 'put']);
    expect(result.changes[0]?.error).toBe(denied);
    expect(control.commandCalls(PutResourcePolicyCommand).map((c) => c.args[0].input.resourceArn)).toEqual([
      ENDPOINT_ARN,
    ]);
    // The unreadable runtime policy is not reported missing.
    expect(result.findings.some((f) => f.policyArn === RUNTIME_ARN)).toBe(false);
  });

  it('sends exactly the text it reports, and leaves a given client open', async () => {
    control.on(GetResourcePolicyCommand).rejects(notFound);
    control.on(PutResourcePolicyCommand).resolves({ policy: 'x' });
    const destroy = vi.spyOn(client, 'destroy');
    const result = await grant();
    const sent = control.commandCalls(PutResourcePolicyCommand).map((c) => c.args[0].input);
    expect(sent).toEqual(result.changes.map((c) => ({ resourceArn: c.resourceArn, policy: c.after })));
    expect(destroy).not.toHaveBeenCalled();
  });
});

describe('revokeMemoryAccess', () => {
  it('deletes the memory policy when its last statement goes, and a 404 on delete counts as deleted', async () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowCrossAccountMemoryRead',
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE_ARN },
          Action: ['bedrock-agentcore:ListEvents', 'bedrock-agentcore:GetEvent'],
          Resource: MEMORY_ARN,
        },
      ],
    });
    control.on(GetResourcePolicyCommand).resolves({ policy: text });
    control.on(DeleteResourcePolicyCommand).rejects(notFound);
    const result = await revokeMemoryAccess({
      memoryArn: MEMORY_ARN,
      principals: ['222222222222', CALLER_ROLE_ARN],
      client,
      confirm: true,
    });
    expect(result.changes.map((c) => [c.action, c.status])).toEqual([['delete', 'deleted']]);
    expect(result.losses).toEqual([
      {
        resourceArn: MEMORY_ARN,
        principal: CALLER_ROLE_ARN,
        actions: ['bedrock-agentcore:ListEvents', 'bedrock-agentcore:GetEvent'],
        sid: 'AllowCrossAccountMemoryRead',
      },
    ]);
  });
});

describe('verifyAccess', () => {
  it('refuses targets in several regions before any request', async () => {
    const error = await rejection(
      verifyAccess({
        targets: [{ runtimeArn: RUNTIME_ARN }, { memoryArn: MEMORY_ARN.replace('eu-west-1', 'us-east-1') }],
        client,
      }),
    );
    expect(error).toMatchObject({ name: 'ValidationError', field: 'targets' });
    expect(control.calls()).toHaveLength(0);
  });
});

describe('createCrossAccountMemory', () => {
  const input = {
    region: 'eu-west-1',
    accountId: '111111111111',
    executionRoleName: 'MemoryCrossAccountRole',
    kinesis: { streamArn: 'arn:aws:kinesis:eu-west-1:222222222222:stream/memory-record-stream' },
  };

  it('sends the builder’s CreateMemory input with the client token, and waits with GetMemory', async () => {
    const memory = {
      arn: `${MEMORY_ARN.slice(0, -24)}cross_account_memory-abcdefghij`,
      id: 'cross_account_memory-abcdefghij',
    };
    control.on(CreateMemoryCommand).resolves({ memory: { ...memory, status: 'CREATING' } as never });
    control.on(GetMemoryCommand).resolves({ memory: { ...memory, status: 'ACTIVE' } as never });
    const result = await createCrossAccountMemory({ ...input, client, clientToken: 't'.repeat(40) });
    expect(control.commandCalls(CreateMemoryCommand)[0]?.args[0].input).toEqual({
      ...result.setup.createMemoryInput,
      clientToken: 't'.repeat(40),
    });
    expect(control.commandCalls(GetMemoryCommand)[0]?.args[0].input).toEqual({ memoryId: memory.id });
    expect(result.memory).toEqual({ ...memory, status: 'ACTIVE' });
  });

  it('refuses an answer without the memory’s ARN', async () => {
    control.on(CreateMemoryCommand).resolves({});
    const error = await rejection(createCrossAccountMemory({ ...input, client, waitUntilActive: false }));
    expect(error).toMatchObject({ name: 'ValidationError', field: 'memory' });
  });

  it('refuses a builder input it cannot build, before any request', async () => {
    const error = await rejection(createCrossAccountMemory({ ...input, memoryName: 'has-hyphens', client }));
    expect(error).toMatchObject({ name: 'PolicyBuildError', field: 'memoryName' });
    expect(control.calls()).toHaveLength(0);
  });
});
