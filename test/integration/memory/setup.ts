/**
 * Shared setup of the memory integration tests: seed 001's grant (a memory resource policy put by
 * Account A's admin through the control plane, and the caller's identity policy in Account B),
 * and a CrossAccountAgentClient in Account B pointed at the emulator.
 */
import {
  BedrockAgentCoreControlClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { CrossAccountAgentClient, type CrossAccountAgentClientConfigOptions } from '../../../src/client.js';
import { callerIdentityPolicy } from '../../../src/policy/build/identity.js';
import { memoryAccessPolicy } from '../../../src/policy/build/memory.js';
import type { LocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN } from '../../fixtures/arns.js';

/** Read and write access to `memoryArn` for `callerArn`, on both sides. */
export async function grantMemory(
  emulator: LocalAgentCore,
  callerArn: string,
  memoryArn: string,
): Promise<void> {
  const control = new BedrockAgentCoreControlClient({
    ...emulator.clientConfig(ADMIN_ROLE_ARN),
    maxAttempts: 1,
  });
  try {
    const policy = memoryAccessPolicy({ memoryArn, readers: [callerArn], writers: [callerArn] });
    await control.send(
      new PutResourcePolicyCommand({
        resourceArn: policy.resourceArn,
        policy: JSON.stringify(policy.document),
      }),
    );
  } finally {
    control.destroy();
  }
  emulator.setIdentityPolicy(
    callerArn,
    callerIdentityPolicy({ memoryArns: [memoryArn], memoryAccess: 'read-write' }),
  );
}

/** A client in Account B signing as `callerArn`, talking to the emulator. */
export function clientFor(
  emulator: LocalAgentCore,
  callerArn: string,
  options: Omit<CrossAccountAgentClientConfigOptions, 'access' | 'clientConfig'> = {},
): CrossAccountAgentClient {
  const { endpoint, credentials } = emulator.clientConfig(callerArn);
  return new CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials },
    clientConfig: { endpoint },
    retry: { baseDelayMs: 1 },
    ...options,
  });
}
